"""Control plane: health, worlds, reset and state, with exact statuses and JSON."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockpbx.core.scenarios import DEMO_KEYS
from mockpbx.core.world import World

BASE = "/_mockpbx"


def test_health_reports_version_vendors_and_world_count(client: FlaskClient) -> None:
    response = client.get(f"{BASE}/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "version": "0.1.0", "vendors": ["epbx", "pbxcloud", "pbxware"],
                                   "worlds": 1}


def counts_of(world: World) -> dict[str, int]:
    return {"tenants": len(world.tenancy.list_tenants()), "extensions": len(world.directory.list_extensions()),
            "dids": len(world.numbering.list_dids()), "live_calls": len(world.telephony.live_calls()),
            "cdrs": len(world.telephony.query_cdrs()),
            "keys": len(world.keys())}


def test_default_world_summary_lists_the_documented_demo_keys(app: Flask, client: FlaskClient) -> None:
    world = app.extensions["mockpbx"].get("default")
    body = client.get(f"{BASE}/worlds/default").get_json()
    assert body["id"] == "default"
    assert body["scenario"] == "default"
    assert body["seed"] == 1
    assert body["clock"] == {"mode": "manual", "scale": 1.0, "now": 1767603600.0, "iso": "2026-01-05T09:00:00Z"}
    assert body["counts"] == counts_of(world)
    assert body["counts"]["tenants"] >= 5 and body["counts"]["live_calls"] == 0
    assert {k["key"] for k in body["keys"]} >= set(DEMO_KEYS.values())
    rw = next(k for k in body["keys"] if k["key"] == "demo-DEMO-rw")
    assert rw == {"key": "demo-DEMO-rw", "vendor": "pbxcloud", "scope": "tenant_rw",
                  "tenant_id": world.tenancy.tenant_by_code("DEMO").id,
                  "tenant_code": "DEMO", "reseller_id": None, "allowed_actions": None}


def test_summary_keys_come_in_the_documented_order(client: FlaskClient) -> None:
    body = json.loads(client.get(f"{BASE}/worlds/default").data)  # dicts keep the order on the wire
    assert list(body) == ["id", "scenario", "scenario_name", "seed", "size", "clock", "counts", "keys", "links"]
    assert list(body["clock"]) == ["mode", "scale", "now", "iso"]
    assert list(body["counts"]) == ["tenants", "extensions", "dids", "live_calls", "cdrs", "keys"]
    assert body["links"] == {"keys": f"{BASE}/worlds/default/keys"}
    assert list(body["keys"][0]) == ["key", "vendor", "scope", "tenant_id", "tenant_code", "reseller_id",
                                     "allowed_actions"]


def test_create_world_returns_201_location_and_fresh_keys(app: Flask, client: FlaskClient) -> None:
    response = client.post(f"{BASE}/worlds", json={"id": "ci-1", "seed": 7, "clock": "manual"})
    assert response.status_code == 201
    assert response.headers["Location"] == f"{BASE}/worlds/ci-1"
    body = response.get_json()
    assert (body["id"], body["scenario"], body["seed"], body["size"]) == ("ci-1", "default", 7, None)
    keys = {k["key"] for k in body["keys"]}
    assert len(keys) == len(app.extensions["mockpbx"].get("default").keys())
    assert not keys & set(DEMO_KEYS.values())
    assert all(k.startswith("ci-1-") for k in keys)
    assert client.get(f"{BASE}/health").get_json()["worlds"] == 2
    listed = client.get(f"{BASE}/worlds").get_json()["worlds"]
    assert [w["id"] for w in listed] == ["default", "ci-1"]


def test_same_scenario_and_seed_give_the_same_world(client: FlaskClient) -> None:
    first = client.post(f"{BASE}/worlds", json={"id": "a", "seed": 3, "clock": "manual"}).get_json()
    second = client.post(f"{BASE}/worlds", json={"id": "b", "seed": 3, "clock": "manual"}).get_json()
    assert [k["key"][2:] for k in first["keys"]] == [k["key"][2:] for k in second["keys"]]
    assert first["counts"] == second["counts"]


def test_demo_world_with_size_and_realtime_clock(client: FlaskClient) -> None:
    body = client.post(f"{BASE}/worlds", json={"scenario": "demo", "size": 1, "clock": "realtime",
                                               "clock_scale": 60}).get_json()
    assert body["id"] == "w2"
    assert (body["scenario"], body["scenario_name"], body["size"]) == ("demo", "demo:1", 1)
    assert body["counts"]["tenants"] == 1 and body["counts"]["extensions"] == 100
    assert (body["clock"]["mode"], body["clock"]["scale"]) == ("realtime", 60.0)


def test_inline_scenario(client: FlaskClient) -> None:
    scenario = {"name": "tiny", "tenants": [{"code": "T1", "name": "Tiny", "extensions": [{"number": "100"}],
                                             "keys": [{"vendor": "pbxcloud", "scope": "tenant_rw"}]}]}
    body = client.post(f"{BASE}/worlds", json={"id": "tiny", "scenario": scenario}).get_json()
    assert body["scenario"] == scenario
    assert body["counts"]["tenants"] == 1 and body["counts"]["extensions"] == 1
    assert [(k["vendor"], k["scope"], k["tenant_code"]) for k in body["keys"]] == [("pbxcloud", "tenant_rw", "T1")]


@pytest.mark.parametrize(("body", "status", "expected"), [
    ("{bad", 400, {"error": "malformed JSON: Expecting property name enclosed in double quotes: line 1 column 2 "
                            "(char 1)", "code": "malformed_json"}),
    ("[1, 2]", 422, {"error": "the body must be a JSON object", "code": "invalid_argument"}),
    ('{"seed": -1}', 422, {"error": "seed: Input should be greater than or equal to 0", "code": "invalid_argument"}),
    ('{"size": 0}', 422, {"error": "size: Input should be greater than or equal to 1", "code": "invalid_argument"}),
    ('{"id": "no spaces"}', 422, {"error": "id: String should match pattern '^[A-Za-z0-9_-]+$'",
                                  "code": "invalid_argument"}),
    ('{"clock": "sundial"}', 422, {"error": "clock: Input should be 'realtime' or 'manual'",
                                   "code": "invalid_argument"}),
    ('{"colour": "red"}', 422, {"error": "colour: Extra inputs are not permitted", "code": "invalid_argument"}),
    ('{"scenario": "nope"}', 422,
     {"error": "scenario 'nope' is neither a built-in scenario (default, pbxware-box, demo) nor a usable file in "
               "the server's scenario directory (--scenario-dir)", "code": "invalid_argument"}),
    ('{"scenario": "missing.yaml"}', 422,
     {"error": "scenario 'missing.yaml' is neither a built-in scenario (default, pbxware-box, demo) nor a usable "
               "file in the server's scenario directory (--scenario-dir)", "code": "invalid_argument"}),
    ('{"id": "default"}', 409, {"error": "a world with that id exists", "code": "already_exists"}),
    ('{"scenario": {"tenants": []}}', 422, {"error": "invalid inline scenario: 1 problem(s): name: Field required",
                                            "code": "invalid_argument"}),
])
def test_create_world_refusals_change_nothing(client: FlaskClient, body: str, status: int,
                                              expected: dict[str, str]) -> None:
    response = client.post(f"{BASE}/worlds", data=body, content_type="application/json")
    assert (response.status_code, response.get_json()) == (status, expected)
    assert client.get(f"{BASE}/health").get_json()["worlds"] == 1


def test_unknown_world_is_404_everywhere(client: FlaskClient) -> None:
    expected = {"error": "no such world", "code": "not_found"}
    for method, path in [("GET", ""), ("DELETE", ""), ("POST", "/reset"), ("GET", "/state"), ("GET", "/clock"),
                         ("GET", "/journal"), ("GET", "/calls"), ("GET", "/kyc"), ("GET", "/settings")]:
        response = client.open(f"{BASE}/worlds/nope{path}", method=method)
        assert (response.status_code, response.get_json()) == (404, expected), (method, path)


def test_delete_world_then_its_keys_are_gone(app: Flask, client: FlaskClient) -> None:
    keys = [k["key"] for k in client.post(f"{BASE}/worlds", json={"id": "gone"}).get_json()["keys"]]
    response = client.delete(f"{BASE}/worlds/gone")
    assert (response.status_code, response.data) == (204, b"")
    assert client.get(f"{BASE}/worlds/gone").status_code == 404
    registry = app.extensions["mockpbx"]
    assert all(registry.resolve(key, vendor) is None for key in keys for vendor in ("epbx", "pbxcloud", "pbxware"))


def test_default_world_cannot_be_deleted(client: FlaskClient) -> None:
    response = client.delete(f"{BASE}/worlds/default")
    assert (response.status_code, response.get_json()) == (
        409, {"error": "the default world cannot be deleted; reset it instead", "code": "invalid_state"})
    assert client.get(f"{BASE}/worlds/default").status_code == 200


def test_reset_restores_the_scenario(app: Flask, client: FlaskClient) -> None:
    world = app.extensions["mockpbx"].get("default")
    before = counts_of(world)
    world.tenancy.create_tenant("NEW", "New Co", package_id=1)
    assert client.get(f"{BASE}/worlds/default").get_json()["counts"]["tenants"] == before["tenants"] + 1
    response = client.post(f"{BASE}/worlds/default/reset")
    assert response.status_code == 200
    assert response.get_json()["counts"] == before


def test_state_round_trip_restores_exactly(app: Flask, client: FlaskClient) -> None:
    snapshot = client.get(f"{BASE}/worlds/default/state")
    assert snapshot.status_code == 200 and snapshot.mimetype == "application/json"
    world = app.extensions["mockpbx"].get("default")
    before = counts_of(world)
    world.tenancy.create_tenant("NEW", "New Co", package_id=1)
    response = client.put(f"{BASE}/worlds/default/state", data=snapshot.data)
    assert response.status_code == 200
    assert response.get_json()["counts"] == before
    assert client.get(f"{BASE}/worlds/default/state").data == snapshot.data


def test_state_import_refusals_leave_the_world_untouched(client: FlaskClient) -> None:
    before = client.get(f"{BASE}/worlds/default/state").data
    malformed = client.put(f"{BASE}/worlds/default/state", data=b'{"format": 1,')
    assert malformed.status_code == 400 and malformed.get_json()["code"] == "malformed_json"
    wrong = client.put(f"{BASE}/worlds/default/state", data=b'{"format": 1}')
    assert (wrong.status_code, wrong.get_json()) == (
        422, {"error": "not a mockpbx snapshot: 3 problem(s)", "code": "invalid_argument"})
    future = json.loads(before)
    future["format"] = 99
    unsupported = client.put(f"{BASE}/worlds/default/state", data=json.dumps(future))
    assert (unsupported.status_code, unsupported.get_json()) == (
        422, {"error": "snapshot format 99 is not supported", "code": "invalid_argument"})
    assert client.get(f"{BASE}/worlds/default/state").data == before


def test_unknown_control_route_and_method_answer_json(client: FlaskClient) -> None:
    missing = client.get(f"{BASE}/nothing-here")
    assert missing.status_code == 404 and missing.is_json
    wrong_method = client.put(f"{BASE}/worlds")
    assert wrong_method.status_code == 405 and wrong_method.is_json
