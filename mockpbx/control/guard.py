"""The control plane's door: the admin token and the body-size bound, checked before any route.

The check runs for every request under ``/_mockpbx`` -- whichever blueprint ends up serving
it, and for paths no route matches -- so a route added later is locked without doing
anything. Only ``/_mockpbx/health`` stays open, for load balancers and Docker's HEALTHCHECK.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, g, request

from ..settings import Settings
from .errors import error_response

CONTROL_PREFIX = "/_mockpbx"
OPEN_PATHS = frozenset({f"{CONTROL_PREFIX}/health"})
# Snapshots are whole worlds; every other control body is a few fields.
LARGE_BODY_ROUTES = frozenset({("PUT", "state")})
_ADMIN = "mockpbx_admin"


def settings() -> Settings:
    found = current_app.extensions.get("mockpbx.settings")
    return found if isinstance(found, Settings) else Settings()


def is_admin() -> bool:
    """Did this request prove it is the admin (or is no token set, so everyone is)?"""
    return bool(g.get(_ADMIN, settings().admin_token is None))


def install(blueprint: Blueprint) -> None:
    blueprint.before_app_request(_guard)


def _guard() -> Response | None:
    path = request.path
    if not path.startswith(CONTROL_PREFIX) or path in OPEN_PATHS:
        return None
    if path != CONTROL_PREFIX and not path.startswith(CONTROL_PREFIX + "/"):
        return None  # /_mockpbxfoo is not the control plane
    config = settings()
    token = config.admin_token
    if token is not None:
        if not _bearer_matches(request.headers.get("Authorization", ""), token):
            return _unauthorized()
        setattr(g, _ADMIN, True)
    limit = config.max_state_body if (request.method, path.rsplit("/", 1)[-1]) in LARGE_BODY_ROUTES \
        else config.max_body
    # Refused before a byte is read; a chunked body without a length is cut off by werkzeug
    # at the same limit (and answered 413 the same way).
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        return error_response(413, f"the body is {request.content_length} bytes; this route takes at most "
                                   f"{limit} (see max_body and max_state_body)", "body_too_large")
    return None


def _bearer_matches(header: str, token: str) -> bool:
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    # Compared as bytes in constant time: how long a guess matched must not show in the timing.
    return hmac.compare_digest(presented.strip().encode("latin-1", "replace"), token.encode("latin-1", "replace"))


def _unauthorized() -> Response:
    response = error_response(401, "the control plane needs 'Authorization: Bearer <admin token>'", "unauthorized")
    response.headers["WWW-Authenticate"] = 'Bearer realm="mockpbx"'
    return response
