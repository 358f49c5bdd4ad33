"""Call history: INFO CDRS, SIMPLECDRS and QUEUELOGS."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ...core.entities import Cdr, Direction, QueueLogEntry
from ...core.world import World
from .context import Context
from .params import Params, date_window
from .queues import find_queue
from .render import both_keys, csv_table, doubled_pipe, php_json, pipe_table, xml_rows
from .reply import EMPTY, Reply
from .rows import (
    DIRECTIONS,
    DISPOSITIONS,
    EXTENSION_COLUMNS,
    Row,
    cdr_userfield,
    extension_row,
    lookup_id,
    uniqueid,
    when,
)

# CLIENT: the CDR table's columns in the order MiRTA prints them (two unrelated clients agree, and
# the CDR fields MiRTA documents are the same set); tenant and admin layouts print the same ones.
CDR_COLUMNS = ("accountcode", "ID", "start", "answer", "end", "clid", "realsrc", "firstdst", "duration", "billsec",
               "disposition", "cc_cost", "dcontext", "dstchannel", "userfield", "uniqueid", "prevuniqueid", "lastdst",
               "wherelanded", "src", "dst", "lastapp", "srcCallID", "linkedid", "peeraccount", "originateid",
               "cc_country", "cc_network", "pincode", "cc_buy", "srcchannel")
# CLIENT: some systems stop after ``pincode`` (world setting ``mirta_cdr_columns: short``).
SHORT_CDR_COLUMNS = CDR_COLUMNS[:CDR_COLUMNS.index("pincode") + 1]
# Fields a ``template`` may name beyond the printed columns: the DOC template uses them.
_TEMPLATE_EXTRAS = ("te_id", "direction")
# CLIENT: where the call came from; clients derive the direction from it and the userfield tag.
DCONTEXTS = {Direction.INBOUND: "fromoutside", Direction.OUTBOUND: "frominternal", Direction.INTERNAL: "frominternal"}
SIMPLE_CDR_COLUMNS = ("sc_te_id", "tenantcode", "sc_start", "sc_direction", "sc_calleridnum", "sc_calleridname",
                      "sc_dialednum", "sc_disposition", "sc_duration", "sc_uniqueid", "sc_whoanswered")
_EMPTY_EXTENSION: Row = dict.fromkeys(EXTENSION_COLUMNS, None)
# A provider without a MiRTA peer name is dialled by its name made into one (no spaces, lower case).
_PEER_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")


class CdrNames:
    """Names the renderers need, fetched once per request instead of once per row."""

    def __init__(self, world: World) -> None:
        self.codes = {t.id: t.code for t in world.list_tenants()}
        self.extensions = {e.id: e for e in world.list_extensions()}
        self.providers = {p.id: p for p in world.list_providers()}

    def number(self, extension_id: int | None) -> str:
        extension = self.extensions.get(extension_id) if extension_id is not None else None
        return "" if extension is None else extension.number


def cdr_scope(ctx: Context) -> int | None:
    """The tenant to read; None (every tenant) for ``tenant=%`` or an admin key without a tenant."""
    return None if ctx.tenant is None else ctx.tenant.id


def _matcher(params: Params, fields: dict[str, Callable[[Cdr], Sequence[str]]]) -> Callable[[Cdr], bool]:
    wanted = {name: {v.upper() for v in params.choices(name)} for name in fields if params.has(name)}
    for name in ("uniqueid", "linkedid"):
        if name in wanted:
            wanted[name] = {lookup_id(v) for v in wanted[name]}

    def match(cdr: Cdr) -> bool:
        return all(any(value.upper() in wanted[name] for value in fields[name](cdr)) for name in wanted)

    return match


def _sequence(cdr: Cdr) -> int:
    return int(cdr.uniqueid.rpartition(".")[2] or 0)


def _provider_channel(cdr: Cdr, names: CdrNames) -> str:
    provider = names.providers.get(cdr.provider_id) if cdr.provider_id is not None else None
    if provider is None:
        return ""
    peer = provider.attributes.get("peername") or _PEER_UNSAFE.sub("-", provider.name).strip("-").lower()
    return f"{provider.tech.value}/{peer}-{_sequence(cdr):08x}"


def _extension_channel(cdr: Cdr, names: CdrNames, extension_id: int | None) -> str:
    extension = names.extensions.get(extension_id) if extension_id is not None else None
    if extension is None:
        return ""
    return f"PJSIP/{extension.number}-{names.codes.get(extension.tenant_id, '')}-{_sequence(cdr):08x}"


def _dst_channel(cdr: Cdr, names: CdrNames) -> str:
    """The channel the call was dialled on: the callee's, or the provider's that outbound routing chose."""
    return _extension_channel(cdr, names, cdr.dst_extension_id) or _provider_channel(cdr, names)


def _src_channel(cdr: Cdr, names: CdrNames) -> str:
    """The channel the call came in on: the caller's extension, else the provider an inbound call used."""
    channel = _extension_channel(cdr, names, cdr.src_extension_id)
    if channel or cdr.direction is not Direction.INBOUND:
        return channel
    return _provider_channel(cdr, names)


