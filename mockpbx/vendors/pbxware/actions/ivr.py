"""``pbxware.ivr.*``: IVRs are core ``Feature``s of kind IVR.

The keymap is stored as members ``"<key>:<destination>"`` with each key's destination
type in the attribute ``keymap.<key>.type``; every other field is an attribute.
"""

from __future__ import annotations

import re

from ....core.entities import Feature, FeatureKind
from ._dialplan import check_number_free, check_renumber, joined, options, targets, tenant_features
from .common import invalid, keyed, matches, require_match
from .registry import ActionContext, ActionTable, PbxwareError

KIND = FeatureKind.IVR
KEYMAP_PARAM = re.compile(r"^keymap\[\\?([0-9*])\]\[(type|destination)\]$")
KEY_TYPES = r"^(aa|qu|cf|ex|vm|rg|aatree)$"
NAME = r"^[\w\s]+$"
GREETING = r"^greeting\-([\w\-]+)$"
YES_NO_UNSET = r"^(0|1|2)$"

OPTIONS = {
    "operator": r"^\d+$",
    "disablecid": YES_NO_UNSET,
    "tresponse": r"^\d{1,5}$",
    "rtpdelay": r"^\d{1,3}$",
    "tdigit": r"^\d{1,5}$",
    "rings": r"^\d{1}$",
    "faxemail": r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]+$",
    "customring": r"^\w+$",
    "local2fax": YES_NO_UNSET,
    "rangelimit": YES_NO_UNSET,
    "rangestart": r"^\d{1,3}$",
    "rangeend": r"^\d{1,3}$",
    "ringtype": r"^(ring|moh|none)$",
    "moh": r"^[\w\-]+$",
    "loops": r"^([1-9]|1[0-9]|20)$",
    "timeoutext": r"^\d+$",
    "timeoutextvm": YES_NO_UNSET,
    "localdial": r"^(0|1)$",
    "skip_invalid_selection": r"^(0|1)$",
    "type": r"^(0|1|2)$",
}


def _keymap(params: dict[str, str]) -> dict[str, dict[str, str]]:
    keys: dict[str, dict[str, str]] = {}
    for name, value in params.items():
        match = KEYMAP_PARAM.match(name)
        if match is not None:
            keys.setdefault(match.group(1), {})[match.group(2)] = value
    for key, entry in sorted(keys.items()):
        kind = entry.get("type", "")
        if not matches(KEY_TYPES, kind):
            raise invalid(f"keymap[{key}][type]", kind, KEY_TYPES)
        destination = entry.get("destination", "")
        if not matches(r"^\d+$", destination):
            raise invalid(f"keymap[{key}][destination]", destination, r"^\d+$")
    return keys


def _members(keymap: dict[str, dict[str, str]]) -> tuple[str, ...]:
    return tuple(f"{key}:{entry['destination']}" for key, entry in sorted(keymap.items()))


def _keymap_attributes(keymap: dict[str, dict[str, str]]) -> dict[str, str]:
    return {f"keymap.{key}.type": entry["type"] for key, entry in keymap.items()}


def _row(ivr: Feature) -> dict[str, object]:
    keymap: dict[str, dict[str, str]] = {}
    for member in ivr.members:
        key, _, destination = member.partition(":")
        keymap[key] = {"type": ivr.attributes.get(f"keymap.{key}.type", ""), "destination": destination}
    operator = ivr.attributes.get("operator")
    return {
        "name": ivr.name,
        "type": ivr.attributes.get("type", "0"),
        "ext": ivr.number,
        "greeting": ivr.attributes.get("greeting", ""),
        "keymap": keymap if keymap else [],
        "status": "enabled" if ivr.enabled else "disabled",
        "operator": operator or None,
    }


def register(table: ActionTable) -> None:
    @table.action("pbxware.ivr.list")
    def ivr_list(ctx: ActionContext) -> object:
        _, ivrs = tenant_features(ctx, KIND)
        return keyed({ivr.id: _row(ivr) for ivr in ivrs})

    @table.action("pbxware.ivr.add")
    def ivr_add(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        name = require_match(ctx, "name", NAME)
        number = require_match(ctx, "ext", r"^\d+$")
        greeting = require_match(ctx, "greeting", GREETING)
        status = ctx.params.get("status", "1") or "1"
        if status not in ("0", "1"):
            raise invalid("status", status, r"^(0|1)$")
        keymap = _keymap(ctx.params)
        if not keymap:
            raise PbxwareError("Required field 'keymap' is missing")
        extra = options(ctx.params, OPTIONS)
        check_number_free(ctx, tenant, number)
        ivr = ctx.world.directory.create_feature(
            tenant.id, KIND, number, name, members=_members(keymap),
            attributes={"greeting": greeting, **_keymap_attributes(keymap), **extra},
        )
        if status == "0":
            ivr = ctx.world.directory.update_feature(ivr.id, enabled=False)
        return {"success": f"IVR ID: {ivr.id}", "id": ivr.id}

    @table.action("pbxware.ivr.edit")
    def ivr_edit(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        ivrs = targets(ctx, KIND)
        changes: dict[str, object] = {}
        name = ctx.params.get("name", "")
        if name:
            changes["name"] = require_match(ctx, "name", NAME)
        number = ctx.params.get("ext", "")
        if number:
            changes["number"] = require_match(ctx, "ext", r"^\d+$")
        status = ctx.params.get("status", "")
        if status:
            if status not in ("0", "1"):
                raise invalid("status", status, r"^(0|1)$")
            changes["enabled"] = status == "1"
        extra = options(ctx.params, {**OPTIONS, "greeting": GREETING})
        keymap = _keymap(ctx.params)
        check_renumber(ctx, tenant, number or None, ivrs)
        for ivr in ivrs:
            updates = dict(changes)
            attributes = {**ivr.attributes, **extra}
            if keymap:
                merged = {m.partition(":")[0]: m.partition(":")[2] for m in ivr.members}
                merged.update({key: entry["destination"] for key, entry in keymap.items()})
                updates["members"] = tuple(f"{k}:{v}" for k, v in sorted(merged.items()))
                attributes.update(_keymap_attributes(keymap))
            updates["attributes"] = attributes
            ctx.world.directory.update_feature(ivr.id, **updates)
        return {"success": f"IVR ID: {joined(ivrs)}", "id": joined(ivrs)}

    @table.action("pbxware.ivr.delete")
    def ivr_delete(ctx: ActionContext) -> object:
        ivrs = targets(ctx, KIND)
        for ivr in ivrs:
            ctx.world.directory.delete_feature(ivr.id)
        return {"success": f"Deleted IVR ID {joined(ivrs)} successfully."}
