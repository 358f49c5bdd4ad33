"""Custom destinations, extensions, queues, mailboxes and phonebook rows."""

from __future__ import annotations

from collections.abc import Mapping

from ....core import errors as core
from ....core.entities import Tech
from .. import schemas
from ..context import Context
from ..errors import Nothing
from ..reply import Reply
from ..rows import (
    Row,
    custom_row,
    custom_type_row,
    extension_row,
    phonebook_row,
    queue_row,
    voicemail_box_row,
    voicemail_message_row,
)
from .common import as_row, changed, delete_sql, keyed, objectid, owned, parse_columns, update_sql

# -- custom destinations --------------------------------------------------------------------


def custom_types_list(ctx: Context) -> Reply:
    return keyed([custom_type_row(t) for t in ctx.world.directory.list_custom_types()], "ct_id")


def custom_list(ctx: Context) -> Reply:
    return keyed([custom_row(c) for c in ctx.world.directory.list_custom_destinations(ctx.tenant_id)], "cu_id")


def _custom(ctx: Context, custom_id: int) -> Row:
    try:
        found = ctx.world.directory.get_custom_destination(custom_id)
    except core.CustomDestinationNotFound:
        raise Nothing() from None
    owned(ctx, found.tenant_id)
    return custom_row(found)


def custom_get(ctx: Context) -> Reply:
    return as_row(_custom(ctx, objectid(ctx)))


def custom_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = parse_columns(ctx, schemas.CustomColumns)
    if columns.cu_name is None or columns.cu_ct_id is None:
        raise Nothing()
    params = (columns.cu_param1 or "", columns.cu_param2 or "", columns.cu_param3 or "")
    created = ctx.world.directory.create_custom_destination(tenant.id, columns.cu_name, columns.cu_ct_id, params)
    return as_row(custom_row(created))


def custom_update(ctx: Context) -> Reply:
    custom_id = objectid(ctx)
    columns, raw = parse_columns(ctx, schemas.CustomColumns)
    if columns.cu_id is not None and columns.cu_id != custom_id:
        raise Nothing()
    changes = changed(raw, "cu_id", "cu_te_id")
    _custom(ctx, custom_id)
    current = ctx.world.directory.get_custom_destination(custom_id)
    params = list(current.params)
    for index, name in enumerate(("cu_param1", "cu_param2", "cu_param3")):
        value = getattr(columns, name)
        if value is not None:
            params[index] = value
    update: dict[str, object] = {"params": tuple(params)}
    if columns.cu_name is not None:
        update["name"] = columns.cu_name
    if columns.cu_ct_id is not None:
        update["type_id"] = columns.cu_ct_id
    ctx.world.directory.update_custom_destination(custom_id, **update)
    return Reply.text(update_sql("cu_customdests", changes, "cu_te_id", current.tenant_id, "cu_id", custom_id))


# -- extensions -----------------------------------------------------------------------------


def extension_list(ctx: Context) -> Reply:
    return keyed([extension_row(e) for e in ctx.world.directory.list_extensions(ctx.tenant_id)], "ex_id")


def _extension(ctx: Context) -> int:
    extension_id = objectid(ctx)
    try:
        found = ctx.world.directory.get_extension(extension_id)
    except core.ExtensionNotFound:
        raise Nothing() from None
    owned(ctx, found.tenant_id)
    return found.id


def extension_get(ctx: Context) -> Reply:
    return as_row(extension_row(ctx.world.directory.get_extension(_extension(ctx))))


def _extension_attributes(columns: schemas.ExtensionColumns, current: Mapping[str, str]) -> dict[str, str]:
    attributes = dict(current)
    for column, name in (("ex_pickupgroup", "pickupgroup"), ("ex_callgroup", "callgroup"),
                         ("ex_callallowed", "callallowed")):
        value = getattr(columns, column)
        if value is not None:
            attributes[name] = value.lower() if column == "ex_callallowed" else value
    return attributes


def extension_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = parse_columns(ctx, schemas.ExtensionColumns)
    if columns.ex_number is None:
        raise Nothing()
    created = ctx.world.directory.create_extension(
        tenant.id, columns.ex_number, name=columns.ex_name or "", email=columns.ex_email or "",
        secret=columns.secret or columns.password, tech=Tech((columns.ex_tech or "PJSIP").upper()),
        record_calls=columns.ex_recording == "yes",
        attributes=_extension_attributes(columns, {}),
    )
    return as_row(extension_row(created))


def extension_update(ctx: Context) -> Reply:
    extension_id = _extension(ctx)
    columns, raw = parse_columns(ctx, schemas.ExtensionColumns)
    changes = changed(raw, "ex_id")
    current = ctx.world.directory.get_extension(extension_id)
    update: dict[str, object] = {"attributes": _extension_attributes(columns, current.attributes)}
    for column, name in (("ex_number", "number"), ("ex_name", "name"), ("ex_email", "email")):
        if getattr(columns, column) is not None:
            update[name] = getattr(columns, column)
    if columns.ex_tech is not None:
        update["tech"] = Tech(columns.ex_tech.upper())
    if columns.secret or columns.password:
        update["secret"] = columns.secret or columns.password
    if columns.ex_recording is not None:
        update["record_calls"] = columns.ex_recording == "yes"
    ctx.world.directory.update_extension(extension_id, **update)
    return Reply.text(update_sql("ex_extensions", changes, "ex_te_id", current.tenant_id, "ex_id", extension_id))


