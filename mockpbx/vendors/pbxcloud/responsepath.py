"""RESPONSEPATH: the calls that came in through a response path, and the steps each one took.

The steps are read back from what the call engine kept: the CDR (start, caller, transfer,
who answered, hangup) and the queue the call waited in. The mock's dial plan sets no
variables on calls that come in through a DID (only DIAL's ``var`` sets any), so no VARIABLE
step is printed.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core import errors as core
from ...core.entities import Cdr, Queue, Tenant
from .answers import Answer, Layout, Table
from .context import Context
from .errors import Nothing
from .reply import EMPTY
from .rows import lookup_id, uniqueid, when

STEP_COLUMNS = ("UniqueID", "Type", "Type ID", "Value", "Type Name", "Value Name")
RESPONSE_COLUMNS = ("RRID", "UniqueID", "Start", "CallerID", "Queue", "Answer")
Lines = list[tuple[str, ...]]


class _Names:
    """Queue numbers and extension usernames of the path's tenant, read once per request."""

    def __init__(self, ctx: Context, tenant: Tenant) -> None:
        self.queues: dict[int, Queue] = {q.id: q for q in ctx.world.directory.list_queues(tenant.id)}
        self.users = {e.id: f"{e.number}-{tenant.code}" for e in ctx.world.directory.list_extensions(tenant.id)}

    def queue(self, cdr: Cdr) -> str:
        queue = self.queues.get(cdr.queue_id) if cdr.queue_id is not None else None
        return "" if queue is None else queue.number

    def answer(self, cdr: Cdr) -> str:
        if cdr.answer is None:
            return ""
        return self.users.get(cdr.dst_extension_id, cdr.dst) if cdr.dst_extension_id is not None else cdr.dst


def _caller(cdr: Cdr) -> str:
    return f"{cdr.caller_name} <{cdr.src}>" if cdr.caller_name else cdr.src


def _steps(cdr: Cdr, names: _Names) -> Lines:
    uid = uniqueid(cdr.uniqueid)
    lines: Lines = [(uid, "START", "0", when(cdr.start) or "", "", ""), (uid, "CALLERID", "0", _caller(cdr), "", "")]
    queue = names.queue(cdr)
    if queue:
        lines.append((uid, "QUEUE", queue, "", "", ""))
    if cdr.first_dst:
        lines.append((uid, "TRANSFER", "0", cdr.dst, "", ""))
    answered = names.answer(cdr)
    if answered:
        lines.append((uid, "ANSWER", "0", answered, "", ""))
    lines.append((uid, "HANGUP", "0", "", "", ""))
    return lines


def _filter(ctx: Context, names: _Names) -> Callable[[Cdr], bool]:
    kind = ctx.params.enum("filter")
    if not kind:
        return lambda cdr: True
    wanted = ctx.params.require("filterdata").strip()
    if kind == "QUEUE":
        return lambda cdr: cdr.queue_id is not None and wanted in (names.queue(cdr), str(cdr.queue_id))
    if kind == "ANSWER":
        return lambda cdr: bool(names.answer(cdr)) and wanted in (names.answer(cdr), names.answer(cdr).split("-")[0])
    if kind == "UNIQUEID":
        return lambda cdr: cdr.uniqueid == lookup_id(wanted)
    raise Nothing()


# Pipe, csv and json records; the documented XML variant is malformed, so the mock prints none.
PATH_LAYOUT = Layout()


def response_path(ctx: Context) -> Answer:
    action = ctx.params.enum("action", "LIST")
    path_id = ctx.params.number("id")
    try:
        path = ctx.world.dialplan.get_response_path(path_id)
    except core.NotFound:
        raise Nothing() from None
    if ctx.tenant is not None and path.tenant_id != ctx.tenant.id:
        raise Nothing()
    tenant = ctx.world.tenancy.get_tenant(path.tenant_id)
    names = _Names(ctx, tenant)
    keep = _filter(ctx, names)
    responses = [cdr for cdr in ctx.world.dialplan.path_responses(path.id) if keep(cdr)]
    if action == "LIST":
        lines: Lines = [(str(c.id), uniqueid(c.uniqueid), when(c.start) or "", _caller(c), names.queue(c),
                         names.answer(c)) for c in responses]
        return Table(RESPONSE_COLUMNS, lines, PATH_LAYOUT) if lines else EMPTY
    if action == "GETID":
        rrid = ctx.params.require("rrid").strip()
        chosen = [c for c in responses if rrid == str(c.id) or lookup_id(rrid) == c.uniqueid][:1]
    elif action == "GETLAST":
        chosen = responses[:1]
    else:
        raise Nothing()
    if not chosen:
        return EMPTY
    return Table(STEP_COLUMNS, _steps(chosen[0], names), PATH_LAYOUT)
