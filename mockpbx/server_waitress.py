"""Production WSGI server for mockpbx: waitress, embedded, one process, N threads.

Why waitress, and the figures behind it: ``bench/RESULTS.md`` ("WSGI server selection", and
"Server: waitress kept, measured against granian" under issue 15).

* :class:`WsgiServer` -- bind now (``port=0`` allowed, :attr:`WsgiServer.port` is the real one),
  :meth:`~WsgiServer.serve_forever` in any thread, :meth:`~WsgiServer.shutdown` from any
  thread (lock-free, idempotent).  Shutdown stops accepting, lets in-flight requests finish
  (bounded by ``shutdown_timeout``), closes idle keep-alive connections and stops the threads.
* Slow clients cannot starve the rest: a request must finish its headers within
  ``header_timeout`` of its first byte and its body within ``body_timeout`` of its headers, or its
  connection is closed; and when the open connections reach ``connection_limit``, the ones that hold no request
  in service (idle keep-alive, or still sending) are closed oldest first, so a new client is always
  accepted.  Waitress alone only closes a connection after ``channel_timeout`` of silence, which a
  client sending a byte a second never reaches, and stops accepting at its limit.
* :func:`serve` -- the process entry point: installs SIGTERM/SIGINT handlers, serves until one
  arrives, stops the server, then runs ``on_shutdown`` exactly once (e.g. to save state) and
  returns normally, so the process exits with status 0.

The bound address is logged as ``listening on http://HOST:PORT`` (logger ``mockpbx.server``,
level INFO), which subprocess tests can wait for when they pass ``port=0``.
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server
from waitress.task import WSGITask

from .control.streams import close_streams
from .core.faults import ConnectionAbort

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

__all__ = ["WsgiServer", "serve"]

log = logging.getLogger(__name__)

_SIGNALS = (signal.SIGTERM, signal.SIGINT)

HEADER_TIMEOUT = 10.0
"""Seconds from a request's first byte to the end of its headers."""
BODY_TIMEOUT = 30.0
"""Seconds from the end of a request's headers to the end of its body."""
CONNECTION_LIMIT = 200
"""Open client connections; past it the oldest idle or still-arriving ones are closed."""
IDLE_TIMEOUT = 60
"""Seconds a keep-alive connection may stay silent between requests."""

_TICK = 0.25  # seconds between deadline sweeps; also the poll() timeout
_HEADROOM = 8  # waitress counts its listener, trigger and our waker against its connection limit


class _Waker(wasyncore.dispatcher):  # type: ignore[misc]  # waitress is untyped
    """Read end of a socketpair in the loop's map: any byte written to the other end wakes poll()."""

    def handle_read(self) -> None:
        try:
            self.recv(4096)
        except OSError:
            pass

    def writable(self) -> bool:
        return False


class _AbortableTask(WSGITask):  # type: ignore[misc]  # waitress is untyped
    """A task that drops the connection, writing nothing, when the app's body raises
    :class:`~mockpbx.faultwire.ConnectionAbort` (the ``reset`` and ``timeout`` faults).

    Stock waitress answers an exception raised before the first byte with its own 500 page.
    """

    aborted = False

    def execute(self) -> None:
        try:
            super().execute()
        except ConnectionAbort:
            self.aborted = True
            self.close_on_finish = True

    def finish(self) -> None:
        if not self.aborted:
            super().finish()


class _Channel(HTTPChannel):  # type: ignore[misc]
    task_class = _AbortableTask


