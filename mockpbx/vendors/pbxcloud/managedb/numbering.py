"""DIDs and the destinations of DIDs, IVR digits and conditions, as MiRTA tags."""

from __future__ import annotations

from ....core import errors as core
from ....core.entities import Destination, FeatureKind
from ....core.numerals import whole_number
from ....core.world import World
from .. import schemas
from ..context import Context
from ..errors import Nothing
from ..render import php_json
from ..reply import Reply
from ..rows import did_row
from .common import as_row, changed, keyed, objectid, owned, parse_columns, tags, update_sql

# -- DIDs -----------------------------------------------------------------------------------


def did_list(ctx: Context) -> Reply:
    return keyed([did_row(d) for d in ctx.world.numbering.list_dids(ctx.tenant_id)], "di_id")


def _did(ctx: Context) -> int:
    did_id = objectid(ctx)
    try:
        found = ctx.world.numbering.get_did(did_id)
    except core.DidNotFound:
        raise Nothing() from None
    owned(ctx, found.tenant_id)
    return found.id


def did_get(ctx: Context) -> Reply:
    return as_row(did_row(ctx.world.numbering.get_did(_did(ctx))))


def did_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = parse_columns(ctx, schemas.DidColumns)
    if columns.di_number is None:
        raise Nothing()
    attributes = {} if columns.di_maxchannels is None else {"maxchannels": str(columns.di_maxchannels)}
    created = ctx.world.numbering.create_did(columns.di_number, tenant_id=tenant.id, comment=columns.di_comment or "",
                                             record_calls=columns.di_recording == "yes", attributes=attributes)
    return as_row(did_row(created))


def did_update(ctx: Context) -> Reply:
    did_id = _did(ctx)
    columns, raw = parse_columns(ctx, schemas.DidColumns)
    changes = changed(raw, "di_id")
    current = ctx.world.numbering.get_did(did_id)
    update: dict[str, object] = {}
    if columns.di_number is not None:
        update["number"] = columns.di_number
    if columns.di_comment is not None:
        update["comment"] = columns.di_comment
    if columns.di_recording is not None:
        update["record_calls"] = columns.di_recording == "yes"
    if columns.di_maxchannels is not None:
        update["attributes"] = {**current.attributes, "maxchannels": str(columns.di_maxchannels)}
    ctx.world.numbering.update_did(did_id, **update)
    return Reply.text(update_sql("di_dids", changes, "di_te_id", current.tenant_id, "di_id", did_id))


_FEATURE_TAGS = {"IVR": FeatureKind.IVR, "MEETME": FeatureKind.CONFERENCE}


def _route(world: World, tenant_id: int, tags: list[str]) -> Destination | None:
    """The first tag the core can route a call to; MiRTA tags name rows by id."""
    for tag in tags:
        kind, _, ident = tag.partition("-")
        row_id = whole_number(ident)
        if row_id is None:
            continue
        try:
            if kind == "EXT":
                extension = world.directory.get_extension(row_id)
                if extension.tenant_id == tenant_id:
                    return Destination("extension", extension.number)
            elif kind == "QUEUE":
                queue = world.directory.get_queue(row_id)
                if queue.tenant_id == tenant_id:
                    return Destination("queue", queue.number)
            elif kind in _FEATURE_TAGS:
                # Rooms and IVRs are reached by their number, whichever API routed the DID to them.
                feature = world.directory.get_feature(row_id, _FEATURE_TAGS[kind])
                if feature.tenant_id == tenant_id:
                    return Destination(feature.kind.value, feature.number)
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
            did = world.numbering.get_did(source_id)
            owned(ctx, did.tenant_id)
            stored = did.attributes.get("destinations")
            if stored is not None:
                return [t for t in stored.split(",") if t]
            return [] if did.destination is None else [_tag_of(world, did.tenant_id, did.destination)]
        if kind.startswith("IVR_"):
            ivr = world.directory.get_feature(source_id, FeatureKind.IVR)
            owned(ctx, ivr.tenant_id)
            digit = kind[4]
            return [m.partition(":")[2] for m in ivr.members if m.partition(":")[0] == digit]
        condition = world.directory.get_feature(source_id, FeatureKind.TIME_CONDITION)
        owned(ctx, condition.tenant_id)
        stored = condition.attributes.get(kind.lower(), "")
        return [t for t in stored.split(",") if t]
    except core.NotFound:
        raise Nothing() from None


def _tag_of(world: World, tenant_id: int | None, destination: Destination) -> str:
    if destination.kind == "extension" and tenant_id is not None:
        try:
            return f"EXT-{world.directory.extension_by_number(tenant_id, destination.target).id}"
        except core.ExtensionNotFound:
            pass
    if destination.kind == "queue":
        for queue in world.directory.list_queues(tenant_id):
            if queue.number == destination.target:
                return f"QUEUE-{queue.id}"
    return f"{destination.kind.upper()}-{destination.target}"


def destination_replace(ctx: Context) -> Reply:
    kind, source_id = _source(ctx)
    wanted = tags(ctx)
    world = ctx.world
    _current_tags(ctx, kind, source_id)  # existence and ownership
    if kind == "DID":
        did = world.numbering.get_did(source_id)
        route = _route(world, did.tenant_id, wanted) if did.tenant_id is not None else None
        world.numbering.update_did(source_id, destination=route,
                                   attributes={**did.attributes, "destinations": ",".join(wanted)})
    elif kind.startswith("IVR_"):
        ivr = world.directory.get_feature(source_id, FeatureKind.IVR)
        digit = kind[4]
        kept = tuple(m for m in ivr.members if m.partition(":")[0] != digit)
        world.directory.update_feature(source_id, members=kept + tuple(f"{digit}:{t}" for t in wanted))
    else:
        condition = world.directory.get_feature(source_id, FeatureKind.TIME_CONDITION)
        world.directory.update_feature(source_id, attributes={**condition.attributes, kind.lower(): ",".join(wanted)})
    return Reply.text(php_json(wanted))
