"""Flows and hints: FLOWS, SETFLOW, INFO flow, BLFS, and VIRTUALEXT membership."""

from __future__ import annotations

from ...core.entities import Flow, FlowState, Tenant
from ...core.world import World
from .answers import Answer, Items, Layout, Pairs, Table
from .context import Context
from .errors import Nothing
from .params import Params
from .queues import agent_id, device_state, find_extension
from .reply import Reply
from .rows import Row

FLOW_SET = "Success|Flow set|"
FLOW_COLUMNS = ("Id", "Number", "Name", "State", "Value")
VIRTUAL_ADDED = "Success|Extension added|"
VIRTUAL_REMOVED = "Success|Extension removed|"
VIRTUAL_CLEANED = "Success|Extensions removed|"


def flow_row(flow: Flow) -> Row:
    return {"fl_id": str(flow.id), "fl_te_id": str(flow.tenant_id), "fl_number": flow.number, "fl_name": flow.name,
            "fl_state": flow.state.value, "fl_value": flow.value}


# Text tables print FLOW_COLUMNS; json the flow's database row (``fl_*``), one object for INFO FLOW.
FLOWS_LAYOUT = Layout()
ONE_FLOW_LAYOUT = Layout(json="first")


def _table(flows: list[Flow], layout: Layout = FLOWS_LAYOUT) -> Table:
    values = [(str(f.id), f.number, f.name, f.state.value, f.value) for f in flows]
    return Table(FLOW_COLUMNS, values, layout, records=lambda: [flow_row(f) for f in flows])


def find_flow(world: World, tenant: Tenant, reference: str) -> Flow:
    """A flow by number within the tenant, else by id (as queues are found)."""
    reference = reference.strip()
    flows = world.dialplan.list_flows(tenant.id)
    for flow in flows:
        if flow.number == reference:
            return flow
    for flow in flows:
        if str(flow.id) == reference:
            return flow
    raise Nothing()


def flows(ctx: Context) -> Table:
    return _table(ctx.world.dialplan.list_flows(ctx.tenant_id))


def flow_info(ctx: Context) -> Table:
    return _table([find_flow(ctx.world, ctx.the_tenant(), ctx.params.require("id"))], ONE_FLOW_LAYOUT)


def set_flow(ctx: Context) -> Reply:
    params = ctx.params
    state_word = params.enum("state")
    if state_word and state_word not in FlowState.__members__:
        raise Nothing()
    if not state_word and "value" not in params.items():
        raise Nothing()
    flow = find_flow(ctx.world, ctx.the_tenant(), params.require("number"))
    ctx.world.dialplan.set_flow(flow.id, state=FlowState[state_word] if state_word else None,
                                value=params.get("value") if "value" in params.items() else None)
    return Reply.text(FLOW_SET)


def flow_hint(flow: Flow, tenant: Tenant) -> str:
    return f"FLOW-{flow.number}-{tenant.code}"


def blfs(ctx: Context) -> Answer:
    """Every extension's device state and every flow's state, as ``<hint>:<state>|``."""
    world = ctx.world
    tenants = {t.id: t for t in world.tenancy.list_tenants()}
    live = world.telephony.live_calls(ctx.tenant_id)
    hints = {agent_id(e, tenants[e.tenant_id]): device_state(world, e, [c for c in live if
                                                                         c.tenant_id == e.tenant_id])
             for e in world.directory.list_extensions(ctx.tenant_id)}
    hints.update({flow_hint(f, tenants[f.tenant_id]): f.state.value for f in world.dialplan.list_flows(ctx.tenant_id)})
    return Pairs(hints)


def virtual_extension(ctx: Context) -> Answer:
    tenant = ctx.the_tenant()
    params: Params = ctx.params
    action = params.enum("action", "LIST")
    number = params.require("number").strip()
    world = ctx.world
    if action == "LIST":
        extensions = {e.id: e for e in world.directory.list_extensions(tenant.id)}
        members = [agent_id(extensions[m], tenant)
                   for m in world.dialplan.virtual_extension(tenant.id, number).extension_ids if m in extensions]
        return Items(members)
    if action in ("ADD", "DEL"):
        extension = find_extension(world, tenant, params.require("extension"))
        if action == "ADD":
            world.dialplan.add_virtual_member(tenant.id, number, extension.id)
            return Reply.text(VIRTUAL_ADDED)
        world.dialplan.remove_virtual_member(tenant.id, number, extension.id)
        return Reply.text(VIRTUAL_REMOVED)
    if action == "CLEAN":
        world.dialplan.clear_virtual_extension(tenant.id, number)
        return Reply.text(VIRTUAL_CLEANED)
    raise Nothing()
