"""ePBX's bytes: Laravel's ``response()->json()`` envelope, encoded as PHP ``json_encode`` does."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal

from flask import Response

from ..php import php_json_encode

JSON_CONTENT_TYPE = "application/json"
# Laravel's default for any response that sets no cache headers of its own.
CACHE_CONTROL = "no-cache, private"


def money(amount: Decimal) -> str:
    """Two places, as a string: Laravel's ``decimal:2`` cast never goes through a float."""
    return f"{amount.quantize(Decimal('0.01'))}"


def timestamp(epoch: float | int | None) -> str | None:
    """Laravel's date serialisation: ISO-8601 in UTC with microseconds and a ``Z``."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def json_response(payload: Mapping[str, object], status: int = 200,
                  headers: Mapping[str, str] | None = None) -> Response:
    response = Response(php_json_encode(dict(payload)), status=status, content_type=JSON_CONTENT_TYPE)
    response.headers["Cache-Control"] = CACHE_CONTROL
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def success(data: object, status: int = 200, **extra: object) -> Response:
    """``{"status":"success","data":…}``, with any extra top-level members after ``data``."""
    return json_response({"status": "success", "data": data, **extra}, status)


def failure(status: int, message: str, errors: Mapping[str, list[str]] | None = None,
            headers: Mapping[str, str] | None = None) -> Response:
    """``{"status":"error","message":…}``, plus ``errors`` for a validation failure."""
    payload: dict[str, object] = {"status": "error", "message": message}
    if errors:
        payload["errors"] = {field: list(messages) for field, messages in errors.items()}
    return json_response(payload, status, headers)
