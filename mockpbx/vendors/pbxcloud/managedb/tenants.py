"""Tenants, for the admin key."""

from __future__ import annotations

from ....core import errors as core
from ....core.entities import Tenant, TenantStatus
from .. import schemas
from ..context import Context
from ..errors import Nothing
from ..reply import Reply
from ..rows import tenant_row
from .common import as_row, changed, keyed, objectid, parse_columns, update_sql

# -- tenants --------------------------------------------------------------------------------


def tenant_list(ctx: Context) -> Reply:
    found = ctx.world.tenancy.list_tenants()
    if ctx.params.get("filter").replace(" ", "").lower() == "te_disabled='on'":
        found = [t for t in found if t.status is TenantStatus.SUSPENDED]
    return keyed([tenant_row(t) for t in found], "te_id")


def _tenant(ctx: Context) -> Tenant:
    try:
        return ctx.world.tenancy.get_tenant(objectid(ctx))
    except core.TenantNotFound:
        raise Nothing() from None


def tenant_get(ctx: Context) -> Reply:
    return as_row(tenant_row(_tenant(ctx)))


def tenant_add(ctx: Context) -> Reply:
    columns, _ = parse_columns(ctx, schemas.TenantColumns)
    if columns.te_code is None or columns.te_name is None:
        raise Nothing()
    created = ctx.world.tenancy.create_tenant(columns.te_code, columns.te_name)
    return as_row(tenant_row(created))


def tenant_update(ctx: Context) -> Reply:
    tenant = _tenant(ctx)
    columns, raw = parse_columns(ctx, schemas.TenantColumns)
    changes = changed(raw, "te_id")
    update: dict[str, object] = {}
    if columns.te_code is not None:
        update["code"] = columns.te_code
    if columns.te_name is not None:
        update["name"] = columns.te_name
    if columns.te_disabled is not None:
        update["status"] = TenantStatus.SUSPENDED if columns.te_disabled == "on" else TenantStatus.ACTIVE
    ctx.world.tenancy.update_tenant(tenant.id, **update)
    return Reply.text(update_sql("te_tenants", changes, None, None, "te_id", tenant.id))
