"""A WSGI app behind granian's RSGI interface: the body read on the event loop, the app run
inline or in a bounded thread pool, the answer written back.

Why inline: a thread hop per request costs most of what granian gains over waitress (see
``bench/RESULTS.md``, "Server: granian RSGI, embedded").  A plain vendor or health request
never waits on anything but the world's short lock, so it runs on the loop.  Whatever may
block -- the control plane but its health check (event streams, snapshots, clock advances) and
every vendor request while any fault is armed (``latency`` and ``timeout`` sleep) -- runs in
the pool, and so does every request while a pooled one is in the app (it may hold a world's
lock).  Apps other than mockpbx's run inline unless an ``offload`` rule says otherwise.

The body is read before the app is called, never more than ``body_limit`` bytes of it, and
within ``body_timeout`` of the headers; a slow body costs a socket, not a thread.
"""

from __future__ import annotations

import asyncio
import io
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import RequestEntityTooLarge

from .core.faults import ConnectionAbort
from .sockets import Address, drop_peer, parse_address

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

CONTROL_PREFIX = "/_mockpbx"
HEALTH = CONTROL_PREFIX + "/health"
DEFAULT_SERVER = "mockpbx"
"""The ``Server`` header when the app sets none (an app's own value always wins)."""

SEND_TIMEOUT = 30.0
"""Seconds a streamed chunk may wait to be sent (a client that stopped reading ends its stream)."""

Offload = Callable[[str], bool]


def mockpbx_offload(app: object) -> Offload:
    """mockpbx's rule: the control plane (its health check excepted: it reads no world), and every
    request while a fault is armed anywhere."""
    extensions = getattr(app, "extensions", None)
    registry = extensions.get("mockpbx") if isinstance(extensions, dict) else None
    armed = getattr(registry, "armed_faults", None)
    if armed is None:
        return lambda path: False

    def offload(path: str) -> bool:
        return bool(armed.count) or (path.startswith(CONTROL_PREFIX) and path != HEALTH)

    return offload


class _RefusedInput(io.RawIOBase):
    """The part of an oversized body that was read; reading past it is refused with a 413.

    The app's own size checks see the declared length (or the first ``limit + 1`` bytes of a
    chunked body) and answer their usual 413 before they read; a route without one gets
    werkzeug's ``RequestEntityTooLarge`` from the read.
    """

    def __init__(self, head: bytes) -> None:
        self._head = io.BytesIO(head)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._head.readinto(buffer)
        if n == 0 and len(buffer):
            raise RequestEntityTooLarge()
        return n


@dataclass
class Answer:
    """What the app said: a whole body, a cut one (``declared`` > its length), or a stream."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""
    declared: int | None = None
    stream: Iterator[bytes] | None = None
    close: Callable[[], None] | None = None
    aborted: bool = False
    head: bool = False


_ABORTED = Answer(0, [], aborted=True)


def environ_of(scope: Any, server: Address) -> dict[str, Any]:
    """The WSGI environ of an RSGI scope (no body yet: ``wsgi.input`` is set by the reader)."""
    client_host, client_port = parse_address(scope.client) if scope.client else ("", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": scope.path,
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": server[0],
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "REMOTE_ADDR": client_host,
        "REMOTE_PORT": str(client_port),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.scheme,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.input_terminated": True,  # the body is read whole before the app runs (as waitress did)
    }
    for name, value in scope.headers.items():
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        previous = environ.get(key)
        environ[key] = value if previous is None else f"{previous},{value}"
    return environ


def call(app: WSGIApplication, environ: dict[str, Any], *, streaming: bool) -> Answer:
    """Run the app.  With ``streaming``, a body without a ``Content-Length`` is left to iterate."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], Any]:
        started[:] = [status, headers]
        return _no_write

    result: Iterable[bytes] = app(environ, start_response)
    close = getattr(result, "close", None)
    try:
        chunks = iter(result)
        first = b"" if started else next(chunks, b"")  # an app may start its answer lazily
        status, headers = int(started[0][:3]), list(started[1])
        declared = _declared_length(headers)
        if streaming and declared is None and environ["REQUEST_METHOD"] != "HEAD" \
                and status not in (204, 304) and status >= 200:
            answer = Answer(status, headers, stream=_prefixed(first, chunks), close=close)
            close = None
            return answer
        body = first + b"".join(chunks)
    except ConnectionAbort:
        return _ABORTED
    finally:
        if close is not None:
            close()
    return Answer(status, headers, body=body, declared=declared, head=environ["REQUEST_METHOD"] == "HEAD")


def _no_write(data: bytes) -> None:
    raise RuntimeError("the write() callable of start_response is not supported")