def extension_delete(ctx: Context) -> Reply:
    extension_id = _extension(ctx)
    tenant_id = ctx.world.directory.get_extension(extension_id).tenant_id
    ctx.world.directory.delete_extension(extension_id)
    return Reply.text(delete_sql("ex_extensions", "ex_te_id", tenant_id, "ex_id", extension_id))


# -- queues ---------------------------------------------------------------------------------


def queue_list(ctx: Context) -> Reply:
    return keyed([queue_row(q) for q in ctx.world.directory.list_queues(ctx.tenant_id)], "qu_id")


def queue_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = parse_columns(ctx, schemas.QueueColumns)
    taken = {q.number for q in ctx.world.directory.list_queues(tenant.id)}
    number = columns.qu_number or next(str(n) for n in range(800, 10_000) if str(n) not in taken)
    if number in taken:
        raise Nothing()
    created = ctx.world.directory.create_queue(tenant.id, number, columns.qu_name, strategy=columns.strategy.lower(),
                                               timeout=columns.timeout)
    return as_row(queue_row(created))


def queue_delete(ctx: Context) -> Reply:
    queue_id = objectid(ctx)
    try:
        found = ctx.world.directory.get_queue(queue_id)
    except core.QueueNotFound:
        raise Nothing() from None
    owned(ctx, found.tenant_id)
    ctx.world.directory.delete_queue(queue_id)
    return Reply.text(delete_sql("qu_queues", "qu_te_id", found.tenant_id, "qu_id", queue_id))


# -- voicemail ------------------------------------------------------------------------------


def voicemail_list(ctx: Context) -> Reply:
    return keyed([voicemail_box_row(b) for b in ctx.world.directory.list_voicemail_boxes(ctx.tenant_id)], "vm_id")


def voicemail_messages(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    mailbox = ctx.params.require("mailboxuser").strip().split("-")[0]
    folder = ctx.params.get("mailbox", "INBOX").strip().lower()
    found = [m for m in ctx.world.media.list_voicemail(tenant.id, mailbox) if m.folder.value.lower() == folder]
    return keyed([{"id": str(m.id), **voicemail_message_row(m, tenant)} for m in found], "id")


def voicemail_recording(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    wanted = ctx.params.number("id")
    for message in ctx.world.media.list_voicemail(tenant.id):
        if message.id == wanted:
            return Reply(ctx.world.media.voicemail_audio(message), "audio/wav")
    raise Nothing()


def voicemail_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = parse_columns(ctx, schemas.VoicemailColumns)
    box = ctx.world.directory.create_voicemail_box(tenant.id, columns.mailbox, password=columns.password,
                                                   fullname=columns.fullname, email=columns.email)
    return as_row(voicemail_box_row(box))


def voicemail_delete(ctx: Context) -> Reply:
    box_id = objectid(ctx)
    found = [b for b in ctx.world.directory.list_voicemail_boxes(ctx.tenant_id) if b.id == box_id]
    if not found:
        raise Nothing()
    ctx.world.directory.delete_voicemail_box(box_id)
    return Reply.text(delete_sql("vm_voicemails", "vm_te_id", found[0].tenant_id, "vm_id", box_id))


# -- phonebook ------------------------------------------------------------------------------


def phonebook_list(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    return keyed([phonebook_row(e) for e in ctx.world.directory.list_phonebook(tenant.id)], "pe_id")


def phonebook_get(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    wanted = objectid(ctx)
    for entry in ctx.world.directory.list_phonebook(tenant.id):
        if entry.id == wanted:
            return as_row(phonebook_row(entry))
    raise Nothing()


def phonebook_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, raw = parse_columns(ctx, schemas.PhonebookColumns)
    fields: dict[str, str] = {}
    for name, value in raw.items():
        if name == "pe_phonebook":
            continue
        if not name.replace("_", "").isalnum() or len(name) > 64 or isinstance(value, dict | list):
            raise Nothing()
        fields[name.upper()] = "" if value is None else str(value)
    created = ctx.world.directory.add_phonebook_entry(tenant.id, columns.pe_phonebook, fields)
    return as_row(phonebook_row(created))


def phonebook_delete(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    wanted = objectid(ctx)
    if not any(e.id == wanted for e in ctx.world.directory.list_phonebook(tenant.id)):
        raise Nothing()
    ctx.world.directory.delete_phonebook_entry(wanted)
    return Reply.text(delete_sql("pe_phonebookentries", "pe_te_id", tenant.id, "pe_id", wanted))
