"""``pbxware.cdr.download`` and ``cdr.billamount``: the telephony engine's CDRs, newest first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ....core.entities import Cdr, Direction, Disposition, Tenant
from ....core.errors import NotFound, TenantNotFound
from ....core.world import World
from .common import invalid, number, optional_match, require_match
from .registry import ActionContext, ActionTable, PbxwareError

# The system-wide layout (no ``server``, or ``server=1``): the one Bicom's collection checks (DOC).
HEADER = ["Tenant", "From", "To", "Date/Time", "Total Duration", "Rating Duration", "Rating Cost", "Status", "ID",
          "Recording Path", "Recording Available", "Location Type"]
# A tenant's layout (``server=<tenant id>``) has no Tenant column and differs by release (CLIENT):
# PBXware 6 prints 8 columns when billing applies and 6 when it does not; PBXware 7 adds MOS and
# Recording Available ("True"/"False") after the Unique ID (their order is INF).
RATING = ("Rating Duration", "Rating Cost")
TENANT_HEADERS: dict[tuple[str, bool], list[str]] = {
    ("6.x", True): ["From", "To", "Date/Time", "Total Duration", *RATING, "Status", "Unique ID"],
    ("6.x", False): ["From", "To", "Date/Time", "Total Duration", "Status", "Unique ID"],
    ("7.x", True): ["From", "To", "Date/Time", "Total Duration", *RATING, "Status", "Unique ID", "MOS",
                    "Recording Available"],
    ("7.x", False): ["From", "To", "Date/Time", "Total Duration", "Status", "Unique ID", "MOS",
                     "Recording Available"],
}
# INF: the mock's calls have no measured voice quality; an answered call scores a good line.
ANSWERED_MOS = "4.40"
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
                and (trunk is None or (cdr.direction is Direction.INBOUND and cdr.trunk_id == number(trunk)))
                and (trunkdst is None or (cdr.direction is Direction.OUTBOUND and cdr.trunk_id == number(trunkdst))))

    return CdrQuery(tenant_id, int(start_at.timestamp()), int(end_at.timestamp()) + 1, where)


def row(cdr: Cdr, tenant: Tenant | None) -> list[str]:
    code = tenant.code if tenant else ""
    recorded = cdr.recording_id is not None
    path = f"/home/servers/{code}/recordings/{cdr.uniqueid}.mp3" if recorded else ""
    location = "Local" if cdr.direction is Direction.INTERNAL else "Remote"
    return [code, cdr.src, cdr.dst, str(cdr.start), str(cdr.duration), str(cdr.billsec), f"{cdr.cost:.2f}",
            STATUS_NAMES[cdr.disposition], cdr.uniqueid, path, "true" if recorded else "false", location]


def tenant_row(cdr: Cdr, header: list[str]) -> list[str]:
    """One CDR in a tenant layout: the system row's fields by column name, plus MOS."""
    recorded = cdr.recording_id is not None
    fields = {
        "From": cdr.src, "To": cdr.dst, "Date/Time": str(cdr.start), "Total Duration": str(cdr.duration),
        "Rating Duration": str(cdr.billsec), "Rating Cost": f"{cdr.cost:.2f}", "Status": STATUS_NAMES[cdr.disposition],
        "Unique ID": cdr.uniqueid, "MOS": ANSWERED_MOS if cdr.disposition is Disposition.ANSWERED else "0.00",
        "Recording Available": "True" if recorded else "False",
    }
    return [fields[name] for name in header]


def billing_applies(world: World, tenant: Tenant) -> bool:
    """INF: the tenant's calls are rated when its package (else the world's call rate) charges for them."""
    rate = world.settings.call_rate_per_minute
    if tenant.package_id is not None:
        try:
            rate = world.tenancy.get_package(tenant.package_id).rate_per_minute
        except NotFound:
            pass
    return rate > 0


def _tenants_of(ctx: ActionContext, rows: list[Cdr]) -> dict[int, Tenant]:
    """The tenants a page's rows name, looked up for the page rather than listing the world's."""
    found: dict[int, Tenant] = {}
    for tenant_id in {c.tenant_id for c in rows}:
        try:
            found[tenant_id] = ctx.world.tenancy.get_tenant(tenant_id)
        except TenantNotFound:
            pass
    return found


def register(table: ActionTable) -> None:
    @table.action("pbxware.cdr.download")
    def cdr_download(ctx: ActionContext) -> object:
        query = parse_query(ctx)
        page = number(optional_match(ctx, "page", r"^\d+$") or "1")
        limit = number(optional_match(ctx, "limit", r"^\d+$") or str(DEFAULT_LIMIT))
        limit = min(max(limit, 1), MAX_LIMIT)
        page = max(page, 1)
        found = ctx.world.telephony.query_cdrs(query.tenant_id, start=query.start, end=query.end, where=query.where,
                                               offset=(page - 1) * limit, limit=limit + 1)
        rows = found[:limit]
        if query.tenant_id is None:
            tenants = _tenants_of(ctx, rows)
            header, csv = HEADER, [row(c, tenants.get(c.tenant_id)) for c in rows]
        else:
            billed = billing_applies(ctx.world, ctx.world.tenancy.get_tenant(query.tenant_id))
            header = TENANT_HEADERS[(ctx.world.settings.pbxware_version, billed)]
            csv = [tenant_row(c, header) for c in rows]
        return {"success": "CDRs downloaded successfully.", "next_page": len(found) > limit, "limit": limit,
                "records": len(rows), "header": header if rows else None, "csv": csv}

    @table.action("pbxware.cdr.billamount")
    def cdr_billamount(ctx: ActionContext) -> object:
        query = parse_query(ctx)
        found = ctx.world.telephony.query_cdrs(query.tenant_id, start=query.start, end=query.end, where=query.where)
        total = sum((c.cost for c in found), Decimal("0"))
        return {"billamount": f"{total:.2f}"}
