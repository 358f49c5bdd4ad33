"""The journal: every vendor request a world answered, oldest first, in a bounded ring buffer."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from ..core.numerals import whole_number
from .context import world
from .errors import ControlError
from .serialize import journal_json


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/journal")
    def read_journal(world_id: str) -> Response:
        """Vendor requests journalled in this world (the key chose the world).

        Query:
            ``vendor=epbx|pbxcloud|pbxware`` narrows to one vendor; ``limit=N`` keeps the N
            newest entries.

        Returns:
            200 ``{"entries": [{"time", "iso", "vendor", "method", "path", "params", "status",
            "outcome", "fault", "findings", "body"}, ...]}``, oldest first. Requests whose key
            matched no world are in ``GET /_mockpbx/unmatched`` instead.
        """
        entries = world(world_id).journal()
        vendor = request.args.get("vendor")
        if vendor:
            entries = [e for e in entries if e.vendor == vendor]
        raw_limit = request.args.get("limit")
        if raw_limit is not None:
            limit = whole_number(raw_limit)
            if limit is None:
                raise ControlError(422, "limit must be a whole number", "invalid_argument")
            entries = entries[-limit:] if limit else []
        return jsonify(entries=[journal_json(e) for e in entries])
