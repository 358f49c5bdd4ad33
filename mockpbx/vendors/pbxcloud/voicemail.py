"""VOICEMAIL mailboxes and messages, and MEDIAFILE audio."""

from __future__ import annotations

from ...core import errors as core
from ...core.entities import VoicemailFolder
from .answers import AS_PLAIN, Answer, Layout, Table
from .context import Context, Need
from .errors import Nothing
from .reply import EMPTY, Reply
from .rows import voicemail_message_row

MARKED_READ = "Success|Message marked as read|"
MARKED_UNREAD = "Success|Message marked as unread|"
DELETED = "Success|Message deleted|"
MAILBOX_COLUMNS = ("Mailbox", "Fullname", "Email", "New", "Old")
MESSAGE_COLUMNS = ("Msgid", "CallerID", "Duration", "DateTime", "Dir")
# Mailboxes and messages: a pipe table in every text format, json records.
VOICEMAIL_LAYOUT = Layout(csv=AS_PLAIN, xml=AS_PLAIN)
WRITE_ACTIONS = frozenset({"MARKREAD", "MARKUNREAD", "DELETE"})


def voicemail_need(action: str) -> Need:
    return Need.WRITE if action in WRITE_ACTIONS else Need.READ


def voicemail(ctx: Context) -> Answer:
    tenant = ctx.the_tenant()
    action = ctx.params.enum("action", "LIST")
    world = ctx.world
    if action == "LIST":
        messages = world.media.list_voicemail(tenant.id)
        rows: list[dict[str, str | None]] = []
        for box in world.directory.list_voicemail_boxes(tenant.id):
            mine = [m for m in messages if m.mailbox == box.mailbox]
            fresh = sum(1 for m in mine if m.folder is VoicemailFolder.INBOX)
            rows.append({"Mailbox": box.mailbox, "Fullname": box.fullname, "Email": box.email,
                         "New": str(fresh), "Old": str(len(mine) - fresh)})
        return Table(MAILBOX_COLUMNS, [list(r.values()) for r in rows], VOICEMAIL_LAYOUT)
    if action == "MESSAGES":
        mailbox = ctx.params.require("mailbox").strip()
        found = sorted(world.media.list_voicemail(tenant.id, mailbox), key=lambda m: (m.created_at, m.id))
        rows = [voicemail_message_row(m, tenant) for m in found]
        return Table(MESSAGE_COLUMNS, [list(r.values()) for r in rows], VOICEMAIL_LAYOUT)
    msgid = ctx.params.require("msgid").strip()
    try:
        message = world.media.find_voicemail(tenant.id, msgid)
        if ctx.params.has("mailbox") and message.mailbox != ctx.params.get("mailbox").strip():
            return EMPTY
        if action == "MESSAGE":
            return Reply(world.media.voicemail_audio(message), "audio/wav")
        if action == "MARKREAD":
            world.media.mark_voicemail(tenant.id, msgid, read=True)
            return Reply.text(MARKED_READ)
        if action == "MARKUNREAD":
            world.media.mark_voicemail(tenant.id, msgid, read=False)
            return Reply.text(MARKED_UNREAD)
        if action == "DELETE":
            world.media.delete_voicemail(tenant.id, msgid)
            return Reply.text(DELETED)
    except core.VoicemailNotFound:
        return EMPTY
    raise Nothing()


def media_file(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    if ctx.params.enum("action") != "GETAUDIO":
        raise Nothing()
    try:
        media = ctx.world.media.get_media_file(ctx.params.number("objectid"))
    except core.MediaFileNotFound:
        return EMPTY
    if media.tenant_id != tenant.id:
        return EMPTY
    data, content_type = ctx.world.media.media_audio(media)
    return Reply(data, content_type)
