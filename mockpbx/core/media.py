"""What calls leave to listen to: voicemail messages and uploaded media files.

(Recordings are the calls' own record and live with telephony.)

Audio is synthesised on request from the entity (its id and length), never stored, so a
world with a million recordings costs no more memory than their metadata. Synthesis runs
outside the world's lock.
"""

from __future__ import annotations

import dataclasses

from . import audio, errors
from .base import Aggregate, of_tenant, verb
from .entities import MediaFile, VoicemailFolder, VoicemailMessage


class Media(Aggregate):
    """Voicemail messages and media files. Owns ``WorldState.voicemail`` and ``media_files``."""


    @verb
    def forget_tenant(self, tenant_id: int) -> None:
        """A deleted tenant's media files and voicemail messages go (recordings stay as history)."""
        state = self._state
        for table in (state.media_files, state.voicemail):
            for key in [k for k, v in table.items() if v.tenant_id == tenant_id]:
                del table[key]

    # -- voicemail ------------------------------------------------------------------------

    @verb
    def list_voicemail(self, tenant_id: int, mailbox: str | None = None) -> list[VoicemailMessage]:
        return [
            m for m in self._state.voicemail.values()
            if m.tenant_id == tenant_id and (mailbox is None or m.mailbox == mailbox)
        ]

    @verb
    def deposit_voicemail(self, tenant_id: int, mailbox: str, caller_id: str, seconds: int, *,
                          at: int | None = None, folder: VoicemailFolder = VoicemailFolder.INBOX,
                          msgid: str | None = None, uniqueid: str = "") -> VoicemailMessage:
        """Leave a message as a caller would (``uniqueid``: the call that left it); scenarios use
        it to pre-fill mailboxes, and telephony when an unanswered call goes to voicemail."""
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        seq = self._ids.next("voicemail")
        when = self._stamp() if at is None else at
        message = VoicemailMessage(seq, msgid or f"{when}-{seq:08d}", tenant_id, mailbox, folder, caller_id,
                                   seconds, when, uniqueid)
        self._state.voicemail[seq] = message
        return message

    @verb
    def forget_mailbox(self, tenant_id: int, mailbox: str) -> None:
        """The mailbox was deleted: its messages go with it."""
        for message_id in [m.id for m in self._state.voicemail.values()
                           if m.tenant_id == tenant_id and m.mailbox == mailbox]:
            del self._state.voicemail[message_id]

    @verb
    def find_voicemail(self, tenant_id: int, msgid: str) -> VoicemailMessage:
        for message in self._state.voicemail.values():
            if message.tenant_id == tenant_id and message.msgid == msgid:
                return message
        raise errors.VoicemailNotFound("no such voicemail message", msgid=msgid)

    @verb
    def mark_voicemail(self, tenant_id: int, msgid: str, *, read: bool) -> VoicemailMessage:
        """Read messages live in Old and unread ones in INBOX, as in Asterisk's spool."""
        message = self.find_voicemail(tenant_id, msgid)
        folder = VoicemailFolder.OLD if read else VoicemailFolder.INBOX
        updated = dataclasses.replace(message, folder=folder)
        self._state.voicemail[message.id] = updated
        return updated

    @verb
    def delete_voicemail(self, tenant_id: int, msgid: str) -> None:
        message = self.find_voicemail(tenant_id, msgid)
        del self._state.voicemail[message.id]

    @staticmethod
    def voicemail_audio(message: VoicemailMessage) -> bytes:
        return audio.wav_voicemail(message.msgid, message.seconds)

    # -- media files ----------------------------------------------------------------------

    @verb
    def create_media_file(self, tenant_id: int, name: str, *, seconds: int = 10, content_type: str | None = None,
                          data: bytes | None = None, media_id: int | None = None) -> MediaFile:
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        if media_id is None:
            media_id = self._ids.next("media")
        else:
            if media_id in self._state.media_files:
                raise errors.AlreadyExists("media file id in use", media_id=media_id)
            self._ids.ensure_above("media", media_id)
        media = MediaFile(media_id, tenant_id, name, seconds, content_type, data)
        self._state.media_files[media.id] = media
        return media

    @verb
    def get_media_file(self, media_id: int) -> MediaFile:
        try:
            return self._state.media_files[media_id]
        except KeyError:
            raise errors.MediaFileNotFound("no such media file", media_id=media_id) from None

    @verb
    def list_media_files(self, tenant_id: int | None = None) -> list[MediaFile]:
        return of_tenant(self._state.media_files.values(), tenant_id)

    @verb
    def update_media_file(self, media_id: int, **changes: object) -> MediaFile:
        media = dataclasses.replace(self.get_media_file(media_id), **changes)  # type: ignore[arg-type]
        self._state.media_files[media_id] = media
        return media

    @staticmethod
    def media_audio(media: MediaFile) -> tuple[bytes, str]:
        """Uploaded bytes as stored, or a generated WAV for files the scenario only names."""
        if media.data is not None:
            return media.data, media.content_type or audio.WAV_CONTENT_TYPE
        return audio.wav_voicemail(f"media-{media.id}", media.seconds), audio.WAV_CONTENT_TYPE
