"""Production server for mockpbx: granian's RSGI interface, embedded in one thread's event loop.

Why granian, and the figures behind it: ``bench/RESULTS.md`` ("Server: granian RSGI, embedded").
The WSGI app is served through :class:`~mockpbx.bridge.Bridge`: plain vendor requests run inline
on the loop, whatever may block runs in a pool of ``threads`` threads.

* :class:`WsgiServer` -- bind now (``port=0`` allowed, :attr:`WsgiServer.port` is the real one),
  :meth:`~WsgiServer.serve_forever` in any thread, :meth:`~WsgiServer.shutdown` from any
  thread (idempotent).  Shutdown stops accepting, lets in-flight requests finish (bounded by
  ``shutdown_timeout``), ends event streams and closes idle connections.
* Slow clients cannot starve the rest: a request must finish its headers within
  ``header_timeout`` (granian's own timer, which also closes keep-alive connections silent that
  long) and its body within ``body_timeout`` of its headers, or its connection is closed, and no
  thread waits for it meanwhile.  When the open connections reach ``connection_limit``, the
  ones that hold no request in service (idle, or still arriving) are closed oldest first, so a
  new client is always accepted (:class:`_Guard`, Linux only).
* Bodies: at most ``body_limit`` bytes are read.  A larger declared length is not read at all
  and the app answers by the length (its usual 413); a chunked body is counted as it arrives.
* Header names go out in lower case (granian's HTTP/1 writer); names are case-insensitive and
  the values are the app's.  An app's own ``Server`` header wins; the default is ``mockpbx``.
* :func:`serve` -- the process entry point: installs SIGTERM/SIGINT handlers, serves until one
  arrives, stops the server, then runs ``on_shutdown`` exactly once (e.g. to save state) and
  returns normally, so the process exits with status 0.

The bound address is logged as ``listening on http://HOST:PORT`` (logger ``mockpbx.server``,
level INFO), which subprocess tests can wait for when they pass ``port=0``.
"""

from __future__ import annotations

import asyncio
import atexit
import contextvars
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import FrameType
from typing import TYPE_CHECKING, Any

from granian._granian import SocketHolder
from granian.constants import Interfaces
from granian.http import HTTP1Settings
from granian.server.embed import Server as EmbeddedServer

from .bridge import Bridge, Offload, mockpbx_offload
from .control.streams import close_streams
from .sockets import Address, connections, descriptor_count, drop

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

__all__ = ["WsgiServer", "serve", "wait_interruptibly"]

log = logging.getLogger(__name__)

_SIGNALS = (signal.SIGTERM, signal.SIGINT)

HEADER_TIMEOUT = 10.0
"""Seconds a connection may take to send a request's headers (or stay idle between requests)."""
BODY_TIMEOUT = 30.0
"""Seconds from the end of a request's headers to the end of its body."""
CONNECTION_LIMIT = 200
"""Open client connections; past it the oldest idle or still-arriving ones are closed."""
BODY_LIMIT = 64 * 1024 * 1024
"""Largest body read when the app does not say (mockpbx's largest route limit: a state restore)."""

_TICK = 0.25  # seconds between connection-limit sweeps
_SIGNAL_SLICE = 0.1  # at most this long between a signal and its handler
_BACKLOG = 1024


