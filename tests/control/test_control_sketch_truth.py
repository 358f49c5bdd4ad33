"""Sketched worlds and the ground-truth view, checked against each vendor's own view of the world."""

from __future__ import annotations

import json
import statistics
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings

from mockpbx.core.sketches import WorldSketch
from mockpbx.testing.strategies import worlds

BASE = "/_mockpbx"
SKETCH = {
    "tenants": [
        {"code": "100", "name": 'Pipe|Co "x"', "extensions": [{"number": "100", "name": "Ann|Lee"},
                                                            {"number": "101", "name": "Bo\nB"}],
         "calls": [
             {"direction": "outbound", "disposition": "answered", "start": 1767225570, "ring": 3, "talk": 61,
              "extension": "100", "peer": "55512345678901234", "caller_name": "Smith, John", "record": True},
             {"direction": "inbound", "disposition": "no_answer", "start": 1743296370, "ring": 30, "talk": 0,
              "extension": "101", "peer": "5551234", "caller_name": "", "record": False},
         ]},
        {"code": "101", "name": "Quiet", "suspended": True},
    ],
    "wallet": "0.01",
}


def _sketch(client: FlaskClient, body: object, world_id: str = "fz") -> dict[str, object]:
    response = client.put(f"{BASE}/worlds/{world_id}/sketch", json=body)
    assert response.status_code == 200, response.get_json()
    answer: dict[str, object] = response.get_json()
    return answer


def test_a_sketch_builds_a_world_with_fixed_keys_and_answers_them(client: FlaskClient) -> None:
    answer = _sketch(client, SKETCH)
    assert {k: v for k, v in answer.items() if k != "built_ms"} == {
        "id": "fz",
        "keys": {"epbx": "fz-epbx-reseller", "pbxcloud_admin": "fz-mirta-admin", "pbxware": "fz-pbxware-master"},
        "tenants": [{"code": "100", "id": 2, "key": "fz-mirta-100-rw"}, {"code": "101", "id": 3,
                                                                       "key": "fz-mirta-101-rw"}],
    }
    # The next sketch replaces the first entirely, keys and ids included.
    again = _sketch(client, {"tenants": [{"code": "7", "name": "Only"}]})
    assert again["tenants"] == [{"code": "7", "id": 2, "key": "fz-mirta-7-rw"}]
    assert client.get(f"{BASE}/worlds/fz/truth?view=extensions").get_json()["count"] == 0


def test_the_truth_views_are_exact(client: FlaskClient) -> None:
    _sketch(client, SKETCH)
    cdrs = client.get(f"{BASE}/worlds/fz/truth?view=cdrs&tenant=100")
    assert cdrs.status_code == 200
    assert cdrs.get_json() == {
        "world": "fz", "view": "cdrs", "tenant": "100", "count": 2, "billsec": 61, "cost": "0.00",
        "cdrs": [
            {"tenant": "100", "uniqueid": "1743296370.1", "originate_id": "", "start": 1743296370,
             "start_iso": "2025-03-30T00:59:30Z", "answer": None, "end": 1743296400, "duration": 30, "billsec": 0,
             "src": "5551234", "dst": "101", "direction": "inbound", "disposition": "no_answer", "caller_name": "",
             "recording": False, "cost": "0.00"},
            {"tenant": "100", "uniqueid": "1767225570.2", "originate_id": "", "start": 1767225570,
             "start_iso": "2025-12-31T23:59:30Z", "answer": 1767225573, "end": 1767225634, "duration": 64,
             "billsec": 61, "src": "100", "dst": "55512345678901234", "direction": "outbound",
             "disposition": "answered", "caller_name": "Smith, John", "recording": True, "cost": "0.00"},
        ]}
    assert client.get(f"{BASE}/worlds/fz/truth?view=billing").get_json() == {
        "world": "fz", "view": "billing", "tenant": None, "currency": "BDT",
        "resellers": [{"id": 1, "name": "Sketch Reseller", "currency": "BDT", "balance": "0.01"}],
        "tenants": [{"code": "100", "name": 'Pipe|Co "x"', "status": "active", "balance": "0.00"},
                    {"code": "101", "name": "Quiet", "status": "suspended", "balance": "0.00"}]}
    assert client.get(f"{BASE}/worlds/fz/truth?view=extensions&tenant=101").get_json() == {
        "world": "fz", "view": "extensions", "tenant": "101", "count": 0, "extensions": []}
    assert client.get(f"{BASE}/worlds/fz/truth?view=calls").get_json() == {
        "world": "fz", "view": "calls", "tenant": None, "count": 0, "calls": []}


