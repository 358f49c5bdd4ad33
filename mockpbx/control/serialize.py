"""Domain values as the control plane's JSON: plain fields, epoch seconds, money as strings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..conformance import check_entry, findings_json
from ..core.clock import ClockState
from ..core.entities import (
    ApiKey,
    Call,
    Cdr,
    DidRequest,
    JournalEntry,
    KycSubmission,
)
from ..core.state import WorldSettings
from ..core.world import World
from .guard import CONTROL_PREFIX
from .origins import WorldOrigin

Json = dict[str, Any]

# Keys a world summary shows; the rest are at ``links.keys``. The world-wide keys (ePBX
# resellers, MiRTA's admin, PBXware's master) come first in issue order, so they are always here.
KEYS_IN_SUMMARY = 20


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def clock_json(world: World) -> Json:
    return clock_state_json(world.clock.state())


def clock_state_json(state: ClockState) -> Json:
    return {"mode": str(state.mode), "scale": state.scale, "now": state.now, "iso": iso(state.now)}


def key_json(key: ApiKey, tenant_codes: dict[int, str]) -> Json:
    return {
        "key": key.key,
        "vendor": str(key.vendor),
        "scope": str(key.scope),
        "tenant_id": key.tenant_id,
        "tenant_code": tenant_codes.get(key.tenant_id) if key.tenant_id is not None else None,
        "reseller_id": key.reseller_id,
        "allowed_actions": list(key.allowed_actions) if key.allowed_actions is not None else None,
    }


def keys_path(world_id: str) -> str:
    """Where a world's keys are listed in full, a page at a time (``control/keys.py``)."""
    return f"{CONTROL_PREFIX}/worlds/{world_id}/keys"


def world_json(world: World, origin: WorldOrigin, *, show_keys: bool = True, wait: bool = True) -> Json:
    """The summary of a world: where it came from, its clock, what it holds and its first keys.

    Its size does not grow with the world: ``keys`` holds the first ``KEYS_IN_SUMMARY`` keys in
    issue order (every key of the built-in ``default`` and ``pbxware-box`` worlds),
    ``counts.keys`` says how many there are, and ``links.keys`` lists them all, a page at a time.
    ``show_keys`` False leaves ``keys`` null (for anyone but the admin). ``wait`` False takes
    the world's last census when the world is busy (a long clock advance) instead of waiting.
    """
    # One locked read, whose size is the summary's page of keys; formatting happens after.
    census = world.census(keys_limit=KEYS_IN_SUMMARY) if wait else world.recent_census(KEYS_IN_SUMMARY)
    counts = {"tenants": census.tenants, "extensions": census.extensions, "dids": census.dids,
              "live_calls": census.live_calls, "cdrs": census.cdrs, "keys": census.key_total}
    keys = [key_json(k, census.tenant_codes) for k in census.keys]
    clock = clock_state_json(census.clock)
    return {
        "id": world.id,
        "scenario": origin.scenario,
        "scenario_name": world.scenario.name,
        "seed": world.seed,
        "size": origin.size,
        "clock": clock,
        "counts": counts,
        "keys": keys if show_keys else None,
        "links": {"keys": keys_path(world.id)},
    }


def call_json(call: Call) -> Json:
    return {
        "id": call.id,
        "uniqueid": call.uniqueid,
        "originate_id": call.originate_id,
        "tenant_id": call.tenant_id,
        "from": call.src,
        "to": call.dst,
        "direction": str(call.direction),
        "state": str(call.state),
        "outcome": str(call.outcome),
        "created_at": call.created_at,
        "answered_at": call.answered_at,
        "ring_seconds": call.ring_seconds,
        "talk_seconds": call.talk_seconds,
        "caller_name": call.caller_name,
        "did_id": call.did_id,
        "trunk_id": call.trunk_id,
        "record": call.record,
    }


def cdr_json(cdr: Cdr) -> Json:
    return {
        "id": cdr.id,
        "uniqueid": cdr.uniqueid,
        "originate_id": cdr.originate_id,
        "tenant_id": cdr.tenant_id,
        "from": cdr.src,
        "to": cdr.dst,
        "direction": str(cdr.direction),
        "disposition": str(cdr.disposition),
        "start": cdr.start,
        "answer": cdr.answer,
        "end": cdr.end,
        "duration": cdr.duration,
        "billsec": cdr.billsec,
        "cost": str(cdr.cost),
        "recording_id": cdr.recording_id,
        "voicemail_id": cdr.voicemail_id,
    }


def kyc_json(submission: KycSubmission) -> Json:
    return {
        "id": submission.id,
        "tenant_id": submission.tenant_id,
        "status": str(submission.status),
        "fields": dict(submission.fields),
        "files": [
            {"field": f.field, "filename": f.filename, "content_type": f.content_type, "size": f.size,
             "sha256": f.sha256}
            for f in submission.files
        ],
        "submitted_at": submission.submitted_at,
        "decided_at": submission.decided_at,
        "reason": submission.reason,
    }


def did_request_json(request: DidRequest) -> Json:
    return {
        "id": request.id,
        "tenant_id": request.tenant_id,
        "status": str(request.status),
        "preferred_digits": request.preferred_digits,
        "provider_id": request.provider_id,
        "channels": request.channels,
        "notes": request.notes,
        "created_at": request.created_at,
        "decided_at": request.decided_at,
        "did_id": request.did_id,
        "trunk_id": request.trunk_id,
        "reason": request.reason,
    }


def journal_json(entry: JournalEntry) -> Json:
    return {
        "time": entry.time,
        "iso": iso(entry.time),
        "vendor": entry.vendor,
        "method": entry.method,
        "path": entry.path,
        "params": dict(entry.params),
        "status": entry.status,
        "outcome": entry.outcome,
        "fault": entry.fault,
        "findings": findings_json(check_entry(entry)),
        "body": None if entry.body is None else entry.body.decode("utf-8", errors="replace"),
    }


def settings_json(settings: WorldSettings) -> Json:
    return {
        "rate_limit_per_minute": settings.rate_limit_per_minute,
        "did_request_auto_approve_seconds": settings.did_request_auto_approve_seconds,
        "traffic_calls_per_minute": settings.traffic_calls_per_minute,
        "currency": settings.currency,
        "call_rate_per_minute": str(settings.call_rate_per_minute),
        "licence_expires_at": settings.licence_expires_at,
        "pbxware_version": settings.pbxware_version,
        "mirta_cdr_columns": settings.mirta_cdr_columns,
    }
