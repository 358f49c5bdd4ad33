"""The listings the dashboard reads: CDRs, recordings, voicemail, traffic, wallets and activity."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from mockpbx import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.telephony import Telephony
from mockpbx.core.world import World
from mockpbx.settings import Settings

BASE = "/_mockpbx/worlds/default"


@pytest.fixture
def world(app: Flask) -> World:
    found: World = app.extensions["mockpbx"].get("default")
    return found


def answer(response: Any) -> tuple[int, Any]:
    return response.status_code, response.get_json()


BUSY_344 = {"id": 6, "uniqueid": "1767560600.6", "originate_id": "", "tenant_id": 6, "from": "530",
            "to": "5550001", "direction": "outbound", "disposition": "busy", "start": 1767560600, "answer": None,
            "end": 1767560602, "duration": 2, "billsec": 0, "cost": "0.00", "recording_id": None,
            "voicemail_id": None}
RECORDED_DEMO = {"id": 2, "uniqueid": "1767598200.2", "originate_id": "", "tenant_id": 5, "from": "402",
                 "to": "4520304050", "direction": "outbound", "disposition": "answered", "start": 1767598200,
                 "answer": 1767598204, "end": 1767598299, "duration": 99, "billsec": 95, "cost": "0.00",
                 "recording_id": 1, "voicemail_id": None}


# -- CDRs -----------------------------------------------------------------------------------


def test_cdrs_newest_first_with_a_limit(client: FlaskClient) -> None:
    status, body = answer(client.get(f"{BASE}/cdrs?limit=3"))
    assert status == 200
    assert [c["uniqueid"] for c in body["cdrs"]] == ["1767601800.3", "1767598200.2", "1767596370.1"]
    assert body["cdrs"][1] == RECORDED_DEMO


def test_cdrs_filter_by_tenant_disposition_and_day(client: FlaskClient) -> None:
    assert answer(client.get(f"{BASE}/cdrs?tenant=344&disposition=busy")) == (200, {"cdrs": [BUSY_344]})
    by_day = client.get(f"{BASE}/cdrs?tenant=344&date=2026-01-04").get_json()["cdrs"]
    assert [c["uniqueid"] for c in by_day] == ["1767560600.6", "1767517600.5"]
    assert answer(client.get(f"{BASE}/cdrs?date=2025-03-14")) == (200, {"cdrs": [
        {**BUSY_344, "id": 4, "uniqueid": "1741946400.4", "to": "0123456789", "disposition": "answered",
         "start": 1741946400, "answer": 1741946404, "end": 1741946466, "duration": 66, "billsec": 62}]})
    assert answer(client.get(f"{BASE}/cdrs?tenant=DEMO&disposition=failed")) == (200, {"cdrs": []})


@pytest.mark.parametrize(("query", "message"), [
    ("limit=0", "limit must be a whole number from 1 to 500"),
    ("limit=501", "limit must be a whole number from 1 to 500"),
    ("limit=%C2%B2", "limit must be a whole number from 1 to 500"),
    ("limit=-1", "limit must be a whole number from 1 to 500"),
    ("disposition=hung", "disposition must be one of answered, busy, no_answer, failed"),
    ("date=2026-13-01", "date must be a day as YYYY-MM-DD"),
    ("date=yesterday", "date must be a day as YYYY-MM-DD"),
    ("date=%D9%A2026-01-01", "date must be a day as YYYY-MM-DD"),
])
def test_cdrs_refuse_bad_filters(client: FlaskClient, query: str, message: str) -> None:
    assert answer(client.get(f"{BASE}/cdrs?{query}")) == (422, {"error": message, "code": "invalid_argument"})


def test_cdrs_of_an_unknown_tenant_or_world(client: FlaskClient) -> None:
    status, body = answer(client.get(f"{BASE}/cdrs?tenant=NOPE"))
    assert (status, body["code"]) == (404, "tenant_not_found")
    status, body = answer(client.get("/_mockpbx/worlds/nope/cdrs"))
    assert (status, body["code"]) == (404, "not_found")


def test_a_hung_up_call_is_the_newest_cdr(client: FlaskClient) -> None:
    placed = client.post(f"{BASE}/calls", json={"tenant": "DEMO", "from": "104", "to": "5550005"}).get_json()
    client.post(f"{BASE}/clock", json={"advance": 30})
    ended = client.delete(f"{BASE}/calls/{placed['uniqueid']}").get_json()
    assert client.get(f"{BASE}/cdrs?limit=1").get_json() == {"cdrs": [ended]}
    assert ended["disposition"] == "answered" and ended["recording_id"] is not None


# -- recordings and voicemail ---------------------------------------------------------------


def test_recordings_list_and_audio(client: FlaskClient) -> None:
    assert answer(client.get(f"{BASE}/recordings")) == (200, {"recordings": [
        {"id": 1, "tenant_id": 5, "uniqueid": "1767598200.2", "originate_id": "", "seconds": 95,
         "created_at": 1767598299, "iso": "2026-01-05T07:31:39Z"}]})
    assert answer(client.get(f"{BASE}/recordings?tenant=344")) == (200, {"recordings": []})
    audio = client.get(f"{BASE}/recordings/1767598200.2/audio")
    assert (audio.status_code, audio.mimetype, audio.headers["Cache-Control"]) == (200, "audio/mpeg", "no-store")
    world = client.application.extensions["mockpbx"].get("default")
    assert audio.data == Telephony.recording_audio(world.telephony.find_recording("1767598200.2"))
    missing = client.get(f"{BASE}/recordings/1767601800.3/audio")
    assert (missing.status_code, missing.get_json()["code"]) == (404, "recording_not_found")


def test_voicemail_list_and_audio(client: FlaskClient) -> None:
    assert answer(client.get(f"{BASE}/voicemail?tenant=DEMO&limit=1")) == (200, {"voicemail": [
        {"id": 2, "msgid": "1475685710-00000005", "tenant_id": 5, "mailbox": "102", "folder": "Old",
         "caller_id": '"Mark" <4520304050>', "seconds": 9, "created_at": 1767600000, "iso": "2026-01-05T08:00:00Z",
         "uniqueid": ""}]})
    assert [m["id"] for m in client.get(f"{BASE}/voicemail").get_json()["voicemail"]] == [2, 1]
    audio = client.get(f"{BASE}/voicemail/5/1475685709-00000004/audio")
    assert (audio.status_code, audio.mimetype) == (200, "audio/mpeg")
    assert len(audio.data) > 1000
    assert client.get(f"{BASE}/voicemail/6/1475685709-00000004/audio").status_code == 404


# -- traffic --------------------------------------------------------------------------------


def test_traffic_counts_calls_per_hour_by_disposition(client: FlaskClient) -> None:
    assert answer(client.get(f"{BASE}/traffic?hours=4")) == (200, {"hours": [
        {"start": 1767592800, "iso": "2026-01-05T06:00:00Z", "answered": 0, "busy": 0, "no_answer": 1, "failed": 0},
        {"start": 1767596400, "iso": "2026-01-05T07:00:00Z", "answered": 1, "busy": 0, "no_answer": 0, "failed": 0},
        {"start": 1767600000, "iso": "2026-01-05T08:00:00Z", "answered": 1, "busy": 0, "no_answer": 0, "failed": 0},
        {"start": 1767603600, "iso": "2026-01-05T09:00:00Z", "answered": 0, "busy": 0, "no_answer": 0, "failed": 0},
    ]})
    client.post(f"{BASE}/calls", json={"tenant": "DEMO", "from": "104", "to": "5550001"})
    client.post(f"{BASE}/clock", json={"advance": 30})
    last = client.get(f"{BASE}/traffic?hours=1").get_json()["hours"]
    assert last == [{"start": 1767603600, "iso": "2026-01-05T09:00:00Z", "answered": 0, "busy": 1,
                     "no_answer": 0, "failed": 0}]
    assert len(client.get(f"{BASE}/traffic").get_json()["hours"]) == 24
    assert answer(client.get(f"{BASE}/traffic?hours=169")) == (
        422, {"error": "hours must be a whole number from 1 to 168", "code": "invalid_argument"})


# -- money ----------------------------------------------------------------------------------


def test_wallets_of_resellers_and_tenants(client: FlaskClient) -> None:
    status, body = answer(client.get(f"{BASE}/wallets"))
    assert status == 200
    assert body["resellers"] == [
        {"id": 1, "name": "Demo Reseller", "wallet": {"id": 1, "currency": "BDT", "balance": "100000.00"}},
        {"id": 2, "name": "Second Reseller", "wallet": {"id": 2, "currency": "BDT", "balance": "5000.00"}}]
    assert body["tenants"][3] == {"id": 5, "code": "DEMO", "name": "Demo Company", "status": "active",
                                  "reseller_id": None, "wallet": {"id": 6, "currency": "BDT", "balance": "0.00"}}
    assert [t["code"] for t in body["tenants"]] == ["100", "101", "102", "DEMO", "344", "345"]


def test_ledger_follows_the_charges_of_calls(client: FlaskClient) -> None:
    assert answer(client.get(f"{BASE}/wallets/1/ledger")) == (200, {
        "wallet": {"id": 1, "currency": "BDT", "balance": "100000.00"},
        "entries": [{"id": 1, "amount": "100000.00", "balance_after": "100000.00", "kind": "opening",
                     "memo": "opening balance", "created_at": 1767603600, "iso": "2026-01-05T09:00:00Z",
                     "reference": ""}]})
    client.post(f"{BASE}/calls", json={"tenant": "DEMO", "from": "102", "to": "5550005"})
    client.post(f"{BASE}/clock", json={"advance": 120})
    status, body = answer(client.get(f"{BASE}/wallets/6/ledger"))
    assert status == 200
    assert body["wallet"] == {"id": 6, "currency": "BDT", "balance": "-0.50"}
    assert [(e["amount"], e["balance_after"]) for e in body["entries"]] == [("-0.50", "-0.50")]
    assert answer(client.get(f"{BASE}/wallets/999/ledger"))[0] == 404
    assert answer(client.get(f"{BASE}/wallets/1/ledger?limit=0")) == (
        422, {"error": "limit must be a whole number from 1 to 1000", "code": "invalid_argument"})


# -- activity -------------------------------------------------------------------------------


def test_activity_names_vendor_scope_and_action(client: FlaskClient) -> None:
    client.get("/pbx/proxyapi.php?key=demo-DEMO-ro&reqtype=INFO&info=EXTENSIONS&tenant=DEMO&format=json")
    client.get("/?apikey=Test123456789&action=pbxware.tenant.list")
    client.get("/api/v2/customers", headers={"Authorization": "Bearer demo-reseller-token"})
    client.get("/pbx/proxyapi.php?key=demo-DEMO-ro&reqtype=NOSUCH")
    status, body = answer(client.get(f"{BASE}/activity?limit=4"))
    assert status == 200
    rows = [(e["vendor"], e["scope"], e["action"], e["method"], e["path"], e["status"]) for e in body["entries"]]
    assert rows == [
        ("pbxcloud", "tenant_ro", "INFO", "GET", "/pbx/proxyapi.php", 200),
        ("pbxware", "master", "pbxware.tenant.list", "GET", "/", 200),
        ("epbx", "reseller", "GET /api/v2/customers", "GET", "/api/v2/customers", 200),
        ("pbxcloud", "tenant_ro", "NOSUCH", "GET", "/pbx/proxyapi.php", 200),
    ]
    assert body["entries"][0]["outcome"] == "ok"
    assert body["entries"][0]["iso"] == "2026-01-05T09:00:00Z"
    assert [e["action"] for e in client.get(f"{BASE}/activity?limit=1").get_json()["entries"]] == ["NOSUCH"]
    assert answer(client.get(f"{BASE}/activity?limit=1001")) == (
        422, {"error": "limit must be a whole number from 1 to 1000", "code": "invalid_argument"})


def test_activity_names_the_fault_that_fired_and_the_findings(client: FlaskClient) -> None:
    armed = client.post(f"{BASE}/faults", json={"name": "status", "target": {"vendor": "pbxware"},
                                                "trigger": {"kind": "next", "count": 1}, "options": {"status": 502}})
    assert armed.status_code == 201
    client.get("/?apikey=Test123456789&action=pbxware.ext.list&sever=1")
    client.get("/?apikey=Test123456789&action=pbxware.tenant.list")
    status, body = answer(client.get(f"{BASE}/activity?limit=2"))
    assert status == 200
    assert [(e["action"], e["status"], e["outcome"], e["fault"], e["findings"]) for e in body["entries"]] == [
        ("pbxware.ext.list", 502, "fault:status", "status",
         [{"class": "unknown_parameter", "parameter": "sever", "expected": "a parameter of pbxware.ext.list",
           "near_miss": "server"}]),
        ("pbxware.tenant.list", 200, "ok", "", []),
    ]


def test_listings_change_nothing(client: FlaskClient, world: World) -> None:
    before = world.snapshot()
    for path in ("cdrs", "recordings", "voicemail", "traffic", "wallets", "wallets/1/ledger", "activity",
                 "cdrs?limit=x"):
        client.get(f"{BASE}/{path}")
    assert world.snapshot() == before


# -- hostile queries ------------------------------------------------------------------------

LISTINGS = ["cdrs", "recordings", "voicemail", "traffic", "wallets", "wallets/1/ledger", "activity",
            "recordings/x/audio", "voicemail/5/x/audio"]
query_names = st.sampled_from(["tenant", "date", "disposition", "limit", "hours", "x"])
query_values = st.text(max_size=12) | st.integers(-5, 2000).map(str) | st.sampled_from(
    ["DEMO", "344", "2026-01-05", "answered", "busy", "0", "500", "168"])


@settings(max_examples=60)
@given(listing=st.sampled_from(LISTINGS), query=st.lists(st.tuples(query_names, query_values), max_size=4))
def test_any_query_is_an_answer_or_a_json_refusal(listing: str, query: list[tuple[str, str]]) -> None:
    """Whatever the query string, an answer or a 4xx ``{"error", "code"}``, and nothing changes."""
    app = shared_app()
    found: World = app.extensions["mockpbx"].get("default")
    before = found.snapshot()
    answer = app.test_client().get(f"{BASE}/{listing}", query_string=query)
    assert answer.status_code in (200, 404, 422), answer.get_data(as_text=True)
    if answer.status_code != 200:
        body = answer.get_json()
        assert set(body) == {"error", "code"} and isinstance(body["error"], str)
    assert found.snapshot() == before


@cache
def shared_app() -> Flask:
    return create_app(Settings(clock=ClockMode.MANUAL))
