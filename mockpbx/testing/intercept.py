"""In-process mode: requests to the vendors' real hosts are answered by the app, no socket.

Only the ``requests`` library is intercepted (through ``responses``); other traffic passes
through untouched. Clients on httpx or another library should use server mode instead.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from contextlib import ContextDecorator
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import requests
import responses
from flask import Flask
from requests import PreparedRequest

from ..app import create_app
from ..core.entities import Vendor
from ..core.faults import ConnectionAbort
from ..core.registry import Registry
from ..vendors import vendor_specs
from ..vendors.base import VendorSpec

HostMap = Mapping[Vendor, Iterable[str]] | Mapping[str, Iterable[str]]

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# Hop-by-hop and length headers: `responses` computes its own.
_DROPPED = {"content-length", "transfer-encoding", "connection"}


class MockPbx(ContextDecorator):
    """Route each vendor's real hosts into ``app``; a context manager and a decorator.

    Args:
        app: the app that answers; defaults to a fresh ``create_app()``.
        hosts: extra host names per vendor, added to the vendor's known ones. PBXware runs
            on each customer's own host, so it has none until you name one here.

    Starting is counted, so nested ``with`` blocks on the same object are fine; the patch
    is removed when the outermost block exits.
    """

    def __init__(self, app: Flask | None = None, *, hosts: HostMap | None = None) -> None:
        self.app = app if app is not None else create_app()
        extra = {Vendor(str(v)): tuple(h) for v, h in (hosts or {}).items()}
        self._routes: list[tuple[str, VendorSpec]] = []
        for spec in vendor_specs():
            for host in (*spec.hosts, *extra.get(spec.vendor, ())):
                self._routes.append((host.lower(), spec))
        self._lock = threading.Lock()
        self._depth = 0
        self._mock: responses.RequestsMock | None = None

    @property
    def registry(self) -> Registry:
        found: Registry = self.app.extensions["mockpbx"]
        return found

    @property
    def hosts(self) -> list[str]:
        """Every host name answered in process."""
        return [host for host, _ in self._routes]

    def start(self) -> MockPbx:
        with self._lock:
            self._depth += 1
            if self._depth == 1:
                mock = responses.RequestsMock(assert_all_requests_are_fired=False)
                pattern = re.compile(
                    r"https?://(?:" + "|".join(re.escape(h) for h, _ in self._routes) + r")(?::\d+)?(?:[/?#].*)?$",
                    re.IGNORECASE,
                )
                for method in _METHODS:
                    mock.add_callback(method, pattern, callback=self._answer)
                mock.add_passthru(re.compile(r".*"))
                mock.start()
                self._mock = mock
        return self

    def stop(self) -> None:
        with self._lock:
            if self._depth == 0:
                return
            self._depth -= 1
            if self._depth == 0 and self._mock is not None:
                self._mock.stop()
                self._mock.reset()
                self._mock = None

    def __enter__(self) -> MockPbx:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()

    def _spec_for(self, host: str) -> VendorSpec:
        for name, spec in self._routes:
            if name == host:
                return spec
        raise AssertionError(f"{host} is not intercepted")  # the URL pattern admits only known hosts

    def _answer(self, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        url = urlsplit(request.url or "")
        spec = self._spec_for((url.hostname or "").lower())
        path = url.path or "/"
        body = request.body.encode() if isinstance(request.body, str) else (request.body or b"")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _DROPPED}
        shape: dict[str, Any] = {
            "method": request.method or "GET", "headers": headers, "data": body,
            "base_url": f"{url.scheme}://{url.netloc}",
            # PATH_INFO directly: a path like "//" must not be read as a network location.
            "environ_overrides": {"PATH_INFO": path, "QUERY_STRING": url.query},
        }
        if not spec.owns(path):
            # Another vendor's path on this vendor's host: the real host would not know it either.
            with self.app.test_request_context(**shape):
                refusal = spec.not_found()
            return refusal.status_code, _headers(refusal.headers.items()), refusal.get_data()
        with self.app.test_client() as client:
            try:
                answer = client.open(**shape)
            except ConnectionAbort:  # a reset or timeout fault: what requests raises for a dropped connection
                raise requests.ConnectionError("Connection aborted: the server closed it without an answer") from None
            return answer.status_code, _headers(answer.headers.items()), answer.get_data()


def _headers(items: Iterable[tuple[str, Any]]) -> dict[str, str]:
    return {k: str(v) for k, v in items if k.lower() not in _DROPPED}


def mock_pbx(app: Flask | None = None, *, hosts: HostMap | None = None) -> MockPbx:
    """Intercept the vendors' real hosts in process; use as ``with mock_pbx(app):`` or ``@mock_pbx()``."""
    return MockPbx(app, hosts=hosts)
