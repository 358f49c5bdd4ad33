"""Queues and their agents: AGENT pause/unpause, QUEUE membership, INFO queues/agents."""

from __future__ import annotations

from collections.abc import Sequence

from ...core import errors as core
from ...core.entities import Call, CallState, Extension, Queue, QueueMember, Tenant
from ...core.world import World
from .answers import ONE_ROW, Answer, Items, Pairs, Table
from .context import Context
from .errors import Nothing
from .params import Params
from .reply import EMPTY, Reply
from .rows import queue_row, when

AGENT_PAUSED = "Success|Agent paused|"
AGENT_UNPAUSED = "Success|Agent unpaused|"
MEMBER_ADDED = "Success|Agent added|"
MEMBER_REMOVED = "Success|Agent removed|"
QUEUE_CLEANED = "Success|Agents removed|"
LOG_WRITTEN = "Success|Log entry added|"


def find_queue(world: World, tenant: Tenant | None, reference: str) -> Queue:
    """A queue by number within the tenant, else by id: clients send either."""
    reference = reference.strip()
    queues = world.directory.list_queues(None if tenant is None else tenant.id)
    for queue in queues:
        if queue.number == reference:
            return queue
    for queue in queues:
        if str(queue.id) == reference:
            return queue
    raise Nothing()


def find_extension(world: World, tenant: Tenant, reference: str) -> Extension:
    """An extension by number or by its username ``<number>-<TENANT>``."""
    reference = reference.strip()
    suffix = f"-{tenant.code}"
    number = reference[: -len(suffix)] if reference.endswith(suffix) else reference
    try:
        return world.directory.extension_by_number(tenant.id, number)
    except core.ExtensionNotFound:
        raise Nothing() from None


def agent_id(extension: Extension, tenant: Tenant) -> str:
    return f"{extension.number}-{tenant.code}"


def device_state(world: World, extension: Extension, calls: Sequence[Call] | None = None) -> str:
    """The extension's state; pass the tenant's live calls when asking for many extensions."""
    if not extension.registered:
        return "UNAVAILABLE"
    for call in world.telephony.live_calls(extension.tenant_id) if calls is None else calls:
        if extension.id in (call.src_extension_id, call.dst_extension_id):
            if call.state is CallState.ANSWERED:
                return "INUSE"
            if call.state is CallState.RINGING and call.dst_extension_id == extension.id:
                return "RINGING"
            if call.state is CallState.RINGING:
                return "INUSE"
    return "NOT_INUSE"


def agent(ctx: Context) -> Answer:
    tenant = ctx.the_tenant()
    action = ctx.params.enum("action")
    extension = find_extension(ctx.world, tenant, ctx.params.require("extension"))
    if action == "LISTQUEUES":
        mine = [q for q in ctx.world.directory.list_queues(tenant.id)
                if any(m.extension_id == extension.id for m in q.members)]
        if not mine:
            return EMPTY
        return Pairs({str(q.id): q.name for q in mine})
    if action not in ("PAUSE", "UNPAUSE"):
        raise Nothing()
    queue = find_queue(ctx.world, tenant, ctx.params.require("queue"))
    paused = action == "PAUSE"
    try:
        ctx.world.directory.set_agent_paused(queue.id, extension.id, paused, reason=ctx.params.get("pausereason"))
    except core.NotFound:
        raise Nothing() from None
    return Reply.text(AGENT_PAUSED if paused else AGENT_UNPAUSED)


def _queue_for(ctx: Context, tenant: Tenant, params: Params) -> Queue:
    reference = params.get("id") or params.get("number")
    if not reference:
        raise Nothing()
    return find_queue(ctx.world, tenant, reference)


