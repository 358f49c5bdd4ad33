"""Query-string arguments of the read-only listings, checked before anything is read."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import request

from ..core.entities import Disposition
from ..core.world import World
from .errors import ControlError

_DIGITS = re.compile(r"[0-9]{1,9}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DAY_SECONDS = 86400


def bad(message: str) -> ControlError:
    return ControlError(422, message, "invalid_argument")


def whole_number(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise bad(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def tenant_filter(found: World) -> int | None:
    """``tenant=CODE`` as a tenant id (404 for an unknown code); None when absent or empty."""
    code = request.args.get("tenant")
    return found.tenancy.tenant_by_code(code).id if code else None


def disposition_filter() -> Disposition | None:
    raw = request.args.get("disposition")
    if not raw:
        return None
    try:
        return Disposition(raw)
    except ValueError:
        raise bad("disposition must be one of " + ", ".join(d.value for d in Disposition)) from None


def day_filter() -> tuple[int, int] | None:
    """``date=YYYY-MM-DD``: that UTC day of world time as ``[start, end)`` epoch seconds."""
    raw = request.args.get("date")
    if not raw:
        return None
    try:
        if not _DATE.fullmatch(raw):
            raise ValueError(raw)
        day = datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise bad("date must be a day as YYYY-MM-DD") from None
    start = int(day.timestamp())
    return start, start + DAY_SECONDS
