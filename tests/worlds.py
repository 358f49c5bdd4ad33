"""The one way the vendor tests get a world: a test client on its own ``default`` world.

``default`` is the world the vendors' documented keys open (PBXware's ``Test123456789``,
MiRTA's DEMO keys, ePBX's reseller tokens; a key opens exactly one world), and its manual
clock keeps every answer's bytes stable. ``tests/conftest.py`` serves it as the ``pbx``
fixture, always as ``(client, world)``.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from mockpbx.app import create_app
from mockpbx.core import ClockMode, Registry
from mockpbx.core.world import World


def fresh_default() -> tuple[FlaskClient, World]:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world("default", world_id="default")
    return create_app(registry=registry).test_client(), world
