"""What an armed fault does on the wire: the gate every vendor request passes, and the answers.

The gate costs one integer test while no world has a fault armed. When one has, it finds the
request's world the way the vendor would (its key), asks the world's :class:`FaultBook`, and
either answers in the fault's place (the vendor never sees the request, so the world is
untouched) or lets the vendor answer and then delays or cuts that answer.

``reset`` and ``truncate`` need the server's help, since WSGI has no "close the socket" call:

* ``truncate`` declares the full ``Content-Length`` and sends fewer bytes. A conforming server
  must then close the connection (mockpbx's server streams the cut body and granian closes).
* ``reset`` raises :class:`ConnectionAbort` from the body before any byte. mockpbx's server
  (``mockpbx/server.py``, ``mockpbx/bridge.py``) turns that into a connection shut down with
  nothing written; under gunicorn the socket in ``environ["gunicorn.socket"]`` is shut down
  first. Another server sees an exception in the body iterator, which most turn into a dropped
  connection.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

from flask import Flask, Response, current_app, g, request

from .core.faults import CATALOGUE, ConnectionAbort, Fault, Layer, draw
from .core.registry import Registry
from .vendors.base import VendorSpec, exchange

# Bounds on what a fault may hold a server thread for (the control plane enforces them too).
MAX_DELAY_SECONDS = 30.0
_TRUNCATE = "mockpbx_truncate"


# -- answers a front end or the vendor would send ------------------------------------------------

_REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            408: "Request Time-out", 413: "Request Entity Too Large", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Temporarily Unavailable",
            504: "Gateway Time-out"}


def nginx_page(status: int) -> bytes:
    """The page nginx writes for an error status it generates itself (its built-in format)."""
    title = f"{status} {_REASONS.get(status, 'Error')}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            f"<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n").encode()


def _nginx(status: int) -> Response:
    response = Response(nginx_page(status), status=status, content_type="text/html")
    response.headers["Server"] = "nginx"
    return response


# Laravel's JSON for an HTTP exception the application raises itself (maintenance mode is 503).
_LARAVEL = {500: "Server Error", 503: "Service Unavailable"}


def _laravel(status: int) -> Response:
    return _json(status, {"message": _LARAVEL.get(status, _REASONS.get(status, "Error"))})


def _json(status: int, payload: dict[str, object]) -> Response:
    return Response(current_app.json.dumps(payload, separators=(",", ":")), status=status,
                    content_type="application/json")


def status_answer(fault: Fault, vendor: str) -> Response:
    """A status fault: nginx's page, or for ePBX's own 500/503 Laravel's JSON; ``body`` overrides."""
    status = int(str(fault.options.get("status", 502)))
    body = fault.options.get("body")
    if isinstance(body, str):
        content_type = str(fault.options.get("content_type") or "text/html")
        return Response(body.encode(), status=status, content_type=content_type)
    front = fault.options.get("front") or ("laravel" if vendor == "epbx" and status in _LARAVEL else "nginx")
    return _laravel(status) if front == "laravel" else _nginx(status)


def rate_limit_answer(fault: Fault, vendor: str) -> Response:
    """ePBX's own 429 (its throttle's answer); the others' front end refusing with 503 [INF]."""
    retry = int(str(fault.options.get("retry_after", 60)))
    if vendor == "epbx":
        from .vendors.epbx.errors import TOO_MANY_ATTEMPTS
        from .vendors.epbx.wire import failure

        return failure(429, TOO_MANY_ATTEMPTS, headers={
            "Retry-After": str(retry), "X-RateLimit-Limit": str(fault.options.get("limit", 60)),
            "X-RateLimit-Remaining": "0"})
    response = _nginx(503)
    response.headers["Retry-After"] = str(retry)
    return response


def vendor_error_answer(fault: Fault) -> Response:
    """PBXware's failure inside an HTTP 200: ``{"error": message}`` as JSON or PHP."""
    from .vendors.pbxware.render import render_error, wants_php

    message = str(fault.options.get("message") or "Unexpected error.")
    return render_error(message, php=wants_php(exchange().merged_params().get("apiformat")))


