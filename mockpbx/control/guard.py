"""The control plane's door: the admin token and the body-size bound, checked before any route.

The check runs for every request under ``/_mockpbx`` -- whichever blueprint ends up serving
it, and for paths no route matches -- so a route added later is locked without doing
anything. Open without a token: ``/_mockpbx/health``, for load balancers and Docker's
HEALTHCHECK, and the dashboard's page and static files, which hold no world data: a browser has
to load the page before the page can ask for the token and send it on every data call.
"""

from __future__ import annotations

import hmac
import io

from flask import Blueprint, Response, current_app, g, request

from ..settings import Settings
from .errors import error_response

CONTROL_PREFIX = "/_mockpbx"
OPEN_PATHS = frozenset({f"{CONTROL_PREFIX}/health"})
DASHBOARD_PAGES = frozenset({f"{CONTROL_PREFIX}/ui", f"{CONTROL_PREFIX}/ui/"})
DASHBOARD_FILES = f"{CONTROL_PREFIX}/ui/static/"
# Snapshots are whole worlds; every other control body is a few fields.
LARGE_BODY_ROUTES = frozenset({("PUT", "state")})
# Pact verifiers send one set of custom headers with every request, state changes and the
# provider's own API alike; ePBX needs its own ``Authorization: Bearer`` there. So this one route
# also takes the admin token as ``?token=``: it lands in access logs, which is acceptable for a
# test server whose token guards test worlds, and is the only way a verifier can pass it.
QUERY_TOKEN_ROUTES = frozenset({("POST", f"{CONTROL_PREFIX}/pact/provider-states")})
QUERY_TOKEN = "token"
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
    if not path.startswith(CONTROL_PREFIX) or path in OPEN_PATHS or _is_dashboard_shell(path):
        return None
    if path != CONTROL_PREFIX and not path.startswith(CONTROL_PREFIX + "/"):
        return None  # /_mockpbxfoo is not the control plane
    config = settings()
    token = config.admin_token
    if token is not None:
        if not (_bearer_matches(request.headers.get("Authorization", ""), token) or _query_token_matches(token)):
            return _unauthorized()
        setattr(g, _ADMIN, True)
    limit = config.max_state_body if (request.method, path.rsplit("/", 1)[-1]) in LARGE_BODY_ROUTES \
        else config.max_body
    request.max_content_length = limit
    declared = request.content_length
    too_large = declared > limit if declared is not None else (
        "wsgi.input_terminated" in request.environ and _measure_unsized_body(limit) > limit)
    if too_large:
        # Refused before the body is parsed, or (with a length given) before a byte is read.
        shown = f"{declared} bytes" if declared is not None else f"over {limit} bytes"
        return error_response(413, f"the body is {shown}; this route takes at most {limit} (see max_body "
                                   f"and max_state_body)", "body_too_large")
    return None


def _is_dashboard_shell(path: str) -> bool:
    return request.method in ("GET", "HEAD") and (path in DASHBOARD_PAGES or path.startswith(DASHBOARD_FILES))


def _measure_unsized_body(limit: int) -> int:
    """Read a body sent without a length (chunked) up to one byte past ``limit``.

    Werkzeug would silently cut such a body at the limit and the route would see truncated
    JSON; reading it here gives the same 413 as a declared length, and a body within the
    limit is handed on as if its length had been declared.
    """
    environ = request.environ
    data = environ["wsgi.input"].read(limit + 1)
    if len(data) <= limit:
        environ["wsgi.input"] = io.BytesIO(data)
        environ["CONTENT_LENGTH"] = str(len(data))
    return len(data)


def _bearer_matches(header: str, token: str) -> bool:
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    # Compared as bytes in constant time: how long a guess matched must not show in the timing.
    return hmac.compare_digest(presented.strip().encode("latin-1", "replace"), token.encode("latin-1", "replace"))


def _query_token_matches(token: str) -> bool:
    if (request.method, request.path) not in QUERY_TOKEN_ROUTES:
        return False
    presented = request.args.get(QUERY_TOKEN)
    if presented is None:
        return False
    return hmac.compare_digest(presented.encode("latin-1", "replace"), token.encode("latin-1", "replace"))


def _unauthorized() -> Response:
    response = error_response(401, "the control plane needs 'Authorization: Bearer <admin token>'", "unauthorized")
    response.headers["WWW-Authenticate"] = 'Bearer realm="mockpbx"'
    return response
