"""Each fault's exact answer, what the journal says, and that the world is left as it was."""

from __future__ import annotations

from flask.testing import FlaskClient

from mockpbx.faultwire import nginx_page
from mockpbx.testing.world import PbxWorld

NGINX_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
             b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def arm(client: FlaskClient, world: PbxWorld, body: dict[str, object]) -> dict[str, object]:
    response = client.post(f"/_mockpbx/worlds/{world.id}/faults", json=body)
    assert response.status_code == 201, response.data
    found: dict[str, object] = response.get_json()
    return found


def tenants(client: FlaskClient, world: PbxWorld) -> bytes:
    return client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list").data


def test_nginx_page_is_the_front_end_format() -> None:
    assert nginx_page(502) == NGINX_502


def test_status_502_burst_then_the_vendor_answers_again(client: FlaskClient, world: PbxWorld) -> None:
    before = tenants(client, world)
    arm(client, world, {"name": "status", "target": {"vendor": "pbxware"}, "trigger": {"kind": "next", "count": 2},
                        "options": {"status": 502}})
    for _ in range(2):
        response = client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list")
        assert (response.status_code, response.data, response.headers["Content-Type"],
                response.headers["Server"]) == (502, NGINX_502, "text/html", "nginx")
    assert tenants(client, world) == before
    outcomes = [(e.status, e.outcome, e.fault) for e in world.journal()]
    assert outcomes == [(200, "ok", ""), (502, "fault:status", "status"), (502, "fault:status", "status"),
                        (200, "ok", "")]


