from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings
from mockpbx.testing.world import PbxWorld


@pytest.fixture
def app() -> Flask:
    return create_app(Settings(clock=ClockMode.MANUAL))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def world(app: Flask) -> Iterator[PbxWorld]:
    made = PbxWorld.create(app.extensions["mockpbx"], seed=7)
    yield made


@pytest.fixture
def other(app: Flask) -> Iterator[PbxWorld]:
    made = PbxWorld.create(app.extensions["mockpbx"], seed=7)
    yield made
