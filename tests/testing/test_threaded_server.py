"""ThreadedServer: real HTTP on 127.0.0.1 with port 0, same state as the app, errors surfaced."""

from __future__ import annotations

import logging
import time

import pytest
import requests
from flask import Flask

from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import Registry
from mockpbx.testing import ServerAlreadyRunning, ServerError, ServerNotRunning, ThreadedServer
from mockpbx.ticker import Ticker


def test_serves_the_app_on_a_free_port(app: Flask) -> None:
    with ThreadedServer(app) as server:
        assert server.url == f"http://127.0.0.1:{server.port}" and server.port != 0
        assert requests.get(f"{server.url}/_mockpbx/health", timeout=5).json()["worlds"] == 1
        answer = requests.get(f"{server.url}//?apikey=wrong&action=pbxware.tenant.list", timeout=5)
        assert (answer.status_code, answer.text) == (200, '{"error":"Invalid API key."}')
    assert not server.is_running()


def test_shares_state_with_the_app(app: Flask) -> None:
    with ThreadedServer(app) as server:
        created = requests.post(f"{server.url}/_mockpbx/worlds", json={"id": "shared"}, timeout=5)
        assert created.status_code == 201
        assert app.extensions["mockpbx"].get("shared").id == "shared"
        assert server.registry is app.extensions["mockpbx"]


def test_start_twice_is_misuse_and_stop_is_idempotent(app: Flask) -> None:
    server = ThreadedServer(app)
    with pytest.raises(ServerNotRunning):
        _ = server.url
    server.start()
    try:
        with pytest.raises(ServerAlreadyRunning):
            server.start()
    finally:
        server.stop()
    server.stop()
    server.start()  # a stopped server may start again
    server.stop()


def test_check_reraises_an_error_from_the_server_thread(app: Flask) -> None:
    @app.get("/_mockpbx/test-boom")
    def boom() -> str:
        raise RuntimeError("boom in a handler")

    logging.getLogger("mockpbx").propagate = False  # keep the expected traceback out of the test log
    try:
        with ThreadedServer(app) as server:
            answer = requests.get(f"{server.url}/_mockpbx/test-boom", timeout=5)
            assert answer.status_code == 500
            assert answer.json() == {"error": "internal error in mockpbx; see the server log"}
            with pytest.raises(ServerError, match="boom in a handler") as raised:
                server.check()
            assert isinstance(raised.value.__cause__, RuntimeError)
            server.check()  # reported once
    finally:
        logging.getLogger("mockpbx").propagate = True


class CountingRegistry(Registry):
    def __init__(self) -> None:
        super().__init__()
        self.ticks = 0

    def tick_all(self) -> None:
        self.ticks += 1
        if self.ticks == 2:
            raise RuntimeError("one bad tick must not stop the ticker")
        super().tick_all()


def test_ticker_ticks_every_interval_until_stopped() -> None:
    registry = CountingRegistry()
    logging.getLogger("mockpbx").propagate = False
    try:
        ticker = Ticker(registry, interval=0.01).start()
        deadline = time.monotonic() + 5
        while registry.ticks < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        ticker.stop()
    finally:
        logging.getLogger("mockpbx").propagate = True
    assert registry.ticks >= 5
    stopped_at = registry.ticks
    time.sleep(0.05)
    assert registry.ticks == stopped_at


def test_ticker_fires_due_events_without_any_request() -> None:
    registry = Registry(clock_mode=ClockMode.REALTIME, clock_scale=1000)
    world = registry.create_world("default", world_id="default")
    demo = world.tenancy.tenant_by_code("DEMO")
    world.telephony.originate_call(demo.id, "102", "5550005")  # about 70 virtual seconds: 0.07 s real at x1000
    ticker = Ticker(registry, interval=0.02).start()
    try:
        time.sleep(0.5)
        # The journal-free path: the CDR must exist before any verb runs _catch_up for us.
        cdrs = world._state.cdrs  # noqa: SLF001 - peeking is the point: verbs would catch up themselves
        assert any(c.dst == "5550005" for c in cdrs)
    finally:
        ticker.stop()


def test_clear_errors_forgets_what_happened_before(app: Flask) -> None:
    @app.get("/_mockpbx/test-boom")
    def boom() -> str:
        raise RuntimeError("an earlier test's failure")

    logging.getLogger("mockpbx").propagate = False
    try:
        with ThreadedServer(app) as server:
            requests.get(f"{server.url}/_mockpbx/test-boom", timeout=5)
            server.clear_errors()
            server.check()
    finally:
        logging.getLogger("mockpbx").propagate = True
