"""The pytest plugin (entry point ``mockpbx``): fixtures for every way of reaching mockpbx.

Layering, as in pytest-httpserver: session-scoped app and server, function-scoped handles
that give each test a fresh world or check the server for errors after it. Override any
``pbx_*`` configuration fixture in your ``conftest.py``, or set the environment variables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ..app import create_app
from ..core.clock import ClockMode
from ..core.entities import Vendor
from ..settings import Settings
from .intercept import MockPbx
from .server import ThreadedServer, admin_headers
from .world import PbxWorld


@pytest.fixture(scope="session")
def pbx_scenario() -> str:
    """The scenario of each ``pbx_world``: ``MOCKPBX_TEST_SCENARIO``, else ``default``."""
    return os.environ.get("MOCKPBX_TEST_SCENARIO", "default")


@pytest.fixture(scope="session")
def pbx_seed() -> int:
    """The seed of each ``pbx_world``: ``MOCKPBX_TEST_SEED``, else 1."""
    return int(os.environ.get("MOCKPBX_TEST_SEED", "1"))


@pytest.fixture(scope="session")
def pbx_clock() -> ClockMode:
    """Clock mode of the app's worlds: ``MOCKPBX_TEST_CLOCK``, else ``manual`` (tests move time)."""
    return ClockMode(os.environ.get("MOCKPBX_TEST_CLOCK", "manual"))


@pytest.fixture(scope="session")
def pbx_admin_token() -> str | None:
    """The session app's admin token: ``MOCKPBX_TEST_ADMIN_TOKEN``, else ``MOCKPBX_ADMIN_TOKEN``, else none."""
    return os.environ.get("MOCKPBX_TEST_ADMIN_TOKEN") or os.environ.get("MOCKPBX_ADMIN_TOKEN") or None


@pytest.fixture(scope="session")
def pbx_admin_headers(pbx_admin_token: str | None) -> dict[str, str]:
    """Headers that open the control plane: ``requests.get(url, headers=pbx_admin_headers)``."""
    return admin_headers(pbx_admin_token)


@pytest.fixture(scope="session")
def pbx_settings(pbx_clock: ClockMode, pbx_admin_token: str | None) -> Settings:
    """Settings of the session app; its ``default`` world has the documented demo keys."""
    return Settings(clock=pbx_clock, admin_token=pbx_admin_token)


@pytest.fixture(scope="session")
def pbx_app(pbx_settings: Settings) -> Flask:
    """The session's app: every other fixture serves this app, so they all share state."""
    return create_app(pbx_settings)


@pytest.fixture
def pbx_world(pbx_app: Flask, pbx_scenario: str, pbx_seed: int, pbx_clock: ClockMode) -> Iterator[PbxWorld]:
    """A fresh world for this test, deleted afterwards; its keys work in every mode.

    Yields:
        A :class:`~mockpbx.testing.PbxWorld`: ``pbx_world.key("pbxcloud", "admin")``,
        ``pbx_world.advance(60)``, ``pbx_world.assert_requested(...)``, ``pbx_world.world``.
    """
    made = PbxWorld.create(pbx_app.extensions["mockpbx"], pbx_scenario, seed=pbx_seed, clock=pbx_clock)
    yield made
    made.registry.delete(made.id)


@pytest.fixture
def pbx_client(pbx_app: Flask) -> FlaskClient:
    """Flask's test client on the session app: no socket, full HTTP semantics; it sends the
    app's admin token, if it has one, on every request."""
    client = pbx_app.test_client()
    client.environ_base.update({f"HTTP_{k.upper()}": v for k, v in admin_headers(_token_of(pbx_app)).items()})
    return client


def _token_of(app: Flask) -> str | None:
    settings = app.extensions.get("mockpbx.settings")
    return settings.admin_token if isinstance(settings, Settings) else None


@pytest.fixture(scope="session")
def pbx_listen_address() -> tuple[str, int]:
    """Where ``pbx_server`` binds: ``MOCKPBX_TEST_HOST``/``MOCKPBX_TEST_PORT``, else 127.0.0.1:0."""
    return os.environ.get("MOCKPBX_TEST_HOST", "127.0.0.1"), int(os.environ.get("MOCKPBX_TEST_PORT", "0"))


@pytest.fixture(scope="session")
def make_pbx_server(pbx_app: Flask, pbx_listen_address: tuple[str, int]) -> Iterator[ThreadedServer]:
    """The session's threaded server over ``pbx_app``; started once, stopped at the end."""
    host, port = pbx_listen_address
    with ThreadedServer(pbx_app, host=host, port=port) as server:
        yield server


@pytest.fixture
def pbx_server(make_pbx_server: ThreadedServer) -> Iterator[ThreadedServer]:
    """The session server (``pbx_server.url``); an error inside it during the test fails the test."""
    make_pbx_server.clear_errors()  # earlier tests' errors were theirs to report
    yield make_pbx_server
    make_pbx_server.check()


@pytest.fixture(scope="session")
def pbx_mock_hosts() -> dict[Vendor, tuple[str, ...]]:
    """Extra hosts to intercept; PBXware's is ``MOCKPBX_TEST_PBXWARE_HOST``, else ``pbxware.example``."""
    return {Vendor.PBXWARE: (os.environ.get("MOCKPBX_TEST_PBXWARE_HOST", "pbxware.example"),)}


@pytest.fixture
def pbx_mock(pbx_app: Flask, pbx_mock_hosts: dict[Vendor, tuple[str, ...]]) -> Iterator[MockPbx]:
    """Requests (the library) to the vendors' real hosts are answered by ``pbx_app`` in process."""
    with MockPbx(pbx_app, hosts=pbx_mock_hosts) as mock:
        yield mock
