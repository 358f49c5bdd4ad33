"""``pbxware.apps.*``: gloCOM editions in use and per-department app templates.

An extension uses an edition when its ``apps.editions`` attribute lists it or ``all``
(as ext.editions_modules.set stores it). Templates are ``Tenant.attributes``
``apps.template.<department>`` = ``editions|modules``; department 0 is the tenant-wide
template Bicom's example request sets with an empty ``department_id``.
"""

from __future__ import annotations

from ....core.entities import Tenant
from ._scope import scope
from .common import matches, number
from .department import DEPARTMENTS
from .registry import ActionContext, ActionTable, PbxwareError

EDITION_LIMITS = {"office": 50, "business": 25, "agent": 10, "supervisor": 5, "operator": 5, "mobile": 50, "web": 50}
EDITIONS = r"^(,|all|none|agent|office|business|operator|supervisor|mobile|web)*$"
MODULES = r"^(,|all|none|crm|call popup|skype|omni channel|customer survey)*$"
TEMPLATE = "apps.template."
# Where ext.editions_modules.set keeps an extension's editions.
EDITION_ATTR = "apps.editions"


def _templates(tenant: Tenant) -> dict[int, tuple[str, str]]:
    found = {}
    for key, value in tenant.attributes.items():
        if key.startswith(TEMPLATE):
            editions, _, modules = value.partition("|")
            found[int(key[len(TEMPLATE):])] = (editions, modules)
    return found


def _tenant_param(ctx: ActionContext) -> Tenant:
    if "server" not in ctx.params or ctx.params["server"] == "":
        raise PbxwareError("Required field 'server' is missing")
    return ctx.tenant()


def register(table: ActionTable) -> None:
    @table.action("pbxware.apps.list")
    def apps_list(ctx: ActionContext) -> object:
        extensions = sorted(ctx.world.directory.list_extensions(scope(ctx)), key=lambda e: e.id)
        rows: dict[str, object] = {}
        for edition, total in EDITION_LIMITS.items():
            users = [e.number for e in extensions
                     if {edition, "all"} & set(e.attributes.get(EDITION_ATTR, "").split(","))]
            rows[edition] = {"total": total, "in_use": len(users), "extensions": users}
        return rows

    @table.action("pbxware.apps.templates.list")
    def templates_list(ctx: ActionContext) -> object:
        tenant = _tenant_param(ctx)
        stored = _templates(tenant)
        rows = []
        for department_id in sorted({0, *DEPARTMENTS, *stored}):
            editions, modules = stored.get(department_id, ("none", "none"))
            rows.append({"department_id": department_id, "department_name": DEPARTMENTS.get(department_id),
                         "editions": editions, "modules": modules})
        return rows

    @table.action("pbxware.apps.templates.set")
    def templates_set(ctx: ActionContext) -> object:
        tenant = _tenant_param(ctx)
        # DOC: the collection marks server and department_id "(Required)", not editions or modules.
        if "department_id" not in ctx.params:
            raise PbxwareError("Required field 'department_id' is missing")
        raw_department = ctx.params["department_id"]
        if not matches(r"^\d*$", raw_department):
            raise PbxwareError(f"Required field 'department_id={raw_department}' contains invalid data "
                               r"(Regex: /^\d+$/)")
        department_id = number(raw_department or "0")
        if department_id and department_id not in DEPARTMENTS:
            raise PbxwareError("Invalid department ID.")
        editions, modules = ctx.params.get("editions"), ctx.params.get("modules")
        for name, value, rule in (("editions", editions, EDITIONS), ("modules", modules, MODULES)):
            if value is not None and not matches(rule, value):
                raise PbxwareError(f"Required field '{name}={value}' contains invalid data (Regex: /{rule}/)")
        current = ctx.world.tenancy.get_tenant(tenant.id)
        # INF: one left out keeps the department's template as it was (none when it had none).
        kept_editions, kept_modules = _templates(current).get(department_id, ("none", "none"))
        editions = kept_editions if editions is None else editions
        modules = kept_modules if modules is None else modules
        value = f"{editions or 'none'}|{modules or 'none'}"
        ctx.world.tenancy.update_tenant(tenant.id,
                                        attributes={**current.attributes, f"{TEMPLATE}{department_id}": value})
        return {"success": "Template set successfully.", "id": str(department_id)}
