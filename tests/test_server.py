"""Tests for mockpbx.server: real sockets on 127.0.0.1 only, every wait bounded."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask, request

from mockpbx.server import WsgiServer

ROOT = Path(__file__).resolve().parent.parent


def make_app() -> Flask:
    app = Flask("server-test")

    @app.get("/ping")
    def ping() -> tuple[str, int, dict[str, str]]:
        return '{"pong":true}', 200, {"Content-Type": "application/json"}

    @app.get("/slow")
    def slow() -> str:
        time.sleep(0.5)
        return "done"

    @app.post("/count")
    def count() -> str:
        app.config["posts"] = app.config.get("posts", 0) + 1
        return str(len(request.get_data()))

    @app.post("/store")
    def store() -> str:
        data = request.get_data()  # a refused body raises here, before anything is stored
        app.config.setdefault("stored", []).append(len(data))
        return str(len(data))

    @app.get("/teapot")
    def teapot() -> tuple[str, int]:
        return "short and stout", 418

    return app


def get(port: int, path: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        c.request("GET", path)
        resp = c.getresponse()
        return resp.status, resp.read()
    finally:
        if conn is None:
            c.close()


@pytest.fixture
def running() -> Iterator[tuple[WsgiServer, threading.Thread]]:
    server = WsgiServer(make_app(), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, thread
    server.shutdown()
    thread.join(10)


def test_serves_real_requests_and_stops(running: tuple[WsgiServer, threading.Thread]) -> None:
    server, thread = running
    assert server.port > 0
    assert get(server.port, "/ping") == (200, b'{"pong":true}')
    assert get(server.port, "/teapot") == (418, b"short and stout")
    assert get(server.port, "/nope")[0] == 404

    keepalive = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    for _ in range(3):  # several requests on one persistent connection
        assert get(server.port, "/ping", keepalive) == (200, b'{"pong":true}')

    t0 = time.monotonic()
    server.shutdown()
    server.shutdown()  # idempotent
    thread.join(5)
    assert not thread.is_alive()
    assert time.monotonic() - t0 < 3
    keepalive.close()
    with pytest.raises(OSError):
        get(server.port, "/ping")


def test_shutdown_lets_in_flight_request_finish(running: tuple[WsgiServer, threading.Thread]) -> None:
    server, thread = running
    result: list[tuple[int, bytes]] = []
    client = threading.Thread(target=lambda: result.append(get(server.port, "/slow")))
    client.start()
    time.sleep(0.2)  # the request is now inside the view
    server.shutdown()
    client.join(5)
    thread.join(5)
    assert result == [(200, b"done")]
    assert not thread.is_alive()


def test_shutdown_from_another_thread_before_serving() -> None:
    server = WsgiServer(make_app(), host="127.0.0.1", port=0)
    port = server.port
    server.shutdown()
    with pytest.raises(OSError):
        get(port, "/ping")
    with pytest.raises(RuntimeError):
        server.serve_forever()


@contextmanager
def serving(**options: float) -> Iterator[WsgiServer]:
    server = WsgiServer(make_app(), host="127.0.0.1", port=0, threads=2, **options)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(10)


def drip(port: int, head: bytes) -> socket.socket:
    """A client that sent ``head`` and then nothing more (a slow client between two bytes)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(head)
    return sock


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """True once the server closed ``sock`` without answering; False if it is still open at ``within``."""
    sock.settimeout(within)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


SLOW_HEAD = b"GET /ping HTTP/1.1\r\nHost: x\r\n"  # headers never end
SLOW_BODY = b"POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"  # 3 of 100 bytes


def test_more_slow_clients_than_the_limit_still_leave_room_for_a_fast_one() -> None:
    # Deadlines far away: only eviction at the limit can let the fast client in.
    with serving(connection_limit=4, header_timeout=60, body_timeout=60) as server:
        slow = [drip(server.port, SLOW_HEAD if i % 2 else SLOW_BODY) for i in range(12)]
        try:
            assert get(server.port, "/ping") == (200, b'{"pong":true}')
            assert closed_by_server(slow[0], within=5)  # the oldest were closed to make room
            assert closed_by_server(slow[1], within=5)
            assert server.app.config.get("posts") is None  # no partial body reached the app
            assert get(server.port, "/ping") == (200, b'{"pong":true}')
        finally:
            for sock in slow:
                sock.close()


