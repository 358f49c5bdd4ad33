"""``pbxware.recording.*``: start, stop, pause or resume recording an extension's live calls."""

from __future__ import annotations

from collections.abc import Callable

from ....core.entities import Call
from ....core.telephony import RECORDING_PAUSED
from ._extension import extension_number
from .registry import ActionContext, ActionTable

UPDATED = "Call status updated successfully."
UNCHANGED = "No calls have been updated."

# action -> (does this call need the change?, the change as set_call_recording arguments)
Change = tuple[Callable[[Call], bool], dict[str, bool]]
CHANGES: dict[str, Change] = {
    "start": (lambda c: not c.record, {"record": True, "paused": False}),
    "stop": (lambda c: c.record, {"record": False, "paused": False}),
    "pause": (lambda c: c.record and RECORDING_PAUSED not in c.variables, {"paused": True}),
    "unpause": (lambda c: c.record and RECORDING_PAUSED in c.variables, {"paused": False}),
}


def _register(table: ActionTable, verb: str, change: Change) -> None:
    needs, arguments = change

    @table.action(f"pbxware.recording.{verb}")
    def recording(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        number = extension_number(ctx.require("ext"), tenant.ext_length)
        ext = ctx.world.directory.extension_by_number(tenant.id, number)
        calls = [c for c in ctx.world.telephony.live_calls(tenant.id)
                 if ext.id in (c.src_extension_id, c.dst_extension_id)]
        affected = [c for c in calls if needs(c)]
        for call in affected:
            ctx.world.telephony.set_call_recording(call.id, **arguments)
        return {"success": UPDATED if affected else UNCHANGED, "affected_calls": len(affected)}


def register(table: ActionTable) -> None:
    for verb, change in CHANGES.items():
        _register(table, verb, change)