class _Loop(asyncio.SelectorEventLoop):
    """An event loop that notes which OS threads schedule work on it once the stop is asked."""

    def __init__(self) -> None:
        super().__init__()
        self.callers_wanted = False
        self.callers: set[int] = set()

    def call_soon_threadsafe(  # type: ignore[override]  # the same call, typed loosely
            self, callback: Callable[..., object], *args: Any, context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        if self.callers_wanted:
            self.callers.add(threading.get_native_id())
        return super().call_soon_threadsafe(callback, *args, context=context)


class _Embedded(EmbeddedServer):
    """granian's embedded server on a socket bound beforehand (so ``port=0`` is known at once)."""

    holder: Any = None

    def _init_shared_socket(self) -> None:
        self._shd = self.holder
        self._ssp = None
        self._sfd = self.holder.get_fd()


class WsgiServer:
    """A granian server bound at construction and run in the thread that calls serve_forever()."""

    def __init__(
        self,
        app: WSGIApplication,
        *,
        host: str,
        port: int,
        threads: int = 16,
        shutdown_timeout: float = 5.0,
        header_timeout: float = HEADER_TIMEOUT,
        body_timeout: float = BODY_TIMEOUT,
        connection_limit: int = CONNECTION_LIMIT,
        body_limit: int | None = None,
        offload: Offload | None = None,
    ) -> None:
        if connection_limit < 1 or header_timeout <= 0 or body_timeout <= 0 or threads < 1:
            raise ValueError("threads, connection_limit and the timeouts must be positive")
        _quiet("_granian")  # "embedded server is experimental" and start-up chatter on every start
        self._app = app
        self._sock = _bind(host, port)
        self._local: Address = self._sock.getsockname()[:2]
        self._threads = threads
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="mockpbx-request")
        self._busy: set[Address] = set()
        self._shutdown_timeout = shutdown_timeout
        self._bridge = bridge = Bridge(app, pool=self._pool, offload=offload or mockpbx_offload(app),
                        body_limit=body_limit or _body_limit_of(app), body_timeout=body_timeout,
                        local=lambda: self._local, busy=self._busy)
        self._granian: Any = _Embedded(
            bridge, address=self._local[0], port=self._local[1], interface=Interfaces.RSGI,
            # Permits above the limit, so the guard sees (and can evict) the connections past it.
            backpressure=connection_limit * 2 + 16, backlog=_BACKLOG, websockets=False,
            http1_settings=HTTP1Settings(header_read_timeout=max(1, int(header_timeout * 1000))),
            log_enabled=False)
        self._granian.holder = _holder(os.dup(self._sock.fileno()), False, _BACKLOG)  # granian closes its copy
        self._granian.workers_kill_timeout = max(1, round(shutdown_timeout))
        self._guard = _Guard(self._local, self._busy, connection_limit=connection_limit)
        self._loop: _Loop | None = None
        self._stopping = False  # plain bool: set from any thread (or a signal handler) without locks
        self._lock = threading.Lock()
        self._state = "bound"  # bound -> serving -> closed, or bound -> closed
        self._finished = threading.Event()

    @property
    def port(self) -> int:
        """The real bound port (useful with ``port=0``)."""
        return int(self._local[1])

    @property
    def host(self) -> str:
        return str(self._local[0])

    @property
    def app(self) -> WSGIApplication:
        return self._app

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown`; returns once connections and worker threads are closed.

        Can be called once.
        """
        with self._lock:
            if self._state != "bound":
                raise RuntimeError(f"serve_forever() called on a {self._state} server")
            self._state = "serving"
        log.info("listening on http://%s:%d (%d threads)", self.host, self.port, self._threads)
        atexit.register(self._stop_at_exit)
        loop = _Loop()
        guard = threading.Thread(target=self._guard.run, name="mockpbx-connection-guard", daemon=True)
        try:
            asyncio.set_event_loop(loop)
            self._loop = loop
            if not self._stopping:  # shutdown() before this point found no loop to stop
                guard.start()
                try:
                    loop.run_until_complete(self._granian.serve())
                finally:
                    self._await_granian_threads(loop.callers)
        finally:
            self._guard.stop()
            if guard.is_alive():
                guard.join()
            self._loop = None
            asyncio.set_event_loop(None)
            loop.close()
            self._close()
            atexit.unregister(self._stop_at_exit)
            self._finished.set()

    def shutdown(self) -> None:
        """Ask the server to stop.  Thread-safe, idempotent; returns immediately.

        If :meth:`serve_forever` was never started, the socket is closed right away.
        """
        self._stopping = True
        # Event streams never finish by themselves: wake them so they end before the drain.
        close_streams(self._app)
        loop = self._loop
        if loop is not None:
            try:
                loop.callers_wanted = True
                loop.call_soon_threadsafe(self._stop_after_streams)
            except RuntimeError:  # the loop has just closed
                pass
        if self._state == "bound" and self._lock.acquire(blocking=False):
            try:
                if self._state == "bound":
                    self._state = "closing"  # claimed: serve_forever() can no longer start
                    self._close()
            finally:
                self._lock.release()

    def _stop_at_exit(self) -> None:
        """A process that exits while serving (a daemon thread never stopped) stops the server
        first: granian's threads must not outlive the interpreter (they abort the process)."""
        self.shutdown()
        self._finished.wait(self._shutdown_timeout * 2 + 1)

    def _await_granian_threads(self, callers: set[int]) -> None:
        """Wait (bounded) until the threads that called into the loop while it stopped have ended.

        granian resolves its stop from a thread of its own that still holds the interpreter for
        a moment after; a process that exits in that instant aborts in Rust ("panic in a function
        that cannot unwind", granian issue 693) instead of exiting 0.  That thread is one of the
        loop's callers during the stop; Python's own threads among them are not waited for.
        """
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            ours = {thread.native_id for thread in threading.enumerate()}
            if not (native_threads() & callers) - ours:
                return
            time.sleep(0.005)
        log.warning("granian's threads did not end within 2 s of the stop")

    def _stop_after_streams(self) -> None:
        """On the loop: let woken event streams send their last event, then stop granian."""
        deadline = time.monotonic() + self._shutdown_timeout

        async def wait_then_stop() -> None:
            while self._bridge.streams and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            self._granian.stop()

        asyncio.ensure_future(wait_then_stop())

    def _close(self) -> None:
        # granian has drained its requests (bounded), and with them the pool's; a thread still busy
        # here belongs to a request past that bound and must not hold the stop up.
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._sock.close()
        self._state = "closed"
        log.info("server stopped")


# granian's stub declares no arguments; the holder is built from (descriptor, is_unix, backlog).
_holder: Callable[[int, bool, int], Any] = SocketHolder  # type: ignore[assignment]


def wait_interruptibly(event: threading.Event) -> None:
    """Wait for ``event`` in short slices, so that signal handlers run within a slice.

    Python runs its handlers in the main thread between bytecodes. With one long wait, about one
    SIGTERM in 70 was never handled once granian served (the likely cause: the signal landed on
    one of granian's threads, and nothing woke the main thread); in slices, 150 in a row were.
    """
    while not event.wait(_SIGNAL_SLICE):
        pass


def native_threads() -> set[int]:
    """The process's OS threads (Linux); empty elsewhere, where the wait above is skipped."""
    try:
        return {int(name) for name in os.listdir("/proc/self/task")}
    except OSError:
        return set()


def _bind(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host.removeprefix("[").removesuffix("]"), port,
                                                             type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise ValueError(f"cannot resolve {host!r}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(address)
        sock.listen(_BACKLOG)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def _body_limit_of(app: object) -> int:
    settings = getattr(app, "extensions", {}).get("mockpbx.settings")
    limits = [getattr(settings, name, 0) for name in ("max_body", "max_state_body")]
    return max([BODY_LIMIT, *[int(limit) for limit in limits if isinstance(limit, int)]])


def _quiet(name: str) -> None:
    logger = logging.getLogger(name)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)


class _Guard:
    """Eviction at the connection limit, in a thread of its own, at most every ``_TICK`` seconds.

    A connection with a request in service is never touched: its client has sent a whole
    request.  The rest -- idle keep-alive ones, and ones still sending -- are closed oldest first
    when the open connections reach the limit, keeping one place free for the next client.
    """

    def __init__(self, local: Address, busy: set[Address], *, connection_limit: int) -> None:
        self._local = local
        self._busy = busy
        self._limit = connection_limit
        self._since: dict[Address, float] = {}  # peer -> when it was first seen holding nothing in service
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(_TICK):
            try:
                self.sweep()
            except Exception:  # never let the guard die: the next sweep tries again
                log.exception("connection sweep failed")

    def stop(self) -> None:
        self._done.set()

    def sweep(self) -> None:
        if descriptor_count() <= self._limit:  # cheap: fewer descriptors than the limit, fewer connections
            self._since.clear()
            return
        now = time.monotonic()
        busy = set(self._busy)
        open_count = 0
        idle: list[tuple[float, Address, Any]] = []
        since: dict[Address, float] = {}
        for peer, dup in connections(self._local):
            open_count += 1
            if peer in busy:
                dup.close()
                continue
            since[peer] = self._since.get(peer, now)
            idle.append((since[peer], peer, dup))
        self._since = since
        excess = open_count - self._limit + 1
        idle.sort(key=lambda item: item[0])
        for n, (_, peer, dup) in enumerate(idle):
            if n < excess:
                since.pop(peer, None)
                drop(dup)
            else:
                dup.close()
        if excess > 0:
            log.info("at the connection limit (%d): closed %d idle or slow connection(s)", self._limit,
                     min(excess, len(idle)))


def serve(
    app: WSGIApplication,
    *,
    host: str,
    port: int,
    threads: int = 16,
    on_shutdown: Callable[[], None] | None = None,
    install_signal_handlers: bool = True,
) -> None:
    """Serve ``app`` until SIGTERM/SIGINT (or Ctrl-C), then stop cleanly and call ``on_shutdown``.

    Order on shutdown: stop accepting, finish in-flight requests, stop the server threads, then
    ``on_shutdown()`` once -- so a state snapshot taken there includes every request that got a
    response.  Further signals during shutdown are ignored.  Returns normally (exit status 0);
    an exception from ``on_shutdown`` or from the server propagates.

    ``install_signal_handlers`` needs the main thread.  Without it, a ``KeyboardInterrupt`` in
    the main thread still triggers the same clean shutdown.
    """
    server = WsgiServer(app, host=host, port=port, threads=threads)
    stop = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            server.serve_forever()
        except BaseException as exc:  # re-raised in the calling thread
            failure.append(exc)
        finally:
            stop.set()

    signalled = False

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal signalled
        name = signal.Signals(signum).name
        if signalled:
            log.warning("%s received: shutdown already in progress", name)
            return
        signalled = True
        log.info("%s received: shutting down", name)
        server.shutdown()

    previous: dict[signal.Signals, Any] = {}
    if install_signal_handlers:
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("serve(install_signal_handlers=True) must run in the main thread")
        for sig in _SIGNALS:
            previous[sig] = signal.signal(sig, on_signal)
    worker = threading.Thread(target=run, name="mockpbx-server", daemon=True)
    try:
        worker.start()
        try:
            wait_interruptibly(stop)  # signal handlers run here, in the main thread
        except KeyboardInterrupt:
            log.info("KeyboardInterrupt: shutting down")
        server.shutdown()
        worker.join()
        if on_shutdown is not None:
            on_shutdown()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if failure:
        raise failure[0]
