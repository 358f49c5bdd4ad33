"""Golden exchanges: DID requests, operator approval and auto-approval on the world clock."""

from __future__ import annotations

import pytest
from epbx_harness import ACME, Harness, assert_exchange, next_id

from mockpbx.core.entities import ReviewStatus

BODY = {"preferred_digits": "096", "provider_id": 1, "requested_channels": 2,
        "notes": "Outbound line for the sales team."}



def _request(req_id: int, status: bytes = b"pending", number: bytes = b"null", trunk: bytes = b"null",
             reason: bytes = b"null", decided: bytes = b"null") -> bytes:
    return (b'{"id":%d,"customer_id":2,"preferred_digits":"096","provider_id":1,"requested_channels":2,'
            b'"notes":"Outbound line for the sales team.","status":"%s","number":%s,"trunk_id":%s,'
            b'"reason":%s,"created_at":"2026-01-05T09:00:00.000000Z","decided_at":%s}'
            % (req_id, status, number, trunk, reason, decided))


def test_request_number_then_operator_approves(h: Harness) -> None:
    req_id = next_id(h.world, "did_request")
    assert_exchange(h.post(f"/customers/{ACME}/numbers", BODY), 201,
                    b'{"status":"success","data":%s}' % _request(req_id))
    assert_exchange(h.get(f"/customers/{ACME}/numbers"), 200, b'{"status":"success","data":[%s]}' % _request(req_id))
    h.world.advance_clock(3600)
    decided = h.world.numbering.approve_did_request(req_id)
    did = h.world.numbering.get_did(decided.did_id or 0)
    trunk = h.world.numbering.get_trunk(decided.trunk_id or 0)
    assert did.number.startswith("096") and did.tenant_id == ACME and did.trunk_id == trunk.id
    assert (trunk.channels, trunk.tenant_ids) == (2, (ACME,))
    assert_exchange(h.get(f"/customers/{ACME}/numbers"), 200, b'{"status":"success","data":[%s]}' % _request(
        req_id, b"approved", b'"%s"' % did.number.encode(), b"%d" % trunk.id, decided=b'"2026-01-05T10:00:00.000000Z"'))


def test_rejected_request_shows_the_reason(h: Harness) -> None:
    req_id = h.post(f"/customers/{ACME}/numbers", BODY).json["data"]["id"]  # type: ignore[index]
    h.world.numbering.reject_did_request(req_id, "No numbers in that range")
    assert_exchange(h.get(f"/customers/{ACME}/numbers"), 200, b'{"status":"success","data":[%s]}' % _request(
        req_id, b"rejected", reason=b'"No numbers in that range"', decided=b'"2026-01-05T09:00:00.000000Z"'))


def test_auto_approval_after_the_configured_delay(h: Harness) -> None:
    h.world.configure(did_request_auto_approve_seconds=300)
    req_id = h.post(f"/customers/{ACME}/numbers", BODY).json["data"]["id"]  # type: ignore[index]
    h.world.advance_clock(299)
    assert h.world.numbering.get_did_request(req_id).status is ReviewStatus.PENDING
    h.world.advance_clock(1)
    listed = h.get(f"/customers/{ACME}/numbers").json["data"][0]  # type: ignore[index]
    assert (listed["status"], listed["decided_at"]) == ("approved", "2026-01-05T09:05:00.000000Z")
    assert listed["number"].startswith("096")


def test_notes_are_optional(h: Harness) -> None:
    response = h.post(f"/customers/{ACME}/numbers", {"preferred_digits": "8801", "provider_id": "2",
                                                     "requested_channels": 1}, )
    assert response.status_code == 422  # provider_id as a JSON string: JSON bodies are typed
    response = h.post(f"/customers/{ACME}/numbers", {"preferred_digits": "8801", "provider_id": 2,
                                                     "requested_channels": 1})
    assert response.status_code == 201
    assert response.json["data"]["notes"] == ""  # type: ignore[index]


def _err(field: str, message: str) -> bytes:
    return b'{"status":"error","message":"%s","errors":{"%s":["%s"]}}' % (message.encode(), field.encode(),
                                                                          message.encode())


@pytest.mark.parametrize(("change", "body"), [
    ({"provider_id": 9}, _err("provider_id", "The selected provider id is invalid.")),
    ({"requested_channels": 0}, _err("requested_channels", "The requested channels field must be at least 1.")),
    ({"requested_channels": 31},
     _err("requested_channels", "The requested channels field must not be greater than 30.")),
    ({"requested_channels": 2.5}, _err("requested_channels", "The requested channels field must be an integer.")),
    ({"preferred_digits": "09a"}, _err("preferred_digits", "The preferred digits field must only contain digits.")),
    ({"preferred_digits": "123456789"},
     _err("preferred_digits", "The preferred digits field must be between 1 and 8 digits.")),
    ({"preferred_digits": 96}, _err("preferred_digits", "The preferred digits field must be a string.")),
    ({"notes": "x" * 1001}, _err("notes", "The notes field must not be greater than 1000 characters.")),
])
def test_number_request_refusals_change_nothing(h: Harness, change: dict[str, object], body: bytes) -> None:
    before = h.world.snapshot()
    assert_exchange(h.post(f"/customers/{ACME}/numbers", {**BODY, **change}), 422, body)
    assert h.world.snapshot() == before
