"""Peers and channels counted: COUNTPEERS, PEERS, COUNTCHANNELS (registered extensions, live calls)."""

from __future__ import annotations

from ...core.entities import CallState
from .answers import AS_PLAIN, Layout, Pairs, Table
from .context import Context

# The mock is one PBX node; MiRTA reports counts per node and in total.
NODE = "pbx1"
PEER_COLUMNS = ("Peer", "Tech", "Status", "Node")
# A pipe table in every text format; json objects with lower-case keys.
PEERS_LAYOUT = Layout(csv=AS_PLAIN, xml=AS_PLAIN)


def _registered(ctx: Context) -> list[tuple[str, str]]:
    codes = {t.id: t.code for t in ctx.world.tenancy.list_tenants()}
    return [(f"{e.number}-{codes[e.tenant_id]}", e.tech.value)
            for e in ctx.world.directory.list_extensions(ctx.tenant_id) if e.registered]


def count_peers(ctx: Context) -> Pairs:
    total = len(_registered(ctx))
    return Pairs({NODE: total, "total": total})


def peers(ctx: Context) -> Table:
    found = _registered(ctx)
    return Table(PEER_COLUMNS, [(p, t, "OK", NODE) for p, t in found], PEERS_LAYOUT,
                 records=lambda: [{"peer": p, "tech": t, "status": "OK", "node": NODE} for p, t in found])


def count_channels(ctx: Context) -> Pairs:
    node = ctx.params.get("nodename").strip()
    live = [c for c in ctx.world.telephony.live_calls(ctx.tenant_id) if c.state is not CallState.QUEUED]
    total = 0 if node and node != NODE else len(live)
    return Pairs({NODE: total, "total": total} if not node else {node: total})
