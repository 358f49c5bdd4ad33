"""Media files and the dial-plan objects: IVRs, conditions and hunt lists."""

from __future__ import annotations

from ....core import errors as core
from ....core.entities import FeatureKind
from .. import schemas
from ..context import Context
from ..errors import Nothing
from ..render import php_json
from ..reply import Reply
from ..rows import feature_row, media_row
from .common import Action, as_row, changed, keyed, objectid, owned, parse_columns, tags, update_sql

_FEATURES = {"IVR": (FeatureKind.IVR, "iv"), "CONDITION": (FeatureKind.TIME_CONDITION, "co"),
             "HUNTLIST": (FeatureKind.RING_GROUP, "hu")}

# -- media files ----------------------------------------------------------------------------


def media_list(ctx: Context) -> Reply:
    return keyed([media_row(m) for m in ctx.world.media.list_media_files(ctx.tenant_id)], "me_id")


def _media(ctx: Context) -> int:
    media_id = objectid(ctx)
    try:
        found = ctx.world.media.get_media_file(media_id)
    except core.MediaFileNotFound:
        raise Nothing() from None
    owned(ctx, found.tenant_id)
    return found.id


def media_get(ctx: Context) -> Reply:
    return as_row(media_row(ctx.world.media.get_media_file(_media(ctx))))


def media_binary(ctx: Context) -> Reply:
    data, content_type = ctx.world.media.media_audio(ctx.world.media.get_media_file(_media(ctx)))
    return Reply(data, content_type)


def media_update(ctx: Context) -> Reply:
    media_id = _media(ctx)
    columns, raw = parse_columns(ctx, schemas.NameColumns)
    changes = changed(raw, "me_id")
    if columns.me_name is None or set(changes) != {"me_name"}:
        raise Nothing()
    updated = ctx.world.media.update_media_file(media_id, name=columns.me_name)
    return Reply.text(update_sql("me_mediafiles", changes, "me_te_id", updated.tenant_id, "me_id", media_id))


_AUDIO_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".gsm": "audio/x-gsm", ".ogg": "audio/ogg"}


def media_update_binary(ctx: Context) -> Reply:
    """The uploaded audio replaces the file's sound; GETAUDIO and getbinary then return it."""
    media_id = _media(ctx)
    upload = ctx.params.upload("filename")
    suffix = upload.filename[upload.filename.rfind("."):].lower() if "." in upload.filename else ""
    content_type = _AUDIO_TYPES.get(suffix) or (upload.content_type if upload.content_type.startswith("audio/")
                                                else None)
    if content_type is None or not upload.data:
        raise Nothing()
    updated = ctx.world.media.update_media_file(media_id, data=upload.data, content_type=content_type)
    return Reply.text(update_sql("me_mediafiles", {"me_filename": upload.filename}, "me_te_id", updated.tenant_id,
                                 "me_id", media_id))


# -- IVRs, conditions and hunt lists --------------------------------------------------------


def _feature_object(name: str) -> tuple[FeatureKind, str]:
    return _FEATURES[name]


def feature_list(name: str) -> Action:
    kind, prefix = _feature_object(name)

    def run(ctx: Context) -> Reply:
        found = ctx.world.directory.list_features(kind, ctx.tenant_id)
        return keyed([feature_row(prefix, f) for f in found], f"{prefix}_id")

    return run


def _feature(ctx: Context, kind: FeatureKind) -> int:
    feature_id = objectid(ctx)
    try:
        found = ctx.world.directory.get_feature(feature_id, kind)
    except core.FeatureNotFound:
        raise Nothing() from None
    owned(ctx, found.tenant_id)
    return found.id


def feature_get(name: str) -> Action:
    kind, prefix = _feature_object(name)
    return lambda ctx: as_row(feature_row(prefix, ctx.world.directory.get_feature(_feature(ctx, kind))))


def feature_destinations(name: str) -> Action:
    """The feature's destinations as MiRTA tags (an IVR's are ``<digit>:<TAG-id>``)."""
    kind, _ = _feature_object(name)

    def run(ctx: Context) -> Reply:
        feature = ctx.world.directory.get_feature(_feature(ctx, kind))
        return Reply.text(php_json(list(feature.members)))

    return run


def huntlist_set_extensions(ctx: Context) -> Reply:
    feature_id = _feature(ctx, FeatureKind.RING_GROUP)
    wanted = tags(ctx)
    ctx.world.directory.update_feature(feature_id, members=tuple(wanted))
    return Reply.text(php_json(wanted))


def condition_extended(ctx: Context) -> Reply:
    feature = ctx.world.directory.get_feature(_feature(ctx, FeatureKind.TIME_CONDITION))
    return Reply.text(feature.attributes.get("extendedinfos", "[]"))


def condition_replace_extended(ctx: Context) -> Reply:
    feature_id = _feature(ctx, FeatureKind.TIME_CONDITION)
    data = ctx.params.json_data()
    if not isinstance(data, list) or not all(
        isinstance(item, dict) and all(isinstance(v, str | int) for v in item.values()) for item in data
    ):
        raise Nothing()
    feature = ctx.world.directory.get_feature(feature_id)
    text = php_json(data)
    ctx.world.directory.update_feature(feature_id, attributes={**feature.attributes, "extendedinfos": text})
    return Reply.text(text)
