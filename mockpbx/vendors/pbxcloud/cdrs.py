"""Call history: INFO CDRS, SIMPLECDRS and QUEUELOGS."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import overload

from ...core.entities import Cdr, Direction, Extension, Provider, QueueLogEntry
from ...core.errors import ExtensionNotFound, ProviderNotFound, TenantNotFound
from ...core.world import World
from .answers import AS_PLAIN, Answer, Layout, Table, Values, Xml
from .context import Context
from .params import Params, date_window
from .queues import find_queue
from .renderers import RowFormat, Stencil, StencilCache, stencil
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
                code = self._world.tenancy.get_tenant(tenant_id).code
            except TenantNotFound:
                code = ""
            self._codes[tenant_id] = code
        return code

    def extension(self, extension_id: int | None) -> Extension | None:
        if extension_id is None:
            return None
        if extension_id not in self._extensions:
            try:
                self._extensions[extension_id] = self._world.directory.get_extension(extension_id)
            except ExtensionNotFound:
                self._extensions[extension_id] = None
        return self._extensions[extension_id]

    def provider(self, provider_id: int | None) -> Provider | None:
        if provider_id is None:
            return None
        if provider_id not in self._providers:
            try:
                self._providers[provider_id] = self._world.numbering.get_provider(provider_id)
            except ProviderNotFound:
                self._providers[provider_id] = None
        return self._providers[provider_id]

    def number(self, extension_id: int | None) -> str:
        extension = self.extension(extension_id)
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
    provider = names.provider(cdr.provider_id)
    if provider is None:
        return ""
    peer = provider.attributes.get("peername") or _PEER_UNSAFE.sub("-", provider.name).strip("-").lower()
    return f"{provider.tech.value}/{peer}-{_sequence(cdr):08x}"


def _extension_channel(cdr: Cdr, names: CdrNames, extension_id: int | None) -> str:
    extension = names.extension(extension_id)
    if extension is None:
        return ""
    return f"PJSIP/{extension.number}-{names.code(extension.tenant_id)}-{_sequence(cdr):08x}"


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
    extension = names.extension(cdr.dst_extension_id)
    if extension is None or cdr.direction is not Direction.INTERNAL:
        return ""
    return f"{extension.number}-{names.code(extension.tenant_id)}"


def _cdr_row(cdr: Cdr, names: CdrNames) -> Row:
    """One CDR under every column name, in CDR_COLUMNS order (INF values where MiRTA's are unknown:
    no node, so ``prevuniqueid``, ``srcCallID`` and the ``cc_*`` rating details are empty)."""
    row: Row = dict(zip(CDR_COLUMNS, _cdr_only_fields(cdr), strict=True))
    row["accountcode"] = names.code(cdr.tenant_id)
    row["dstchannel"] = _dst_channel(cdr, names)
    row["wherelanded"] = _who_answered(cdr, names)
    row["peeraccount"] = _peer_account(cdr, names)
    row["srcchannel"] = _src_channel(cdr, names)
    return row


@lru_cache(maxsize=16_384)
def _cdr_only_fields(cdr: Cdr) -> tuple[str | None, ...]:
    """The columns a CDR alone decides, in CDR_COLUMNS order, with "" where a name goes.

    A CDR is never changed once written, so these are rendered once and remembered; the names
    (tenant codes, extension numbers, providers) can change, so _cdr_row looks them up per request.
    """
    return ("", str(cdr.id), when(cdr.start), when(cdr.answer), when(cdr.end), f'"{cdr.caller_name}" <{cdr.src}>',
            cdr.src, cdr.first_dst or cdr.dst, str(cdr.duration), str(cdr.billsec), DISPOSITIONS[cdr.disposition],
            f"{cdr.cost:.4f}", DCONTEXTS[cdr.direction], "", cdr_userfield(cdr), uniqueid(cdr.uniqueid), "", cdr.dst,
            "", cdr.src, cdr.first_dst or cdr.dst, "Dial", "", uniqueid(cdr.uniqueid), "", cdr.originate_id, "", "",
            "", "0.0000", "")


def _query(ctx: Context, match: Callable[[Cdr], bool]) -> list[Cdr]:
    start, end = date_window(ctx.params, ctx.world.clock.now())
    tenant_id = cdr_scope(ctx)
    return ctx.world.telephony.query_cdrs(tenant_id, start=start, end=end, where=match)


def cdr_columns(world: World) -> tuple[str, ...]:
    return SHORT_CDR_COLUMNS if world.settings.mirta_cdr_columns == "short" else CDR_COLUMNS


# CLIENT: CDRS prints every format; the XML is <cdrs><cdr>…</cdr></cdrs>. No CDR: nothing at all.
CDR_LAYOUT = Layout(xml=Xml("cdrs", "cdr"), empty_json=None)
# The columns whose values are names that can change (tenant codes, extension numbers, providers):
# filled in per request; every other column of a CDR is encoded once per format and remembered.
_NAMED_CDR_COLUMNS = {
    "accountcode": lambda cdr, names: names.code(cdr.tenant_id),
    "dstchannel": _dst_channel,
    "wherelanded": _who_answered,
    "peeraccount": _peer_account,
    "srcchannel": _src_channel,
}


def cdrs(ctx: Context) -> Answer:
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
    template = ctx.params.get("template")
    if template:
        rows = [_cdr_row(c, names) for c in found]
        lines = [_fill(template, _with_extras(row, cdr)) + "\n" for row, cdr in zip(rows, found, strict=True)]
        return Reply.text("".join(lines))
    return cdr_table(found, names, cdr_columns(ctx.world))


class _LazyRows(Sequence[Values]):
    """A page's rows, each built only when a renderer asks for it (the encoded fast path never does)."""

    def __init__(self, found: list[Cdr], row: Callable[[Cdr], Values]) -> None:
        self._found, self._row = found, row

    def __len__(self) -> int:
        return len(self._found)

    @overload
    def __getitem__(self, index: int) -> Values: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Values]: ...
    def __getitem__(self, index: int | slice) -> Values | Sequence[Values]:
        if isinstance(index, slice):
            return [self._row(cdr) for cdr in self._found[index]]
        return self._row(self._found[index])


