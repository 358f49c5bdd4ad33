"""Desk phones, the phonebooks they show, and conference rooms."""

from __future__ import annotations

from ....core import errors as core
from ....core.entities import Feature, FeatureKind, Phone, PhonebookEntry
from ..context import Context
from ..errors import Nothing
from ..reply import Reply
from ..rows import Row
from .columns import ConferenceColumns, PhoneColumns
from .common import as_row, changed, delete_sql, keyed, objectid, owned, parse_columns, update_sql

# MiRTA's phone-model table (``ph_pm_id``); the mock knows these models and refuses others (INF).
PHONE_MODELS = {1: "Yealink T46U", 2: "Yealink T54W", 3: "Snom D785", 4: "Grandstream GXP2170",
                5: "Polycom VVX 450", 6: "Fanvil X6U"}

# -- phones ---------------------------------------------------------------------------------


def phone_row(phone: Phone) -> Row:
    return {"ph_id": str(phone.id), "ph_te_id": str(phone.tenant_id), "ph_name": phone.name, "ph_mac": phone.mac,
            "ph_pm_id": str(phone.model_id)}


def phone_list(ctx: Context) -> Reply:
    return keyed([phone_row(p) for p in ctx.world.phones.list_phones(ctx.tenant_id)], "ph_id")


def _phone(ctx: Context) -> Phone:
    try:
        found = ctx.world.phones.get_phone(objectid(ctx))
    except core.NotFound:
        raise Nothing() from None
    owned(ctx, found.tenant_id)
    return found


def phone_get(ctx: Context) -> Reply:
    return as_row(phone_row(_phone(ctx)))


def _model(model_id: int | None) -> int | None:
    if model_id is not None and model_id not in PHONE_MODELS:
        raise Nothing()
    return model_id


def phone_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = parse_columns(ctx, PhoneColumns)
    model_id = _model(columns.ph_pm_id)
    if columns.ph_name is None or columns.ph_mac is None or model_id is None or columns.ph_te_id not in (
            None, tenant.id):
        raise Nothing()
    created = ctx.world.phones.create_phone(tenant.id, columns.ph_name, columns.ph_mac, model_id)
    return as_row(phone_row(created))


def phone_update(ctx: Context) -> Reply:
    columns, raw = parse_columns(ctx, PhoneColumns)
    changes = changed(raw, "ph_id")
    model_id = _model(columns.ph_pm_id)
    current = _phone(ctx)
    if columns.ph_id not in (None, current.id) or columns.ph_te_id not in (None, current.tenant_id):
        raise Nothing()
    update: dict[str, object] = {}
    for value, name in ((columns.ph_name, "name"), (columns.ph_mac, "mac"), (model_id, "model_id")):
        if value is not None:
            update[name] = value
    updated = ctx.world.phones.update_phone(current.id, **update)
    if columns.ph_mac is not None:
        changes["ph_mac"] = updated.mac  # MiRTA stores, and so runs, the normalised address
    return Reply.text(update_sql("ph_phones", changes, "ph_te_id", current.tenant_id, "ph_id", current.id))


# -- phone phonebooks -----------------------------------------------------------------------


def _phone_phonebooks(ctx: Context) -> list[Row]:
    """The tenant's named phonebooks as its phones see them; a phonebook's id is its oldest entry's (INF)."""
    books: dict[tuple[int, str], list[PhonebookEntry]] = {}
    for tenant in ([ctx.tenant] if ctx.tenant is not None else ctx.world.tenancy.list_tenants()):
        for entry in ctx.world.directory.list_phonebook(tenant.id):
            books.setdefault((entry.tenant_id, entry.phonebook), []).append(entry)
    rows: list[Row] = [{"pp_id": str(min(e.id for e in entries)), "pp_te_id": str(tenant_id), "pp_name": name,
                        "pp_entries": str(len(entries))} for (tenant_id, name), entries in books.items()]
    return sorted(rows, key=lambda row: int(row["pp_id"] or 0))


def phone_phonebook_list(ctx: Context) -> Reply:
    return keyed(_phone_phonebooks(ctx), "pp_id")


def phone_phonebook_get(ctx: Context) -> Reply:
    wanted = str(objectid(ctx))
    for row in _phone_phonebooks(ctx):
        if row["pp_id"] == wanted:
            return as_row(row)
    raise Nothing()


# -- conference rooms -----------------------------------------------------------------------


def conference_row(room: Feature) -> Row:
    return {"cr_id": str(room.id), "cr_te_id": str(room.tenant_id), "cr_number": room.number, "cr_name": room.name,
            "pin": room.attributes.get("pin", "")}


def conference_list(ctx: Context) -> Reply:
    rooms = ctx.world.directory.list_features(FeatureKind.CONFERENCE, ctx.tenant_id)
    return keyed([conference_row(r) for r in rooms], "cr_id")


def _conference(ctx: Context) -> Feature:
    try:
        found = ctx.world.directory.get_feature(objectid(ctx), FeatureKind.CONFERENCE)
    except core.FeatureNotFound:
        raise Nothing() from None
    owned(ctx, found.tenant_id)
    return found


def conference_get(ctx: Context) -> Reply:
    return as_row(conference_row(_conference(ctx)))


def _number_free(ctx: Context, tenant_id: int, number: str, room_id: int | None) -> None:
    """A room's number may not be dialled for anything else in the tenant."""
    taken = {e.number for e in ctx.world.directory.list_extensions(tenant_id)} | {
        q.number for q in ctx.world.directory.list_queues(tenant_id)} | {
        f.number for f in ctx.world.directory.list_features(None, tenant_id) if f.id != room_id}
    if number in taken:
        raise Nothing()


def conference_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = parse_columns(ctx, ConferenceColumns)
    if columns.cr_number is None or columns.cr_name is None or columns.cr_te_id not in (None, tenant.id):
        raise Nothing()
    _number_free(ctx, tenant.id, columns.cr_number, None)
    created = ctx.world.directory.create_feature(tenant.id, FeatureKind.CONFERENCE, columns.cr_number, columns.cr_name,
                                                 attributes={"pin": columns.pin or ""})
    return as_row(conference_row(created))


def conference_update(ctx: Context) -> Reply:
    columns, raw = parse_columns(ctx, ConferenceColumns)
    changes = changed(raw, "cr_id")
    current = _conference(ctx)
    if columns.cr_id not in (None, current.id) or columns.cr_te_id not in (None, current.tenant_id):
        raise Nothing()
    update: dict[str, object] = {}
    if columns.cr_number is not None:
        _number_free(ctx, current.tenant_id, columns.cr_number, current.id)
        update["number"] = columns.cr_number
    if columns.cr_name is not None:
        update["name"] = columns.cr_name
    if columns.pin is not None:
        update["attributes"] = {**current.attributes, "pin": columns.pin}
    ctx.world.directory.update_feature(current.id, **update)
    return Reply.text(update_sql("cr_conferencerooms", changes, "cr_te_id", current.tenant_id, "cr_id", current.id))


def conference_delete(ctx: Context) -> Reply:
    room = _conference(ctx)
    ctx.world.directory.delete_feature(room.id)
    return Reply.text(delete_sql("cr_conferencerooms", "cr_te_id", room.tenant_id, "cr_id", room.id))
