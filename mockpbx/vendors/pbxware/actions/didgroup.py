"""``pbxware.didgroup.*``: DID groups, a system object (server=1) mapped to one tenant.

The core has no DID-group entity, so a group lives in its tenant's attributes (JSON under
``didgroups``) with a world-allocated id: deleting the tenant deletes its groups with it.
"""

from __future__ import annotations

import json

from ....core.entities import Tenant
from ....core.errors import TenantNotFound
from .common import PRINTABLE, collect, id_list, keyed, master_only, number, require_match
from .registry import ActionContext, ActionTable, PbxwareError

GROUPS_KEY = "didgroups"
Group = dict[str, str]


def groups_of(tenant: Tenant) -> dict[str, Group]:
    stored: dict[str, Group] = json.loads(tenant.attributes.get(GROUPS_KEY, "{}"))
    return stored


def _save(ctx: ActionContext, tenant: Tenant, groups: dict[str, Group]) -> None:
    ctx.world.tenancy.update_tenant(tenant.id, attributes={**tenant.attributes, GROUPS_KEY: json.dumps(groups)})


def all_groups(ctx: ActionContext) -> dict[int, tuple[Tenant, Group]]:
    found = {}
    for tenant in ctx.world.tenancy.list_tenants():
        for group_id, group in groups_of(tenant).items():
            found[int(group_id)] = (tenant, group)
    return dict(sorted(found.items()))


def _tenant(ctx: ActionContext, raw: str) -> Tenant:
    try:
        return ctx.world.tenancy.get_tenant(number(raw))
    except TenantNotFound:
        raise PbxwareError("Invalid tenant ID.") from None


def _range(group: Group) -> None:
    if int(group["min_did"]) > int(group["max_did"]):
        raise PbxwareError("DID Group range start must not be greater than range end.")


def register(table: ActionTable) -> None:
    @table.action("pbxware.didgroup.list")
    def didgroup_list(ctx: ActionContext) -> object:
        return keyed({group_id: {**group, "tenant": str(tenant.id)}
                      for group_id, (tenant, group) in all_groups(ctx).items()})

    @table.action("pbxware.didgroup.add")
    def didgroup_add(ctx: ActionContext) -> object:
        master_only(ctx)
        name = require_match(ctx, "group_name", PRINTABLE)
        tenant = _tenant(ctx, require_match(ctx, "tenantid", r"^\d+$"))
        group = {"group_name": name, "min_did": require_match(ctx, "min_did", r"^\d+$"),
                 "max_did": require_match(ctx, "max_did", r"^\d+$")}
        _range(group)
        group_id = ctx.world.allocate_id("didgroup")
        _save(ctx, tenant, {**groups_of(tenant), str(group_id): group})
        return {"success": f"DID Group ID: {group_id}", "id": group_id}

    @table.action("pbxware.didgroup.edit")
    def didgroup_edit(ctx: ActionContext) -> object:
        master_only(ctx)
        ids = id_list(ctx)
        changes = collect(ctx, {"group_name": PRINTABLE, "tenantid": r"^\d+$", "min_did": r"^\d+$",
                                "max_did": r"^\d+$"})
        target = _tenant(ctx, changes.pop("tenantid")) if "tenantid" in changes else None
        known = all_groups(ctx)
        for group_id in ids:
            if group_id not in known:
                raise PbxwareError("Invalid DID Group ID.")
            _range({**known[group_id][1], **changes})
        for group_id in ids:
            tenant, group = all_groups(ctx)[group_id]
            remaining = {k: v for k, v in groups_of(tenant).items() if k != str(group_id)}
            owner = target or tenant
            if owner.id != tenant.id:
                _save(ctx, tenant, remaining)
                owner = ctx.world.tenancy.get_tenant(owner.id)
                remaining = groups_of(owner)
            _save(ctx, owner, {**remaining, str(group_id): {**group, **changes}})
        return {"success": f"DID Group ID: {ids[0]}", "id": str(ids[0])}

    @table.action("pbxware.didgroup.delete")
    def didgroup_delete(ctx: ActionContext) -> object:
        master_only(ctx)
        ids = id_list(ctx)
        known = all_groups(ctx)
        if any(group_id not in known for group_id in ids):
            raise PbxwareError("Invalid DID Group ID.")
        for group_id in ids:
            tenant, _ = all_groups(ctx)[group_id]
            _save(ctx, tenant, {k: v for k, v in groups_of(tenant).items() if k != str(group_id)})
        return {"success": f"Deleted DID Group ID {','.join(map(str, ids))} successfully."}
