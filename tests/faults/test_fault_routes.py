"""The faults control routes: list, arm, disarm; refusals are 4xx JSON and arm nothing."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from mockpbx.testing.world import PbxWorld


def test_arm_list_and_disarm(client: FlaskClient, world: PbxWorld) -> None:
    base = f"/_mockpbx/worlds/{world.id}/faults"
    made = client.post(base, json={"name": "reset", "target": {"vendor": "pbxware", "operation": "pbxware.ext.*"}})
    assert made.status_code == 201
    assert made.get_json() == {
        "id": "f1", "name": "reset",
        "target": {"vendor": "pbxware", "operation": "pbxware.ext.*", "path": ""},
        "trigger": {"kind": "always", "count": 1, "probability": 1.0, "window_start": None, "window_end": None},
        "expiry": {"fires": None, "at": None}, "options": {}, "seen": 0, "fired": 0}
    client.post(base, json={"name": "latency", "target": {"vendor": "epbx"}, "options": {"delay": 0.01}})
    assert [f["id"] for f in client.get(base).get_json()["faults"]] == ["f1", "f2"]
    assert client.delete(f"{base}/f1").status_code == 204
    assert client.delete(f"{base}/f1").get_json() == {"error": "no such fault", "code": "not_found"}
    assert client.delete(base).get_json() == {"removed": 1}
    assert client.get(base).get_json() == {"faults": [], "firings": []}
    assert world.registry.armed_faults.count == 0


@pytest.mark.parametrize("body", [
    {"name": "meteor", "target": {"vendor": "pbxware"}},
    {"name": "status", "target": {"vendor": "pbxware"}},
    {"name": "status", "target": {"vendor": "nobody"}, "options": {"status": 502}},
    {"name": "latency", "target": {"vendor": "pbxware"}, "options": {"delay": 31}},
    {"name": "latency", "target": {"vendor": "pbxware"}, "options": {"status": 502}},
    {"name": "vendor_error", "target": {"vendor": "epbx"}},
    {"name": "reset", "target": {"vendor": "pbxware", "operation": "*" * 9}},
    {"name": "reset", "target": {"vendor": "pbxware", "path": "x" * 129}},
    {"name": "reset", "target": {"vendor": "pbxware"}, "trigger": {"kind": "probability", "probability": 2}},
    {"name": "reset", "target": {"vendor": "pbxware"}, "extra": 1},
])
def test_refusals_are_422_and_arm_nothing(client: FlaskClient, world: PbxWorld, body: dict[str, object]) -> None:
    response = client.post(f"/_mockpbx/worlds/{world.id}/faults", json=body)
    assert response.status_code == 422
    assert set(response.get_json()) == {"error", "code"}
    assert world.world.faults.all() == []


def test_malformed_json_and_unknown_world(client: FlaskClient, world: PbxWorld) -> None:
    bad = client.post(f"/_mockpbx/worlds/{world.id}/faults", data=b"{", content_type="application/json")
    assert (bad.status_code, bad.get_json()["code"]) == (400, "malformed_json")
    assert client.get("/_mockpbx/worlds/nope/faults").status_code == 404
    assert world.world.faults.all() == []


def test_a_world_holds_a_bounded_number_of_faults(client: FlaskClient, world: PbxWorld) -> None:
    base = f"/_mockpbx/worlds/{world.id}/faults"
    for _ in range(64):
        assert client.post(base, json={"name": "reset", "target": {"vendor": "epbx"}}).status_code == 201
    refused = client.post(base, json={"name": "reset", "target": {"vendor": "epbx"}})
    assert (refused.status_code, refused.get_json()["code"]) == (409, "limit_exceeded")
    assert len(world.world.faults.all()) == 64


def test_deleting_a_world_disarms_its_faults(client: FlaskClient, world: PbxWorld) -> None:
    client.post(f"/_mockpbx/worlds/{world.id}/faults", json={"name": "reset", "target": {"vendor": "epbx"}})
    assert world.registry.armed_faults.count == 1
    world.registry.delete(world.id)
    assert world.registry.armed_faults.count == 0
