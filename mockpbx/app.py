"""The Flask application: every vendor at its real paths, plus the control plane."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, Request, Response, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask.sessions import NullSession, SessionInterface
from werkzeug.exceptions import HTTPException

from .control import control_blueprint
from .core.registry import DEFAULT_WORLD, Registry
from .faultwire import install_faults
from .settings import Settings
from .ui import UI_PREFIX, ui_blueprint
from .vendors import vendor_specs
from .vendors.base import VendorSpec, install_journal

log = logging.getLogger("mockpbx")

CONTROL_PREFIX = "/_mockpbx"


def build_registry(settings: Settings) -> Registry:
    """A registry holding the ``default`` world built from the settings' scenario."""
    registry = server_registry(settings)
    world = registry.create_world(settings.scenario, seed=settings.seed, world_id=DEFAULT_WORLD, size=settings.size)
    if settings.traffic:
        world.set_traffic(settings.traffic)
    return registry


def server_registry(settings: Settings) -> Registry:
    """An empty registry with the server's defaults and bounds."""
    return Registry(clock_mode=settings.clock, clock_scale=settings.clock_scale, journal_size=settings.journal_size,
                    journal_bytes=settings.journal_bytes, rate_limit_per_minute=settings.rate_limit,
                    world_settings=settings.world_settings(), max_worlds=settings.max_worlds,
                    max_advance_calls=settings.max_advance_calls)


def create_app(config: Settings | None = None, *, registry: Registry | None = None) -> Flask:
    """Build the app.

    Args:
        config: server settings; defaults to ``Settings()`` (not the environment: the CLI
            reads that, so tests stay hermetic).
        registry: an existing registry to serve, for tests and interception sharing state.

    Returns:
        A Flask app with the registry in ``app.extensions["mockpbx"]``.
    """
    settings = config or Settings()
    app = MockpbxFlask("mockpbx")
    # PBXware clients send `//?apikey=...`; merging slashes would answer them with a redirect.
    app.url_map.merge_slashes = False
    app.session_interface = NoSessions()
    app.json = JsonProvider(app)
    app.extensions["mockpbx"] = registry if registry is not None else build_registry(settings)
    app.extensions["mockpbx.settings"] = settings
    specs = vendor_specs()
    for spec in specs:
        app.register_blueprint(spec.blueprint)
    app.register_blueprint(control_blueprint(), url_prefix=CONTROL_PREFIX)
    app.register_blueprint(ui_blueprint(), url_prefix=UI_PREFIX)
    install_faults(app, specs, CONTROL_PREFIX)
    install_journal(app, specs, CONTROL_PREFIX, settings.journal_bodies)
    _install_error_routing(app, specs)
    return app


class MockpbxFlask(Flask):
    """Flask, asking once per view or hook whether it is a coroutine function.

    Flask's ``ensure_sync`` runs ``inspect.iscoroutinefunction`` on every hook and view of every
    request, seven times a vendor request; the answer for one function never changes.
    """

    def __init__(self, import_name: str) -> None:
        super().__init__(import_name)
        self._sync_callables: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        found = self._sync_callables.get(func)
        if found is None:
            found = self._sync_callables[func] = super().ensure_sync(func)
        return found


class JsonProvider(DefaultJSONProvider):
    """Flask's default JSON, with the compact encoder every ``jsonify`` uses built once.

    ``json.dumps`` builds a new encoder on each call with these arguments. Keys keep the order
    the control plane writes them in (the order ``docs/control-plane.md`` shows), not Flask's
    alphabetical one.
    """

    sort_keys = False

    def __init__(self, app: Flask) -> None:
        super().__init__(app)
        self._compact_kwargs = {"separators": (",", ":")}
        self._compact = json.JSONEncoder(default=self.default, ensure_ascii=self.ensure_ascii,
                                         sort_keys=self.sort_keys, separators=(",", ":"))

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs == self._compact_kwargs:
            return self._compact.encode(obj)
        return super().dumps(obj, **kwargs)


class NoSessions(SessionInterface):
    """mockpbx keeps no browser sessions. Flask's default interface looks for a signing key and
    a cookie on every request only to hand out a null session; this hands it out directly."""

    def open_session(self, app: Flask, request: Request) -> NullSession:
        return NullSession()

    def save_session(self, app: Flask, session: object, response: Response) -> None:
        """Never called: Flask saves no null session."""


def _owner(specs: list[VendorSpec], path: str) -> VendorSpec | None:
    for spec in specs:
        if spec.owns(path):
            return spec
    return None


def _install_error_routing(app: Flask, specs: list[VendorSpec]) -> None:
    """404/405/500 never reach blueprint handlers, so route them here by path."""

    def http_error(error: HTTPException) -> Response:
        spec = _owner(specs, request.path)
        if spec is not None and not request.path.startswith(CONTROL_PREFIX):
            return spec.not_found()
        # Same shape as every other control-plane refusal, so clients parse one thing.
        code = (error.name or "error").lower().replace(" ", "_")
        response = jsonify(error=error.description or error.name, code=code)
        response.status_code = error.code or 500
        return response

    def unexpected(error: Exception) -> Response:
        if isinstance(error, HTTPException):
            return http_error(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        spec = _owner(specs, request.path)
        if spec is not None and not request.path.startswith(CONTROL_PREFIX):
            return spec.internal_error()
        response = jsonify(error="internal error in mockpbx; see the server log")
        response.status_code = 500
        return response

    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)