def test_the_truth_matches_pbxware_cdr_download(client: FlaskClient) -> None:
    _sketch(client, SKETCH)
    truth = client.get(f"{BASE}/worlds/fz/truth?view=cdrs").get_json()["cdrs"]
    pbxware = client.get("/", query_string={"apikey": "fz-pbxware-master", "action": "pbxware.cdr.download",
                                            "start": "Jan-01-2025", "end": "Dec-31-2026"}).get_json()
    seen = sorted((row[8], row[1], row[2], int(row[3]), int(row[4]), int(row[5]), row[10] == "true")
                  for row in pbxware["csv"])
    assert seen == [(c["uniqueid"], c["src"], c["dst"], c["start"], c["duration"], c["billsec"], c["recording"])
                    for c in truth]


def test_the_truth_matches_mirta_cdrs_and_extensions(client: FlaskClient) -> None:
    _sketch(client, SKETCH)
    truth = client.get(f"{BASE}/worlds/fz/truth?view=cdrs&tenant=100").get_json()["cdrs"]
    mirta = json.loads(client.get("/pbx/proxyapi.php", query_string={
        "key": "fz-mirta-admin", "reqtype": "INFO", "info": "cdrs", "tenant": "100", "format": "json",
        "start": "2025-01-01", "end": "2026-12-31"}).data)
    assert sorted((r["uniqueid"], r["realsrc"], r["lastdst"], int(r["billsec"])) for r in mirta) == [
        (c["uniqueid"], c["src"], c["dst"], c["billsec"]) for c in truth]
    extensions = client.get(f"{BASE}/worlds/fz/truth?view=extensions&tenant=100").get_json()["extensions"]
    listed = json.loads(client.get("/pbx/proxyapi.php", query_string={
        "key": "fz-mirta-100-rw", "reqtype": "INFO", "info": "extensions", "tenant": "100",
        "format": "json"}).data)
    assert [(r["ex_number"], r["ex_name"]) for r in listed] == [(e["number"], e["name"]) for e in extensions] == [
        ("100", "Ann|Lee"), ("101", "Bo\nB")]


def test_the_truth_matches_epbx_customers_and_wallet(client: FlaskClient) -> None:
    _sketch(client, SKETCH)
    bearer = {"Authorization": "Bearer fz-epbx-reseller"}
    billing = client.get(f"{BASE}/worlds/fz/truth?view=billing").get_json()
    customers = client.get("/api/v2/customers", headers=bearer).get_json()["data"]
    assert [(c["company_name"]) for c in customers] == [t["name"] for t in billing["tenants"]]
    wallet = client.get("/api/v2/wallet", headers=bearer).get_json()["data"]
    assert wallet["balance"] == billing["resellers"][0]["balance"] == "0.01"
    extensions = client.get("/api/v2/customers/2/extensions", headers=bearer).get_json()["data"]
    truth = client.get(f"{BASE}/worlds/fz/truth?view=extensions&tenant=100").get_json()["extensions"]
    assert sorted(str(e["extension"]) for e in extensions) == [e["number"] for e in truth]


def test_the_calls_view_shows_a_live_call(client: FlaskClient) -> None:
    _sketch(client, {"tenants": [{"code": "100", "name": "A", "extensions": [{"number": "100", "name": "x"},
                                                                            {"number": "101", "name": "y"}]}]})
    placed = client.post(f"{BASE}/worlds/fz/calls", json={"tenant": "100", "from": "100", "to": "101"})
    assert placed.status_code == 201
    calls = client.get(f"{BASE}/worlds/fz/truth?view=calls&tenant=100").get_json()
    assert [(c["src"], c["dst"], c["direction"], c["state"]) for c in calls["calls"]] == [
        ("100", "101", "internal", "queued")]


