"""``pbxware.license.*``: the licence of the emulated box (a fixed multi-tenant licence).

``refresh`` asks Bicom's licence server again; here it just stamps the world's clock.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .registry import ActionContext, ActionTable

LICENSE_LIMITS = {"Extensions": 1999, "IVRs": 999, "Queues": 999, "Conferences": 999}

LICENSE_INFO = {
    "Edition": "Multi-Tenant",
    "Version": "",  # the world's pbxware_version, see RELEASES
    "Channels": "512",
    "DIDs": "9999",
    "Extensions": str(LICENSE_LIMITS["Extensions"]),
    "Tenants": "999",
    "VOIP Trunks": "20",
    "PSTN Trunks": "20",
    "IVRs": str(LICENSE_LIMITS["IVRs"]),
    "Queues": str(LICENSE_LIMITS["Queues"]),
    "Conferences": str(LICENSE_LIMITS["Conferences"]),
    "gloCOM": "100",
    "Call Recording": "Yes",
    "Expires": "Never",
}


# The release license.info names for each ``pbxware_version`` profile (INF: a recent point
# release of each line).
RELEASES = {"6.x": "6.8", "7.x": "7.6"}


def stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


def register(table: ActionTable) -> None:
    @table.action("pbxware.license.info")
    def license_info(ctx: ActionContext) -> object:
        release = RELEASES[ctx.world.settings.pbxware_version]
        return {**LICENSE_INFO, "Version": f"{release} (mockpbx)"}

    @table.action("pbxware.license.refresh")
    def license_refresh(ctx: ActionContext) -> object:
        return {"status": "License refreshed successfully."}

    @table.action("pbxware.license.last_refreshed")
    def license_last_refreshed(ctx: ActionContext) -> object:
        """Caveat: the licence counts as refreshed when the world began; refresh keeps no stamp."""
        return {"last_refreshed": stamp(min(ctx.world.clock.now(), _world_start(ctx)))}


def _world_start(ctx: ActionContext) -> float:
    tenants = ctx.world.tenancy.list_tenants()
    return float(min((t.created_at for t in tenants), default=int(ctx.world.clock.now())))