def _prefixed(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _declared_length(headers: list[tuple[str, str]]) -> int | None:
    for name, value in headers:
        if name.lower() == "content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def with_server_header(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if not any(name.lower() == "server" for name, _ in headers):
        headers.append(("Server", DEFAULT_SERVER))
    return headers


class Bridge:
    """The RSGI application granian calls; one per server."""

    def __init__(self, app: WSGIApplication, *, pool: ThreadPoolExecutor, offload: Offload, body_limit: int,
                 body_timeout: float, local: Callable[[], Address], busy: set[Address]) -> None:
        self._app = app
        self._pool = pool
        self._offload = offload
        self._body_limit = body_limit
        self._body_timeout = body_timeout
        self._local = local
        self._busy = busy  # peers with a request in service: never evicted (see server._Guard)
        self._streams = 0
        self._pooled = 0  # pooled requests in the app now, streams excepted
        self._streams_lock = threading.Lock()

    @property
    def streams(self) -> int:
        """Answers being streamed now (event streams): the server lets them end before it stops."""
        return self._streams

    async def __rsgi__(self, scope: Any, proto: Any) -> None:
        if scope.proto != "http":  # websockets are refused: no mockpbx route speaks them
            proto.close(403)
            return
        local = self._local()
        environ = environ_of(scope, local)
        peer = parse_address(scope.client) if scope.client else None
        if environ.get("CONTENT_LENGTH", "0") == "0" and "HTTP_TRANSFER_ENCODING" not in environ:
            environ["wsgi.input"] = io.BytesIO(b"")  # no body: no timer either (the common GET)
        else:
            try:
                await asyncio.wait_for(self._read_body(proto, environ), self._body_timeout)
            except (TimeoutError, ConnectionError, RuntimeError):
                # too slow, or the client went away: nothing reaches the app
                self._drop(local, peer, proto)
                return
        if peer is not None:
            self._busy.add(peer)
        try:
            # While a pooled request runs (a snapshot, a clock advance: it may hold a world's
            # lock for long), every request goes to the pool too, so none can stall the loop
            # waiting for that lock and hold up the other worlds' traffic meanwhile.
            if self._pooled or self._offload(scope.path):
                loop = asyncio.get_running_loop()
                answer = await loop.run_in_executor(self._pool, self._serve_blocking, environ, proto, loop)
            else:
                answer = call(self._app, environ, streaming=False)
            if answer is not None:
                await self._answer(answer, proto, local, peer)
        finally:
            if peer is not None:
                self._busy.discard(peer)

    async def _read_body(self, proto: Any, environ: dict[str, Any]) -> None:
        limit = self._body_limit
        declared = environ.get("CONTENT_LENGTH")
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if declared is not None and not chunked:
            size = int(declared) if declared.isdigit() else 0  # granian refuses a malformed length
            if size > limit:  # refused before a byte is read: the app answers by the length
                environ["wsgi.input"] = _RefusedInput(b"")
                return
            body = await proto() if size else b""
            environ["wsgi.input"] = io.BytesIO(body)
            return
        if not chunked:  # a Transfer-Encoding other than chunked: granian gives no body
            environ["wsgi.input"] = io.BytesIO(b"")
            return
        # Chunked: count while reading, never holding more than limit + 1 bytes.
        parts: list[bytes] = []
        total = 0
        async for chunk in proto:
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                environ.pop("CONTENT_LENGTH", None)
                environ["wsgi.input"] = _RefusedInput(b"".join(parts)[:limit + 1])
                return
        body = b"".join(parts)
        environ["CONTENT_LENGTH"] = str(len(body))  # as waitress did: the app sees a sized body
        environ["wsgi.input"] = io.BytesIO(body)

    def _serve_blocking(self, environ: dict[str, Any], proto: Any, loop: asyncio.AbstractEventLoop) -> Answer | None:
        """In a pool thread: run the app, and write a streamed answer from here (one thread per stream)."""
        with self._streams_lock:
            self._pooled += 1
        try:
            answer = call(self._app, environ, streaming=True)
        finally:  # a stream's generator has not run yet: an open stream does not count
            with self._streams_lock:
                self._pooled -= 1
        if answer.stream is None:
            return answer
        with self._streams_lock:
            self._streams += 1
        try:
            headers = with_server_header(answer.headers)
            transport = asyncio.run_coroutine_threadsafe(_open_stream(proto, answer.status, headers), loop).result(
                SEND_TIMEOUT)
            for chunk in answer.stream:
                if chunk:
                    asyncio.run_coroutine_threadsafe(_send(transport, chunk), loop).result(SEND_TIMEOUT)
        except Exception:  # the client went away, or the loop is stopping: end the stream quietly
            pass
        finally:
            try:
                if answer.close is not None:
                    answer.close()
            finally:
                with self._streams_lock:
                    self._streams -= 1
        return None

    async def _answer(self, answer: Answer, proto: Any, local: Address, peer: Address | None) -> None:
        if answer.aborted:
            self._drop(local, peer, proto)
            return
        headers = with_server_header(answer.headers)
        if answer.declared is not None and answer.declared > len(answer.body) and not answer.head:
            # A cut answer (the truncate fault): the full length declared, part sent, then the
            # connection closes because the body ended short.
            transport = proto.response_stream(answer.status, headers)
            if answer.body:
                await transport.send_bytes(answer.body)
            return
        proto.response_bytes(answer.status, headers, answer.body)

    def _drop(self, local: Address, peer: Address | None, proto: Any) -> None:
        """Close the connection without an answer.  Where the socket cannot be found (not Linux,
        or the client already left) granian's empty 500 goes out, or nowhere."""
        if peer is not None:
            drop_peer(local, peer)
        proto.response_empty(500, [])


async def _send(transport: Any, chunk: bytes) -> None:
    await transport.send_bytes(chunk)


async def _open_stream(proto: Any, status: int, headers: list[tuple[str, str]]) -> Any:
    return proto.response_stream(status, headers)
