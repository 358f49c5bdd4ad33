"""``pbxware.tenant.trunks.*`` and ``pbxware.tenant.clirouting.*``: what a tenant's calls
go out on and where its inbound callers are routed by caller id.

A tenant's trunks are the core trunks whose ``tenant_ids`` include it; the primary,
secondary and tertiary choices are ``Tenant.attributes``. CLI routes are stored in
``Tenant.attributes`` as ``clirouting.<id>`` = ``callerid|dest_type|destination|match``.
"""

from __future__ import annotations

from ....core.entities import Tenant
from ._references import trunk_reference
from .common import number, optional_match, require_match
from .registry import ActionContext, ActionTable, PbxwareError

TRUNK_ROLES = ("primary_trunk", "secondary_trunk", "tertiary_trunk", "primary_emerg_trunk",
               "secondary_emerg_trunk", "tertiary_emerg_trunk")
TRUNK_ID = r"^\d{1,10}$"
CLI_PREFIX = "clirouting."
CLI_ID_KIND = "tenant_cli_route"
DEST_TYPES = ("Extension", "Multi User", "Ring Group", "IVR", "Queues", "Voicemail", "Remote Access",
              "Conferences", "Trunk", "Fax to E-mail", "Deny Access", "CRM Routing")
DEST_TYPE = r"^([0-9]|1[01])$"


def _tenant(ctx: ActionContext) -> Tenant:
    return ctx.world.tenancy.get_tenant(number(require_match(ctx, "tenant", r"^\d+$")))


def cli_routes(tenant: Tenant) -> dict[int, tuple[str, str, str, str]]:
    routes = {}
    for key, value in tenant.attributes.items():
        if key.startswith(CLI_PREFIX):
            callerid, dest_type, destination, match = value.split("|")
            routes[int(key[len(CLI_PREFIX):])] = (callerid, dest_type, destination, match)
    return dict(sorted(routes.items()))


def cli_value(callerid: str, dest_type: str, destination: str, match: str) -> str:
    return "|".join((callerid, dest_type, destination, match))


def _cli_fields(ctx: ActionContext, *, required: bool) -> dict[str, str]:
    rules = {"callerid": r"^\d+$", "dest_type": DEST_TYPE, "destination": r"^\d*$", "matchexplicitly": r"^(0|1)$"}
    found = {}
    for name, rule in rules.items():
        value = require_match(ctx, name, rule) if required and name != "destination" else optional_match(
            ctx, name, rule)
        if value is not None:
            found[name] = value
    if required and "destination" not in ctx.params:
        raise PbxwareError("Required field 'destination' is missing")
    return found


def register(table: ActionTable) -> None:
    @table.action("pbxware.tenant.trunks.list")
    def trunks_list(ctx: ActionContext) -> object:
        tenant = _tenant(ctx)
        trunks = sorted(ctx.world.numbering.list_trunks(tenant.id), key=lambda t: t.id)
        row = {role: tenant.attributes.get(role, "") for role in TRUNK_ROLES}
        if not row["primary_trunk"] and trunks:
            row["primary_trunk"] = str(trunks[0].id)
        return {**row, "trunks": ",".join(str(t.id) for t in trunks)}

    @table.action("pbxware.tenant.trunks.set")
    def trunks_set(ctx: ActionContext) -> object:
        tenant = _tenant(ctx)
        wanted = [number(t) for t in require_match(ctx, "trunks", r"^[0-9,]+$").split(",") if t]
        roles = {role: value for role in TRUNK_ROLES if (value := optional_match(ctx, role, TRUNK_ID)) is not None}
        require_match(ctx, "primary_trunk", TRUNK_ID)
        for trunk_id in (*wanted, *map(int, roles.values())):
            trunk_reference(ctx, trunk_id)  # a trunk deleted since is accepted: it links nothing
        for trunk in ctx.world.numbering.list_trunks():
            linked = tenant.id in trunk.tenant_ids
            if trunk.id in wanted and not linked:
                ctx.world.numbering.update_trunk(trunk.id, tenant_ids=(*trunk.tenant_ids, tenant.id))
            elif trunk.id not in wanted and linked:
                kept = tuple(t for t in trunk.tenant_ids if t != tenant.id)
                ctx.world.numbering.update_trunk(trunk.id, tenant_ids=kept)
        ctx.world.tenancy.update_tenant(tenant.id, attributes={**tenant.attributes, **roles})
        return {"success": "Trunks set successfully."}

    @table.action("pbxware.tenant.clirouting.list")
    def clirouting_list(ctx: ActionContext) -> object:
        tenant = _tenant(ctx)
        rows = {
            str(route_id): {"callerid": callerid, "ext": destination, "type": DEST_TYPES[int(dest_type)],
                            "matchtype": "explicit" if match == "1" else "partial"}
            for route_id, (callerid, dest_type, destination, match) in cli_routes(tenant).items()
        }
        return {"success": rows if rows else []}

    @table.action("pbxware.tenant.clirouting.add")
    def clirouting_add(ctx: ActionContext) -> object:
        tenant = _tenant(ctx)
        fields = _cli_fields(ctx, required=True)
        value = cli_value(fields["callerid"], fields["dest_type"], ctx.params["destination"],
                          fields["matchexplicitly"])
        route_id = ctx.world.allocate_id(CLI_ID_KIND)
        current = ctx.world.tenancy.get_tenant(tenant.id)
        ctx.world.tenancy.update_tenant(tenant.id, attributes={**current.attributes, f"{CLI_PREFIX}{route_id}": value})
        return {"success": f"CLI Routing ID: {route_id}", "id": route_id}

    @table.action("pbxware.tenant.clirouting.edit")
    def clirouting_edit(ctx: ActionContext) -> object:
        tenant = _tenant(ctx)
        route_id = number(require_match(ctx, "cliroutingid", r"^\d+$"))
        fields = _cli_fields(ctx, required=False)
        routes = cli_routes(tenant)
        if route_id not in routes:
            raise PbxwareError("Invalid CLI Routing ID.")
        callerid, dest_type, destination, match = routes[route_id]
        value = cli_value(fields.get("callerid", callerid), fields.get("dest_type", dest_type),
                          ctx.params.get("destination") or destination, fields.get("matchexplicitly", match))
        ctx.world.tenancy.update_tenant(tenant.id, attributes={**tenant.attributes, f"{CLI_PREFIX}{route_id}": value})
        return {"success": f"CLI Routing ID: {route_id}", "id": str(route_id)}

    @table.action("pbxware.tenant.clirouting.delete")
    def clirouting_delete(ctx: ActionContext) -> object:
        tenant = _tenant(ctx)
        route_id = number(require_match(ctx, "cliroutingid", r"^\d+$"))
        if route_id not in cli_routes(tenant):
            raise PbxwareError("Invalid CLI Routing ID.")
        attributes = {k: v for k, v in tenant.attributes.items() if k != f"{CLI_PREFIX}{route_id}"}
        ctx.world.tenancy.update_tenant(tenant.id, attributes=attributes)
        return {"success": f"CLI Routing successfully deleted! (ID {route_id})"}
