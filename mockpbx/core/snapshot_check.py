"""What a snapshot must satisfy beyond its schema before a world takes it.

The schema says a balance is a decimal and a clock reading a float; it does not say that
-1e308 is no balance or that 1e308 is no instant. A world that took such values would
answer later requests with an error (or a 500 in the control plane's own summary), so
:func:`check_snapshot` refuses them up front, naming the first offending field.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from . import errors
from .state import Snapshot

# 9999-12-31T23:59:59Z: the last instant an ISO date (and every vendor's date format) can show.
MAX_EPOCH = 253_402_300_799.0
# No amount, duration or count in a world comes near this; anything beyond is not data.
MAX_MAGNITUDE = 10**15
MAX_CLOCK_SCALE = 1_000_000.0
MAX_SEED = 2**63 - 1
_CURRENCY = re.compile(r"[A-Z]{3}")


def check_snapshot(snap: Snapshot, event_kinds: Collection[str] | None = None) -> None:
    """Refuse a snapshot whose values no world could hold.

    ``event_kinds`` are the scheduled-event kinds the world has handlers for (None: any); a
    snapshot owing an event of another kind is refused here rather than failing when it falls due.

    Raises:
        InvalidArgument: the first offending value, by its path in the document.
    """
    _walk(snap.state, "state")
    clock = snap.clock
    _within(clock.now, 0, MAX_EPOCH, "clock.now")
    if not (math.isfinite(clock.scale) and 0 < clock.scale <= MAX_CLOCK_SCALE):
        raise _bad("clock.scale", f"must be above 0 and at most {MAX_CLOCK_SCALE:g}")
    ids = snap.ids
    _within(ids.seed, 0, MAX_SEED, "ids.seed")
    _within(ids.draws, 0, MAX_MAGNITUDE, "ids.draws")
    for kind, counter in ids.counters.items():
        _within(counter, 0, MAX_MAGNITUDE, f"ids.counters.{kind}")
    state = snap.state
    for position, event in enumerate(state.events):
        _within(event.due, 0, MAX_EPOCH, f"state.events.{position}.due")
        if event_kinds is not None and event.kind not in event_kinds:
            raise _bad(f"state.events.{position}.kind", f"names no known event ({event.kind[:40]!r})")
    for key, record in state.keys.items():
        if record.key != key:
            raise _bad(f"state.keys.{key}", "is filed under another key than its own")
    _check_settings(snap)


def _check_settings(snap: Snapshot) -> None:
    settings = snap.state.settings
    _within(settings.rate_limit_per_minute, 0, 1_000_000, "state.settings.rate_limit_per_minute")
    _within(settings.traffic_calls_per_minute, 0, 6_000, "state.settings.traffic_calls_per_minute")
    if settings.did_request_auto_approve_seconds is not None:
        _within(settings.did_request_auto_approve_seconds, 0, MAX_EPOCH,
                "state.settings.did_request_auto_approve_seconds")
    if settings.licence_expires_at is not None:
        _within(settings.licence_expires_at, 0, MAX_EPOCH, "state.settings.licence_expires_at")
    _within(settings.call_rate_per_minute, 0, 1_000_000, "state.settings.call_rate_per_minute")
    if not isinstance(settings.currency, str) or not _CURRENCY.fullmatch(settings.currency):
        raise _bad("state.settings.currency", "must be three capital letters")


def _walk(value: Any, path: str) -> None:
    """Every number anywhere in the state is finite and of a plausible size."""
    if isinstance(value, bool) or value is None or isinstance(value, str | bytes):
        return
    if isinstance(value, int | float | Decimal):
        _within(value, -MAX_MAGNITUDE, MAX_MAGNITUDE, path)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _walk(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(key, f"{path}.{key}")
            _walk(item, f"{path}.{key}")
    elif isinstance(value, list | tuple | set | frozenset):
        for position, item in enumerate(value):
            _walk(item, f"{path}.{position}")


def _within(value: object, low: float, high: float, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise _bad(path, "must be a number")
    finite = value.is_finite() if isinstance(value, Decimal) else not isinstance(value, float) or math.isfinite(value)
    if not finite:
        raise _bad(path, "must be finite")
    if not low <= value <= high:
        raise _bad(path, f"must be {low:g} to {high:g}")


def _bad(path: str, problem: str) -> errors.InvalidArgument:
    return errors.InvalidArgument(f"not a usable snapshot: {path} {problem}", field=path)
