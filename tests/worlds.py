"""The one way the vendor tests get a world: a fresh ``default`` world on a manual clock.

``default`` is the world the vendors' documented keys open (PBXware's ``Test123456789``,
MiRTA's DEMO keys, ePBX's reseller tokens; a key opens exactly one world), and its manual
clock keeps every answer's bytes stable. ``tests/conftest.py`` serves it as the ``pbx``
fixture, always as ``(client, world)``, on the pytest plugin's own session app, so the
suite runs through the fixtures mockpbx ships. A Hypothesis example, which cannot take a
fixture per example, builds its own with ``fresh_default``.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from mockpbx.app import create_app
from mockpbx.core import DEFAULT_WORLD, ClockMode, Registry
from mockpbx.core.world import World

Pbx = tuple[FlaskClient, World]
"""What the ``pbx`` fixture gives a test: its client, then its world."""


def renew_default(registry: Registry) -> World:
    """Replace the registry's ``default`` world with a fresh one on a manual clock, so a test
    on a shared app starts from the scenario's bytes whatever the tests before it did."""
    if any(world.id == DEFAULT_WORLD for world in registry.worlds()):
        registry.delete(DEFAULT_WORLD)
    return registry.create_world("default", world_id=DEFAULT_WORLD, clock_mode=ClockMode.MANUAL)


def fresh_default() -> tuple[FlaskClient, World]:
    """A client on an app of its own holding only a fresh ``default`` world."""
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = renew_default(registry)
    return create_app(registry=registry).test_client(), world
