"""ePBX's bytes: Laravel's ``response()->json()`` envelope, encoded as PHP ``json_encode`` does."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal

from flask import Response

_NON_ASCII = re.compile(r"[^\x00-\x7f]")

JSON_CONTENT_TYPE = "application/json"
# Laravel's default for any response that sets no cache headers of its own.
CACHE_CONTROL = "no-cache, private"


def php_json_encode(value: object) -> bytes:
    """PHP ``json_encode($value)`` with Laravel's default flags: compact, ``\\/``, ``\\uXXXX``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _NON_ASCII.sub(_escape, text.replace("/", "\\/")).encode("ascii")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


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
