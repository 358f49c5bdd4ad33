from __future__ import annotations

import os

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings
from mockpbx.testing.world import PbxWorld
from tests.vendors.epbx.epbx_harness import Harness
from tests.worlds import Pbx, renew_default

# "ci" is the default so a bare `pytest` is reproducible; set HYPOTHESIS_PROFILE=dev to dig deeper.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def pbx(pbx_app: Flask, pbx_client: FlaskClient) -> Pbx:
    """The plugin's ``pbx_client`` and its session app's ``default`` world, built afresh for this
    test on a manual clock (tests/worlds.py): the documented keys open it.

    The vendor suites reach mockpbx through this, so a broken plugin fails them. A module
    needing more set-up overrides it with its own ``pbx(pbx)``, which pytest hands this one.
    The world is left in place afterwards: the next test's ``pbx`` replaces it.
    """
    return pbx_client, renew_default(pbx_app.extensions["mockpbx"])


@pytest.fixture
def h(pbx_app: Flask, pbx: Pbx) -> Harness:
    """ePBX's golden exchanges (tests/vendors/epbx/epbx_harness.py) on the ``pbx`` fixture's app,
    client and fresh ``default`` world; named ``h`` because every exchange line starts with it."""
    client, world = pbx
    return Harness(pbx_app, client, world)


@pytest.fixture
def app() -> Flask:
    """A fresh app on a manual clock, holding only the ``default`` world; a module that needs
    other settings defines its own ``app``."""
    return create_app(Settings(clock=ClockMode.MANUAL))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client on ``app``."""
    return app.test_client()


@pytest.fixture
def world(app: Flask) -> PbxWorld:
    """A world of its own on ``app`` (``default`` scenario, seed 7), with fresh keys."""
    return PbxWorld.create(app.extensions["mockpbx"], seed=7)


@pytest.fixture
def other(app: Flask) -> PbxWorld:
    """A second world beside ``world``, made the same way: what one world does must not reach it."""
    return PbxWorld.create(app.extensions["mockpbx"], seed=7)
