"""More slow clients than the server's connection limit cannot lock a fast client out.

The real app and the real server: connections drip a vendor request's headers or body and never
finish, far more of them than ``connection_limit``, with deadlines too far away to help; the
server evicts the oldest to let a fast client in, and no partial request reaches a world.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.server import WsgiServer
from mockpbx.settings import Settings
from tests.reliability.budget import SLOW_CLIENT_LIMIT, SLOW_CLIENTS
from tests.test_server import closed_by_server, drip

# PBXware's headers that never end, and a MiRTA form POST that sends 3 of its 100 bytes.
SLOW_HEAD = b"GET /?apikey=Test123456789&action=pbxware.ext.list&server=2 HTTP/1.1\r\nHost: x\r\n"
SLOW_BODY = (b"POST /pbx/proxyapi.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
             b"Content-Length: 100\r\n\r\nkey")


@contextmanager
def mockpbx_serving() -> Iterator[tuple[WsgiServer, Settings]]:
    settings = Settings(clock=ClockMode.MANUAL)
    server = WsgiServer(create_app(settings), host="127.0.0.1", port=0, threads=2,
                        connection_limit=SLOW_CLIENT_LIMIT, header_timeout=300, body_timeout=300)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, settings
    finally:
        server.shutdown()
        thread.join(10)


def test_a_fast_client_is_served_past_a_crowd_of_slow_ones() -> None:
    with mockpbx_serving() as (server, _):
        base = f"http://127.0.0.1:{server.port}"
        before = requests.get(f"{base}/_mockpbx/worlds/default/journal", timeout=10).json()["entries"]
        slow: list[socket.socket] = []
        try:
            for n in range(SLOW_CLIENTS):
                slow.append(drip(server.port, SLOW_HEAD if n % 2 else SLOW_BODY))
            answer = requests.get(f"{base}/", params={"apikey": "Test123456789", "action": "pbxware.tenant.list"},
                                  timeout=10)
            assert (answer.status_code, answer.json()["2"]["name"]) == (200, "Acme Corp")
            assert closed_by_server(slow[0], within=5)  # the oldest made room
            journal = requests.get(f"{base}/_mockpbx/worlds/default/journal", timeout=10).json()["entries"]
            # Only the fast request reached the world: no partial request was ever dispatched.
            assert [(e["params"]["action"], e["status"]) for e in journal[len(before):]] == [
                ("pbxware.tenant.list", 200)]
        finally:
            for sock in slow:
                sock.close()


def test_slow_bodies_hold_no_thread() -> None:
    # One pool thread, and more slow control-plane bodies than that: each is read on the event
    # loop before any thread is taken, so the control plane (which runs in the pool) still answers.
    settings = Settings(clock=ClockMode.MANUAL)
    server = WsgiServer(create_app(settings), host="127.0.0.1", port=0, threads=1, body_timeout=300)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    slow_restore = (b"POST /_mockpbx/worlds HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 100\r\n\r\n{")
    slow = [drip(server.port, slow_restore) for _ in range(4)]
    try:
        answer = requests.get(f"http://127.0.0.1:{server.port}/_mockpbx/worlds", timeout=10)
        assert (answer.status_code, [w["id"] for w in answer.json()["worlds"]]) == (200, ["default"])
    finally:
        for sock in slow:
            sock.close()
        server.shutdown()
        thread.join(10)


def test_a_sleeping_fault_holds_a_pool_thread_not_the_server() -> None:
    from mockpbx.core.faultspec import FaultSpec

    with mockpbx_serving() as (server, _):
        base = f"http://127.0.0.1:{server.port}"
        registry = server.app.extensions["mockpbx"]  # type: ignore[attr-defined]
        world = registry.get("default")
        world.faults.arm(FaultSpec.model_validate(
            {"name": "latency", "target": {"vendor": "pbxware"}, "trigger": {"kind": "next"},
             "options": {"delay": 3}}).build(world.clock.now()))
        delayed: list[int] = []
        held = threading.Thread(target=lambda: delayed.append(requests.get(
            f"{base}/", params={"apikey": "Test123456789", "action": "pbxware.tenant.list"}, timeout=10).status_code))
        held.start()
        try:
            for _ in range(500):  # until the fault has fired (bounded): the request is asleep
                if world.faults.firings():
                    break
                threading.Event().wait(0.01)
            assert [f.name for f in world.faults.firings()] == ["latency"]
            assert requests.get(f"{base}/_mockpbx/health", timeout=10).status_code == 200
            assert held.is_alive()  # answered while the delayed request still sleeps
        finally:
            held.join(10)
        assert delayed == [200]
