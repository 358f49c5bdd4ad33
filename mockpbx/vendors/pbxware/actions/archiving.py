"""``pbxware.archiving.list``: archiving runs per tenant and day.

A tenant archives when its ``archiving`` attribute is ``1`` (scenario or control plane); each
day in the window with recordings or voicemail for such a tenant is one completed run.
Failures come back as ``[{"error": ...}]``, the shape Bicom's test expects here.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from ._dates import window
from .registry import ActionContext, ActionTable, PbxwareError

DAY = 86_400


def register(table: ActionTable) -> None:
    @table.action("pbxware.archiving.list")
    def archiving_list(ctx: ActionContext) -> object:
        try:
            first, last, _ = window(ctx, "start_date", "end_date")
        except PbxwareError as error:
            return [{"error": error.message}]
        runs: list[dict[str, object]] = []
        tenants = [t for t in ctx.world.tenancy.list_tenants() if t.attributes.get("archiving") == "1"]
        for tenant in sorted(tenants, key=lambda t: t.id):
            recordings = Counter(r.created_at // DAY for r in ctx.world.telephony.list_recordings(tenant.id)
                                 if first <= r.created_at <= last)
            voicemail = Counter(m.created_at // DAY for m in ctx.world.media.list_voicemail(tenant.id)
                                if first <= m.created_at <= last)
            for day in sorted(set(recordings) | set(voicemail)):
                runs.append({
                    "tenant": tenant.name,
                    "date_time": datetime.fromtimestamp((day + 1) * DAY, UTC).strftime("%Y-%m-%d %H:%M:%S"),
                    "status": "Completed",
                    "recording": {"success": str(recordings[day]), "failed": "0"},
                    "fax": {"success": None},
                    "voicemail": {"success": str(voicemail[day])},
                })
        return runs
