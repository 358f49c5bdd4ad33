"""``pbxware.did.*``: DIDs on the core's numbering, CLI routes kept in ``Did.attributes``."""

from __future__ import annotations

import json

from ....core.entities import Destination, Did, Tenant
from ._deletes import kept_here
from ._references import live_trunk, trunk_reference
from .common import collect, id_list, keyed, number, require_match
from .registry import ActionContext, ActionTable, PbxwareError

# dest_type numbers → (PBXware's type name, the core's destination kind).
DEST_TYPES: dict[str, tuple[str, str]] = {
    "0": ("Extension", "extension"), "1": ("Multi-user", "multi_user"), "2": ("Ring Group", "ring_group"),
    "3": ("IVR", "ivr"), "4": ("Queues", "queue"), "5": ("External Number", "external"),
    "6": ("IVR tree", "ivr_tree"), "7": ("Voicemail", "voicemail"), "8": ("Remote Access", "remote_access"),
    "9": ("Conferences", "conference"), "10": ("Trunk", "trunk"), "11": ("Fax to E-mail", "fax"),
    "12": ("Phone Callback", "phone_callback"), "13": ("Deny Access", "deny"), "14": ("CRM Routing", "crm"),
    "15": ("Agents", "agent"), "16": ("ARI Application", "ari"), "17": ("Parking Lot", "parking_lot"),
}
TYPE_BY_KIND = {kind: name for name, kind in DEST_TYPES.values()}
DEST_TYPE = r"^(\d|1[0-7])$"
# CLI routing numbers its destination types differently from DIDs.
CLI_TYPES = ("Extension", "Multi User", "Ring Group", "IVR", "Queues", "Voicemail", "Remote Access",
             "Conferences", "Trunk", "Fax to E-mail", "Deny Access", "CRM Routing")
CLI_TYPE = r"^(\d|1[01])$"
CLI_KEY = "clirouting"
OPTIONS: dict[str, str] = {
    "name": r"^.+$", "did2": r"^\d+$", "groupid": r"^\d+$", "e164": r"^\d+$", "e164_2": r"^\d+$",
    "callerid": r"^[\+\w\s%]+(\s*<[\+\w%]+>)?$", "splan": r"^(0|-1|2147483647)$", "billingext": r"^\d{3}$",
    "call_rating_ext": r"^\d{3}$", "greeting": r"^greeting\-did\-([\w\-]+)$", "stripn": r"^\d+$",
    "qprio": r"^\d{1,2}$",
    "codec": r"^(ulaw|alaw|g722|opus|g723|g726|g726aal2|g729|gsm|ilbc|speex|speex16|speex32|lpc10|h261|h263|h263p"
             r"|h264)+$",
    "ringtone": r"^.+$", "recordcall": r"^(1|0|2)$", "state_text": r"^.+$", "city": r"^.+$", "areacode": r"^.+$",
    "sms_enabled": r"^(1|0)$", "preserve_callerid": r"^(1|0)$",
}


def listing(did: Did) -> dict[str, object]:
    attrs = did.attributes
    kind = did.destination.kind if did.destination else "extension"
    return {"number": did.number, "number2": attrs.get("did2"), "server": str(did.tenant_id or ""),
            "trunk": str(did.trunk_id or ""), "type": TYPE_BY_KIND.get(kind, kind),
            "ext": did.destination.target if did.destination else "",
            "status": "enabled" if did.enabled else "disabled", "sms_enabled": attrs.get("sms_enabled"),
            "e164": attrs.get("e164"), "e164_2": attrs.get("e164_2")}


def _trunk(ctx: ActionContext, raw: str) -> int:
    """A trunk id checked by form: a trunk deleted since is kept on the DID (see _references)."""
    return trunk_reference(ctx, number(raw))


def _destination(ctx: ActionContext, tenant: Tenant, dest_type: str, target: str) -> Destination:
    kind = DEST_TYPES[dest_type][1]
    if kind == "extension" and target not in {e.number for e in ctx.world.directory.list_extensions(tenant.id)}:
        raise PbxwareError(f"Extension {target} does not exist.")
    return Destination(kind, target)


def _tenant_dids(ctx: ActionContext, name: str = "id") -> tuple[Tenant, list[Did]]:
    tenant = ctx.tenant()
    dids = []
    for did_id in id_list(ctx, name):
        did = ctx.world.numbering.get_did(did_id)
        if did.tenant_id != tenant.id:
            raise PbxwareError("Invalid DID ID.")
        dids.append(did)
    return tenant, dids


def routes_of(did: Did) -> dict[str, dict[str, str]]:
    stored: dict[str, dict[str, str]] = json.loads(did.attributes.get(CLI_KEY, "{}"))
    return stored


def _save_routes(ctx: ActionContext, did: Did, routes: dict[str, dict[str, str]]) -> None:
    ctx.world.numbering.update_did(did.id, attributes={**did.attributes, CLI_KEY: json.dumps(routes, sort_keys=True)})


def _route_id(ctx: ActionContext, dids: list[Did]) -> str:
    route_id = require_match(ctx, "cliroutingid", r"^\d+$")
    for did in dids:
        if route_id not in routes_of(did):
            raise PbxwareError("Invalid CLI Routing ID.")
    return route_id


