from __future__ import annotations

import os

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.world import World
from mockpbx.settings import Settings
from mockpbx.testing.world import PbxWorld
from tests.worlds import fresh_default

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
def pbx() -> tuple[FlaskClient, World]:
    """A test client and its own fresh ``default`` world on a manual clock (tests/worlds.py).

    A module needing more set-up overrides it with its own ``pbx`` built on ``fresh_default``.
    """
    return fresh_default()


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
