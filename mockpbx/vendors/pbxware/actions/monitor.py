"""``pbxware.monitor.*``: the live view of extensions and calls.

A registered extension shows a made-up but stable address and latency derived from its
id; DND comes from its enhanced service, ``on_call`` from the telephony engine.
"""

from __future__ import annotations

from ....core.entities import Call, EnhancedService, Extension
from ._scope import scope
from .common import keyed
from .registry import ActionContext, ActionTable, PlainText

USER_AGENT = "Generic SIP"


def _monitor_row(ext: Extension, busy: set[int]) -> dict[str, object]:
    if ext.registered:
        ip = f"10.{ext.tenant_id % 256}.{ext.id // 250 % 256}.{ext.id % 250 + 2}"
        status = f"OK ({5 + ext.id % 40} ms)"
        agent = USER_AGENT
    else:
        ip, status, agent = "", "UNKNOWN", ""
    return {
        "name": ext.name,
        "ext": ext.number,
        "ip": ip,
        "status": status,
        "ua": agent,
        "dnd": ext.services.get("dnd", EnhancedService()).enabled,
        "on_call": ext.id in busy,
    }


def _call_row(call: Call) -> dict[str, object]:
    return {"from": call.src, "to": call.dst, "timestamp": int(call.created_at)}


def register(table: ActionTable) -> None:
    @table.action("pbxware.monitor.list")
    def monitor_list(ctx: ActionContext) -> object:
        tenant_id = scope(ctx)
        extensions = ctx.world.directory.list_extensions(tenant_id)
        calls = ctx.world.telephony.live_calls(tenant_id)
        busy = {i for c in calls for i in (c.src_extension_id, c.dst_extension_id) if i is not None}
        return keyed({ext.id: _monitor_row(ext, busy) for ext in sorted(extensions, key=lambda e: e.id)})

    @table.action("pbxware.monitor.live_calls")
    def monitor_live_calls(ctx: ActionContext) -> object:
        calls = ctx.world.telephony.live_calls(scope(ctx))
        if not calls:
            return PlainText("Live Calls: 0")
        return {call.uniqueid: _call_row(call) for call in sorted(calls, key=lambda c: c.id)}