def _who_answered(cdr: Cdr, names: CdrNames) -> str:
    if cdr.answer is None:
        return ""
    return names.number(cdr.dst_extension_id) or cdr.dst


def _peer_account(cdr: Cdr, names: CdrNames) -> str:
    """The account of the extension at the far end of an internal call (``102-DEMO``)."""
    extension = names.extensions.get(cdr.dst_extension_id) if cdr.dst_extension_id is not None else None
    if extension is None or cdr.direction is not Direction.INTERNAL:
        return ""
    return f"{extension.number}-{names.codes.get(extension.tenant_id, '')}"


def _cdr_row(cdr: Cdr, names: CdrNames) -> Row:
    """One CDR under every column name, in CDR_COLUMNS order (INF values where MiRTA's are unknown:
    no node, so ``prevuniqueid``, ``srcCallID`` and the ``cc_*`` rating details are empty)."""
    return {
        "accountcode": names.codes.get(cdr.tenant_id, ""),
        "ID": str(cdr.id),
        "start": when(cdr.start),
        "answer": when(cdr.answer),
        "end": when(cdr.end),
        "clid": f'"{cdr.caller_name}" <{cdr.src}>',
        "realsrc": cdr.src,
        "firstdst": cdr.first_dst or cdr.dst,
        "duration": str(cdr.duration),
        "billsec": str(cdr.billsec),
        "disposition": DISPOSITIONS[cdr.disposition],
        "cc_cost": f"{cdr.cost:.4f}",
        "dcontext": DCONTEXTS[cdr.direction],
        "dstchannel": _dst_channel(cdr, names),
        "userfield": cdr_userfield(cdr),
        "uniqueid": uniqueid(cdr.uniqueid),
        "prevuniqueid": "",
        "lastdst": cdr.dst,
        "wherelanded": _who_answered(cdr, names),
        "src": cdr.src,
        "dst": cdr.first_dst or cdr.dst,
        "lastapp": "Dial",
        "srcCallID": "",
        "linkedid": uniqueid(cdr.uniqueid),
        "peeraccount": _peer_account(cdr, names),
        "originateid": cdr.originate_id,
        "cc_country": "",
        "cc_network": "",
        "pincode": "",
        "cc_buy": "0.0000",
        "srcchannel": _src_channel(cdr, names),
    }


def _query(ctx: Context, match: Callable[[Cdr], bool]) -> list[Cdr]:
    start, end = date_window(ctx.params, ctx.world.clock.now())
    tenant_id = cdr_scope(ctx)
    return ctx.world.query_cdrs(tenant_id, start=start, end=end, where=match)


def cdr_columns(world: World) -> tuple[str, ...]:
    return SHORT_CDR_COLUMNS if world.settings.mirta_cdr_columns == "short" else CDR_COLUMNS


def cdrs(ctx: Context) -> Reply:
    names = CdrNames(ctx.world)
    match = _matcher(ctx.params, {
        "id": lambda c: (str(c.id),),
        "uniqueid": lambda c: (c.uniqueid,),
        "linkedid": lambda c: (c.uniqueid,),
        "src": lambda c: (c.src,),
        "firstdst": lambda c: (c.first_dst or c.dst,),
        "direction": lambda c: (DIRECTIONS[c.direction],),
        "phone": lambda c: (c.src, c.dst, _who_answered(c, names)),
    })
    found = _query(ctx, match)
    if not found:
        return EMPTY
    rows = [_cdr_row(c, names) for c in found]
    template = ctx.params.get("template")
    if template:
        lines = [_fill(template, _with_extras(row, cdr)) + "\n" for row, cdr in zip(rows, found, strict=True)]
        return Reply.text("".join(lines))
    columns = cdr_columns(ctx.world)
    shown = [{c: row[c] for c in columns} for row in rows]
    fmt = ctx.fmt
    if fmt == "xml":
        return Reply.text(xml_rows("cdrs", "cdr", shown))
    if fmt == "json":
        return Reply.text(php_json(shown))
    values = [list(row.values()) for row in shown]
    if fmt == "csv":
        return Reply.text(csv_table(columns, values))
    return Reply.text(pipe_table(columns, values))


