"""What every /api/v2 request goes through: size check, token, throttle, refusals, ownership."""

from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, g, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ...core import errors as domain
from ...core.entities import Tenant
from ...core.quotas import Quota
from ..base import exchange, set_outcome
from .auth import Caller, authenticate
from .errors import CUSTOMER_NOT_FOUND, POST_TOO_LARGE, TOO_MANY_ATTEMPTS, ApiError, domain_failure
from .uploads import MAX_BODY_BYTES
from .wire import failure

_ID = re.compile(r"^[1-9][0-9]{0,17}$")


def caller() -> Caller:
    found: Caller = g.epbx_caller
    return found


def owned_customer(raw_id: str) -> Tenant:
    """The caller's own customer; anyone else's is as absent as one that never existed."""
    if not _ID.match(raw_id):
        raise ApiError(404, CUSTOMER_NOT_FOUND)
    who = caller()
    try:
        tenant = who.world.tenancy.get_tenant(int(raw_id))
    except domain.TenantNotFound:
        raise ApiError(404, CUSTOMER_NOT_FOUND) from None
    if tenant.reseller_id != who.reseller.id:
        raise ApiError(404, CUSTOMER_NOT_FOUND)
    return tenant


def _guard() -> Response | None:
    """Size first (as Laravel's global ValidatePostSize does), then the token, then the throttle."""
    if request.method == "OPTIONS":
        return None  # Flask's automatic answer listing the methods; no token needed to ask
    # The adapter's own limit, narrowed by an app-wide MAX_CONTENT_LENGTH if an operator set one.
    configured = current_app.config.get("MAX_CONTENT_LENGTH")
    limit = MAX_BODY_BYTES if configured is None else min(MAX_BODY_BYTES, int(configured))
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, POST_TOO_LARGE)
    who = authenticate()
    g.epbx_caller = who
    limit = who.world.settings.rate_limit_per_minute
    if limit > 0:
        # Laravel's throttle: per token, a window that opens at the first hit; refused hits do not count.
        verdict = who.world.take_quota(who.key.key, limit)
        g.epbx_verdict = verdict
        if not verdict.allowed:
            set_outcome("rate_limited")
            raise ApiError(429, TOO_MANY_ATTEMPTS)
    return None


def _rate_headers(response: Response) -> Response:
    verdict: Quota | None = g.get("epbx_verdict")
    if verdict is not None:
        if not verdict.allowed:
            response.headers["Retry-After"] = str(verdict.retry_after)
            response.headers["X-RateLimit-Reset"] = str(verdict.reset_at)
        response.headers["X-RateLimit-Limit"] = str(verdict.limit)
        response.headers["X-RateLimit-Remaining"] = str(verdict.remaining)
    return response


def _api_error(error: ApiError) -> Response:
    # The journal words a refusal itself (base.journal_outcome), keeping a reason the handler gave.
    return error.render()


def _domain_error(error: domain.DomainError) -> Response:
    exchange().refuse(error)  # journalled by its code, as every vendor journals the core's refusals
    return _api_error(domain_failure(error))


def _http_error(error: HTTPException) -> Response:
    if isinstance(error, RequestEntityTooLarge):
        return _api_error(ApiError(413, POST_TOO_LARGE))
    return failure(error.code or 400, error.name + ".")


def install(bp: Blueprint) -> None:
    """Hang the guard, the rate headers and the refusal renderers on the ePBX blueprint."""

    bp.before_request(_guard)
    bp.after_request(_rate_headers)
    bp.register_error_handler(ApiError, _api_error)
    bp.register_error_handler(domain.DomainError, _domain_error)
    bp.register_error_handler(HTTPException, _http_error)
