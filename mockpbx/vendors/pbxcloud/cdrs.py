"""Call history: INFO CDRS (tenant and admin layouts), SIMPLECDRS and QUEUELOGS."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from ...core.entities import Cdr, Extension, Provider, QueueLogEntry
from ...core.errors import ExtensionNotFound, ProviderNotFound, TenantNotFound
from ...core.world import World
from .context import Context
from .params import Params, date_window
from .queues import find_queue
from .render import both_keys, csv_field, csv_table, doubled_pipe, php_json, pipe_table, xml_rows
from .reply import EMPTY, Reply
from .rows import DIRECTIONS, DISPOSITIONS, EXTENSION_COLUMNS, Row, extension_row, lookup_id, uniqueid, when

TENANT_CDR_COLUMNS = ("uniqueid", "ID", "te_id", "realsrc", "lastdst", "start", "duration", "answer", "direction",
                      "disposition", "billsec", "clid", "firstdst", "originateid", "userfield", "dstchannel")
# The admin layout, used for ``tenant=%``, leads with the tenant code of each row.
ADMIN_CDR_COLUMNS = ("accountcode", *TENANT_CDR_COLUMNS)
SIMPLE_CDR_COLUMNS = ("sc_te_id", "tenantcode", "sc_start", "sc_direction", "sc_calleridnum", "sc_calleridname",
                      "sc_dialednum", "sc_disposition", "sc_duration", "sc_uniqueid", "sc_whoanswered")
QUEUE_LOG_COLUMNS = ("time", "qu_name", "callerid", "disposition", "agent", "holdtime", "calltime", "origpos",
                     "callid")
_EMPTY_EXTENSION: Row = dict.fromkeys(EXTENSION_COLUMNS, None)
# A provider without a MiRTA peer name is dialled by its name made into one (no spaces, lower case).
_PEER_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")


class CdrNames:
    """Names the renderers need, looked up for the rows at hand and remembered for the request.

    Looking up only what a row names keeps a CDR page's cost with the page: copying every
    tenant, extension and provider up front made each read pay for the whole world.
    """

    def __init__(self, world: World) -> None:
        self._world = world
        self._codes: dict[int, str] = {}
        self._extensions: dict[int, Extension | None] = {}
        self._providers: dict[int, Provider | None] = {}

    def code(self, tenant_id: int) -> str:
        """The tenant's code, or "" once the tenant is gone."""
        code = self._codes.get(tenant_id)
        if code is None:
            try:
                code = self._world.get_tenant(tenant_id).code
            except TenantNotFound:
                code = ""
            self._codes[tenant_id] = code
        return code

    def extension(self, extension_id: int | None) -> Extension | None:
        if extension_id is None:
            return None
        if extension_id not in self._extensions:
            try:
                self._extensions[extension_id] = self._world.get_extension(extension_id)
            except ExtensionNotFound:
                self._extensions[extension_id] = None
        return self._extensions[extension_id]

    def provider(self, provider_id: int | None) -> Provider | None:
        if provider_id is None:
            return None
        if provider_id not in self._providers:
            try:
                self._providers[provider_id] = self._world.get_provider(provider_id)
            except ProviderNotFound:
                self._providers[provider_id] = None
        return self._providers[provider_id]

    def number(self, extension_id: int | None) -> str:
        extension = self.extension(extension_id)
        return "" if extension is None else extension.number


def cdr_scope(ctx: Context) -> tuple[int | None, bool]:
    """The tenant to read and whether the admin layout applies (``tenant=%`` or no tenant)."""
    if ctx.tenant is None:
        return None, True
    return ctx.tenant.id, False


def _matcher(params: Params, fields: dict[str, Callable[[Cdr], Sequence[str]]]) -> Callable[[Cdr], bool]:
    wanted = {name: {v.upper() for v in params.choices(name)} for name in fields if params.has(name)}
    if "uniqueid" in wanted:
        wanted["uniqueid"] = {lookup_id(v) for v in wanted["uniqueid"]}

    def match(cdr: Cdr) -> bool:
        return all(any(value.upper() in wanted[name] for value in fields[name](cdr)) for name in wanted)

    return match


def _dst_channel(cdr: Cdr, names: CdrNames) -> str:
    """The channel the call was dialled on: the callee's, or the provider's that outbound routing chose."""
    seq = int(cdr.uniqueid.rpartition(".")[2] or 0)
    callee = names.extension(cdr.dst_extension_id)
    if callee is not None:
        return f"PJSIP/{callee.number}-{names.code(callee.tenant_id)}-{seq:08x}"
    provider = names.provider(cdr.provider_id)
    if provider is not None:
        peer = provider.attributes.get("peername") or _PEER_UNSAFE.sub("-", provider.name).strip("-").lower()
        return f"{provider.tech.value}/{peer}-{seq:08x}"
    return ""


def _who_answered(cdr: Cdr, names: CdrNames) -> str:
    if cdr.answer is None:
        return ""
    return names.number(cdr.dst_extension_id) or cdr.dst


# The columns of a CDR row that depend on the CDR alone. A CDR is never changed once written, so
# they are rendered once per CDR and remembered; names (tenant codes, extension numbers) can
# change, so they are looked up per request.
_FIXED_COLUMNS = ("uniqueid", "ID", "te_id", "realsrc", "lastdst", "start", "duration", "answer", "direction",
                  "disposition", "billsec", "clid", "firstdst", "originateid", "userfield")


