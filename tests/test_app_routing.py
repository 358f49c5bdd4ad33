"""Paths nobody serves still get an answer in the owner's own style, never Flask's HTML."""

from __future__ import annotations

from flask.testing import FlaskClient

from mockpbx.core import ClockMode, Registry


def test_unknown_control_route_is_json_with_a_code(client: FlaskClient) -> None:
    response = client.get("/_mockpbx/no-such-route")
    assert response.status_code == 404
    assert response.json == {
        "code": "not_found",
        "error": "The requested URL was not found on the server. If you entered the URL manually please check "
                 "your spelling and try again.",
    }


def test_wrong_method_on_control_route_is_json_with_a_code(client: FlaskClient) -> None:
    response = client.delete("/_mockpbx/health")
    assert (response.status_code, response.json["code"]) == (405, "method_not_allowed")


def test_path_outside_every_vendor_is_json(client: FlaskClient) -> None:
    response = client.get("/wp-admin/")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.json["code"] == "not_found"


def test_unknown_mirta_path_is_an_empty_200(client: FlaskClient) -> None:
    response = client.get("/pbx/other.php")
    assert (response.status_code, response.data, response.content_type) == (200, b"", "text/html; charset=UTF-8")


def test_pbxware_double_slash_is_served_not_redirected(client: FlaskClient) -> None:
    response = client.get("//?apikey=wrong&action=pbxware.tenant.list")
    assert (response.status_code, response.data) == (200, b'{"error":"Invalid API key."}')


def test_realtime_reset_keeps_following_the_wall_clock() -> None:
    registry = Registry(clock_mode=ClockMode.REALTIME)
    world = registry.create_world("default", world_id="default")
    before = world.clock.now()
    world.reset()
    assert world.clock.now() >= before


def test_manual_reset_returns_to_the_scenario_epoch() -> None:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world("default", world_id="default")
    first = world.snapshot()
    world.advance_clock(3600)
    world.reset()
    assert world.snapshot() == first


def test_journal_records_json_fields_and_file_names(client: FlaskClient) -> None:
    import io

    client.post("/api/v2/customers", json={"company_name": "Journal Co", "email": "j@journal.example", "package_id": 1},
                headers={"Authorization": "Bearer demo-reseller-token"})
    client.post("/api/v2/customers/2/kyc", data={"nid_number": "1234567890", "nid_front": (io.BytesIO(b"x"), "a.png")},
                headers={"Authorization": "Bearer demo-reseller-token"}, content_type="multipart/form-data")
    entries = client.get("/_mockpbx/worlds/default/journal?vendor=epbx&limit=2").json["entries"]
    assert [e["params"] for e in entries] == [
        {"company_name": "Journal Co", "email": "j@journal.example", "package_id": "1"},
        {"nid_number": "1234567890", "nid_front": "<file 'a.png'>"},
    ]


def test_server_rate_limit_applies_to_every_world_and_survives_reset() -> None:
    from mockpbx.app import build_registry
    from mockpbx.settings import Settings

    registry = build_registry(Settings(rate_limit=0, clock=ClockMode.MANUAL))
    created = registry.create_world("default", world_id="ci-job")
    assert registry.get("default").settings.rate_limit_per_minute == 0
    assert created.settings.rate_limit_per_minute == 0
    created.reset()
    assert created.settings.rate_limit_per_minute == 0
    assert Registry().create_world("default").settings.rate_limit_per_minute == 60