class WsgiServer:
    """A waitress server bound at construction and driven by an explicit, stoppable loop."""

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
        idle_timeout: int = IDLE_TIMEOUT,
    ) -> None:
        if connection_limit < 1 or header_timeout <= 0 or body_timeout <= 0 or idle_timeout < 1:
            raise ValueError("connection_limit, the timeouts and idle_timeout must be positive")
        # waitress warns "Task queue depth is N" from its I/O thread whenever a request waits for
        # a worker thread -- i.e. on nearly every request once clients >= threads.  That floods
        # the log and slows the I/O loop; keep real errors only (re-enable by setting the level).
        _queue_log = logging.getLogger("waitress.queue")
        if _queue_log.level == logging.NOTSET:
            _queue_log.setLevel(logging.ERROR)
        self._app = app
        self._map: dict[int, Any] = {}
        self._server: Any = create_server(
            app,
            map=self._map,
            host=host,
            port=port,
            threads=threads,
            ident="mockpbx",  # Server header default; an app that sets its own Server header wins
            clear_untrusted_proxy_headers=False,  # the emulator sees headers exactly as sent
            # waitress stops accepting at its own limit; ours evicts first (see _Guard), so its
            # limit sits above ours by the map's non-connection entries and some headroom.
            connection_limit=connection_limit + _HEADROOM,
            channel_timeout=idle_timeout,
            cleanup_interval=max(1, min(idle_timeout, 30)),
            asyncore_use_poll=True,  # select() cannot watch file descriptors past 1023
        )
        if getattr(self._server, "channel_class", None) is HTTPChannel:
            self._server.channel_class = _Channel
        self._guard = _Guard(self._map, header_timeout=header_timeout, body_timeout=body_timeout,
                             connection_limit=connection_limit)
        self._shutdown_timeout = shutdown_timeout
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_w.setblocking(False)
        _Waker(self._wake_r, map=self._map)
        self._stopping = False  # plain bool: set from any thread (or a signal handler) without locks
        self._lock = threading.Lock()
        self._state = "bound"  # bound -> serving -> closed, or bound -> closed

    @property
    def port(self) -> int:
        """The real bound port (useful with ``port=0``); the first one if ``host`` resolved to several."""
        if hasattr(self._server, "effective_port"):
            return int(self._server.effective_port)
        return int(self._server.effective_listen[0][1])

    @property
    def host(self) -> str:
        if hasattr(self._server, "effective_host"):
            return str(self._server.effective_host)
        return str(self._server.effective_listen[0][0])

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown`; returns once connections and worker threads are closed.

        Can be called once.  A ``KeyboardInterrupt`` raised in this thread (only when it is the
        main thread and no handler was installed) also closes the server, then propagates.
        """
        with self._lock:
            if self._state != "bound":
                raise RuntimeError(f"serve_forever() called on a {self._state} server")
            self._state = "serving"
        adj = self._server.adj
        log.info("listening on http://%s:%d (%d threads)", self.host, self.port, adj.threads)
        try:
            while not self._stopping:
                wasyncore.loop(timeout=_TICK, map=self._map, use_poll=True, count=1)
                self._guard.sweep()
        finally:
            self._close(drain=True)

    def shutdown(self) -> None:
        """Ask the server to stop.  Thread-safe, idempotent, lock-free; returns immediately.

        If :meth:`serve_forever` was never started, the socket is closed right away.
        """
        self._stopping = True
        # Event streams never finish by themselves: wake them so they end before the drain.
        close_streams(self._app)
        try:
            self._wake_w.send(b"\0")
        except OSError:  # already closed, or buffer full (a wake-up is pending anyway)
            pass
        if self._state == "bound" and self._lock.acquire(blocking=False):
            try:
                if self._state == "bound":
                    self._state = "closing"  # claimed: serve_forever() can no longer start
                    self._close(drain=False)
            finally:
                self._lock.release()

    def _close(self, *, drain: bool) -> None:
        # 1. stop accepting connections
        for obj in list(self._map.values()):
            if isinstance(obj, BaseWSGIServer):
                wasyncore.dispatcher.close(obj)
        # 2. finish in-flight requests, closing each keep-alive connection as soon as it is idle
        deadline = time.monotonic() + self._shutdown_timeout
        while drain:
            busy = False
            for obj in list(self._map.values()):
                if isinstance(obj, HTTPChannel):
                    if obj.requests or obj.total_outbufs_len:
                        busy = True
                    else:
                        obj.handle_close()
            if not busy or time.monotonic() >= deadline:
                break
            wasyncore.loop(timeout=0.05, map=self._map, use_poll=self._server.adj.asyncore_use_poll, count=1)
        # 3. stop the worker threads, then close everything left (trigger, waker, stragglers):
        # a worker that has just finished a request still pulls the trigger, which must be open.
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=self._shutdown_timeout)
        wasyncore.close_all(self._map, ignore_all=True)
        self._wake_w.close()
        self._state = "closed"
        log.info("server stopped")


class _Guard:
    """Deadlines for requests still arriving, and eviction at the connection limit.

    Runs in the I/O thread between poll() calls, at most every ``_TICK`` seconds.  A channel with
    requests queued or in service is never touched: its client has sent a whole request.
    """

    def __init__(self, channels: dict[int, Any], *, header_timeout: float, body_timeout: float,
                 connection_limit: int) -> None:
        self._map = channels
        self._header_timeout = header_timeout
        self._body_timeout = body_timeout
        self._limit = connection_limit
        # channel -> (the request parser being filled, when it was first seen, when its headers ended)
        self._arriving: dict[HTTPChannel, tuple[Any, float, float | None]] = {}
        self._next = 0.0

    def sweep(self) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + _TICK
        open_channels = [obj for obj in self._map.values() if isinstance(obj, HTTPChannel)]
        arriving: dict[HTTPChannel, tuple[Any, float, float | None]] = {}
        idle: list[tuple[float, HTTPChannel]] = []  # (since when it holds nothing in service, channel)
        still_open = len(open_channels)
        for channel in open_channels:
            if channel.requests or channel.total_outbufs_len or channel.will_close:
                continue
            parser = channel.request
            if parser is None:
                idle.append((now - (time.time() - channel.last_activity), channel))
                continue
            seen = self._arriving.get(channel)
            if seen is None or seen[0] is not parser:
                seen = (parser, now, None)
            if parser.headers_finished and seen[2] is None:
                seen = (parser, seen[1], now)
            body_since = seen[2]
            late = (now - seen[1] > self._header_timeout if body_since is None
                    else now - body_since > self._body_timeout)
            if late:
                log.info("closing a connection from %s: its request did not arrive in time", channel.addr)
                channel.handle_close()
                still_open -= 1
                continue
            arriving[channel] = seen
            idle.append((seen[1], channel))
        self._arriving = arriving
        excess = still_open - self._limit + 1  # keep one place free for the next client
        if excess > 0:
            idle.sort(key=lambda item: item[0])
            for _, channel in idle[:excess]:
                self._arriving.pop(channel, None)
                channel.handle_close()
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
            stop.wait()  # signal handlers run here, in the main thread
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
