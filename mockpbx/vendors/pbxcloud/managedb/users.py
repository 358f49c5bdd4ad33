"""Portal users (``us_users``): system-wide, or a tenant's when the request names one."""

from __future__ import annotations

from ....core import errors as core
from ....core.entities import PortalUser
from .. import schemas
from ..context import Context
from ..errors import Nothing
from ..reply import Reply
from ..rows import Row, when
from .common import as_row, changed, delete_sql, keyed, objectid, owned, parse_columns, update_sql


def user_row(user: PortalUser) -> Row:
    return {
        "us_id": str(user.id),
        "us_te_id": None if user.tenant_id is None else str(user.tenant_id),
        "us_username": user.username,
        "us_password": user.password,
        "us_up_id": str(user.profile_id),
        "us_ex_id": None if user.extension_id is None else str(user.extension_id),
        "us_email": user.email,
        "us_creationdate": when(user.created_at),
    }


def user_list(ctx: Context) -> Reply:
    return keyed([user_row(u) for u in ctx.world.accounts.list_users(ctx.tenant_id)], "us_id")


def _user(ctx: Context) -> PortalUser:
    try:
        found = ctx.world.accounts.get_user(objectid(ctx))
    except core.UserNotFound:
        raise Nothing() from None
    owned(ctx, found.tenant_id)
    return found


def user_get(ctx: Context) -> Reply:
    return as_row(user_row(_user(ctx)))


def user_add(ctx: Context) -> Reply:
    """The request's tenant (or ``us_te_id``) owns the user; with neither it is a system user."""
    columns, _ = parse_columns(ctx, schemas.UserColumns)
    if columns.us_username is None or columns.us_password is None or columns.us_up_id is None:
        raise Nothing()
    tenant_id = ctx.tenant_id if ctx.tenant_id is not None else columns.us_te_id
    if columns.us_te_id is not None and columns.us_te_id != tenant_id:
        raise Nothing()
    created = ctx.world.accounts.create_user(columns.us_username, columns.us_password, columns.us_up_id,
                                             tenant_id=tenant_id, extension_id=columns.us_ex_id,
                                             email=columns.us_email or "")
    return as_row(user_row(created))


def user_update(ctx: Context) -> Reply:
    user = _user(ctx)
    columns, raw = parse_columns(ctx, schemas.UserColumns)
    changes = changed(raw, "us_id")
    if (columns.us_id is not None and columns.us_id != user.id) or (
            columns.us_te_id is not None and columns.us_te_id != user.tenant_id):
        raise Nothing()
    ctx.world.accounts.update_user(user.id, username=columns.us_username, password=columns.us_password,
                                   profile_id=columns.us_up_id, extension_id=columns.us_ex_id, email=columns.us_email)
    return Reply.text(update_sql("us_users", changes, "us_te_id", ctx.tenant_id, "us_id", user.id))


def user_delete(ctx: Context) -> Reply:
    user = _user(ctx)
    ctx.world.accounts.delete_user(user.id)
    return Reply.text(delete_sql("us_users", "us_te_id", ctx.tenant_id, "us_id", user.id))