@pytest.mark.parametrize("head", [SLOW_HEAD, SLOW_BODY], ids=["headers", "body"])
def test_a_request_that_does_not_arrive_in_time_is_cut_off(head: bytes) -> None:
    with serving(header_timeout=0.5, body_timeout=0.5) as server:
        sock = drip(server.port, head)
        try:
            deadline = time.monotonic() + 10
            cut = False
            while not cut and time.monotonic() < deadline:
                sock.sendall(b"a")  # a byte now and then: only the request deadline may cut it
                cut = closed_by_server(sock, within=0.2)
            assert cut
            assert server.app.config.get("posts") is None
            assert get(server.port, "/ping") == (200, b'{"pong":true}')
        finally:
            sock.close()


def test_a_prompt_request_is_not_cut_off() -> None:
    # Deadlines a loaded machine cannot miss by accident; the request itself takes milliseconds.
    with serving(header_timeout=5, body_timeout=5) as server:
        sock = drip(server.port, SLOW_BODY)
        try:
            sock.sendall(b"b" * 97)
            sock.settimeout(5)
            answer = b""
            while not answer.endswith(b"\r\n\r\n100") and (chunk := sock.recv(1024)):  # headers, body may split
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
            assert answer.endswith(b"\r\n\r\n100")
            assert server.app.config["posts"] == 1
        finally:
            sock.close()


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError):
        WsgiServer(make_app(), host="127.0.0.1", port=0, connection_limit=0)
    with pytest.raises(ValueError):
        WsgiServer(make_app(), host="127.0.0.1", port=0, header_timeout=0)


SCRIPT = textwrap.dedent(
    """
    import logging, sys
    from flask import Flask, request
    from mockpbx.server import serve

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s %(message)s")
    hits = []
    app = Flask("sub")

    @app.get("/hit")
    def hit():
        hits.append(1)
        return {"hits": len(hits)}

    def save():
        with open(sys.argv[1], "a") as fh:
            fh.write(f"saved hits={len(hits)}\\n")

    serve(app, host="127.0.0.1", port=0, threads=4, on_shutdown=save)
    print("serve returned", flush=True)
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_saves_state_on_signal_and_exits_0(tmp_path: Path, sig: signal.Signals) -> None:
    script = tmp_path / "srv.py"
    script.write_text(SCRIPT)
    marker = tmp_path / "state.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, str(script), str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        port = None
        deadline = time.monotonic() + 20
        assert proc.stderr is not None
        while port is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if m:
                port = int(m.group(1))
        assert port, "server did not report its port"
        assert get(port, "/hit") == (200, b'{"hits":1}\n')
        assert get(port, "/hit") == (200, b'{"hits":2}\n')

        proc.send_signal(sig)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert marker.read_text() == "saved hits=2\n"  # on_shutdown ran exactly once
    assert out == "serve returned\n"
    assert f"{signal.Signals(sig).name} received: shutting down" in err


# -- the RSGI bridge: bodies, headers, where requests run -------------------------------------------------


def raw(port: int, data: bytes, *, within: float = 5) -> bytes:
    """Send ``data`` on a fresh connection; everything the server sends until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=within) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
        return b"".join(chunks)


def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read() -> None:
    with serving(body_limit=10) as server:
        # Headers only: the 100 bytes never come, so an answer proves nothing waited for them.
        answer = raw(server.port,
                     b"POST /store HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nConnection: close\r\n\r\n")
        # granian writes the standard reason phrase, not the app's (werkzeug's "REQUEST ENTITY TOO LARGE").
        assert answer.startswith(b"HTTP/1.1 413 Payload Too Large\r\n")
        assert server.app.config.get("stored") is None


def test_a_chunked_body_is_counted_while_it_arrives() -> None:
    within = b"POST /store HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" \
             b"4\r\nabcd\r\n6\r\nefghij\r\n0\r\n\r\n"
    over = b"POST /store HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" \
           b"6\r\nabcdef\r\n6\r\nghijkl\r\n"  # 12 bytes so far, and the body never ends
    with serving(body_limit=10) as server:
        assert raw(server.port, within).endswith(b"\r\n\r\n10")  # the app saw a sized body of 10 bytes
        assert server.app.config["stored"] == [10]
        assert raw(server.port, over).startswith(b"HTTP/1.1 413 Payload Too Large\r\n")
        assert server.app.config["stored"] == [10]