def cdr_table(found: list[Cdr], names: CdrNames, columns: tuple[str, ...]) -> Table:
    """INFO CDRS' table of ``found``; each CDR's fixed part is encoded once per format."""
    named = [_NAMED_CDR_COLUMNS[c] for c in columns if c in _NAMED_CDR_COLUMNS]

    def lines(row_format: RowFormat) -> list[str]:
        encode = row_format.encoder()
        stencil_of = _CDR_STENCILS[columns].for_format(row_format)
        out = []
        for cdr in found:
            pattern = stencil_of(cdr)
            if pattern is None:
                row = _cdr_row(cdr, names)
                out.append(row_format.line(columns, [row[c] for c in columns]))
            else:
                out.append(pattern.fill([encode(name(cdr, names)) for name in named]))
        return out

    def row(cdr: Cdr) -> Values:
        values = _cdr_row(cdr, names)
        return [values[c] for c in columns]

    return Table(columns, _LazyRows(found, row), CDR_LAYOUT, lines=lines)


def _cdr_stencil(columns: tuple[str, ...]) -> StencilCache:
    """A CDR's row in one format with its named columns left open (a CDR never changes)."""
    holes = [i for i, c in enumerate(columns) if c in _NAMED_CDR_COLUMNS]

    def build(cdr: Cdr, row_format: RowFormat) -> Stencil | None:
        return stencil(row_format, columns, _cdr_only_fields(cdr)[:len(columns)], holes)

    return StencilCache(build)


_CDR_STENCILS = {columns: _cdr_stencil(columns) for columns in (CDR_COLUMNS, SHORT_CDR_COLUMNS)}


