"""``pbxware.cdr.download`` and ``cdr.billamount``: the telephony engine's CDRs, newest first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ....core.entities import Cdr, Direction, Disposition, Tenant
from ....core.errors import TenantNotFound
from .common import invalid, optional_match, require_match
from .registry import ActionContext, ActionTable, PbxwareError

HEADER = ["Tenant", "From", "To", "Date/Time", "Total Duration", "Rating Duration", "Rating Cost", "Status", "ID",
          "Recording Path", "Recording Available", "Location Type"]
DATE = r"^[A-Z][a-z]{2}-\d{2}-\d{4}$"
TIME = r"^\d{2}:\d{2}:\d{2}$"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DEFAULT_LIMIT = 16
MAX_LIMIT = 1000
STATUS_BITS = {Disposition.ANSWERED: 8, Disposition.NO_ANSWER: 4, Disposition.BUSY: 2, Disposition.FAILED: 1}
STATUS_NAMES = {Disposition.ANSWERED: "Answered", Disposition.NO_ANSWER: "Unanswered", Disposition.BUSY: "Busy",
                Disposition.FAILED: "Failed"}
CDR_TYPES = {"1": (Direction.INBOUND,), "2": (Direction.OUTBOUND,),
             "3": (Direction.INBOUND, Direction.OUTBOUND, Direction.INTERNAL)}


@dataclass(frozen=True, slots=True)
class CdrQuery:
    tenant_id: int | None
    start: int
    end: int
    where: Callable[[Cdr], bool]


def _day(ctx: ActionContext, name: str) -> date:
    raw = require_match(ctx, name, DATE)
    month = raw[:3]
    if month not in MONTHS:
        raise invalid(name, raw, DATE)
    day, year = int(raw[4:6]), int(raw[7:])
    if not 1 <= day <= 31 or year < 1970:
        raise invalid(name, raw, DATE)
    # PHP's mktime rolls an overflowing day into the next month (Sep-31 is Oct-01).
    return date(year, MONTHS.index(month) + 1, 1) + timedelta(days=day - 1)


def _time(ctx: ActionContext, name: str, default: str) -> timedelta:
    raw = optional_match(ctx, name, TIME) or default
    hours, minutes, seconds = (int(p) for p in raw.split(":"))
    if hours > 23 or minutes > 59 or seconds > 59:
        raise invalid(name, raw, TIME)
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _zone(ctx: ActionContext) -> tzinfo:
    name = ctx.params.get("timezone", "")
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # unknown, malformed, a directory, too long
        raise invalid("timezone", name, r"^[\w/+-]+$") from None


def _numbers(ctx: ActionContext, name: str) -> set[str] | None:
    raw = optional_match(ctx, name, r"^\d+(,\d+)*$")
    return None if raw is None else set(raw.split(","))


def parse_query(ctx: ActionContext) -> CdrQuery:
    """The filters cdr.download and cdr.billamount share, validated before any read."""
    zone = _zone(ctx)
    first, last = _day(ctx, "start"), _day(ctx, "end")
    start_at = datetime.combine(first, datetime.min.time(), zone) + _time(ctx, "starttime", "00:00:00")
    end_at = datetime.combine(last, datetime.min.time(), zone) + _time(ctx, "endtime", "23:59:59")
    sources, targets = _numbers(ctx, "ext"), _numbers(ctx, "extdst")
    trunk = optional_match(ctx, "trunk", r"^\d+$")
    trunkdst = optional_match(ctx, "trunkdst", r"^\d+$")
    if trunk is not None and sources is not None:
        raise PbxwareError("You cannot supply trunk and ext at the same time!")
    if trunkdst is not None and targets is not None:
        raise PbxwareError("You cannot supply trunkdst and extdst at the same time!")
    status = optional_match(ctx, "status", r"^\d{1,2}$")
    mask = int(status) if status is not None else 15
    directions = CDR_TYPES[optional_match(ctx, "cdrtype", r"^(1|2|3)$") or "3"]
    tenant_id = None
    if ctx.params.get("server", "") not in ("", "1"):
        tenant_id = ctx.tenant().id

    def where(cdr: Cdr) -> bool:
        return (cdr.direction in directions and bool(STATUS_BITS[cdr.disposition] & mask)
                and (sources is None or cdr.src in sources) and (targets is None or cdr.dst in targets)
                and (trunk is None or (cdr.direction is Direction.INBOUND and cdr.trunk_id == int(trunk)))
                and (trunkdst is None or (cdr.direction is Direction.OUTBOUND and cdr.trunk_id == int(trunkdst))))

    return CdrQuery(tenant_id, int(start_at.timestamp()), int(end_at.timestamp()) + 1, where)


def row(cdr: Cdr, tenant: Tenant | None) -> list[str]:
    code = tenant.code if tenant else ""
    recorded = cdr.recording_id is not None
    path = f"/home/servers/{code}/recordings/{cdr.uniqueid}.mp3" if recorded else ""
    location = "Local" if cdr.direction is Direction.INTERNAL else "Remote"
    return [code, cdr.src, cdr.dst, str(cdr.start), str(cdr.duration), str(cdr.billsec), f"{cdr.cost:.2f}",
            STATUS_NAMES[cdr.disposition], cdr.uniqueid, path, "true" if recorded else "false", location]


def _tenants_of(ctx: ActionContext, rows: list[Cdr]) -> dict[int, Tenant]:
    """The tenants a page's rows name, looked up for the page rather than listing the world's."""
    found: dict[int, Tenant] = {}
    for tenant_id in {c.tenant_id for c in rows}:
        try:
            found[tenant_id] = ctx.world.get_tenant(tenant_id)
        except TenantNotFound:
            pass
    return found


def register(table: ActionTable) -> None:
    @table.action("pbxware.cdr.download")
    def cdr_download(ctx: ActionContext) -> object:
        query = parse_query(ctx)
        page = int(optional_match(ctx, "page", r"^\d+$") or "1")
        limit = int(optional_match(ctx, "limit", r"^\d+$") or str(DEFAULT_LIMIT))
        limit = min(max(limit, 1), MAX_LIMIT)
        page = max(page, 1)
        found = ctx.world.query_cdrs(query.tenant_id, start=query.start, end=query.end, where=query.where,
                                     offset=(page - 1) * limit, limit=limit + 1)
        rows = found[:limit]
        tenants = _tenants_of(ctx, rows)
        return {"success": "CDRs downloaded successfully.", "next_page": len(found) > limit, "limit": limit,
                "records": len(rows), "header": HEADER if rows else None,
                "csv": [row(c, tenants.get(c.tenant_id)) for c in rows]}

    @table.action("pbxware.cdr.billamount")
    def cdr_billamount(ctx: ActionContext) -> object:
        query = parse_query(ctx)
        found = ctx.world.query_cdrs(query.tenant_id, start=query.start, end=query.end, where=query.where)
        total = sum((c.cost for c in found), Decimal("0"))
        return {"billamount": f"{total:.2f}"}