def test_epbx_503_is_laravel_json_and_a_refused_write_changes_nothing(client: FlaskClient, world: PbxWorld) -> None:
    token = world.key("epbx")
    count = len(world.world.tenancy.list_tenants())
    arm(client, world, {"name": "status", "target": {"vendor": "epbx", "operation": "POST /customers"},
                        "options": {"status": 503}})
    response = client.post("/api/v2/customers", headers={"Authorization": f"Bearer {token}"},
                           json={"company_name": "Faulty", "email": "f@example.com", "package_id": 1})
    assert (response.status_code, response.data) == (503, b'{"message":"Service Unavailable"}')
    assert len(world.world.tenancy.list_tenants()) == count
    # other operations of the same vendor are not targeted
    assert client.get("/api/v2/ping", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_custom_status_body(client: FlaskClient, world: PbxWorld) -> None:
    arm(client, world, {"name": "status", "target": {"vendor": "pbxcloud", "operation": "INFO"},
                        "options": {"status": 500, "body": "oops", "content_type": "text/plain"}})
    response = client.get(f"/pbx/proxyapi.php?key={world.key('pbxcloud', 'admin')}&reqtype=info&info=extensions")
    assert (response.status_code, response.data, response.headers["Content-Type"]) == (500, b"oops", "text/plain")


def test_rate_limit_per_vendor(client: FlaskClient, world: PbxWorld) -> None:
    for vendor in ("epbx", "pbxcloud", "pbxware"):
        arm(client, world, {"name": "rate_limit", "target": {"vendor": vendor}, "options": {"retry_after": 30}})
    epbx = client.get("/api/v2/ping", headers={"Authorization": f"Bearer {world.key('epbx')}"})
    assert (epbx.status_code, epbx.data, epbx.headers["Retry-After"], epbx.headers["X-RateLimit-Remaining"]) == (
        429, b'{"status":"error","message":"Too Many Attempts."}', "30", "0")
    mirta = client.get(f"/pbx/proxyapi.php?key={world.key('pbxcloud', 'admin')}&reqtype=HELP")
    assert (mirta.status_code, mirta.data, mirta.headers["Retry-After"]) == (503, nginx_page(503), "30")
    pbxware = client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list")
    assert (pbxware.status_code, pbxware.data) == (503, nginx_page(503))


def test_vendor_quirks(client: FlaskClient, world: PbxWorld) -> None:
    arm(client, world, {"name": "vendor_error", "target": {"vendor": "pbxware"},
                        "trigger": {"kind": "next"}, "options": {"message": "Table 'x' doesn't exist"}})
    quirk = client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list")
    assert (quirk.status_code, quirk.data) == (200, b'{"error":"Table \'x\' doesn\'t exist"}')
    php = client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list&apiformat=php")
    assert php.data.startswith(b'a:6:{i:2;a:7:{s:4:"name";s:9:"Acme Corp";')  # fired once only
    arm(client, world, {"name": "empty_answer", "target": {"vendor": "pbxcloud"}, "trigger": {"kind": "next"}})
    arm(client, world, {"name": "auth_text", "target": {"vendor": "pbxcloud"}, "trigger": {"kind": "next"}})
    key = world.key("pbxcloud", "admin")
    empty = client.get(f"/pbx/proxyapi.php?key={key}&reqtype=HELP")
    auth = client.get(f"/pbx/proxyapi.php?key={key}&reqtype=HELP")
    real = client.get(f"/pbx/proxyapi.php?key={key}&reqtype=HELP")
    assert (empty.status_code, empty.data) == (200, b"")
    bad_key = client.get("/pbx/proxyapi.php?key=nope&reqtype=HELP")
    assert (auth.status_code, auth.data) == (200, bad_key.data)
    assert real.status_code == 200 and len(real.data) > 100  # HELP again


def test_latency_is_seeded_and_bounded(client: FlaskClient, world: PbxWorld, monkeypatch: object) -> None:
    import mockpbx.faultwire as wire

    slept: list[float] = []
    monkeypatch.setattr(wire.time, "sleep", slept.append)  # type: ignore[attr-defined]
    arm(client, world, {"name": "latency", "target": {"vendor": "pbxware"},
                        "options": {"delay_min": 0.5, "delay_max": 2.0}})
    answers = [tenants(client, world) for _ in range(3)]
    assert len(set(answers)) == 1 and answers[0].startswith(b'{"2":')
    again: list[float] = list(slept)
    assert len(again) == 3 and all(0.5 <= s <= 2.0 for s in again) and len(set(again)) == 3
    assert [e.fault for e in world.journal()] == ["latency"] * 3


def test_truncate_in_process_keeps_the_full_length(client: FlaskClient, world: PbxWorld) -> None:
    whole = tenants(client, world)
    arm(client, world, {"name": "truncate", "target": {"vendor": "pbxware"}, "options": {"keep_bytes": 10}})
    response = client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list")
    assert response.headers["Content-Length"] == str(len(whole))
    assert response.data == whole[:10]


def test_trunk_down_fails_outbound_calls_and_pbxware_reports_it(client: FlaskClient, world: PbxWorld) -> None:
    arm(client, world, {"name": "trunk_down", "target": {"vendor": "*"}, "trigger": {"kind": "window", "duration": 60}})
    trunks = client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.trunk.list").get_json()
    assert {t["status"] for t in trunks.values()} == {"disabled"}
    call = world.world.telephony.originate_call(2, "101", "8801711000000")
    assert call.outcome.value == "failed"
    world.advance(61)
    trunks = client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.trunk.list").get_json()
    assert {t["status"] for t in trunks.values()} == {"enabled"}
    later = world.world.telephony.originate_call(2, "101", "8801711000001")
    assert later.outcome.value != "failed"


def test_probability_fires_on_the_same_requests_every_run(client: FlaskClient, world: PbxWorld,
                                                          other: PbxWorld) -> None:
    def run(target: PbxWorld) -> list[int]:
        arm(client, target, {"name": "status", "target": {"vendor": "pbxware"},
                             "trigger": {"kind": "probability", "probability": 0.3}, "options": {"status": 502}})
        return [client.get(f"/?apikey={target.key('pbxware')}&action=pbxware.tenant.list").status_code
                for _ in range(20)]

    first, second = run(world), run(other)  # same seed, same sequence: same firings
    assert first == second
    assert 0 < first.count(502) < 20


def test_faults_in_one_world_never_touch_another(client: FlaskClient, world: PbxWorld, other: PbxWorld) -> None:
    arm(client, world, {"name": "status", "target": {"vendor": "*"}, "options": {"status": 502}})
    assert client.get(f"/?apikey={other.key('pbxware')}&action=pbxware.tenant.list").status_code == 200
    assert client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list").status_code == 502
    assert [e.fault for e in other.journal()] == [""]


def test_expiry_by_fires_and_by_world_time(client: FlaskClient, world: PbxWorld) -> None:
    arm(client, world, {"name": "status", "target": {"vendor": "pbxware"}, "expiry": {"fires": 1},
                        "options": {"status": 504}})
    arm(client, world, {"name": "status", "target": {"vendor": "pbxcloud"}, "expiry": {"after": 10},
                        "options": {"status": 502}})
    codes = [client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list").status_code for _ in range(2)]
    assert codes == [504, 200]
    url = f"/pbx/proxyapi.php?key={world.key('pbxcloud', 'admin')}&reqtype=HELP"
    assert client.get(url).status_code == 502
    world.advance(10)
    assert client.get(url).status_code == 200


def test_every_nth_request(client: FlaskClient, world: PbxWorld) -> None:
    arm(client, world, {"name": "status", "target": {"vendor": "pbxware", "operation": "pbxware.*.list"},
                        "trigger": {"kind": "every", "count": 3}, "options": {"status": 502}})
    codes = [client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.tenant.list").status_code for _ in range(6)]
    assert codes == [200, 200, 502, 200, 200, 502]


def test_journal_has_no_bodies_by_default(client: FlaskClient, world: PbxWorld) -> None:
    tenants(client, world)
    entry = client.get(f"/_mockpbx/worlds/{world.id}/journal").get_json()["entries"][0]
    assert (entry["body"], entry["fault"], entry["findings"]) == (None, "", [])


def test_a_reset_write_changes_nothing_and_is_journalled(client: FlaskClient, world: PbxWorld) -> None:
    import pytest

    from mockpbx.core.faults import ConnectionAbort

    arm(client, world, {"name": "reset", "target": {"vendor": "pbxcloud", "operation": "DIAL"}})
    before = world.world.snapshot()
    key = world.key("pbxcloud", "tenant_rw", tenant="DEMO")
    with pytest.raises(ConnectionAbort):
        client.get("/pbx/proxyapi.php", query_string={"key": key, "reqtype": "DIAL", "tenant": "DEMO",
                                                      "source": "104", "dest": "5550005", "account": "104-DEMO"})
    assert world.world.snapshot() == before
    assert world.world.telephony.live_calls() == []
    assert [(e.status, e.outcome, e.fault) for e in world.journal()] == [(200, "fault:reset", "reset")]
