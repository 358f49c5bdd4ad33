"""INFO reports derived from call history: OUTDIALED, AGENTSDELAY and IVRLOGS (layouts INF).

Each is a table of named columns printed as MiRTA prints its query results: json an array of
rows with every value under its name and its position (as SIMPLECDRS and QUEUELOGS), csv a header
and ``fputcsv`` rows, plain a pipe table, xml nothing. No rows: json ``[]``, else nothing.
Windows are ``start``/``end`` as for CDRS (neither: today).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...core.entities import Cdr, Direction, Feature, FeatureKind
from ...core.numerals import whole_number
from .answers import Answer, Layout, Table
from .cdrs import CdrNames, cdr_scope
from .context import Context
from .errors import Nothing
from .params import date_window
from .queues import find_queue
from .rows import DISPOSITIONS, Row, uniqueid, when

OUTDIALED_COLUMNS = ("start", "tenantcode", "extension", "name", "dialednum", "disposition", "duration", "billsec",
                     "provider", "uniqueid")
AGENTS_DELAY_COLUMNS = ("qu_id", "qu_name", "agent", "agentname", "answered", "totaldelay", "avgdelay", "maxdelay")
IVR_LOG_COLUMNS = ("time", "iv_id", "iv_name", "iv_number", "callerid", "calleridname", "selection", "duration",
                   "uniqueid")


REPORT_LAYOUT = Layout(json="doubled")


def _table(columns: Sequence[str], rows: list[Row]) -> Table:
    return Table(columns, [[row[c] for c in columns] for row in rows], REPORT_LAYOUT, records=lambda: rows)


def _history(ctx: Context) -> list[Cdr]:
    start, end = date_window(ctx.params, ctx.world.clock.now())
    tenant_id = cdr_scope(ctx)
    return ctx.world.telephony.query_cdrs(tenant_id, start=start, end=end)


# -- OUTDIALED: outside calls placed by extensions, newest first ------------------------------


def outdialed(ctx: Context) -> Answer:
    names = CdrNames(ctx.world)
    rows: list[Row] = [
        {
            "start": when(c.start),
            "tenantcode": names.code(c.tenant_id),
            "extension": names.number(c.src_extension_id) or c.src,
            "name": c.caller_name,
            "dialednum": c.dst,
            "disposition": DISPOSITIONS[c.disposition],
            "duration": str(c.duration),
            "billsec": str(c.billsec),
            "provider": _provider_name(names, c),
            "uniqueid": uniqueid(c.uniqueid),
        }
        for c in _history(ctx)
        if c.direction is Direction.OUTBOUND and c.src_extension_id is not None
    ]
    return _table(OUTDIALED_COLUMNS, rows)


def _provider_name(names: CdrNames, cdr: Cdr) -> str:
    provider = names.provider(cdr.provider_id)
    return "" if provider is None else provider.name


# -- AGENTSDELAY: how long callers waited before each agent answered ---------------------------


def agents_delay(ctx: Context) -> Answer:
    """One row per agent of each queue (``queue`` narrows to one): queue calls answered in the
    window and the seconds their callers held first, summed, averaged (rounded) and at most."""
    tenant_id = cdr_scope(ctx)
    wanted = find_queue(ctx.world, ctx.tenant, ctx.params.get("queue")).id if ctx.params.has("queue") else None
    start, end = date_window(ctx.params, ctx.world.clock.now())
    delays: dict[tuple[int, int], list[int]] = {}
    for entry in ctx.world.directory.queue_log(tenant_id, start=start, end=end):
        held = entry.data[1] if len(entry.data) > 1 else ""
        # custom QUEUE log lines may say ANSWERED with anything in data2: only a number is a delay
        if entry.event == "ANSWERED" and entry.extension_id is not None and held.isascii() and held.isdigit():
            delays.setdefault((entry.queue_id, entry.extension_id), []).append(int(held))
    names = CdrNames(ctx.world)
    rows: list[Row] = []
    for queue in ctx.world.directory.list_queues(tenant_id):
        if wanted is not None and queue.id != wanted:
            continue
        for member in queue.members:
            agent = names.extension(member.extension_id)
            if agent is None:
                continue
            held_for = delays.get((queue.id, agent.id), [])
            total, count = sum(held_for), len(held_for)
            rows.append({
                "qu_id": str(queue.id),
                "qu_name": queue.name,
                "agent": f"{agent.number}-{names.code(agent.tenant_id)}",
                "agentname": agent.name,
                "answered": str(count),
                "totaldelay": str(total),
                "avgdelay": str((2 * total + count) // (2 * count) if count else 0),
                "maxdelay": str(max(held_for, default=0)),
            })
    return _table(AGENTS_DELAY_COLUMNS, rows)


# -- IVRLOGS: calls that reached an IVR ----------------------------------------------------


def ivr_logs(ctx: Context) -> Answer:
    """Calls that reached an IVR: dialled to its number, or arriving on a DID routed to it. The mock
    simulates no keypresses, so ``selection`` is always empty. ``id`` narrows to one IVR."""
    tenant_id = cdr_scope(ctx)
    wanted = ctx.params.get("id").strip()
    if wanted and whole_number(wanted) is None:
        raise Nothing()
    ivrs = ctx.world.directory.list_features(FeatureKind.IVR, tenant_id)
    by_number = {(f.tenant_id, f.number): f for f in ivrs}
    by_id = {str(f.id): f for f in ivrs}
    routed = {d.id: d.destination for d in ctx.world.numbering.list_dids(tenant_id)
              if d.destination is not None and d.destination.kind == "ivr"}

    def reached(cdr: Cdr) -> Feature | None:
        found = by_number.get((cdr.tenant_id, cdr.dst))
        destination = routed.get(cdr.did_id) if cdr.did_id is not None else None
        if found is None and destination is not None:
            found = by_id.get(destination.target) or by_number.get((cdr.tenant_id, destination.target))
        return found

    rows: list[Row] = []
    for cdr in _history(ctx):
        ivr = reached(cdr)
        if ivr is None or (wanted and str(ivr.id) != wanted):
            continue
        rows.append({
            "time": when(cdr.start),
            "iv_id": str(ivr.id),
            "iv_name": ivr.name,
            "iv_number": ivr.number,
            "callerid": cdr.src,
            "calleridname": cdr.caller_name,
            "selection": "",
            "duration": str(cdr.duration),
            "uniqueid": uniqueid(cdr.uniqueid),
        })
    return _table(IVR_LOG_COLUMNS, rows)
