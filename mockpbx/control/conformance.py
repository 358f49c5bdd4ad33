"""Conformance: a world's report, and the requests no world accepted (docs/conformance.md)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from ..conformance import check_entry, check_unmatched, findings_json, issued_keys
from ..core.registry import Unmatched
from ..reports import FORMATS, as_json, as_junit, as_markdown, call_sites
from .context import the_registry, world
from .errors import ControlError


def unmatched_json(entry: Unmatched, keys: dict[str, tuple[str, ...]]) -> dict[str, object]:
    checked = check_unmatched(entry, the_registry(), keys)
    return {"seq": entry.seq, "time": entry.time, "vendor": entry.vendor, "method": entry.method,
            "path": entry.path, "params": dict(entry.params), "status": entry.status,
            "operation": checked.operation, "findings": findings_json(checked)}


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/report")
    def report(world_id: str) -> Response:
        """The world's conformance report over its journal: one case per call site.

        Query:
            ``format=json`` (default), ``junit`` or ``markdown``.

        Returns:
            200 JSON ``{"world", "call_sites", "failed", "cases": [...]}``, JUnit XML
            (``application/xml``) or Markdown (``text/markdown``); 422 for another format.
        """
        wanted = request.args.get("format", "json")
        if wanted not in FORMATS:
            raise ControlError(422, f"format must be one of {', '.join(FORMATS)}", "invalid_argument")
        sites = call_sites(check_entry(e) for e in world(world_id).journal())
        if wanted == "junit":
            return Response(as_junit(world_id, sites), mimetype="application/xml")
        if wanted == "markdown":
            return Response(as_markdown(world_id, sites), mimetype="text/markdown")
        return jsonify(as_json(world_id, sites))

    @bp.get("/unmatched")
    def read_unmatched() -> Response:
        """Requests no world accepted (unknown key, route or method), oldest first, with near misses.

        Query:
            ``after=N`` keeps the entries whose ``seq`` is greater than N.

        Returns:
            200 ``{"entries": [{"seq", "time", "vendor", "method", "path", "params", "status",
            "operation", "findings": [{"class", "parameter", "expected", "near_miss"}]}]}``.
        """
        raw = request.args.get("after", "0")
        if not raw.isdigit() or len(raw) > 18:
            raise ControlError(422, "after must be a whole number", "invalid_argument")
        keys = issued_keys(the_registry())
        return jsonify(entries=[unmatched_json(e, keys) for e in the_registry().unmatched(int(raw))])

    @bp.delete("/unmatched")
    def clear_unmatched() -> Response:
        """Forget the unmatched requests. Returns 200 ``{"removed": n}``."""
        return jsonify(removed=the_registry().clear_unmatched())