def _with_extras(row: Row, cdr: Cdr) -> Row:
    return {**row, _TEMPLATE_EXTRAS[0]: str(cdr.tenant_id), _TEMPLATE_EXTRAS[1]: DIRECTIONS[cdr.direction]}


def _fill(template: str, row: Row) -> str:
    for name, value in row.items():
        template = template.replace("{$" + name + "}", value or "")
    return template


def _simple_row(cdr: Cdr, names: CdrNames) -> Row:
    return {
        "sc_te_id": str(cdr.tenant_id),
        "tenantcode": names.codes.get(cdr.tenant_id, ""),
        "sc_start": when(cdr.start),
        "sc_direction": DIRECTIONS[cdr.direction],
        "sc_calleridnum": cdr.src,
        "sc_calleridname": cdr.caller_name,
        "sc_dialednum": cdr.dst,
        "sc_disposition": DISPOSITIONS[cdr.disposition],
        "sc_duration": str(cdr.duration),
        "sc_uniqueid": uniqueid(cdr.uniqueid),
        "sc_whoanswered": _who_answered(cdr, names),
    }


def simple_cdrs(ctx: Context) -> Reply:
    names = CdrNames(ctx.world)
    match = _matcher(ctx.params, {
        "id": lambda c: (str(c.id),),
        "uniqueid": lambda c: (c.uniqueid,),
        "calleridnum": lambda c: (c.src,),
        "calleridname": lambda c: (c.caller_name,),
        "disposition": lambda c: (DISPOSITIONS[c.disposition],),
        "direction": lambda c: (DIRECTIONS[c.direction],),
        "whoanswered": lambda c: (_who_answered(c, names),),
        "phone": lambda c: (c.src, c.dst, _who_answered(c, names)),
    })
    rows = [_simple_row(c, names) for c in _query(ctx, match)]
    if not rows:
        return EMPTY
    fmt = ctx.fmt
    if fmt == "json":
        return Reply.text(php_json([both_keys(row) for row in rows]))
    if fmt == "csv":
        return Reply.text(csv_table(SIMPLE_CDR_COLUMNS, [list(row.values()) for row in rows]))
    if fmt == "xml":
        return EMPTY
    return Reply.text(doubled_pipe(rows))


def _datum(entry: QueueLogEntry, index: int) -> str:
    return entry.data[index] if len(entry.data) > index else "0"


def _log_row(entry: QueueLogEntry, queue_names: dict[int, str], names: CdrNames) -> Row:
    extension = names.extensions.get(entry.extension_id) if entry.extension_id is not None else None
    code = names.codes.get(entry.tenant_id, "")
    row: Row = {
        "time": when(entry.time),
        "qu_name": queue_names.get(entry.queue_id, ""),
        # Asterisk's queue_log keeps a PAUSE reason in data1; MiRTA's callerid column is its place here.
        # A queue call's line carries (caller, held, talked, position); agent events carry less.
        "callerid": entry.data[0] if entry.data else "",
        "disposition": entry.event,
        "agent": None if extension is None else f"{extension.number}-{code}",
        "holdtime": _datum(entry, 1),
        "calltime": _datum(entry, 2),
        "origpos": _datum(entry, 3),
        "callid": entry.call_id,
    }
    row.update(_EMPTY_EXTENSION if extension is None else extension_row(extension))
    return row


def queue_logs(ctx: Context) -> Reply:
    tenant_id = cdr_scope(ctx)
    start, end = date_window(ctx.params, ctx.world.clock.now())
    queue_id = find_queue(ctx.world, ctx.tenant, ctx.params.get("queue")).id if ctx.params.has("queue") else None
    names = CdrNames(ctx.world)
    queue_names = {q.id: q.name for q in ctx.world.list_queues(tenant_id)}
    entries = [e for e in ctx.world.queue_log(tenant_id, start=start, end=end)
               if queue_id is None or e.queue_id == queue_id]
    rows = [_log_row(e, queue_names, names) for e in entries]
    fmt = ctx.fmt
    if fmt == "json":
        # MiRTA prints the closing bracket even when it printed no opening one.
        return Reply.text(php_json([both_keys(row) for row in rows]) if rows else "]")
    if not rows:
        return EMPTY
    columns = list(rows[0])
    values = [list(row.values()) for row in rows]
    if fmt == "csv":
        return Reply.text(csv_table(columns, values))
    return Reply.text(pipe_table(columns, values))