def _with_extras(row: Row, cdr: Cdr) -> Row:
    return {**row, _TEMPLATE_EXTRAS[0]: str(cdr.tenant_id), _TEMPLATE_EXTRAS[1]: DIRECTIONS[cdr.direction]}


def _fill(template: str, row: Row) -> str:
    for name, value in row.items():
        template = template.replace("{$" + name + "}", value or "")
    return template


def _simple_row(cdr: Cdr, names: CdrNames) -> Row:
    return {
        "sc_te_id": str(cdr.tenant_id),
        "tenantcode": names.code(cdr.tenant_id),
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


# SIMPLECDRS prints SIMPLE_CDR_COLUMNS: plain as doubled_pipe() (each key under its position and
# its name, each value twice), json the rows under both keys, csv a table, xml nothing.
SIMPLE_CDR_LAYOUT = Layout(plain="doubled", json="doubled", empty_json=None)
_NAMED_SIMPLE_COLUMNS = (SIMPLE_CDR_COLUMNS.index("tenantcode"), SIMPLE_CDR_COLUMNS.index("sc_whoanswered"))


def simple_cdrs(ctx: Context) -> Answer:
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
    return simple_cdr_table(found, names)


def simple_cdr_table(found: list[Cdr], names: CdrNames) -> Table:
    """SIMPLECDRS' table of ``found``; each CDR's fixed part is encoded once per format."""

    def lines(row_format: RowFormat) -> list[str]:
        encode = row_format.encoder()
        out = []
        stencil_of = _SIMPLE_STENCILS.for_format(row_format)
        for cdr in found:
            pattern = stencil_of(cdr)
            if pattern is None:
                out.append(row_format.line(SIMPLE_CDR_COLUMNS, list(_simple_row(cdr, names).values())))
            else:
                out.append(pattern.fill([encode(names.code(cdr.tenant_id)), encode(_who_answered(cdr, names))]))
        return out

    def row(cdr: Cdr) -> Values:
        return list(_simple_row(cdr, names).values())

    return Table(SIMPLE_CDR_COLUMNS, _LazyRows(found, row), SIMPLE_CDR_LAYOUT, lines=lines)


def _simple_stencil(cdr: Cdr, row_format: RowFormat) -> Stencil | None:
    values = (str(cdr.tenant_id), "", when(cdr.start), DIRECTIONS[cdr.direction], cdr.src, cdr.caller_name, cdr.dst,
              DISPOSITIONS[cdr.disposition], str(cdr.duration), uniqueid(cdr.uniqueid), "")
    return stencil(row_format, SIMPLE_CDR_COLUMNS, values, _NAMED_SIMPLE_COLUMNS)


_SIMPLE_STENCILS = StencilCache(_simple_stencil)


# The plain and csv tables print every column; json every value under both keys, and with no
# rows the closing bracket alone (MiRTA prints it even when it printed no opening one).
QUEUE_LOG_LAYOUT = Layout(csv="csv", xml=AS_PLAIN, json="doubled", empty_json="]")


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


def queue_logs(ctx: Context) -> Answer:
    tenant_id = cdr_scope(ctx)
    start, end = date_window(ctx.params, ctx.world.clock.now())
    queue_id = find_queue(ctx.world, ctx.tenant, ctx.params.get("queue")).id if ctx.params.has("queue") else None
    names = CdrNames(ctx.world)
    queue_names = {q.id: q.name for q in ctx.world.directory.list_queues(tenant_id)}
    entries = [e for e in ctx.world.directory.queue_log(tenant_id, start=start, end=end)
               if queue_id is None or e.queue_id == queue_id]
    rows = [_log_row(e, queue_names, names) for e in entries]
    columns = list(rows[0]) if rows else []
    return Table(columns, [list(row.values()) for row in rows], QUEUE_LOG_LAYOUT, records=lambda: rows)
