"""Requests no world accepted: journalled once, server-wide, with the nearest real key or route."""

from __future__ import annotations

from flask.testing import FlaskClient

from mockpbx.testing.world import PbxWorld


def unmatched(client: FlaskClient, after: int = 0) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = client.get(f"/_mockpbx/unmatched?after={after}").get_json()["entries"]
    return entries


def test_unknown_keys_with_the_nearest_issued_key(client: FlaskClient, world: PbxWorld) -> None:
    real = world.key("pbxware")
    typo = real[:-1] + ("x" if real[-1] != "x" else "y")
    answer = client.get(f"/?apikey={typo}&action=pbxware.ext.list&server=2")
    assert (answer.status_code, answer.data) == (200, b'{"error":"Invalid API key."}')
    mirta = client.get("/pbx/proxyapi.php?reqtype=HELP")
    assert mirta.data == b"Too bad... you mistaken the security api key.\n"  # MiRTA's own words
    entries = unmatched(client)
    assert [(e["seq"], e["vendor"], e["operation"], e["findings"]) for e in entries] == [
        (1, "pbxware", "pbxware.ext.list", [
            {"class": "unknown_key", "parameter": "apikey", "expected": "a key a world issued", "near_miss": real}]),
        (2, "pbxcloud", "HELP", [
            {"class": "unknown_key", "parameter": "key", "expected": "a key", "near_miss": ""}]),
    ]
    assert world.journal() == []  # no world took them


def test_unknown_routes_and_methods(client: FlaskClient, world: PbxWorld) -> None:
    auth = {"Authorization": f"Bearer {world.key('epbx')}"}
    route = client.get("/api/v2/custmers", headers=auth)
    assert (route.status_code, route.data) == (
        404, b'{"status":"error","message":"The route api\\/v2\\/custmers could not be found."}')
    method = client.delete("/api/v2/customers", headers=auth)
    assert method.status_code == 405
    mirta = client.get("/pbx/proxyapi.ph?key=x")
    assert (mirta.status_code, mirta.data) == (200, b"")
    nobody = client.get("/favicon.ico")
    assert nobody.status_code == 404
    got = [(e["vendor"], e["method"], e["path"], e["status"], e["findings"]) for e in unmatched(client)]
    assert got == [
        ("epbx", "GET", "/api/v2/custmers", 404, [{"class": "unknown_route", "parameter": "",
                                                  "expected": "an /api/v2 route", "near_miss": "/api/v2/customers"}]),
        ("epbx", "DELETE", "/api/v2/customers", 405, [{"class": "wrong_method", "parameter": "",
                                                       "expected": "GET or HEAD or POST", "near_miss": ""}]),
        ("pbxcloud", "GET", "/pbx/proxyapi.ph", 200, [{"class": "unknown_route", "parameter": "",
                                                       "expected": "a proxyapi.php path",
                                                       "near_miss": "/pbx/proxyapi.php"}]),
        ("", "GET", "/favicon.ico", 404, [{"class": "unknown_route", "parameter": "", "expected": "a vendor path",
                                           "near_miss": ""}]),
    ]


def test_after_clear_and_refusals(client: FlaskClient) -> None:
    client.get("/?apikey=nope&action=pbxware.ext.list")
    client.get("/?apikey=nope2&action=pbxware.ext.list")
    assert [e["seq"] for e in unmatched(client, after=1)] == [2]
    refused = client.get("/_mockpbx/unmatched?after=-1")
    assert (refused.status_code, refused.get_json()) == (
        422, {"error": "after must be a whole number", "code": "invalid_argument"})
    assert len(unmatched(client)) == 2  # a refusal changes nothing
    assert client.delete("/_mockpbx/unmatched").get_json() == {"removed": 2}
    assert unmatched(client) == []


def test_control_plane_requests_are_not_unmatched(client: FlaskClient) -> None:
    client.get("/_mockpbx/worlds/nope")
    client.get("/_mockpbx/nothing-here")
    assert unmatched(client) == []


def test_a_good_key_with_a_method_the_vendor_does_not_take(client: FlaskClient, world: PbxWorld) -> None:
    answer = client.put(f"/?apikey={world.key('pbxware')}&action=pbxware.ext.list&server=2")
    assert (answer.status_code, answer.data) == (200, b'{"error":"Invalid API key."}')  # PBXware's own answer
    assert [(e["operation"], e["findings"]) for e in unmatched(client)] == [
        ("pbxware.ext.list", [{"class": "wrong_method", "parameter": "", "expected": "GET or POST", "near_miss": ""}])]