def queue(ctx: Context) -> Answer:
    tenant = ctx.the_tenant()
    action = ctx.params.enum("action", "LIST")
    found = _queue_for(ctx, tenant, ctx.params)
    if action == "LIST":
        members = [agent_id(ctx.world.directory.get_extension(m.extension_id), tenant) for m in found.members]
        return Items(members)
    if action in ("ADD", "DEL"):
        extension = find_extension(ctx.world, tenant, ctx.params.require("extension"))
        if action == "ADD":
            penalty = ctx.params.optional_number("penalty") or 0
            if penalty > 1000:
                raise Nothing()
            ctx.world.directory.add_queue_member(found.id, extension.id, penalty=penalty,
                                                 paused=ctx.params.enum("paused") in ("1", "YES", "ON"))
            return Reply.text(MEMBER_ADDED)
        ctx.world.directory.remove_queue_member(found.id, extension.id)
        return Reply.text(MEMBER_REMOVED)
    if action == "LOG":
        return _custom_log(ctx, tenant, found)
    if action == "CLEAN":
        for member in ctx.world.directory.get_queue(found.id).members:
            ctx.world.directory.remove_queue_member(found.id, member.extension_id)
        return Reply.text(QUEUE_CLEANED)
    raise Nothing()


def _custom_log(ctx: Context, tenant: Tenant, found: Queue) -> Reply:
    event = ctx.params.require("event").strip().upper()
    if not event.replace("_", "").isalnum() or len(event) > 32:
        raise Nothing()
    reference = ctx.params.get("extension").strip()
    extension_id = None
    if reference and reference.upper() != "NONE":
        extension_id = find_extension(ctx.world, tenant, reference).id
    data = tuple(ctx.params.get(f"data{n}") for n in range(1, 6))
    while data and not data[-1]:
        data = data[:-1]
    ctx.world.directory.log_queue_event(found.id, event, extension_id=extension_id, data=data,
                                        call_id=ctx.params.get("uniqid").strip())
    return Reply.text(LOG_WRITTEN)


def _agent_record(world: World, queue: Queue, member: QueueMember, tenant: Tenant) -> dict[str, object]:
    """The sparse numeric-keyed agent record MiRTA prints (keys 3 and 9 never appear)."""
    extension = world.directory.get_extension(member.extension_id)
    name = agent_id(extension, tenant)
    return {
        "0": member.penalty,
        "1": "paused" if member.paused else "available",
        "2": device_state(world, extension),
        "4": "0",
        "5": "0",
        "6": queue.name,
        "7": member.pause_reason,
        "8": extension.name,
        "10": name,
        "11": name,
    }


def agents(ctx: Context, *, connected_only: bool = False) -> Answer:
    tenant = ctx.the_tenant()
    if ctx.params.has("queue"):
        try:
            selected = [find_queue(ctx.world, tenant, ctx.params.get("queue"))]
        except Nothing:
            return Reply.text("null")
    else:
        selected = ctx.world.directory.list_queues(tenant.id)
    records: dict[str, dict[str, object]] = {}
    for each in selected:
        for member in each.members:
            record = _agent_record(ctx.world, each, member, tenant)
            if connected_only and record["2"] == "UNAVAILABLE":
                continue
            records[str(record["10"])] = record
    return Pairs(records, _plain_state)


def _plain_state(record: dict[str, object]) -> str:
    return "PAUSED" if record["1"] == "paused" else str(record["2"])


def queues(ctx: Context) -> Pairs:
    return Pairs({str(q.id): q.name for q in ctx.world.directory.list_queues(ctx.tenant_id)})


def queue_info(ctx: Context) -> Table:
    found = find_queue(ctx.world, ctx.tenant, ctx.params.require("id"))
    stats = ctx.world.directory.queue_stats(found.id)
    # Statistics since the last QUEUERESET; hold and talk times are averages in seconds.
    row = {**queue_row(found), "qs_completed": str(stats.completed), "qs_abandoned": str(stats.abandoned),
           "qs_holdtime": str(stats.hold_seconds // max(1, stats.completed + stats.abandoned)),
           "qs_talktime": str(stats.talk_seconds // max(1, stats.completed)), "qs_since": when(stats.since or None)}
    return Table(list(row), [list(row.values())], ONE_ROW)
