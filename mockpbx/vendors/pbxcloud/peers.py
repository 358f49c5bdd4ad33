"""Peers and channels counted: COUNTPEERS, PEERS, COUNTCHANNELS (registered extensions, live calls)."""

from __future__ import annotations

from ...core.entities import CallState
from .context import Context
from .render import php_json, pipe_table
from .reply import EMPTY, Reply

# The mock is one PBX node; MiRTA reports counts per node and in total.
NODE = "pbx1"
PEER_COLUMNS = ("Peer", "Tech", "Status", "Node")


def _registered(ctx: Context) -> list[tuple[str, str]]:
    codes = {t.id: t.code for t in ctx.world.tenancy.list_tenants()}
    return [(f"{e.number}-{codes[e.tenant_id]}", e.tech.value)
            for e in ctx.world.directory.list_extensions(ctx.tenant_id) if e.registered]


def count_peers(ctx: Context) -> Reply:
    total = len(_registered(ctx))
    if ctx.fmt == "json":
        return Reply.text(php_json({NODE: total, "total": total}))
    return Reply.text(f"{NODE}:{total}|total:{total}|")


def peers(ctx: Context) -> Reply:
    found = _registered(ctx)
    if ctx.fmt == "json":
        return Reply.text(php_json([{"peer": p, "tech": t, "status": "OK", "node": NODE} for p, t in found]))
    if not found:
        return EMPTY
    return Reply.text(pipe_table(PEER_COLUMNS, [(p, t, "OK", NODE) for p, t in found]))


def count_channels(ctx: Context) -> Reply:
    node = ctx.params.get("nodename").strip()
    live = [c for c in ctx.world.telephony.live_calls(ctx.tenant_id) if c.state is not CallState.QUEUED]
    total = 0 if node and node != NODE else len(live)
    if ctx.fmt == "json":
        return Reply.text(php_json({NODE: total, "total": total} if not node else {node: total}))
    return Reply.text(f"{NODE}:{total}|total:{total}|" if not node else f"{node}:{total}|")
