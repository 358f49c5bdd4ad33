"""PBXware's date and time parameters: ``mmm-dd-YYYY`` dates, ``hh:mm:ss`` times, a zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .common import invalid
from .registry import ActionContext, PbxwareError

DATE = r"^(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-([0-2][0-9]|3[01])-\d{4}$"
# As Bicom's collection prints it for the SMS report and history filters.
TIME = r"^((2[0-3])|([0-1][0-9])):[0-5][0-9]:[0-5][0-9]$"


def zone(ctx: ActionContext) -> tzinfo:
    name = ctx.params.get("timezone", "")
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise invalid("timezone", name, r"^[\w\/\-\+]+$") from None


def moment(ctx: ActionContext, date_param: str, time_param: str, default_time: str, where: tzinfo) -> int:
    """Epoch seconds for a required date parameter and its optional time parameter."""
    day = ctx.require(date_param)
    if re.fullmatch(DATE, day, re.ASCII) is None:
        raise invalid(date_param, day, DATE)
    clock = ctx.params.get(time_param, "") or default_time
    if re.fullmatch(TIME, clock, re.ASCII) is None:
        raise invalid(time_param, clock, TIME)
    try:
        parsed = datetime.strptime(f"{day.title()} {clock}", "%b-%d-%Y %H:%M:%S")
    except ValueError:
        raise PbxwareError(f"Required field '{date_param}={day}' contains invalid data (Regex: /{DATE}/)") from None
    return int(parsed.replace(tzinfo=where).timestamp())


def window(ctx: ActionContext, start: str = "start", end: str = "end") -> tuple[int, int, tzinfo]:
    """``[from, to]`` in epoch seconds, inclusive, from start/end dates and starttime/endtime."""
    where = zone(ctx)
    first = moment(ctx, start, "starttime", "00:00:00", where)
    last = moment(ctx, end, "endtime", "23:59:59", where)
    return first, last, where
