"""The single PBXware endpoint: ``/``, ``//`` and ``/index.php``, GET or POST.

Order matters and follows PBXware: the key is checked before anything else, then the
key's allowed actions, then the action itself; every answer is HTTP 200.
"""

from __future__ import annotations

from flask import Blueprint, Response

from ...core.entities import Vendor
from ...core.errors import DomainError
from ..base import exchange, in_world
from .actions import build_table
from .actions.registry import ActionContext, ActionTable, PbxwareError
from .errors import INVALID_API_KEY, PERMISSION_DENIED, UNKNOWN_ACTION, message_for
from .render import render, render_error, wants_php

ENDPOINTS = ("/", "//", "/index.php")


def answer(table: ActionTable) -> Response:
    record = exchange()  # fetched once: every helper lookup goes through a context proxy
    params = record.merged_params()
    php = wants_php(params.get("apiformat"))
    credential = record.resolve_key(params.get("apikey"), Vendor.PBXWARE)
    if credential is None:
        record.outcome = "bad_key"
        return render_error(INVALID_API_KEY, php=php)
    action = params.get("action", "")
    allowed = credential.key.allowed_actions
    if allowed is not None and action not in allowed:
        record.outcome = "forbidden"
        return render_error(PERMISSION_DENIED, php=php)
    handler = table.get(action)
    if handler is None:
        record.outcome = "unknown_action"
        return render_error(UNKNOWN_ACTION, php=php)
    ctx = ActionContext(world=credential.world, key=credential.key, params=params, action=action)
    try:
        # One transaction for the whole action: validation and every write see the same world.
        result = in_world(credential.world, handler, ctx)
    except PbxwareError as refused:
        record.outcome = "refused"
        return render_error(refused.message, php=php)
    except DomainError as refused:
        record.refuse(refused)
        return render_error(message_for(refused), php=php)
    return render(result, php=php)


def install(blueprint: Blueprint) -> None:
    """Route the endpoint's paths to one action table, built here for this blueprint's app."""
    table = build_table()

    def view() -> Response:
        return answer(table)

    for index, path in enumerate(ENDPOINTS):
        blueprint.add_url_rule(path, endpoint=f"answer{index}", view_func=view,
                               methods=["GET", "POST"], strict_slashes=False)