def test_the_apps_server_header_wins_and_mockpbx_is_the_default() -> None:
    app = make_app()

    @app.get("/nginx")
    def nginx() -> tuple[str, int, dict[str, str]]:
        return "x", 200, {"Server": "nginx"}

    server = WsgiServer(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/nginx")
        answer = conn.getresponse()
        assert (answer.read(), answer.getheader("Server")) == (b"x", "nginx")
        conn.request("GET", "/ping")
        answer = conn.getresponse()
        assert (answer.read(), answer.getheader("Server")) == (b'{"pong":true}', "mockpbx")
        conn.close()
    finally:
        server.shutdown()
        thread.join(10)


def test_head_declares_the_length_sends_no_body_and_keeps_the_connection() -> None:
    with serving() as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("HEAD", "/ping")
        answer = conn.getresponse()
        assert (answer.status, answer.getheader("Content-Length"), answer.read()) == (200, "13", b"")
        assert get(server.port, "/ping", conn) == (200, b'{"pong":true}')
        conn.close()


def test_offloaded_requests_run_in_the_pool_and_the_rest_inline() -> None:
    app = Flask("where")
    release = threading.Event()

    @app.get("/_mockpbx/hold")
    def hold() -> str:
        release.wait(10)
        return "released"

    @app.get("/<path:anything>")
    def where(anything: str) -> str:
        return threading.current_thread().name.split("_")[0]

    server = WsgiServer(app, host="127.0.0.1", port=0, threads=2, offload=lambda path: path.startswith("/_mockpbx"))
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="the-loop")
    thread.start()
    held: list[tuple[int, bytes]] = []
    holder = threading.Thread(target=lambda: held.append(get(server.port, "/_mockpbx/hold")))
    try:
        assert get(server.port, "/vendor") == (200, b"the-loop")
        assert get(server.port, "/_mockpbx/health") == (200, b"mockpbx-request")
        holder.start()
        for _ in range(500):  # bounded: until the held request is in the app
            if server._bridge._pooled:
                break
            time.sleep(0.01)
        # While a pooled request is in the app (it may hold a lock), nothing runs on the loop.
        assert get(server.port, "/vendor") == (200, b"mockpbx-request")
        release.set()
        holder.join(10)
        assert held == [(200, b"released")]
        assert get(server.port, "/vendor") == (200, b"the-loop")
    finally:
        release.set()
        server.shutdown()
        thread.join(10)


def test_mockpbx_offloads_the_control_plane_and_everything_while_a_fault_is_armed() -> None:
    from mockpbx.app import create_app
    from mockpbx.bridge import mockpbx_offload
    from mockpbx.core.faultspec import FaultSpec

    app = create_app()
    offload = mockpbx_offload(app)
    assert (offload("/_mockpbx/worlds"), offload("/_mockpbx/health"), offload("/"), offload("/api/v2/customers")) \
        == (True, False, False, False)
    world = app.extensions["mockpbx"].get("default")
    world.faults.arm(FaultSpec.model_validate(
        {"name": "latency", "target": {"vendor": "pbxware"}, "trigger": {"kind": "next"}, "options": {"delay": 1}},
    ).build(world.clock.now()))
    assert (offload("/"), offload("/api/v2/customers")) == (True, True)
    assert mockpbx_offload(make_app())("/_mockpbx/health") is False  # another app: nothing offloaded


def test_a_process_that_exits_while_serving_exits_cleanly(tmp_path: Path) -> None:
    # A server left running in a daemon thread is stopped at exit, so the process exits 0
    # (granian's threads would otherwise abort it during interpreter shutdown).
    script = tmp_path / "leave.py"
    script.write_text(textwrap.dedent(
        """
        import http.client, threading
        from flask import Flask
        from mockpbx.server import WsgiServer

        app = Flask("left")
        app.get("/")(lambda: "ok")
        server = WsgiServer(app, host="127.0.0.1", port=0, threads=2)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/")
        print(conn.getresponse().read().decode(), flush=True)
        """))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=30)
    assert (done.returncode, done.stdout) == (0, "ok\n"), done.stderr