def register(table: ActionTable) -> None:
    @table.action("pbxware.did.list")
    def did_list(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        ext = ctx.params.get("ext", "")
        dids = [d for d in ctx.world.numbering.list_dids(tenant.id)
                if not ext or (d.destination is not None and d.destination.kind == "extension"
                               and d.destination.target == ext)]
        return keyed({d.id: listing(d) for d in dids})

    @table.action("pbxware.did.add")
    def did_add(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        trunk = require_match(ctx, "trunk", r"^\d+$")
        number = require_match(ctx, "did", r"^\d+$")
        dest_type = require_match(ctx, "dest_type", DEST_TYPE)
        target = require_match(ctx, "destination", r"^\d+$")
        disabled = require_match(ctx, "disabled", r"^(1|0)$")
        attributes = collect(ctx, OPTIONS)
        trunk_id = _trunk(ctx, trunk)
        destination = _destination(ctx, tenant, dest_type, target)
        live = live_trunk(ctx, trunk_id)
        did = ctx.world.numbering.create_did(number, tenant_id=tenant.id, trunk_id=trunk_id if live else None,
                                             destination=destination, record_calls=attributes.get("recordcall") == "1",
                                             comment=attributes.get("name", ""), attributes=attributes)
        if not live:  # the core checks a new DID's trunk, so the kept reference to a gone one is set after
            ctx.world.numbering.update_did(did.id, trunk_id=trunk_id)
        if disabled == "1":
            ctx.world.numbering.update_did(did.id, enabled=False)
        return {"success": f"DID ID: {did.id}.", "id": did.id}

    @table.action("pbxware.did.edit")
    def did_edit(ctx: ActionContext) -> object:
        tenant, dids = _tenant_dids(ctx)
        given = collect(ctx, {"trunk": r"^\d+$", "did": r"^\d+$", "dest_type": DEST_TYPE,
                              "destination": r"^\d+$", "disabled": r"^(1|0)$"})
        options = collect(ctx, OPTIONS)
        changes: dict[str, object] = {}
        if "trunk" in given:
            changes["trunk_id"] = _trunk(ctx, given["trunk"])
        if "did" in given:
            every = ctx.world.numbering.list_dids()
            if len(dids) > 1 or any(d.number == given["did"] and d.id != dids[0].id for d in every):
                raise PbxwareError(f"DID number {given['did']} is already reserved.")
            changes["number"] = given["did"]
        if "disabled" in given:
            changes["enabled"] = given["disabled"] == "0"
        if "recordcall" in options:
            changes["record_calls"] = options["recordcall"] == "1"
        planned = []
        for did in dids:
            moves = dict(changes)
            if "dest_type" in given or "destination" in given:
                current = did.destination or Destination("extension", "")
                dest_type = given.get("dest_type") or next(
                    (n for n, (_, k) in DEST_TYPES.items() if k == current.kind), "0")
                moves["destination"] = _destination(ctx, tenant, dest_type, given.get("destination", current.target))
            moves["attributes"] = {**did.attributes, **options}
            planned.append((did.id, moves))
        # Every DID is checked above before the first write, so a refused edit changes nothing.
        for did_id, moves in planned:
            ctx.world.numbering.update_did(did_id, **moves)
        return {"success": f"DID ID: {dids[0].id}.", "id": str(dids[0].id)}

    @table.action("pbxware.did.delete")
    def did_delete(ctx: ActionContext) -> object:
        if kept_here(ctx):
            dids = [ctx.world.numbering.get_did(did_id) for did_id in id_list(ctx)]
            for did in dids:
                ctx.world.numbering.delete_did(did.id)
        else:  # a tenant's server finds its DIDs but removes nothing (see _deletes)
            _, dids = _tenant_dids(ctx)
        return {"success": f"Deleted DID ID {','.join(str(d.id) for d in dids)} successfully."}

    @table.action("pbxware.did.clirouting.list")
    def clirouting_list(ctx: ActionContext) -> object:
        _, dids = _tenant_dids(ctx)
        rows: dict[str, object] = {}
        for did in dids:
            for route_id, route in routes_of(did).items():
                rows[route_id] = {"callerid": route["callerid"], "ext": route["destination"],
                                  "type": CLI_TYPES[int(route["dest_type"])],
                                  "matchtype": "explicit" if route["matchexplicitly"] == "1" else "prefix"}
        return {"success": keyed(dict(sorted(rows.items(), key=lambda kv: int(kv[0]))))}

    @table.action("pbxware.did.clirouting.add")
    def clirouting_add(ctx: ActionContext) -> object:
        _, dids = _tenant_dids(ctx)
        route = {"callerid": require_match(ctx, "callerid", r"^\d+$"),
                 "dest_type": require_match(ctx, "dest_type", CLI_TYPE),
                 "destination": require_match(ctx, "destination", r"^.*$"),
                 "matchexplicitly": require_match(ctx, "matchexplicitly", r"^(0|1)$")}
        route_id = ctx.world.allocate_id("clirouting")
        for did in dids:
            _save_routes(ctx, did, {**routes_of(did), str(route_id): route})
        return {"success": "CLI Routing successfully added!", "id": route_id}

    @table.action("pbxware.did.clirouting.edit")
    def clirouting_edit(ctx: ActionContext) -> object:
        _, dids = _tenant_dids(ctx)
        route_id = _route_id(ctx, dids)
        changes = collect(ctx, {"callerid": r"^\d+$", "dest_type": CLI_TYPE, "destination": r"^.*$",
                                "matchexplicitly": r"^(0|1)$"})
        for did in dids:
            routes = routes_of(did)
            routes[route_id] = {**routes[route_id], **changes}
            _save_routes(ctx, did, routes)
        return {"success": "CLI Routing successfully edited!"}

    @table.action("pbxware.did.clirouting.delete")
    def clirouting_delete(ctx: ActionContext) -> object:
        _, dids = _tenant_dids(ctx)
        route_id = _route_id(ctx, dids)
        for did in dids:
            routes = routes_of(did)
            del routes[route_id]
            _save_routes(ctx, did, routes)
        return {"success": "CLI Routing successfully deleted!"}
