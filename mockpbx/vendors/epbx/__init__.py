"""ePBX White-Label Reseller API V2: JSON REST under /api/v2 with Bearer tokens."""

from __future__ import annotations

import sys

from flask import Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from ...core.entities import Vendor
from ..base import VendorSpec
from .auth import bearer_token
from .errors import POST_TOO_LARGE, SERVER_ERROR
from .routes import build_blueprint
from .wire import failure

PREFIX = "/api/v2"
_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _outside_routes() -> Response:
    """What Laravel answers for errors no route handled: unknown path, wrong method, huge body."""
    error = sys.exc_info()[1]
    if isinstance(error, RequestEntityTooLarge):
        return failure(413, POST_TOO_LARGE)
    routing = request.routing_exception
    path = request.path.lstrip("/")
    if isinstance(routing, MethodNotAllowed):
        allowed = [m for m in _METHOD_ORDER if m in (routing.valid_methods or [])]
        message = (f"The {request.method} method is not supported for route {path}. "
                   f"Supported methods: {', '.join(allowed)}.")
        return failure(405, message, headers={"Allow": ", ".join(allowed)})
    if isinstance(error, HTTPException) and error.code not in (None, 404, 405):
        return failure(error.code or 400, f"{error.name}.")
    return failure(404, f"The route {path} could not be found.")


def _token() -> str:
    return bearer_token(request.headers.get("Authorization")) or ""


def operation() -> str:
    """``METHOD /route`` as the route table writes it (``GET /customers/<customer_id>``)."""
    rule = request.url_rule
    route = rule.rule[len(PREFIX):] if rule is not None else request.path[len(PREFIX):]
    return f"{request.method} {route or '/'}"


def spec() -> VendorSpec:
    return VendorSpec(
        vendor=Vendor.EPBX,
        title="ePBX White-Label Reseller API V2",
        blueprint=build_blueprint(PREFIX),
        owns=lambda path: path == PREFIX or path.startswith(PREFIX + "/"),
        not_found=_outside_routes,
        internal_error=lambda: failure(500, SERVER_ERROR),
        paths=(PREFIX,),
        hosts=("epbx.bd", "www.epbx.bd"),
        key_of=_token,
        operation_of=operation,
    )
