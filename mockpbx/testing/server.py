"""ThreadedServer: the real app over real HTTP on 127.0.0.1, in a thread of the test process."""

from __future__ import annotations

import logging
import threading
from types import TracebackType

from flask import Flask

from ..app import create_app
from ..core.registry import Registry
from ..server import WsgiServer
from ..settings import Settings
from ..ticker import Ticker
from .errors import ServerAlreadyRunning, ServerError, ServerNotRunning


class _ErrorTrap(logging.Handler):
    """Keeps the exceptions the app logged while answering, so a test can re-raise them."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            with self._lock:
                self.errors.append(record.exc_info[1])

    def take(self) -> list[BaseException]:
        with self._lock:
            taken, self.errors = self.errors, []
        return taken


def admin_headers(token: str | None) -> dict[str, str]:
    """The header that opens a control plane locked with ``token`` (none needed without one)."""
    return {"Authorization": f"Bearer {token}"} if token else {}


class ThreadedServer:
    """Serve an app (by default a fresh one) on ``host:port`` from a background thread.

    Args:
        app: the app to serve; share it with ``pbx_client`` or interception to share state.
            Defaults to ``create_app(settings)``.
        host: address to bind; keep the default ``127.0.0.1`` in tests.
        port: ``0`` picks a free port; read it back from :attr:`port` or :attr:`url`.
        threads: the server's pool, for the control plane and requests under faults (vendor
            requests run on its event loop).
        settings: used only when ``app`` is not given.
        tick: run the one-second ticker so realtime worlds progress while idle.

    Example:
        >>> with ThreadedServer() as server:  # doctest: +SKIP
        ...     requests.get(f"{server.url}/_mockpbx/health").json()["status"]
        'ok'
    """

    def __init__(self, app: Flask | None = None, *, host: str = "127.0.0.1", port: int = 0, threads: int = 8,
                 settings: Settings | None = None, tick: bool = True) -> None:
        self.app = app if app is not None else create_app(settings)
        self._host = host
        self._requested_port = port
        self._threads = threads
        self._tick = tick
        self._server: WsgiServer | None = None
        self._thread: threading.Thread | None = None
        self._ticker: Ticker | None = None
        self._trap = _ErrorTrap()

    @property
    def admin_headers(self) -> dict[str, str]:
        """Headers for the control plane: the app's admin token as a bearer token, if it has one."""
        settings = self.app.extensions.get("mockpbx.settings")
        return admin_headers(settings.admin_token if isinstance(settings, Settings) else None)

    @property
    def registry(self) -> Registry:
        found: Registry = self.app.extensions["mockpbx"]
        return found

    @property
    def port(self) -> int:
        if self._server is None:
            raise ServerNotRunning("the server has not been started")
        return self._server.port

    @property
    def host(self) -> str:
        return self._host

    @property
    def url(self) -> str:
        """``http://host:port`` with no trailing slash."""
        shown = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{shown}:{self.port}"

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> ThreadedServer:
        """Bind and serve; returns once the port is bound, so requests may follow at once."""
        if self._server is not None:
            raise ServerAlreadyRunning("the server is already running; stop() it first")
        self._server = WsgiServer(self.app, host=self._host, port=self._requested_port, threads=self._threads)
        logging.getLogger("mockpbx").addHandler(self._trap)
        self._thread = threading.Thread(target=self._server.serve_forever, name="mockpbx-threaded-server",
                                        daemon=True)
        self._thread.start()
        if self._tick:
            self._ticker = Ticker(self.registry).start()
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread; safe to call twice or before start."""
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = None
        self._thread = None
        logging.getLogger("mockpbx").removeHandler(self._trap)

    def clear_errors(self) -> None:
        """Forget errors recorded so far, so the next :meth:`check` covers only what follows."""
        self._trap.take()

    def check(self) -> None:
        """Re-raise, as :class:`ServerError`, the first error the app hit since the last check."""
        errors = self._trap.take()
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise ServerError(f"the server failed while answering a request: {errors[0]!r}{more}") from errors[0]

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()
