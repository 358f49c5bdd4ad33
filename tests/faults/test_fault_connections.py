"""reset, truncate and timeout against the real server mockpbx serves with (granian, RSGI)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings
from mockpbx.testing.server import ThreadedServer
from mockpbx.testing.world import PbxWorld


@pytest.fixture
def served() -> Iterator[tuple[ThreadedServer, PbxWorld]]:
    app = create_app(Settings(clock=ClockMode.MANUAL))
    with ThreadedServer(app, threads=2, tick=False) as server:
        yield server, PbxWorld.create(server.registry, seed=3)


def raw_get(server: ThreadedServer, target: str) -> bytes:
    """Everything the server sends before it closes the connection."""
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def arm(world: PbxWorld, name: str, **options: object) -> None:
    from mockpbx.core.faultspec import FaultSpec

    world.world.faults.arm(FaultSpec.model_validate(
        {"name": name, "target": {"vendor": "pbxware"}, "trigger": {"kind": "next"}, "options": options},
    ).build(world.world.clock.now()))


def test_reset_closes_without_a_byte_and_the_next_request_is_answered(
        served: tuple[ThreadedServer, PbxWorld]) -> None:
    server, world = served
    target = f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list"
    arm(world, "reset")
    assert raw_get(server, target) == b""
    again = raw_get(server, target)
    assert again.startswith(b"HTTP/1.1 200 OK\r\n")
    assert [(e.status, e.outcome, e.fault) for e in world.journal()][0] == (200, "fault:reset", "reset")
    server.check()


def test_truncate_sends_part_of_the_body_then_closes(served: tuple[ThreadedServer, PbxWorld]) -> None:
    server, world = served
    target = f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list"
    whole = raw_get(server, target)
    head, _, body = whole.partition(b"\r\n\r\n")
    arm(world, "truncate", keep_bytes=7)
    cut = raw_get(server, target)
    cut_head, _, cut_body = cut.partition(b"\r\n\r\n")
    # The whole answer's length is declared (granian writes header names in lower case) ...
    assert f"\r\ncontent-length: {len(body)}\r\n".encode() in cut_head + b"\r\n"
    assert cut_head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert cut_body == body[:7]  # ... then 7 bytes, and the connection closes (raw_get read to the end)


def test_timeout_holds_then_drops(served: tuple[ThreadedServer, PbxWorld]) -> None:
    server, world = served
    arm(world, "timeout", hold=0.2)
    assert raw_get(server, f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list") == b""


def test_in_process_interception_sees_a_reset_as_requests_does() -> None:
    import requests

    from mockpbx.core.entities import Vendor
    from mockpbx.testing.intercept import MockPbx

    app = create_app(Settings(clock=ClockMode.MANUAL))
    world = PbxWorld.create(app.extensions["mockpbx"], seed=3)
    arm(world, "reset")
    with MockPbx(app, hosts={Vendor.PBXWARE: ("pbxware.example",)}):
        with pytest.raises(requests.ConnectionError, match="without an answer"):
            requests.get(f"https://pbxware.example/?apikey={world.key('pbxware')}&action=pbxware.tenant.list",
                         timeout=5)
        again = requests.get(f"https://pbxware.example/?apikey={world.key('pbxware')}&action=pbxware.tenant.list",
                             timeout=5)
        assert again.status_code == 200
