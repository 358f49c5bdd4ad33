"""``pbxware.ring_group.*``: ring groups are core ``Feature``s of kind RING_GROUP.

Members are the ring group's extension numbers; every option is an attribute, and
``configuration`` shows each option with its PBXware default until it is set.
"""

from __future__ import annotations

from ....core.entities import Feature, FeatureKind
from ._dialplan import check_number_free, check_renumber, joined, options, targets, tenant_features
from .common import invalid, keyed, matches, require_match
from .registry import ActionContext, ActionTable

KIND = FeatureKind.RING_GROUP
MEMBERS = r"^(,|\d+)+$"
YES_NO = r"^(yes|no)$"

# Option name -> (regex, default shown by configuration).
OPTIONS: dict[str, tuple[str, str]] = {
    "timeout": (r"^\d{1,8}$", "30"),
    "last_dest": (r"^\d*$", ""),
    "greeting": (r"^greeting\-([\w\-]+)$", ""),
    "loops": (r"^\d{1,2}$", "1"),
    "exit_digit": (r"^\d{1}$", ""),
    "exit_ext": (r"^\d+$", ""),
    "record": (YES_NO, "no"),
    "record_silent": (YES_NO, "no"),
    "ganswer": (YES_NO, "no"),
    "max_limit": (r"^\d{1,2}$", "1"),
    "store_cdr": (YES_NO, "no"),
    "overwrite_timeout": (YES_NO, "no"),
    "call_rating_ext": (r"^\d+$", ""),
    "looping_mode": (r"^(per_ext|circular)$", "per_ext"),
    "skip_pbd_local": (YES_NO, "no"),
    "preserve_callerid": (YES_NO, "no"),
    "member_es_disable": (YES_NO, "no"),
    "last_dest_vm": (YES_NO, "no"),
    "confirm_calls": (YES_NO, "no"),
    "timeout_msg": (r"^announce\-([\w\-]+)$", ""),
    "dial_options": (r"^\w+$", "r"),
    "ring_strategy": (r"^(all|leastrecent|round|round_memory)$", "all"),
    "custom_ringtone": (r"^\w+$", ""),
    "callerid": (r"^[\+\w\s%]+(\s*<[\+%\w]+>)?$", ""),
    "confirm_msg": (r"^rg\-announce\-([\w\-]+)$", ""),
    "confirm_answered_msg": (r"^rg\-late\-announce\-([\w\-]+)$", ""),
}
RULES = {name: rule for name, (rule, _) in OPTIONS.items()}


def _members(raw: str) -> tuple[str, ...]:
    if not matches(MEMBERS, raw):
        raise invalid("extensions", raw, MEMBERS)
    return tuple(number for number in raw.split(",") if number)


def _option(group: Feature, name: str) -> str:
    return group.attributes.get(name, OPTIONS[name][1])


def _row(group: Feature) -> dict[str, object]:
    return {
        "name": group.name,
        "ext": group.number,
        "destinations": ",".join(group.members),
        "last_dest": _option(group, "last_dest"),
        "last_dest_vm": _option(group, "last_dest_vm"),
    }


def _configuration(group: Feature) -> dict[str, object]:
    return {
        "name": group.name,
        "ext": group.number,
        "destinations": ",".join(group.members),
        "options": {name: _option(group, name) for name in OPTIONS},
    }


def register(table: ActionTable) -> None:
    @table.action("pbxware.ring_group.list")
    def ring_group_list(ctx: ActionContext) -> object:
        _, groups = tenant_features(ctx, KIND)
        return keyed({group.id: _row(group) for group in groups})

    @table.action("pbxware.ring_group.configuration")
    def ring_group_configuration(ctx: ActionContext) -> object:
        """Caveat: without ``id`` this shows every ring group of the tenant (Bicom's own request
        sends the ERG variable, which is empty until an ERG exists)."""
        groups = targets(ctx, KIND) if ctx.params.get("id") else tenant_features(ctx, KIND)[1]
        return keyed({group.id: _configuration(group) for group in groups})

    @table.action("pbxware.ring_group.add")
    def ring_group_add(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        name = require_match(ctx, "name", r"^[\w\s\-]+$")
        number = require_match(ctx, "ext", r"^\d+$")
        members = _members(ctx.params.get("extensions", ""))
        extra = options(ctx.params, RULES)
        check_number_free(ctx, tenant, number)
        group = ctx.world.directory.create_feature(tenant.id, KIND, number, name, members=members, attributes=extra)
        return {"success": f"Ring Group ID: {group.id}", "id": group.id}

    @table.action("pbxware.ring_group.edit")
    def ring_group_edit(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        groups = targets(ctx, KIND)
        changes: dict[str, object] = {}
        if ctx.params.get("name"):
            changes["name"] = require_match(ctx, "name", r"^[\w\s\-]+$")
        if ctx.params.get("ext"):
            changes["number"] = require_match(ctx, "ext", r"^\d+$")
        if ctx.params.get("extensions"):
            changes["members"] = _members(ctx.params["extensions"])
        extra = options(ctx.params, RULES)
        check_renumber(ctx, tenant, ctx.params.get("ext") or None, groups)
        for group in groups:
            ctx.world.directory.update_feature(group.id, **changes, attributes={**group.attributes, **extra})
        return {"success": f"Ring Group ID: {joined(groups)}", "id": joined(groups)}

    @table.action("pbxware.ring_group.delete")
    def ring_group_delete(ctx: ActionContext) -> object:
        groups = targets(ctx, KIND)
        for group in groups:
            ctx.world.directory.delete_feature(group.id)
        return {"success": f"Deleted Ring Group ID {joined(groups)} successfully."}