@lru_cache(maxsize=16_384)
def _fixed_fields(cdr: Cdr) -> tuple[str | None, ...]:
    return (uniqueid(cdr.uniqueid), str(cdr.id), str(cdr.tenant_id), cdr.src, cdr.dst, when(cdr.start),
            str(cdr.duration), when(cdr.answer), DIRECTIONS[cdr.direction], DISPOSITIONS[cdr.disposition],
            str(cdr.billsec), f'"{cdr.caller_name}" <{cdr.src}>', cdr.first_dst or cdr.dst, cdr.originate_id,
            cdr.userfield)


def _cdr_row(cdr: Cdr, names: CdrNames, admin: bool) -> Row:
    row: dict[str, str | None] = {"accountcode": names.code(cdr.tenant_id)} if admin else {}
    row.update(zip(_FIXED_COLUMNS, _fixed_fields(cdr), strict=True))
    row["dstchannel"] = _dst_channel(cdr, names)
    return row


def _query(ctx: Context, match: Callable[[Cdr], bool]) -> list[Cdr]:
    start, end = date_window(ctx.params, ctx.world.clock.now())
    tenant_id, _ = cdr_scope(ctx)
    return ctx.world.query_cdrs(tenant_id, start=start, end=end, where=match)


def cdrs(ctx: Context) -> Reply:
    names = CdrNames(ctx.world)
    match = _matcher(ctx.params, {
        "id": lambda c: (str(c.id),),
        "uniqueid": lambda c: (c.uniqueid,),
        "src": lambda c: (c.src,),
        "firstdst": lambda c: (c.first_dst or c.dst,),
        "direction": lambda c: (DIRECTIONS[c.direction],),
        "phone": lambda c: (c.src, c.dst, _who_answered(c, names)),
    })
    _, admin = cdr_scope(ctx)
    found = _query(ctx, match)
    if not found:
        return EMPTY
    template = ctx.params.get("template")
    fmt = ctx.fmt
    columns = ADMIN_CDR_COLUMNS if admin else TENANT_CDR_COLUMNS
    if not template and fmt in ("plain", "csv"):
        # The tables, the common case: each CDR's own columns come already joined (see _joined).
        return Reply.text(_table(found, names, admin, columns, csv=fmt == "csv"))
    rows = [_cdr_row(c, names, admin) for c in found]
    if template:
        return Reply.text("".join(_fill(template, row) + "\n" for row in rows))
    if fmt == "xml":
        return Reply.text(xml_rows("cdrs", "cdr", rows))
    return Reply.text(php_json(rows))


def _table(found: list[Cdr], names: CdrNames, admin: bool, columns: Sequence[str], *, csv: bool) -> str:
    """What pipe_table or csv_table prints for these rows, with each CDR's own part joined once."""
    cell = csv_field if csv else _pipe_field
    sep = "," if csv else "|"
    lines = [sep.join([cell(c) for c in columns]) + "\n"]
    for cdr in found:
        middle = _joined(cdr, csv)
        channel = cell(_dst_channel(cdr, names))
        if admin:
            lines.append(f"{cell(names.code(cdr.tenant_id))}{sep}{middle}{sep}{channel}\n")
        else:
            lines.append(f"{middle}{sep}{channel}\n")
    return "".join(lines)


def _pipe_field(value: str | None) -> str:
    return "" if value is None else value


@lru_cache(maxsize=16_384)
def _joined(cdr: Cdr, csv: bool) -> str:
    fixed = _fixed_fields(cdr)
    return ",".join([csv_field(v) for v in fixed]) if csv else "|".join([_pipe_field(v) for v in fixed])


def _fill(template: str, row: Row) -> str:
    for name, value in row.items():
        template = template.replace("{$" + name + "}", value or "")
    return template


def _simple_row(cdr: Cdr, names: CdrNames) -> Row:
    fixed = _fixed_fields(cdr)
    return {
        "sc_te_id": fixed[2],
        "tenantcode": names.code(cdr.tenant_id),
        "sc_start": fixed[5],
        "sc_direction": fixed[8],
        "sc_calleridnum": cdr.src,
        "sc_calleridname": cdr.caller_name,
        "sc_dialednum": cdr.dst,
        "sc_disposition": fixed[9],
        "sc_duration": fixed[6],
        "sc_uniqueid": fixed[0],
        "sc_whoanswered": _who_answered(cdr, names),
    }


# SIMPLECDRS' plain answer is doubled_pipe() of its rows: each key under its position and its
# name, then each row's values twice. Printed here straight from the CDRs, with the part that
# depends on the CDR alone doubled once per CDR.
_SIMPLE_HEADER = "".join(f"{position}|{name}|" for position, name in enumerate(SIMPLE_CDR_COLUMNS))


def _simple_line(cdr: Cdr, names: CdrNames) -> str:
    te_id = _fixed_fields(cdr)[2]
    code = names.code(cdr.tenant_id)
    who = _who_answered(cdr, names)
    return f"{te_id}|{te_id}|{code}|{code}|{_simple_middle(cdr)}{who}|{who}|\n"


@lru_cache(maxsize=16_384)
def _simple_middle(cdr: Cdr) -> str:
    fixed = _fixed_fields(cdr)
    middle = (fixed[5], fixed[8], cdr.src, cdr.caller_name, cdr.dst, fixed[9], fixed[6], fixed[0])
    return "".join([f"{'' if v is None else v}|" * 2 for v in middle])


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
    found = _query(ctx, match)
    if not found:
        return EMPTY
    fmt = ctx.fmt
    if fmt == "plain":
        return Reply.text(_SIMPLE_HEADER + "".join([_simple_line(c, names) for c in found]))
    rows = [_simple_row(c, names) for c in found]
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
    extension = names.extension(entry.extension_id)
    code = names.code(entry.tenant_id)
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
    tenant_id, _ = cdr_scope(ctx)
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
