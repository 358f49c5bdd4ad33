"""The journal as the dashboard shows it: who asked (vendor and key scope), for what, and how it went."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from ..conformance import check_entry, findings_json
from ..core.entities import JournalEntry, Vendor
from ..core.world import World
from .context import world
from .query import whole_number
from .serialize import Json, iso

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

# The parameter each vendor carries its key in; ePBX sends a reseller token in a header.
_KEY_PARAM = {str(Vendor.PBXCLOUD): "key", str(Vendor.PBXWARE): "apikey"}
# The parameter that names what was asked for; ePBX says it with the method and path.
_ACTION_PARAM = {str(Vendor.PBXCLOUD): "reqtype", str(Vendor.PBXWARE): "action"}


def key_scope(found: World, entry: JournalEntry) -> str | None:
    if entry.vendor == str(Vendor.EPBX):
        return "reseller"
    name = _KEY_PARAM.get(entry.vendor)
    key = found.find_key(entry.params.get(name, "")) if name else None
    return str(key.scope) if key is not None else None


def action(entry: JournalEntry) -> str:
    name = _ACTION_PARAM.get(entry.vendor)
    if name is None:
        return f"{entry.method} {entry.path}"
    return entry.params.get(name, "")


def activity_json(found: World, entry: JournalEntry) -> Json:
    return {
        "time": entry.time,
        "iso": iso(entry.time),
        "vendor": entry.vendor,
        "scope": key_scope(found, entry),
        "action": action(entry),
        "method": entry.method,
        "path": entry.path,
        "status": entry.status,
        "outcome": entry.outcome,
        "fault": entry.fault,
        "findings": findings_json(check_entry(entry)),
    }


class ActivityCursor:
    """Follows one world's journal from now on: each call returns only what arrived since the last.

    What came before is ``.../activity``'s to show; a stream replaying it would show it twice.
    """

    def __init__(self, found: World) -> None:
        self._world = found
        _, self._marker = found.journal_after(None)

    def new_entries(self) -> list[Json]:
        fresh, self._marker = self._world.journal_after(self._marker)
        return [activity_json(self._world, e) for e in fresh[-DEFAULT_LIMIT:]]


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/activity")
    def read_activity(world_id: str) -> Response:
        """The journal's newest entries with the key's scope and the action asked for.

        Query:
            ``limit=N`` (1..1000, default 100) newest entries, oldest first.

        Returns:
            200 ``{"entries": [{"time", "iso", "vendor", "scope", "action", "method", "path",
            "status", "outcome", "fault", "findings"}, ...]}``; ``scope`` is null when the key is
            gone; ``fault`` names the fault(s) that fired ("" for none) and ``findings`` lists the
            request's conformance findings ``{"class", "parameter", "expected", "near_miss"}`` as
            ``.../journal`` does; 422 for a bad limit.
        """
        limit = whole_number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        found = world(world_id)
        entries = found.journal()[-limit:]
        return jsonify(entries=[activity_json(found, e) for e in entries])
