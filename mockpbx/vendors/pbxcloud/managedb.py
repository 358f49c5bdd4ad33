"""MANAGEDB: ``object`` x ``action`` over the tenant's database rows (admin key only).

Shapes: ``list`` is a JSON object keyed by row id (``[]`` when empty, as PHP prints an
empty array), ``get`` one row, ``add`` the new row, ``update`` and ``delete`` the SQL
text MiRTA ran. A miss or an invalid ``jsondata`` prints nothing and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ...core import errors as core
from ...core.entities import Destination, FeatureKind, Tech, Tenant, TenantStatus
from ...core.world import World
from . import schemas
from .context import Context
from .errors import Nothing
from .render import php_json
from .reply import Reply
from .rows import (
    Row,
    custom_row,
    custom_type_row,
    did_row,
    extension_row,
    feature_row,
    media_row,
    phonebook_row,
    queue_row,
    tenant_row,
    voicemail_box_row,
    voicemail_message_row,
)

Action = Callable[[Context], Reply]
M = TypeVar("M", bound=BaseModel)

_SQL_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\x00": "\\0", "\x1a": "\\Z"}
_FEATURES = {"IVR": (FeatureKind.IVR, "iv"), "CONDITION": (FeatureKind.TIME_CONDITION, "co"),
             "HUNTLIST": (FeatureKind.RING_GROUP, "hu")}


# -- helpers --------------------------------------------------------------------------------


def _sql_value(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + "".join(_SQL_ESCAPES.get(ch, ch) for ch in text) + "'"


def update_sql(table: str, changes: Mapping[str, object], tenant_column: str | None, tenant_id: int | None,
               id_column: str, object_id: int) -> str:
    """The statement MiRTA echoes after an update, e.g. ``update di_dids set ... where ...di_id='27699'``."""
    assignments = ",".join(f"{name}={_sql_value(value)}" for name, value in changes.items())
    where = f"{id_column}={_sql_value(object_id)}"
    if tenant_column is not None and tenant_id is not None:
        where = f"{tenant_column}={_sql_value(tenant_id)} and {where}"
    return f"update {table} set {assignments} where {where}"


def delete_sql(table: str, tenant_column: str | None, tenant_id: int | None, id_column: str, object_id: int) -> str:
    where = f"{id_column}={_sql_value(object_id)}"
    if tenant_column is not None and tenant_id is not None:
        where = f"{tenant_column}={_sql_value(tenant_id)} and {where}"
    return f"delete from {table} where {where}"


def _columns(ctx: Context, model: type[M]) -> tuple[M, dict[str, object]]:
    """The validated model and the raw columns in the order the client sent them."""
    data = ctx.params.json_data()
    if not isinstance(data, dict):
        raise Nothing()
    try:
        return model.model_validate(data), dict(data)
    except ValidationError:
        raise Nothing() from None


def _keyed(rows: list[Row], id_column: str) -> Reply:
    if not rows:
        return Reply.text("[]")
    return Reply.text(php_json({str(row[id_column]): row for row in rows}))


def _row(row: Row) -> Reply:
    return Reply.text(php_json(row))


def _object_id(ctx: Context) -> int:
    return ctx.params.number("objectid")


def _owned(ctx: Context, tenant_id: int | None) -> None:
    """A tenant named in the request limits the object ids it may reach."""
    if ctx.tenant is not None and tenant_id != ctx.tenant.id:
        raise Nothing()


def _changed(raw: dict[str, object], *skip: str) -> dict[str, object]:
    changes = {k: v for k, v in raw.items() if k not in skip}
    if not changes:
        raise Nothing()
    return changes


# -- custom destinations --------------------------------------------------------------------


def custom_types_list(ctx: Context) -> Reply:
    return _keyed([custom_type_row(t) for t in ctx.world.list_custom_types()], "ct_id")


def custom_list(ctx: Context) -> Reply:
    return _keyed([custom_row(c) for c in ctx.world.list_custom_destinations(ctx.tenant_id)], "cu_id")


def _custom(ctx: Context, custom_id: int) -> Row:
    try:
        found = ctx.world.get_custom_destination(custom_id)
    except core.CustomDestinationNotFound:
        raise Nothing() from None
    _owned(ctx, found.tenant_id)
    return custom_row(found)


def custom_get(ctx: Context) -> Reply:
    return _row(_custom(ctx, _object_id(ctx)))


def custom_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = _columns(ctx, schemas.CustomColumns)
    if columns.cu_name is None or columns.cu_ct_id is None:
        raise Nothing()
    params = (columns.cu_param1 or "", columns.cu_param2 or "", columns.cu_param3 or "")
    try:
        created = ctx.world.create_custom_destination(tenant.id, columns.cu_name, columns.cu_ct_id, params)
    except core.DomainError:
        raise Nothing() from None
    return _row(custom_row(created))


def custom_update(ctx: Context) -> Reply:
    custom_id = _object_id(ctx)
    columns, raw = _columns(ctx, schemas.CustomColumns)
    if columns.cu_id is not None and columns.cu_id != custom_id:
        raise Nothing()
    changes = _changed(raw, "cu_id", "cu_te_id")
    with ctx.world.transaction():
        _custom(ctx, custom_id)
        current = ctx.world.get_custom_destination(custom_id)
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
        try:
            ctx.world.update_custom_destination(custom_id, **update)
        except core.DomainError:
            raise Nothing() from None
    return Reply.text(update_sql("cu_customdests", changes, "cu_te_id", current.tenant_id, "cu_id", custom_id))


# -- extensions -----------------------------------------------------------------------------


def extension_list(ctx: Context) -> Reply:
    return _keyed([extension_row(e) for e in ctx.world.list_extensions(ctx.tenant_id)], "ex_id")


def _extension(ctx: Context) -> int:
    extension_id = _object_id(ctx)
    try:
        found = ctx.world.get_extension(extension_id)
    except core.ExtensionNotFound:
        raise Nothing() from None
    _owned(ctx, found.tenant_id)
    return found.id


def extension_get(ctx: Context) -> Reply:
    return _row(extension_row(ctx.world.get_extension(_extension(ctx))))


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
    columns, _ = _columns(ctx, schemas.ExtensionColumns)
    if columns.ex_number is None:
        raise Nothing()
    try:
        created = ctx.world.create_extension(
            tenant.id, columns.ex_number, name=columns.ex_name or "", email=columns.ex_email or "",
            secret=columns.secret or columns.password, tech=Tech((columns.ex_tech or "PJSIP").upper()),
            record_calls=columns.ex_recording == "yes",
            attributes=_extension_attributes(columns, {}),
        )
    except core.DomainError:
        raise Nothing() from None
    return _row(extension_row(created))


def extension_update(ctx: Context) -> Reply:
    extension_id = _extension(ctx)
    columns, raw = _columns(ctx, schemas.ExtensionColumns)
    changes = _changed(raw, "ex_id")
    with ctx.world.transaction():
        current = ctx.world.get_extension(extension_id)
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
        try:
            ctx.world.update_extension(extension_id, **update)
        except core.DomainError:
            raise Nothing() from None
    return Reply.text(update_sql("ex_extensions", changes, "ex_te_id", current.tenant_id, "ex_id", extension_id))


def extension_delete(ctx: Context) -> Reply:
    extension_id = _extension(ctx)
    tenant_id = ctx.world.get_extension(extension_id).tenant_id
    ctx.world.delete_extension(extension_id)
    return Reply.text(delete_sql("ex_extensions", "ex_te_id", tenant_id, "ex_id", extension_id))


# -- DIDs -----------------------------------------------------------------------------------


def did_list(ctx: Context) -> Reply:
    return _keyed([did_row(d) for d in ctx.world.list_dids(ctx.tenant_id)], "di_id")


def _did(ctx: Context) -> int:
    did_id = _object_id(ctx)
    try:
        found = ctx.world.get_did(did_id)
    except core.DidNotFound:
        raise Nothing() from None
    _owned(ctx, found.tenant_id)
    return found.id


def did_get(ctx: Context) -> Reply:
    return _row(did_row(ctx.world.get_did(_did(ctx))))


def did_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = _columns(ctx, schemas.DidColumns)
    if columns.di_number is None:
        raise Nothing()
    attributes = {} if columns.di_maxchannels is None else {"maxchannels": str(columns.di_maxchannels)}
    try:
        created = ctx.world.create_did(columns.di_number, tenant_id=tenant.id, comment=columns.di_comment or "",
                                       record_calls=columns.di_recording == "yes", attributes=attributes)
    except core.DomainError:
        raise Nothing() from None
    return _row(did_row(created))


def did_update(ctx: Context) -> Reply:
    did_id = _did(ctx)
    columns, raw = _columns(ctx, schemas.DidColumns)
    changes = _changed(raw, "di_id")
    with ctx.world.transaction():
        current = ctx.world.get_did(did_id)
        update: dict[str, object] = {}
        if columns.di_number is not None:
            update["number"] = columns.di_number
        if columns.di_comment is not None:
            update["comment"] = columns.di_comment
        if columns.di_recording is not None:
            update["record_calls"] = columns.di_recording == "yes"
        if columns.di_maxchannels is not None:
            update["attributes"] = {**current.attributes, "maxchannels": str(columns.di_maxchannels)}
        try:
            ctx.world.update_did(did_id, **update)
        except core.DomainError:
            raise Nothing() from None
    return Reply.text(update_sql("di_dids", changes, "di_te_id", current.tenant_id, "di_id", did_id))


# -- tenants --------------------------------------------------------------------------------


def tenant_list(ctx: Context) -> Reply:
    found = ctx.world.list_tenants()
    if ctx.params.get("filter").replace(" ", "").lower() == "te_disabled='on'":
        found = [t for t in found if t.status is TenantStatus.SUSPENDED]
    return _keyed([tenant_row(t) for t in found], "te_id")


def _tenant(ctx: Context) -> Tenant:
    try:
        return ctx.world.get_tenant(_object_id(ctx))
    except core.TenantNotFound:
        raise Nothing() from None


def tenant_get(ctx: Context) -> Reply:
    return _row(tenant_row(_tenant(ctx)))


def tenant_add(ctx: Context) -> Reply:
    columns, _ = _columns(ctx, schemas.TenantColumns)
    if columns.te_code is None or columns.te_name is None:
        raise Nothing()
    try:
        created = ctx.world.create_tenant(columns.te_code, columns.te_name)
    except core.DomainError:
        raise Nothing() from None
    return _row(tenant_row(created))


def tenant_update(ctx: Context) -> Reply:
    tenant = _tenant(ctx)
    columns, raw = _columns(ctx, schemas.TenantColumns)
    changes = _changed(raw, "te_id")
    update: dict[str, object] = {}
    if columns.te_code is not None:
        update["code"] = columns.te_code
    if columns.te_name is not None:
        update["name"] = columns.te_name
    if columns.te_disabled is not None:
        update["status"] = TenantStatus.SUSPENDED if columns.te_disabled == "on" else TenantStatus.ACTIVE
    try:
        ctx.world.update_tenant(tenant.id, **update)
    except core.DomainError:
        raise Nothing() from None
    return Reply.text(update_sql("te_tenants", changes, None, None, "te_id", tenant.id))


# -- queues ---------------------------------------------------------------------------------


def queue_list(ctx: Context) -> Reply:
    return _keyed([queue_row(q) for q in ctx.world.list_queues(ctx.tenant_id)], "qu_id")


def queue_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = _columns(ctx, schemas.QueueColumns)
    with ctx.world.transaction():
        taken = {q.number for q in ctx.world.list_queues(tenant.id)}
        number = columns.qu_number or next(str(n) for n in range(800, 10_000) if str(n) not in taken)
        if number in taken:
            raise Nothing()
        created = ctx.world.create_queue(tenant.id, number, columns.qu_name, strategy=columns.strategy.lower(),
                                         timeout=columns.timeout)
    return _row(queue_row(created))


def queue_delete(ctx: Context) -> Reply:
    queue_id = _object_id(ctx)
    try:
        found = ctx.world.get_queue(queue_id)
    except core.QueueNotFound:
        raise Nothing() from None
    _owned(ctx, found.tenant_id)
    ctx.world.delete_queue(queue_id)
    return Reply.text(delete_sql("qu_queues", "qu_te_id", found.tenant_id, "qu_id", queue_id))


# -- voicemail ------------------------------------------------------------------------------


def voicemail_list(ctx: Context) -> Reply:
    return _keyed([voicemail_box_row(b) for b in ctx.world.list_voicemail_boxes(ctx.tenant_id)], "vm_id")


def voicemail_messages(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    mailbox = ctx.params.require("mailboxuser").strip().split("-")[0]
    folder = ctx.params.get("mailbox", "INBOX").strip().lower()
    found = [m for m in ctx.world.list_voicemail(tenant.id, mailbox) if m.folder.value.lower() == folder]
    return _keyed([{"id": str(m.id), **voicemail_message_row(m, tenant)} for m in found], "id")


def voicemail_recording(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    wanted = ctx.params.number("id")
    for message in ctx.world.list_voicemail(tenant.id):
        if message.id == wanted:
            return Reply(ctx.world.voicemail_audio(message), "audio/wav")
    raise Nothing()


def voicemail_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = _columns(ctx, schemas.VoicemailColumns)
    try:
        box = ctx.world.create_voicemail_box(tenant.id, columns.mailbox, password=columns.password,
                                             fullname=columns.fullname, email=columns.email)
    except core.DomainError:
        raise Nothing() from None
    return _row(voicemail_box_row(box))


def voicemail_delete(ctx: Context) -> Reply:
    box_id = _object_id(ctx)
    with ctx.world.transaction():
        found = [b for b in ctx.world.list_voicemail_boxes(ctx.tenant_id) if b.id == box_id]
        if not found:
            raise Nothing()
        ctx.world.delete_voicemail_box(box_id)
    return Reply.text(delete_sql("vm_voicemails", "vm_te_id", found[0].tenant_id, "vm_id", box_id))


# -- media files ----------------------------------------------------------------------------


def media_list(ctx: Context) -> Reply:
    return _keyed([media_row(m) for m in ctx.world.list_media_files(ctx.tenant_id)], "me_id")


def _media(ctx: Context) -> int:
    media_id = _object_id(ctx)
    try:
        found = ctx.world.get_media_file(media_id)
    except core.MediaFileNotFound:
        raise Nothing() from None
    _owned(ctx, found.tenant_id)
    return found.id


def media_get(ctx: Context) -> Reply:
    return _row(media_row(ctx.world.get_media_file(_media(ctx))))


def media_binary(ctx: Context) -> Reply:
    data, content_type = ctx.world.media_audio(ctx.world.get_media_file(_media(ctx)))
    return Reply(data, content_type)


def media_update(ctx: Context) -> Reply:
    media_id = _media(ctx)
    columns, raw = _columns(ctx, schemas.NameColumns)
    changes = _changed(raw, "me_id")
    if columns.me_name is None or set(changes) != {"me_name"}:
        raise Nothing()
    updated = ctx.world.update_media_file(media_id, name=columns.me_name)
    return Reply.text(update_sql("me_mediafiles", changes, "me_te_id", updated.tenant_id, "me_id", media_id))


# -- IVRs, conditions and hunt lists --------------------------------------------------------


def _feature_object(name: str) -> tuple[FeatureKind, str]:
    return _FEATURES[name]


def feature_list(name: str) -> Action:
    kind, prefix = _feature_object(name)

    def run(ctx: Context) -> Reply:
        found = ctx.world.list_features(kind, ctx.tenant_id)
        return _keyed([feature_row(prefix, f) for f in found], f"{prefix}_id")

    return run


def _feature(ctx: Context, kind: FeatureKind) -> int:
    feature_id = _object_id(ctx)
    try:
        found = ctx.world.get_feature(feature_id, kind)
    except core.FeatureNotFound:
        raise Nothing() from None
    _owned(ctx, found.tenant_id)
    return found.id


def feature_get(name: str) -> Action:
    kind, prefix = _feature_object(name)
    return lambda ctx: _row(feature_row(prefix, ctx.world.get_feature(_feature(ctx, kind))))


def feature_destinations(name: str) -> Action:
    """The feature's destinations as MiRTA tags (an IVR's are ``<digit>:<TAG-id>``)."""
    kind, _ = _feature_object(name)

    def run(ctx: Context) -> Reply:
        feature = ctx.world.get_feature(_feature(ctx, kind))
        return Reply.text(php_json(list(feature.members)))

    return run


def huntlist_set_extensions(ctx: Context) -> Reply:
    feature_id = _feature(ctx, FeatureKind.RING_GROUP)
    tags = _tags(ctx)
    ctx.world.update_feature(feature_id, members=tuple(tags))
    return Reply.text(php_json(tags))


def condition_extended(ctx: Context) -> Reply:
    feature = ctx.world.get_feature(_feature(ctx, FeatureKind.TIME_CONDITION))
    return Reply.text(feature.attributes.get("extendedinfos", "[]"))


def condition_replace_extended(ctx: Context) -> Reply:
    feature_id = _feature(ctx, FeatureKind.TIME_CONDITION)
    data = ctx.params.json_data()
    if not isinstance(data, list) or not all(
        isinstance(item, dict) and all(isinstance(v, str | int) for v in item.values()) for item in data
    ):
        raise Nothing()
    with ctx.world.transaction():
        feature = ctx.world.get_feature(feature_id)
        text = php_json(data)
        ctx.world.update_feature(feature_id, attributes={**feature.attributes, "extendedinfos": text})
    return Reply.text(text)


# -- destinations ---------------------------------------------------------------------------


def _tags(ctx: Context) -> list[str]:
    data = ctx.params.json_data()
    if not isinstance(data, list) or not all(isinstance(t, str) and _valid_tag(t) for t in data):
        raise Nothing()
    return list(data)


def _valid_tag(tag: str) -> bool:
    kind, sep, ident = tag.partition("-")
    return bool(sep) and kind.isalpha() and kind.isupper() and 0 < len(ident) <= 64 and ident.isprintable()


def _route(world: World, tenant_id: int, tags: list[str]) -> Destination | None:
    """The first tag the core can route a call to; MiRTA tags name rows by id."""
    for tag in tags:
        kind, _, ident = tag.partition("-")
        if not ident.isdigit():
            continue
        try:
            if kind == "EXT":
                extension = world.get_extension(int(ident))
                if extension.tenant_id == tenant_id:
                    return Destination("extension", extension.number)
            elif kind == "QUEUE":
                queue = world.get_queue(int(ident))
                if queue.tenant_id == tenant_id:
                    return Destination("queue", queue.number)
            else:
                return Destination(kind.lower(), ident)
        except core.NotFound:
            continue
    return None


def _source(ctx: Context) -> tuple[str, int]:
    kind = ctx.params.enum("typesrc")
    if kind not in ("DID", "CONDITION", "NOTCONDITION") and not (
        kind.startswith("IVR_") and len(kind) == 5 and kind[4] in "0123456789*#T"
    ):
        raise Nothing()
    return kind, ctx.params.number("typeidsrc")


def destination_list(ctx: Context) -> Reply:
    kind, source_id = _source(ctx)
    return Reply.text(php_json(_current_tags(ctx, kind, source_id)))


def _current_tags(ctx: Context, kind: str, source_id: int) -> list[str]:
    world = ctx.world
    try:
        if kind == "DID":
            did = world.get_did(source_id)
            _owned(ctx, did.tenant_id)
            stored = did.attributes.get("destinations")
            if stored is not None:
                return [t for t in stored.split(",") if t]
            return [] if did.destination is None else [_tag_of(world, did.tenant_id, did.destination)]
        if kind.startswith("IVR_"):
            ivr = world.get_feature(source_id, FeatureKind.IVR)
            _owned(ctx, ivr.tenant_id)
            digit = kind[4]
            return [m.partition(":")[2] for m in ivr.members if m.partition(":")[0] == digit]
        condition = world.get_feature(source_id, FeatureKind.TIME_CONDITION)
        _owned(ctx, condition.tenant_id)
        stored = condition.attributes.get(kind.lower(), "")
        return [t for t in stored.split(",") if t]
    except core.NotFound:
        raise Nothing() from None


def _tag_of(world: World, tenant_id: int | None, destination: Destination) -> str:
    if destination.kind == "extension" and tenant_id is not None:
        try:
            return f"EXT-{world.extension_by_number(tenant_id, destination.target).id}"
        except core.ExtensionNotFound:
            pass
    if destination.kind == "queue":
        for queue in world.list_queues(tenant_id):
            if queue.number == destination.target:
                return f"QUEUE-{queue.id}"
    return f"{destination.kind.upper()}-{destination.target}"


def destination_replace(ctx: Context) -> Reply:
    kind, source_id = _source(ctx)
    tags = _tags(ctx)
    world = ctx.world
    with world.transaction():
        _current_tags(ctx, kind, source_id)  # existence and ownership
        if kind == "DID":
            did = world.get_did(source_id)
            route = _route(world, did.tenant_id, tags) if did.tenant_id is not None else None
            world.update_did(source_id, destination=route,
                             attributes={**did.attributes, "destinations": ",".join(tags)})
        elif kind.startswith("IVR_"):
            ivr = world.get_feature(source_id, FeatureKind.IVR)
            digit = kind[4]
            kept = tuple(m for m in ivr.members if m.partition(":")[0] != digit)
            world.update_feature(source_id, members=kept + tuple(f"{digit}:{t}" for t in tags))
        else:
            condition = world.get_feature(source_id, FeatureKind.TIME_CONDITION)
            world.update_feature(source_id, attributes={**condition.attributes, kind.lower(): ",".join(tags)})
    return Reply.text(php_json(tags))


# -- phonebook ------------------------------------------------------------------------------


def phonebook_list(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    return _keyed([phonebook_row(e) for e in ctx.world.list_phonebook(tenant.id)], "pe_id")


def phonebook_get(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    wanted = _object_id(ctx)
    for entry in ctx.world.list_phonebook(tenant.id):
        if entry.id == wanted:
            return _row(phonebook_row(entry))
    raise Nothing()


def phonebook_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, raw = _columns(ctx, schemas.PhonebookColumns)
    fields: dict[str, str] = {}
    for name, value in raw.items():
        if name == "pe_phonebook":
            continue
        if not name.replace("_", "").isalnum() or len(name) > 64 or isinstance(value, dict | list):
            raise Nothing()
        fields[name.upper()] = "" if value is None else str(value)
    created = ctx.world.add_phonebook_entry(tenant.id, columns.pe_phonebook, fields)
    return _row(phonebook_row(created))


def phonebook_delete(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    wanted = _object_id(ctx)
    with ctx.world.transaction():
        if not any(e.id == wanted for e in ctx.world.list_phonebook(tenant.id)):
            raise Nothing()
        ctx.world.delete_phonebook_entry(wanted)
    return Reply.text(delete_sql("pe_phonebookentries", "pe_te_id", tenant.id, "pe_id", wanted))


# -- the table ------------------------------------------------------------------------------

OBJECTS: dict[str, dict[str, Action]] = {
    "CUSTOMTYPES": {"LIST": custom_types_list},
    "CUSTOM": {"LIST": custom_list, "GET": custom_get, "ADD": custom_add, "UPDATE": custom_update},
    "EXTENSION": {"LIST": extension_list, "GET": extension_get, "ADD": extension_add, "UPDATE": extension_update,
                  "DELETE": extension_delete},
    "DID": {"LIST": did_list, "GET": did_get, "ADD": did_add, "UPDATE": did_update},
    "TENANT": {"LIST": tenant_list, "GET": tenant_get, "ADD": tenant_add, "UPDATE": tenant_update},
    "QUEUE": {"LIST": queue_list, "ADD": queue_add, "DELETE": queue_delete},
    "VOICEMAIL": {"LIST": voicemail_list, "LISTMESSAGES": voicemail_messages,
                  "GETMESSAGERECORDING": voicemail_recording, "ADD": voicemail_add, "DELETE": voicemail_delete},
    "MEDIAFILE": {"LIST": media_list, "GET": media_get, "GETBINARY": media_binary, "UPDATE": media_update},
    "IVR": {"LIST": feature_list("IVR"), "GET": feature_get("IVR"), "GETDESTINATIONS": feature_destinations("IVR")},
    "CONDITION": {"LIST": feature_list("CONDITION"), "GET": feature_get("CONDITION"),
                  "GETDESTINATIONS": feature_destinations("CONDITION"), "GETEXTENDEDINFOS": condition_extended,
                  "REPLACEEXTENDEDINFOS": condition_replace_extended},
    "HUNTLIST": {"LIST": feature_list("HUNTLIST"), "GET": feature_get("HUNTLIST"),
                 "GETEXTENSIONS": feature_destinations("HUNTLIST"), "SETEXTENSIONS": huntlist_set_extensions},
    "DESTINATION": {"LIST": destination_list, "REPLACE": destination_replace},
    "PHONEBOOK": {"LIST": phonebook_list, "GET": phonebook_get, "ADD": phonebook_add, "DELETE": phonebook_delete},
}
# MiRTA accepts singular, plural and other spellings of an object's name.
ALIASES = {"EXTENSIONS": "EXTENSION", "DIDS": "DID", "TENANTS": "TENANT", "QUEUES": "QUEUE",
           "VOICEMAILS": "VOICEMAIL", "MEDIAFILES": "MEDIAFILE", "MEDIA": "MEDIAFILE", "IVRS": "IVR",
           "CONDITIONS": "CONDITION", "HUNTLISTS": "HUNTLIST", "DESTINATIONS": "DESTINATION",
           "PHONEBOOKS": "PHONEBOOK", "CUSTOMS": "CUSTOM", "CUSTOMTYPE": "CUSTOMTYPES"}


def managedb(ctx: Context) -> Reply:
    name = ctx.params.enum("object")
    actions = OBJECTS.get(ALIASES.get(name, name))
    if actions is None:
        raise Nothing()
    action = actions.get(ctx.params.enum("action"))
    if action is None:
        raise Nothing()
    return action(ctx)


__all__ = ["OBJECTS", "delete_sql", "managedb", "update_sql"]
