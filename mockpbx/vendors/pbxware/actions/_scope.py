"""System-wide or one tenant: the ``server`` parameter of read-only overview actions."""

from __future__ import annotations

from .registry import MASTER_SERVER, ActionContext


def scope(ctx: ActionContext) -> int | None:
    """The tenant id ``server`` names, or None for the whole system (server=1 or absent)."""
    if ctx.server() == MASTER_SERVER:
        return None
    return ctx.tenant().id
