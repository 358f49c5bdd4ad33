"""What calls left behind, for the dashboard: CDRs, recordings, voicemail, and calls per hour."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, jsonify

from ..core.entities import Cdr, Disposition, Recording, VoicemailMessage
from .context import world
from .query import day_filter, disposition_filter, tenant_filter, whole_number
from .serialize import Json, cdr_json, iso

HOUR_SECONDS = 3600


def recording_json(recording: Recording) -> Json:
    return {
        "id": recording.id,
        "tenant_id": recording.tenant_id,
        "uniqueid": recording.uniqueid,
        "originate_id": recording.originate_id,
        "seconds": recording.seconds,
        "created_at": recording.created_at,
        "iso": iso(recording.created_at),
    }


def voicemail_json(message: VoicemailMessage) -> Json:
    return {
        "id": message.id,
        "msgid": message.msgid,
        "tenant_id": message.tenant_id,
        "mailbox": message.mailbox,
        "folder": str(message.folder),
        "caller_id": message.caller_id,
        "seconds": message.seconds,
        "created_at": message.created_at,
        "iso": iso(message.created_at),
        "uniqueid": message.uniqueid,
    }


def _audio(body: bytes) -> Response:
    return Response(body, status=200, mimetype="audio/mpeg", headers={"Cache-Control": "no-store"})


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/cdrs")
    def list_cdrs(world_id: str) -> Response:
        """CDRs, newest first.

        Query:
            ``tenant=CODE``, ``date=YYYY-MM-DD`` (calls that started that UTC day of world
            time), ``disposition=answered|busy|no_answer|failed``, ``limit`` (1..500, default 50).

        Returns:
            200 ``{"cdrs": [cdr, ...]}`` (as ``DELETE .../calls/<ref>`` answers); 404 for an
            unknown tenant; 422 for a bad filter.
        """
        limit = whole_number("limit", 50, 1, 500)
        disposition = disposition_filter()
        day = day_filter()
        found = world(world_id)
        tenant_id = tenant_filter(found)
        where: Callable[[Cdr], bool] | None = None
        if disposition is not None:
            def where(cdr: Cdr) -> bool:
                return cdr.disposition is disposition
        start, end = day if day is not None else (None, None)
        rows = found.telephony.query_cdrs(tenant_id, start=start, end=end, where=where, limit=limit)
        return jsonify(cdrs=[cdr_json(c) for c in rows])

    @bp.get("/worlds/<world_id>/recordings")
    def list_recordings(world_id: str) -> Response:
        """Call recordings, newest first; ``tenant=CODE``, ``limit`` (1..500, default 50).

        Returns:
            200 ``{"recordings": [{"id", "tenant_id", "uniqueid", "originate_id", "seconds",
            "created_at", "iso"}, ...]}``; the audio is at ``.../recordings/<uniqueid>/audio``.
        """
        limit = whole_number("limit", 50, 1, 500)
        found = world(world_id)
        rows = found.telephony.list_recordings(tenant_filter(found))
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return jsonify(recordings=[recording_json(r) for r in rows[:limit]])

    @bp.get("/worlds/<world_id>/recordings/<ref>/audio")
    def recording_audio(world_id: str, ref: str) -> Response:
        """The recording of a call (by uniqueid or originate id) as ``audio/mpeg``; 404 if none."""
        found = world(world_id)
        return _audio(found.telephony.recording_audio(found.telephony.find_recording(ref)))

    @bp.get("/worlds/<world_id>/voicemail")
    def list_voicemail(world_id: str) -> Response:
        """Voicemail messages of every mailbox, newest first; ``tenant=CODE``, ``limit`` (1..500, default 50).

        Returns:
            200 ``{"voicemail": [{"id", "msgid", "tenant_id", "mailbox", "folder", "caller_id",
            "seconds", "created_at", "iso", "uniqueid"}, ...]}``; the audio is at
            ``.../voicemail/<tenant_id>/<msgid>/audio``.
        """
        limit = whole_number("limit", 50, 1, 500)
        found = world(world_id)
        tenant_id = tenant_filter(found)
        tenants = [tenant_id] if tenant_id is not None else [t.id for t in found.tenancy.list_tenants()]
        rows = [m for t in tenants for m in found.media.list_voicemail(t)]
        rows.sort(key=lambda m: (m.created_at, m.id), reverse=True)
        return jsonify(voicemail=[voicemail_json(m) for m in rows[:limit]])

    @bp.get("/worlds/<world_id>/voicemail/<int:tenant_id>/<msgid>/audio")
    def voicemail_audio(world_id: str, tenant_id: int, msgid: str) -> Response:
        """A voicemail message as ``audio/mpeg``; 404 if the tenant has no such message."""
        found = world(world_id)
        return _audio(found.media.voicemail_audio(found.media.find_voicemail(tenant_id, msgid)))

    @bp.get("/worlds/<world_id>/traffic")
    def call_traffic(world_id: str) -> Response:
        """Calls per hour of world time, by disposition, for the last ``hours`` (1..168, default 24).

        Returns:
            200 ``{"hours": [{"start", "iso", "answered", "busy", "no_answer", "failed"}, ...]}``,
            oldest first, the last being the hour the world's clock is in; a call counts in
            the hour it started.
        """
        hours = whole_number("hours", 24, 1, 168)
        found = world(world_id)
        current = int(found.clock.now()) // HOUR_SECONDS * HOUR_SECONDS
        first = current - (hours - 1) * HOUR_SECONDS
        buckets: list[Json] = [
            {"start": first + i * HOUR_SECONDS, "iso": iso(first + i * HOUR_SECONDS),
             **{str(d): 0 for d in Disposition}}
            for i in range(hours)
        ]
        for cdr in found.telephony.query_cdrs(start=first, end=current + HOUR_SECONDS, newest_first=False):
            buckets[(cdr.start - first) // HOUR_SECONDS][str(cdr.disposition)] += 1
        return jsonify(hours=buckets)
