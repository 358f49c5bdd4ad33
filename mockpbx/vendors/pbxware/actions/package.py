"""``pbxware.package.*``: tenant packages, backed by the core's packages."""

from __future__ import annotations

from ....core.entities import Package
from ....core.errors import InvalidState
from ._deletes import kept_here
from .common import collect, id_list, keyed, require_match
from .registry import ActionContext, ActionTable, PbxwareError

# package.add/edit take these names; package.configuration answers with other ones (OBS).
LIMITS = {"extensions": "ext", "voicemails": "voicemail", "queues": "queues", "ivrs": "ivr", "cfs": "cf",
          "rgroups": "rgroups", "hot_desking": "hot_desking"}
FLAGS = ("restrict_splans", "call_recordings", "monitoring", "call_screening")
OPTIONAL = {
    "restrict_splans": r"^(1|0)$",
    "allowed_service_plans": r"^\d{1,9}(,\d{1,9})*$",
    "service_plan": r"^\d{1,9}$",
}
REQUIRED = {
    "call_recordings": r"^(1|0)$", "monitoring": r"^(1|0)$", "call_screening": r"^(1|0)$",
    "extensions": r"^\d{1,4}$", "voicemails": r"^\d{1,4}$", "queues": r"^\d{1,4}$", "cfs": r"^\d{1,4}$",
    "rgroups": r"^\d{1,4}$", "hot_desking": r"^\d{1,4}$", "ivrs": r"^\d{1,4}$",
}


def configuration(package: Package) -> dict[str, str]:
    attrs = package.attributes
    row = {"name": package.name, "service_plan": attrs.get("service_plan", ""),
           "allowed_service_plans": attrs.get("allowed_service_plans", "")}
    for field, shown in LIMITS.items():
        default = str(package.max_extensions) if field == "extensions" else "100"
        row[shown] = attrs.get(field, default)
    for field in FLAGS:
        row[field] = attrs.get(field, "0" if field == "restrict_splans" else "1")
    return row


def register(table: ActionTable) -> None:
    @table.action("pbxware.package.list")
    def package_list(ctx: ActionContext) -> object:
        packages = ctx.world.tenancy.list_packages()
        if not packages:
            raise PbxwareError("No tenant packages present on system.")
        return {str(p.id): p.name for p in packages}

    @table.action("pbxware.package.configuration")
    def package_configuration(ctx: ActionContext) -> object:
        return keyed({i: configuration(ctx.world.tenancy.get_package(i)) for i in id_list(ctx)})

    @table.action("pbxware.package.add")
    def package_add(ctx: ActionContext) -> object:
        name = require_match(ctx, "name", r"^.+$")
        attributes = collect(ctx, OPTIONAL)
        for field, regex in REQUIRED.items():
            attributes[field] = require_match(ctx, field, regex)
        if attributes.get("restrict_splans") == "1" and "allowed_service_plans" not in attributes:
            raise PbxwareError("Required field 'allowed_service_plans' is missing")
        package = ctx.world.tenancy.create_package(name, max_extensions=int(attributes["extensions"]),
                                                   attributes=attributes)
        return {"success": f"Tenant package: {package.id}", "id": package.id}

    @table.action("pbxware.package.edit")
    def package_edit(ctx: ActionContext) -> object:
        # DOC: Bicom's collection marks server "(Required)" on package.edit (not on package.add).
        ctx.require("server")
        ids = id_list(ctx)
        changes = collect(ctx, {"name": r"^.+$", **OPTIONAL, **REQUIRED})
        for package_id in ids:
            package = ctx.world.tenancy.get_package(package_id)
            name = changes.get("name", package.name)
            attributes = {**package.attributes, **{k: v for k, v in changes.items() if k != "name"}}
            limit = int(attributes.get("extensions", package.max_extensions))
            ctx.world.tenancy.update_package(package_id, name=name, attributes=attributes, max_extensions=limit)
        return {"success": f"Tenant package: {ids[0]}", "id": str(ids[0])}

    @table.action("pbxware.package.delete")
    def package_delete(ctx: ActionContext) -> object:
        ids = id_list(ctx)
        for package_id in ids:
            ctx.world.tenancy.get_package(package_id)
        answer = {"success": f"Deleted Tenant package ID {ids[0]} successfully.", "id": str(ids[0])}
        if not kept_here(ctx):
            return answer
        used = {t.package_id for t in ctx.world.tenancy.list_tenants()}
        for package_id in ids:
            if package_id in used:
                raise PbxwareError("Tenant package is in use by a tenant.")
        for package_id in ids:
            try:
                ctx.world.tenancy.delete_package(package_id)
            except InvalidState:  # checked above; kept so a core rule change cannot become a 500
                raise PbxwareError("Tenant package is in use by a tenant.") from None
        return answer
