"""Control plane: clock, calls, approvals, settings and journal, including every refusal."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockpbx.core.entities import ReviewStatus
from mockpbx.core.kyc import kyc_file
from mockpbx.core.world import World

BASE = "/_mockpbx/worlds/default"
EPOCH = 1767603600.0


@pytest.fixture
def world(app: Flask) -> World:
    found: World = app.extensions["mockpbx"].get("default")
    return found


def refusal(response: Any) -> tuple[int, dict[str, str]]:
    return response.status_code, response.get_json()


# -- clock ----------------------------------------------------------------------------------


def test_clock_reads_and_advances(client: FlaskClient) -> None:
    assert client.get(f"{BASE}/clock").get_json() == {"mode": "manual", "scale": 1.0, "now": EPOCH,
                                                      "iso": "2026-01-05T09:00:00Z"}
    moved = client.post(f"{BASE}/clock", json={"advance": 90.5})
    assert moved.status_code == 200
    assert moved.get_json() == {"mode": "manual", "scale": 1.0, "now": EPOCH + 90.5,
                                "iso": "2026-01-05T09:01:30.500000Z"}


def test_clock_mode_and_scale_change_without_a_jump(client: FlaskClient) -> None:
    body = client.post(f"{BASE}/clock", json={"mode": "realtime", "scale": 100}).get_json()
    assert (body["mode"], body["scale"]) == ("realtime", 100.0)
    assert EPOCH <= body["now"] < EPOCH + 60
    back = client.post(f"{BASE}/clock", json={"mode": "manual"}).get_json()
    assert back["mode"] == "manual" and back["now"] >= body["now"]


@pytest.mark.parametrize(("body", "expected"), [
    ({}, "body: Value error, give advance, mode or scale"),
    ({"advance": -1}, "advance: Input should be greater than or equal to 0"),
    ({"advance": "soon"}, "advance: Input should be a valid number, unable to parse string as a number"),
    ({"advance": 10**9}, "advance: Input should be less than or equal to 31622400"),
    ({"mode": "sundial"}, "mode: Input should be 'realtime' or 'manual'"),
    ({"scale": 0}, "scale: Input should be greater than 0"),
    ({"advance": 1, "speed": 2}, "speed: Extra inputs are not permitted"),
])
def test_clock_refusals(client: FlaskClient, body: dict[str, Any], expected: str) -> None:
    assert refusal(client.post(f"{BASE}/clock", json=body)) == (422, {"error": expected, "code": "invalid_argument"})
    assert client.get(f"{BASE}/clock").get_json()["now"] == EPOCH


def test_clock_malformed_json_is_400(client: FlaskClient) -> None:
    response = client.post(f"{BASE}/clock", data=b"\xff\xfe", content_type="application/json")
    assert response.status_code == 400 and response.get_json()["code"] == "malformed_json"
    empty = client.post(f"{BASE}/clock")
    assert refusal(empty) == (400, {"error": "a JSON body is required", "code": "malformed_json"})


# -- calls ----------------------------------------------------------------------------------


def test_outbound_call_lives_on_the_clock_and_leaves_a_cdr(client: FlaskClient) -> None:
    placed = client.post(f"{BASE}/calls", json={"tenant": "DEMO", "from": "102", "to": "5550005"})
    assert placed.status_code == 201
    call = placed.get_json()
    assert (call["state"], call["from"], call["to"], call["direction"], call["talk_seconds"]) == (
        "queued", "102", "5550005", "outbound", 60)
    assert call["uniqueid"] == f"{int(EPOCH)}.{call['id']}"
    client.post(f"{BASE}/clock", json={"advance": 1})
    assert [c["state"] for c in client.get(f"{BASE}/calls").get_json()["calls"]] == ["ringing"]
    client.post(f"{BASE}/clock", json={"advance": 1 + call["ring_seconds"]})
    assert client.get(f"{BASE}/calls/{call['originate_id']}").get_json()["state"] == "answered"
    client.post(f"{BASE}/clock", json={"advance": 60})
    assert client.get(f"{BASE}/calls").get_json() == {"calls": []}
    assert refusal(client.get(f"{BASE}/calls/{call['id']}")) == (
        404, {"error": "no such live call", "code": "call_not_found"})


def test_hangup_returns_the_cdr(client: FlaskClient) -> None:
    call = client.post(f"{BASE}/calls", json={"tenant": "DEMO", "from": "102", "to": "5550004"}).get_json()
    client.post(f"{BASE}/clock", json={"advance": 1 + call["ring_seconds"] + 30})
    hung = client.delete(f"{BASE}/calls/{call['uniqueid']}")
    assert hung.status_code == 200
    cdr = hung.get_json()
    assert (cdr["uniqueid"], cdr["disposition"], cdr["billsec"], cdr["duration"]) == (
        call["uniqueid"], "answered", 30, 31 + call["ring_seconds"])
    assert client.delete(f"{BASE}/calls/{call['uniqueid']}").status_code == 404


def test_inbound_call_to_a_did(client: FlaskClient, world: World) -> None:
    placed = client.post(f"{BASE}/calls", json={"did": "4535150000", "from": "4520304050", "outcome": "busy"})
    assert placed.status_code == 201
    body = placed.get_json()
    assert (body["direction"], body["from"], body["to"], body["outcome"]) == ("inbound", "4520304050", "102", "busy")
    assert body["did_id"] == world.numbering.did_by_number("4535150000").id


def test_tenant_by_numeric_id(client: FlaskClient, world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO")
    placed = client.post(f"{BASE}/calls", json={"tenant": demo.id, "from": "104", "to": "102"})
    assert placed.status_code == 201 and placed.get_json()["direction"] == "internal"


@pytest.mark.parametrize(("body", "status", "expected"), [
    ({"tenant": "NOPE", "from": "102", "to": "5550005"}, 404, {"error": "no such tenant", "code": "tenant_not_found"}),
    ({"tenant": 999, "from": "102", "to": "5550005"}, 404, {"error": "no such tenant", "code": "tenant_not_found"}),
    ({"tenant": "DEMO", "from": "999", "to": "5550005"}, 404,
     {"error": "no such source extension", "code": "extension_not_found"}),
    ({"did": "000", "from": "1"}, 404, {"error": "no such DID", "code": "did_not_found"}),
    ({"tenant": "DEMO", "from": "102", "to": "call-me"}, 422,
     {"error": "destination must be 1 to 20 digits, optionally after a +", "code": "invalid_argument"}),
    ({"tenant": "DEMO", "from": "102", "to": "4" * 21}, 422,
     {"error": "destination must be 1 to 20 digits, optionally after a +", "code": "invalid_argument"}),
    ({"tenant": "DEMO", "from": "102"}, 422,
     {"error": "body: Value error, give tenant, from and to (outbound) or did and from (inbound)",
      "code": "invalid_argument"}),
    ({"did": "4535150000", "from": "1", "tenant": "DEMO"}, 422,
     {"error": "body: Value error, an inbound call takes did and from only", "code": "invalid_argument"}),
    ({"tenant": "DEMO", "to": "102"}, 422, {"error": "from: Field required", "code": "invalid_argument"}),
    ({"tenant": "DEMO", "from": "102", "to": "5550005", "outcome": "maybe"}, 422,
     {"error": "outcome: Input should be 'answered', 'busy', 'no_answer' or 'failed'", "code": "invalid_argument"}),
])
def test_call_refusals_place_no_call(client: FlaskClient, body: dict[str, Any], status: int,
                                     expected: dict[str, str]) -> None:
    assert refusal(client.post(f"{BASE}/calls", json=body)) == (status, expected)
    assert client.get(f"{BASE}/calls").get_json() == {"calls": []}


def test_call_limit_is_409(client: FlaskClient) -> None:
    for _ in range(2):
        assert client.post(f"{BASE}/calls", json={"tenant": "DEMO", "from": "102", "to": "5550004"}).status_code == 201
    third = client.post(f"{BASE}/calls", json={"tenant": "DEMO", "from": "102", "to": "5550004"})
    assert refusal(third) == (409, {"error": "source extension is at its call limit", "code": "call_limit_reached"})


def test_calls_filtered_by_tenant(client: FlaskClient) -> None:
    client.post(f"{BASE}/calls", json={"tenant": "DEMO", "from": "102", "to": "5550004"})
    client.post(f"{BASE}/calls", json={"tenant": "344", "from": "530", "to": "5550004"})
    assert [c["from"] for c in client.get(f"{BASE}/calls?tenant=344").get_json()["calls"]] == ["530"]
    assert refusal(client.get(f"{BASE}/calls?tenant=NOPE")) == (
        404, {"error": "no such tenant", "code": "tenant_not_found"})


# -- approvals ------------------------------------------------------------------------------


def test_kyc_approve_and_reject(client: FlaskClient, world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO").id
    other = world.tenancy.tenant_by_code("344").id
    first = world.kyc.submit_kyc(demo, {"company": "Demo"}, (kyc_file("id", "id.pdf", "application/pdf", b"%PDF"),))
    second = world.kyc.submit_kyc(other, {"company": "t1"}, ())
    pending = client.get(f"{BASE}/kyc?status=pending").get_json()["kyc"]
    assert [k["id"] for k in pending] == [first.id, second.id]
    assert pending[0]["files"] == [{"field": "id", "filename": "id.pdf", "content_type": "application/pdf",
                                    "size": 4, "sha256": hashlib.sha256(b"%PDF").hexdigest()}]
    approved = client.post(f"{BASE}/kyc/{first.id}/approve")
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    rejected = client.post(f"{BASE}/kyc/{second.id}/reject", json={"reason": "blurry scan"})
    assert (rejected.get_json()["status"], rejected.get_json()["reason"]) == ("rejected", "blurry scan")
    assert world.kyc.get_kyc(second.id).status is ReviewStatus.REJECTED
    assert client.get(f"{BASE}/kyc?status=pending").get_json() == {"kyc": []}
    assert [k["status"] for k in client.get(f"{BASE}/kyc").get_json()["kyc"]] == ["approved", "rejected"]
    assert refusal(client.post(f"{BASE}/kyc/{first.id}/reject", json={})) == (
        409, {"error": "KYC submission already decided", "code": "kyc_not_pending"})
    assert refusal(client.post(f"{BASE}/kyc/999/approve")) == (
        404, {"error": "no such KYC submission", "code": "kyc_not_found"})


def test_kyc_refusals(client: FlaskClient, world: World) -> None:
    submission = world.kyc.submit_kyc(world.tenancy.tenant_by_code("DEMO").id, {}, ())
    assert refusal(client.get(f"{BASE}/kyc?status=maybe")) == (
        422, {"error": "status must be pending, approved, rejected or all", "code": "invalid_argument"})
    assert refusal(client.post(f"{BASE}/kyc/{submission.id}/reject", json={"reason": 5})) == (
        422, {"error": "reason: Input should be a valid string", "code": "invalid_argument"})
    assert client.post(f"{BASE}/kyc/{submission.id}/reject", data="{").status_code == 400
    assert world.kyc.get_kyc(submission.id).status is ReviewStatus.PENDING


def test_did_request_approve_allocates_a_number(client: FlaskClient, world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO").id
    request = world.numbering.request_did(demo, preferred_digits="4535", provider_id=1, channels=4)
    rejectme = world.numbering.request_did(demo, preferred_digits="4536", provider_id=1, channels=2)
    listed = client.get(f"{BASE}/did-requests?status=pending").get_json()["did_requests"]
    assert [r["id"] for r in listed] == [request.id, rejectme.id]
    approved = client.post(f"{BASE}/did-requests/{request.id}/approve").get_json()
    assert approved["status"] == "approved" and approved["did_id"] is not None
    assert world.numbering.get_did(approved["did_id"]).number.startswith("4535")
    rejected = client.post(f"{BASE}/did-requests/{rejectme.id}/reject", json={"reason": "no stock"}).get_json()
    assert (rejected["status"], rejected["reason"], rejected["did_id"]) == ("rejected", "no stock", None)
    assert refusal(client.post(f"{BASE}/did-requests/{request.id}/approve")) == (
        409, {"error": "request already decided", "code": "did_request_not_pending"})
    assert refusal(client.post(f"{BASE}/did-requests/77/reject")) == (
        404, {"error": "no such DID request", "code": "did_request_not_found"})


# -- settings -------------------------------------------------------------------------------


def test_settings_read_and_patch(client: FlaskClient, world: World) -> None:
    before = client.get(f"{BASE}/settings").get_json()
    assert set(before) == {"rate_limit_per_minute", "did_request_auto_approve_seconds", "traffic_calls_per_minute",
                           "currency", "call_rate_per_minute", "licence_expires_at", "pbxware_version",
                           "mirta_cdr_columns"}
    patched = client.patch(f"{BASE}/settings", json={"rate_limit_per_minute": 5, "did_request_auto_approve_seconds": 30,
                                                     "call_rate_per_minute": "0.25"})
    assert patched.status_code == 200
    assert patched.get_json() == {**before, "rate_limit_per_minute": 5, "did_request_auto_approve_seconds": 30,
                                  "call_rate_per_minute": "0.25"}
    assert world.settings.rate_limit_per_minute == 5
    off = client.patch(f"{BASE}/settings", json={"did_request_auto_approve_seconds": None}).get_json()
    assert off["did_request_auto_approve_seconds"] is None
    licence = client.patch(f"{BASE}/settings", json={"licence_expires_at": world.clock.now() + 86_400}).get_json()
    assert (licence["licence_expires_at"], world.accounts.licence_days_left()) == (world.clock.now() + 86_400, 1)
    assert client.patch(f"{BASE}/settings", json={"licence_expires_at": None}).get_json()["licence_expires_at"] is None
    assert world.accounts.licence_days_left() is None


def test_auto_approve_delay_approves_on_the_clock(client: FlaskClient, world: World) -> None:
    client.patch(f"{BASE}/settings", json={"did_request_auto_approve_seconds": 60})
    request = world.numbering.request_did(world.tenancy.tenant_by_code("DEMO").id, preferred_digits="45", provider_id=1,
                                          channels=1)
    client.post(f"{BASE}/clock", json={"advance": 59})
    assert world.numbering.get_did_request(request.id).status is ReviewStatus.PENDING
    client.post(f"{BASE}/clock", json={"advance": 1})
    assert world.numbering.get_did_request(request.id).status is ReviewStatus.APPROVED


def test_traffic_setting_places_calls_on_the_clock(client: FlaskClient) -> None:
    client.patch(f"{BASE}/settings", json={"traffic_calls_per_minute": 60})
    client.post(f"{BASE}/clock", json={"advance": 120})
    body = client.get("/_mockpbx/worlds/default").get_json()
    assert body["counts"]["live_calls"] > 0 or body["counts"]["cdrs"] > 6
    stopped = client.patch(f"{BASE}/settings", json={"traffic_calls_per_minute": 0}).get_json()
    assert stopped["traffic_calls_per_minute"] == 0.0


@pytest.mark.parametrize(("body", "expected"), [
    ({"rate_limit_per_minute": -1}, "rate_limit_per_minute: Input should be greater than or equal to 0"),
    ({"currency": "euro"}, "currency: String should match pattern '^[A-Z]{3}$'"),
    ({"currency": None}, "body: Value error, currency cannot be null"),
    ({"traffic_calls_per_minute": -5}, "traffic_calls_per_minute: Input should be greater than or equal to 0"),
    ({"call_rate_per_minute": "cheap"}, "call_rate_per_minute: Input should be a valid decimal"),
    ({"rate_limit_per_minute": 1, "colour": "red"}, "colour: Extra inputs are not permitted"),
])
def test_settings_refusals_change_nothing(client: FlaskClient, body: dict[str, Any], expected: str) -> None:
    before = client.get(f"{BASE}/settings").get_json()
    assert refusal(client.patch(f"{BASE}/settings", json=body)) == (
        422, {"error": expected, "code": "invalid_argument"})
    assert client.get(f"{BASE}/settings").get_json() == before


# -- journal --------------------------------------------------------------------------------


def test_journal_records_vendor_requests_of_this_world(client: FlaskClient) -> None:
    client.get("/?apikey=Test123456789&action=pbxware.tenant.list")
    client.get("/?apikey=not-a-key&action=pbxware.tenant.list")  # no world: journalled nowhere
    entries = client.get(f"{BASE}/journal").get_json()["entries"]
    assert len(entries) == 1
    entry = entries[0]
    assert {k: entry[k] for k in ("time", "iso", "vendor", "method", "path", "params", "status")} == {
        "time": EPOCH, "iso": "2026-01-05T09:00:00Z", "vendor": "pbxware", "method": "GET", "path": "/",
        "params": {"apikey": "Test123456789", "action": "pbxware.tenant.list"}, "status": 200}
    assert isinstance(entry["outcome"], str)
    assert client.get(f"{BASE}/journal?vendor=epbx").get_json() == {"entries": []}
    assert client.get(f"{BASE}/journal?limit=0").get_json() == {"entries": []}
    assert refusal(client.get(f"{BASE}/journal?limit=-1")) == (
        422, {"error": "limit must be a whole number", "code": "invalid_argument"})
