"""``pbxware.erg.*``: enhanced ring groups are core ``Feature``s of kind ENHANCED_RING_GROUP.

Members are stored as ``"<extension>:<penalty>"``; settings are attributes.
"""

from __future__ import annotations

from ....core.entities import Feature, FeatureKind
from ._dialplan import check_number_free, check_renumber, joined, number_rule, options, targets, tenant_features
from .common import invalid, keyed, matches, require_match
from .registry import ActionContext, ActionTable, PbxwareError

KIND = FeatureKind.ENHANCED_RING_GROUP
NAME = r"^[a-zA-Z0-9-_]+$"
YES_NO = r"^(yes|no)$"
EXT = r"^\d{3}$"

RULES = {
    "record": YES_NO,
    "wake_mobile": YES_NO,
    "replace_cid": r"^[\w\s]+$",
    "queue_url": r"^\S+$",
    "redirect_dest": EXT,
    "redirect_vm": YES_NO,
    "prioritize_timeout": YES_NO,
    "max_wait_seconds": r"^\d{1,4}$",
    "max_wait_dest": EXT,
    "max_wait_dest_vm": YES_NO,
    "leave_when_empty": YES_NO,
    "empty_dest": EXT,
    "empty_dest_vm": YES_NO,
    "greeting": r"^queue-greeting\-([\w\-]+)$",
    "announce_holdtime": YES_NO,
    "announce_position": YES_NO,
    "announce_frequency": r"^\d{1,2}$",
    "min_announce_frequency": r"^\d{1,2}$",
    "announce_r_seconds": r"^(0|5|10|15|20|30)$",
    "static_login": YES_NO,
    "member_es_disable": YES_NO,
    "ring_strategy": r"^(ringall|linear|leastrecent|fewestcalls|random|rrmemory|rrordered|wrandom)$",
    "member_ring_timeout": r"^\d{1,4}$",
    "autofill": YES_NO,
    "ring_inuse": YES_NO,
    "retry_timeout": r"^\d{1,3}$",
    "timeout_restart": YES_NO,
    "wrapup_time": r"^\d{1,3}$",
    "periodic_announce": r"^(default|periodic-announce\-([\w\-]+))$",
    "periodic_announce_frequency": r"^\d{1,2}$",
    "first_periodic_announce": r"^\d{1,3}$",
    "incoming_options": r"^[tTHnrw]+$",
    "ring_timeout": r"^\d{1,4}$",
    "use_exit_digit": YES_NO,
    "exit_digit": r"^\d{1}$",
    "exit_dest": EXT,
    "exit_vm": YES_NO,
    "enable_notification": YES_NO,
    "notification_email": r"^[^@]+@[^@]+\.[^@]+$",
    "max_wait_callers": r"^\d{1,5}$",
    "rings_answer": r"^\d{1}$",
}


def _member_rows(erg: Feature) -> list[dict[str, str]]:
    rows = []
    for member in erg.members:
        number, _, penalty = member.partition(":")
        rows.append({"ext": number, "penalty": penalty or "0"})
    return rows


def _row(erg: Feature) -> dict[str, object]:
    return {
        "name": erg.name,
        "number": erg.number,
        "strategy": erg.attributes.get("ring_strategy", "ringall"),
        "members": _member_rows(erg),
    }


def register(table: ActionTable) -> None:
    @table.action("pbxware.erg.list")
    def erg_list(ctx: ActionContext) -> object:
        _, ergs = tenant_features(ctx, KIND)
        return keyed({erg.id: _row(erg) for erg in ergs})

    @table.action("pbxware.erg.add")
    def erg_add(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        name = require_match(ctx, "name", NAME)
        number = require_match(ctx, "ext", number_rule(tenant))
        require_match(ctx, "max_wait_callers", RULES["max_wait_callers"])
        require_match(ctx, "rings_answer", RULES["rings_answer"])
        settings = options(ctx.params, RULES)
        check_number_free(ctx, tenant, number)
        erg = ctx.world.directory.create_feature(tenant.id, KIND, number, name, attributes=settings)
        return {"success": f"ERG ID: {erg.id}", "id": erg.id}

    @table.action("pbxware.erg.edit")
    def erg_edit(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        ergs = targets(ctx, KIND)
        changes: dict[str, object] = {}
        if ctx.params.get("name"):
            changes["name"] = require_match(ctx, "name", NAME)
        if ctx.params.get("ext"):
            changes["number"] = require_match(ctx, "ext", number_rule(tenant))
        settings = options(ctx.params, RULES)
        check_renumber(ctx, tenant, ctx.params.get("ext") or None, ergs)
        for erg in ergs:
            ctx.world.directory.update_feature(erg.id, **changes, attributes={**erg.attributes, **settings})
        return {"success": f"ERG ID: {joined(ergs)}", "id": joined(ergs)}

    @table.action("pbxware.erg.members")
    def erg_members(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        ergs = targets(ctx, KIND)
        numbers = require_match(ctx, "numbers", r"^(,|\d+)+$").split(",")
        penalties = require_match(ctx, "penalties", r"^(,|\d+)+$").split(",")
        if len(numbers) != len(penalties):
            raise PbxwareError("Fields numbers and penalties must match in size")
        members = []
        for number, penalty in zip(numbers, penalties, strict=True):
            if not number:
                continue
            if not matches(number_rule(tenant), number):
                raise invalid("numbers", number, number_rule(tenant))
            ctx.world.directory.extension_by_number(tenant.id, number)
            members.append(f"{number}:{penalty or '0'}")
        for erg in ergs:
            ctx.world.directory.update_feature(erg.id, members=tuple(members))
        return {"success": f"ERG ID: {joined(ergs)} members updated.", "id": joined(ergs)}

    @table.action("pbxware.erg.delete")
    def erg_delete(ctx: ActionContext) -> object:
        ergs = targets(ctx, KIND)
        for erg in ergs:
            ctx.world.directory.delete_feature(erg.id)
        return {"success": f"Deleted ERG ID {joined(ergs)} successfully."}
