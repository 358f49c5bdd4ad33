"""The pytest plugin (entry point ``mockpbx``): fixtures for every way of reaching mockpbx.

Layering, as in pytest-httpserver: session-scoped app and server, function-scoped handles
that give each test a fresh world or check the server for errors after it. Override any
``pbx_*`` configuration fixture in your ``conftest.py``, or set the environment variables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

# pytest loads this module in every run of every environment mockpbx is installed in, also
# where the test extras are not: what a fixture needs is imported when the fixture runs, so a
# missing optional package fails only the tests that use it, never the whole run.
if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient

    from ..core.clock import ClockMode
    from ..core.entities import Vendor
    from ..settings import Settings
    from .intercept import MockPbx
    from .server import ThreadedServer
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
    from ..core.clock import ClockMode

    return ClockMode(os.environ.get("MOCKPBX_TEST_CLOCK", "manual"))


@pytest.fixture(scope="session")
def pbx_admin_token() -> str | None:
    """The session app's admin token: ``MOCKPBX_TEST_ADMIN_TOKEN``, else ``MOCKPBX_ADMIN_TOKEN``, else none."""
    return os.environ.get("MOCKPBX_TEST_ADMIN_TOKEN") or os.environ.get("MOCKPBX_ADMIN_TOKEN") or None


@pytest.fixture(scope="session")
def pbx_admin_headers(pbx_admin_token: str | None) -> dict[str, str]:
    """Headers that open the control plane: ``requests.get(url, headers=pbx_admin_headers)``."""
    from .server import admin_headers

    return admin_headers(pbx_admin_token)


@pytest.fixture(scope="session")
def pbx_settings(pbx_clock: ClockMode, pbx_admin_token: str | None) -> Settings:
    """Settings of the session app; its ``default`` world has the documented demo keys."""
    from ..settings import Settings

    return Settings(clock=pbx_clock, admin_token=pbx_admin_token)


@pytest.fixture(scope="session")
def pbx_app(pbx_settings: Settings) -> Flask:
    """The session's app: every other fixture serves this app, so they all share state."""
    from ..app import create_app

    return create_app(pbx_settings)


STRICT_INI = "mockpbx_strict"
STRICT_MARKER = "mockpbx_strict"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(STRICT_INI, "fail a test whose pbx_world saw a non-conformant request (docs/conformance.md)",
                  type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{STRICT_MARKER}(on=True): fail the test at teardown if its pbx_world "
                                       "saw a non-conformant or unmatched request")


def _strict(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker(STRICT_MARKER)
    if marker is not None:
        return bool(marker.args[0]) if marker.args else True
    return bool(request.config.getini(STRICT_INI))


@pytest.fixture
def pbx_world(pbx_app: Flask, pbx_scenario: str, pbx_seed: int, pbx_clock: ClockMode,
              request: pytest.FixtureRequest) -> Iterator[PbxWorld]:
    """A fresh world for this test, deleted afterwards; its keys work in every mode.

    With the ``mockpbx_strict`` ini setting or marker, the test fails at teardown when the
    world's journal holds a non-conformant request, or when a request no world accepted
    arrived during the test; the message lists each finding with its request and near miss.

    Yields:
        A :class:`~mockpbx.testing.PbxWorld`: ``pbx_world.key("pbxcloud", "admin")``,
        ``pbx_world.advance(60)``, ``pbx_world.assert_requested(...)``, ``pbx_world.fault(...)``,
        ``pbx_world.world``.
    """
    from .world import PbxWorld

    registry = pbx_app.extensions["mockpbx"]
    made = PbxWorld.create(registry, pbx_scenario, seed=pbx_seed, clock=pbx_clock)
    unmatched_before = registry.last_unmatched()
    yield made
    try:
        problems = made.conformance_problems(unmatched_after=unmatched_before) if _strict(request) else []
    finally:
        made.registry.delete(made.id)
    if problems:
        pytest.fail("mockpbx strict: non-conformant requests\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def pbx_client(pbx_app: Flask) -> FlaskClient:
    """Flask's test client on the session app: no socket, full HTTP semantics; it sends the
    app's admin token, if it has one, on every request."""
    from .server import admin_headers

    client = pbx_app.test_client()
    client.environ_base.update({f"HTTP_{k.upper()}": v for k, v in admin_headers(_token_of(pbx_app)).items()})
    return client


def _token_of(app: Flask) -> str | None:
    from ..settings import Settings

    settings = app.extensions.get("mockpbx.settings")
    return settings.admin_token if isinstance(settings, Settings) else None


@pytest.fixture(scope="session")
def pbx_listen_address() -> tuple[str, int]:
    """Where ``pbx_server`` binds: ``MOCKPBX_TEST_HOST``/``MOCKPBX_TEST_PORT``, else 127.0.0.1:0."""
    return os.environ.get("MOCKPBX_TEST_HOST", "127.0.0.1"), int(os.environ.get("MOCKPBX_TEST_PORT", "0"))


@pytest.fixture(scope="session")
def make_pbx_server(pbx_app: Flask, pbx_listen_address: tuple[str, int]) -> Iterator[ThreadedServer]:
    """The session's threaded server over ``pbx_app``; started once, stopped at the end."""
    from .server import ThreadedServer

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
    from ..core.entities import Vendor

    return {Vendor.PBXWARE: (os.environ.get("MOCKPBX_TEST_PBXWARE_HOST", "pbxware.example"),)}


@pytest.fixture
def pbx_mock(pbx_app: Flask, pbx_mock_hosts: dict[Vendor, tuple[str, ...]]) -> Iterator[MockPbx]:
    """Requests (the library) to the vendors' real hosts are answered by ``pbx_app`` in process."""
    try:
        from .intercept import MockPbx
    except ModuleNotFoundError as error:  # ``responses`` comes with mockpbx[test] only
        missing = error.name
    else:
        missing = None
    if missing is not None:
        pytest.fail(f"pbx_mock needs the {missing!r} package: pip install 'mockpbx[test]'", pytrace=False)
    with MockPbx(pbx_app, hosts=pbx_mock_hosts) as mock:
        yield mock
