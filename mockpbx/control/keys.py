"""A world's keys, a page at a time: the listing the world summary links to instead of holding.

The summary stays the same size whatever the world holds; a world of 200 tenants has over 200
keys, and whoever needs them all (the dashboard, a script) pages through this route.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from .context import world
from .query import whole_number
from .serialize import key_json, keys_path

PAGE_DEFAULT = 100
PAGE_MAX = 500
OFFSET_MAX = 999_999_999


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/keys")
    def list_keys(world_id: str) -> Response:
        """Every key the world issued, in issue order, from ``offset``.

        Query:
            ``offset`` (0..999999999, default 0), ``limit`` (1..500, default 100).

        Returns:
            200 ``{"keys": [key, ...], "total": n, "offset": o, "limit": l, "next": path or
            null}``, each key as in the world summary; 404 for an unknown world; 422 for a bad
            ``offset`` or ``limit``.
        """
        offset = whole_number("offset", 0, 0, OFFSET_MAX)
        limit = whole_number("limit", PAGE_DEFAULT, 1, PAGE_MAX)
        census = world(world_id).census(keys_from=offset, keys_limit=limit)  # the page and its total agree
        page = census.keys
        total = census.key_total
        following = offset + len(page)
        more = f"{keys_path(world_id)}?offset={following}&limit={limit}" if following < total else None
        return jsonify(keys=[key_json(k, census.tenant_codes) for k in page], total=total, offset=offset,
                       limit=limit, next=more)
