"""``pbxware.dashboard.*``: the admin dashboard's figures, derived from the world.

Extensions online are registered extensions; call counts come from live calls and CDRs;
CPU, memory and disk have no real machine behind them, so they are computed from how
busy the world is and always stay in a plausible range.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ....core.entities import Disposition, FeatureKind
from ._scope import scope
from .license import LICENSE_LIMITS
from .registry import ActionContext, ActionTable

SERVICES = ("asterisk", "mysql", "httpd", "php-fpm", "redis", "crond", "ntpd", "sshd", "glocom-proxy", "smsd")
HOUR = 3600


def _midnight(now: float) -> int:
    day = datetime.fromtimestamp(now, UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return int(day.timestamp())


def call_figures(ctx: ActionContext, tenant_id: int | None) -> dict[str, int]:
    now = ctx.world.clock.now()
    live = ctx.world.telephony.live_calls(tenant_id)
    today = ctx.world.telephony.query_cdrs(tenant_id, start=_midnight(now))
    hour_ago = now - HOUR
    return {
        "now": len(live),
        "last hour": sum(1 for c in today if c.start >= hour_ago) + sum(1 for c in live if c.created_at >= hour_ago),
        "today": len(today) + len(live),
        "answared calls": sum(1 for c in today if c.disposition is Disposition.ANSWERED)
        + sum(1 for c in live if c.answered_at is not None),
    }


def _percent(base: int, load: int) -> str:
    return str(min(95, base + load))


def register(table: ActionTable) -> None:
    @table.action("pbxware.dashboard.ext_online")
    def ext_online(ctx: ActionContext) -> object:
        online = [e for e in ctx.world.directory.list_extensions(scope(ctx)) if e.registered]
        return {"type": "Extensions Online", "count": len(online)}

    @table.action("pbxware.dashboard.services")
    def services(ctx: ActionContext) -> object:
        return {name: "running" for name in SERVICES}

    @table.action("pbxware.dashboard.sip_registrations")
    def sip_registrations(ctx: ActionContext) -> object:
        registered = sum(1 for e in ctx.world.directory.list_extensions(scope(ctx)) if e.registered)
        return {"SIP Registrations": {"success": registered, "failed": 0, "lagged": 0}}

    @table.action("pbxware.dashboard.calls")
    def calls(ctx: ActionContext) -> object:
        return call_figures(ctx, scope(ctx))

    @table.action("pbxware.dashboard.glocom_editions")
    def glocom_editions(ctx: ActionContext) -> object:
        scope(ctx)
        return {"office": 0, "business": 0, "agent": 0, "supervisor": 0, "ios": 0, "android": 0}

    @table.action("pbxware.dashboard.glocom_users")
    def glocom_users(ctx: ActionContext) -> object:
        scope(ctx)
        return {"glocom_users": 0}

    @table.action("pbxware.dashboard.licensing")
    def licensing(ctx: ActionContext) -> object:
        tenant_id = scope(ctx)
        extensions = len(ctx.world.directory.list_extensions(tenant_id))
        ivrs = len(ctx.world.directory.list_features(FeatureKind.IVR, tenant_id))
        queues = len(ctx.world.directory.list_queues(tenant_id))
        conferences = len(ctx.world.directory.list_features(FeatureKind.CONFERENCE, tenant_id))
        return {
            "ext": {"inuse": extensions, "max": LICENSE_LIMITS["Extensions"]},
            "ivr": {"inuse": ivrs, "max": LICENSE_LIMITS["IVRs"]},
            "queue": {"inuse": queues, "max": LICENSE_LIMITS["Queues"]},
            "conference": {"inuse": conferences, "max": LICENSE_LIMITS["Conferences"]},
        }

    @table.action("pbxware.dashboard.cpu")
    def cpu(ctx: ActionContext) -> object:
        return {"inuse": _percent(3, 2 * len(ctx.world.telephony.live_calls()))}

    @table.action("pbxware.dashboard.memory")
    def memory(ctx: ActionContext) -> object:
        load = len(ctx.world.directory.list_extensions()) // 50 + len(ctx.world.telephony.live_calls())
        return {"inuse": _percent(21, load)}

    @table.action("pbxware.dashboard.disk_usage")
    def disk_usage(ctx: ActionContext) -> object:
        stored = len(ctx.world.telephony.list_recordings()) // 500 + len(ctx.world.media.list_media_files()) // 100
        return {"inuse": _percent(12, stored)}