def empty_answer() -> Response:
    from .vendors.pbxcloud.reply import HTML

    return Response(b"", status=200, content_type=HTML)


def auth_text_answer() -> Response:
    from .vendors.pbxcloud.errors import KeyRejected
    from .vendors.pbxcloud.reply import HTML

    return Response(KeyRejected().reply.body, status=200, content_type=HTML)


def _aborted_body(environ: dict[str, Any]) -> Iterator[bytes]:
    # A server that hands the socket over (gunicorn) lets the close be a real one.
    sock = environ.get("gunicorn.socket")
    if isinstance(sock, socket.socket):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    raise ConnectionAbort("fault: connection dropped without an answer")
    yield b""  # pragma: no cover - makes this a generator, so nothing runs before the server iterates


def reset_answer() -> Response:
    response = Response(_aborted_body(request.environ), status=200, direct_passthrough=True)
    response.headers["Content-Length"] = "0"
    return response


def _bounded_seconds(value: object, default: float) -> float:
    try:
        seconds = float(str(value)) if value is not None else default
    except ValueError:
        seconds = default
    return min(max(seconds, 0.0), MAX_DELAY_SECONDS)


def _delay(fault: Fault, seed: int) -> float:
    """Fixed ``delay``, or a seeded draw in ``[delay_min, delay_max]`` per firing."""
    if "delay_max" in fault.options:
        low = _bounded_seconds(fault.options.get("delay_min"), 0.0)
        high = _bounded_seconds(fault.options.get("delay_max"), low)
        return low + (max(high, low) - low) * draw(seed, fault.id + ":delay", fault.fired)
    return _bounded_seconds(fault.options.get("delay"), 1.0)


_REPLACERS: dict[str, Callable[[Fault, str], Response]] = {
    "status": status_answer,
    "rate_limit": rate_limit_answer,
    "vendor_error": lambda fault, vendor: vendor_error_answer(fault),
    "empty_answer": lambda fault, vendor: empty_answer(),
    "auth_text": lambda fault, vendor: auth_text_answer(),
    "reset": lambda fault, vendor: reset_answer(),
}


# -- the gate ------------------------------------------------------------------------------------


def install_faults(app: Flask, specs: list[VendorSpec], control_prefix: str) -> None:
    registry: Registry = app.extensions["mockpbx"]
    armed = registry.armed_faults

    def gate() -> Response | None:
        if not armed.count:
            return None
        return _gate(registry, specs, control_prefix)

    def cut(response: Response) -> Response:
        if not armed.count:
            return response
        keep = g.get(_TRUNCATE)
        if keep is None:
            return response
        body = response.get_data()
        response.set_data(body)  # fixes Content-Length at the whole answer's length
        length = len(body)
        partial = body[:min(keep, max(length - 1, 0))]
        response.response = [partial]
        response.direct_passthrough = True
        response.headers["Content-Length"] = str(length)
        return response

    app.before_request(gate)
    app.after_request(cut)


def _gate(registry: Registry, specs: list[VendorSpec], control_prefix: str) -> Response | None:
    path = request.path
    if path.startswith(control_prefix):
        return None
    spec = next((s for s in specs if s.owns(path)), None)
    if spec is None or spec.key_of is None or spec.operation_of is None:
        return None
    vendor = str(spec.vendor)
    credential = registry.resolve(spec.key_of(), spec.vendor)
    if credential is None:
        return None
    world = credential.world
    now = world.clock.now()
    fault = world.faults.decide(vendor, spec.operation_of(), path, seed=world.seed, now=now)
    if fault is None:
        return None
    record = exchange()
    record.world, record.vendor, record.fault = world, vendor, fault.name
    if CATALOGUE[fault.name] is Layer.WRAP:
        if fault.name == "latency":
            time.sleep(_delay(fault, world.seed))
        else:
            setattr(g, _TRUNCATE, max(0, int(str(fault.options.get("keep_bytes", 0)))))
        return None
    record.outcome = f"fault:{fault.name}"
    if fault.name == "timeout":
        time.sleep(_bounded_seconds(fault.options.get("hold"), 10.0))
        return reset_answer()
    return _REPLACERS[fault.name](fault, vendor)