def test_the_rate_limit_can_be_sketched_as_reached(client: FlaskClient) -> None:
    _sketch(client, {"rate_limit_remaining": 0})
    refused = client.get("/api/v2/wallet", headers={"Authorization": "Bearer fz-epbx-reseller"})
    assert refused.status_code == 429
    _sketch(client, {"rate_limit_remaining": 1})
    bearer = {"Authorization": "Bearer fz-epbx-reseller"}
    assert [client.get("/api/v2/wallet", headers=bearer).status_code for _ in range(2)] == [200, 429]


@pytest.mark.parametrize(("path", "body", "status", "answer"), [
    (f"{BASE}/worlds/default/sketch", SKETCH, 409,
     {"error": "only a world made from a sketch can take another sketch", "code": "invalid_state"}),
    (f"{BASE}/worlds/fz/sketch", {"tenants": [{"code": "1", "name": "x", "extensions": [{"number": "100"},
                                                                                      {"number": "100"}]}]},
     422, {"error": "tenants.0: Value error, tenant 1 lists an extension twice", "code": "invalid_argument"}),
    (f"{BASE}/worlds/fz/sketch", {"tenants": [{"code": "1", "name": "x", "calls": [{"start": 1767603600}]}]},
     422, {"error": "body: Value error, every call must end before the world's clock starts (1767603600)",
           "code": "invalid_argument"}),
    (f"{BASE}/worlds/fz/sketch", {"wallet": "-1"}, 422,
     {"error": "wallet: Input should be greater than or equal to 0", "code": "invalid_argument"}),
    (f"{BASE}/worlds/bad%20id/sketch", {}, 422,
     {"error": "world id must be 1 to 64 letters, digits, - or _", "code": "invalid_argument"}),
])
def test_a_refused_sketch_changes_nothing(client: FlaskClient, path: str, body: object, status: int,
                                          answer: dict[str, str]) -> None:
    _sketch(client, SKETCH)
    before = client.get(f"{BASE}/worlds/fz/state").data
    default_before = client.get(f"{BASE}/worlds/default/state").data
    response = client.put(path, json=body)
    assert (response.status_code, response.get_json()) == (status, answer)
    assert client.get(f"{BASE}/worlds/fz/state").data == before
    assert client.get(f"{BASE}/worlds/default/state").data == default_before


@pytest.mark.parametrize(("query", "status", "answer"), [
    ("view=nope", 422, {"error": "view must be one of cdrs, billing, extensions, calls", "code": "invalid_argument"}),
    ("view=cdrs&tenant=ZZ", 404, {"error": "no tenant with code 'ZZ'", "code": "not_found"}),
])
def test_the_truth_view_refuses_unknown_views_and_tenants(client: FlaskClient, query: str, status: int,
                                                          answer: dict[str, str]) -> None:
    response = client.get(f"{BASE}/worlds/default/truth?{query}")
    assert (response.status_code, response.get_json()) == (status, answer)


def test_a_drawn_world_builds_well_under_50_ms_of_server_time(app: Flask) -> None:
    """The issue's bound on one example: measured as the server reports it, over drawn worlds."""
    client = app.test_client()
    timings: list[float] = []

    @settings(max_examples=40, suppress_health_check=list(HealthCheck), deadline=None)
    @given(worlds(vendor="pbxware"))
    def build(sketch: WorldSketch) -> None:
        answer = _sketch(client, json.loads(sketch.model_dump_json()))
        timings.append(float(str(answer["built_ms"])))

    _sketch(client, {})  # the first sketch of a world builds and keeps its base
    build()
    # Typical cost is about a millisecond; the 90th percentile bound leaves room for a loaded CI
    # machine's scheduling pauses, which no code path can avoid.
    assert statistics.median(timings) < 5
    assert statistics.quantiles(timings, n=10)[-1] < 50


def test_sketch_money_keeps_two_places() -> None:
    assert WorldSketch.model_validate({"wallet": "0.01"}).wallet == Decimal("0.01")
