"""Every request is classified; the vendor's answer stays exactly what it was."""

from __future__ import annotations

from flask.testing import FlaskClient

from mockpbx.testing.world import PbxWorld
from mockpbx.vendors.derive_operations import ID_LIST


def findings(client: FlaskClient, world: PbxWorld) -> list[dict[str, str]]:
    """The findings of the world's newest journal entry."""
    entries = client.get(f"/_mockpbx/worlds/{world.id}/journal?limit=1").get_json()["entries"]
    found: list[dict[str, str]] = entries[0]["findings"]
    return found


def issue(kind: str, parameter: str = "", expected: str = "", near_miss: str = "") -> dict[str, str]:
    return {"class": kind, "parameter": parameter, "expected": expected, "near_miss": near_miss}


def test_pbxware_typo_missing_and_unknown_action(client: FlaskClient, world: PbxWorld) -> None:
    key = world.key("pbxware")
    typo = client.get(f"/?apikey={key}&action=pbxware.ext.list&sever=2")
    assert (typo.status_code, typo.data) == (200, b'{"error":"Invalid server ID."}')
    assert findings(client, world) == [
        issue("unknown_parameter", "sever", "a parameter of pbxware.ext.list", "server")]
    missing = client.get(f"/?apikey={key}&action=pbxware.didgroup.delete&server=1")
    assert (missing.status_code, missing.data) == (200, b'{"error":"Required field \'id\' is missing"}')
    assert findings(client, world) == [issue("missing_parameter", "id", "a non-empty value")]
    unknown = client.get(f"/?apikey={key}&action=pbxware.ext.lst&server=2")
    assert (unknown.status_code, unknown.data) == (200, b'{"error":"Invalid action."}')
    assert findings(client, world) == [
        issue("unknown_action", "action", "one of the 248 known", "pbxware.ext.list")]
    bad = client.get(f"/?apikey={key}&action=pbxware.didgroup.delete&server=1&id=x")
    assert findings(client, world) == [issue("bad_value", "id", f"a value matching /{ID_LIST}/")]
    assert bad.data == b'{"error":"Required field \'id=x\' contains invalid data (Regex: \\/^\\\\d+$\\/)"}'
    good = client.get(f"/?apikey={key}&action=pbxware.ext.list&server=2")
    assert good.status_code == 200 and findings(client, world) == []


def test_pbxcloud_typo_missing_and_wrong_content_type(client: FlaskClient, world: PbxWorld) -> None:
    key = world.key("pbxcloud", "admin")
    typo = client.get(f"/pbx/proxyapi.php?key={key}&reqtype=INFO&info=cdrs&tenant=100&startdte=2026-01-01")
    assert (typo.status_code, typo.data) == (200, b"")
    assert findings(client, world) == [issue("unknown_parameter", "startdte", "a parameter of INFO", "start")]
    missing = client.get(f"/pbx/proxyapi.php?key={key}&reqtype=QUEUERESET&tenant=100")
    assert (missing.status_code, missing.data) == (200, b"")
    assert findings(client, world) == [issue("missing_parameter", "queueid", "a non-empty value")]
    posted = client.post(f"/pbx/proxyapi.php?key={key}&tenant=100&reqtype=HELP", json={"extra": "x"})
    assert posted.status_code == 200
    assert findings(client, world) == [
        issue("wrong_content_type", "", "application/x-www-form-urlencoded or multipart/form-data"),
        issue("unknown_parameter", "extra", "a parameter of HELP", "")]
    lower = client.get(f"/pbx/proxyapi.php?key={key}&reqtype=chanel&tenant=100")
    assert lower.data == b""
    assert findings(client, world) == [issue("unknown_action", "reqtype", "one of the 41 known", "CHANNEL")]


def test_epbx_typo_and_missing(client: FlaskClient, world: PbxWorld) -> None:
    auth = {"Authorization": f"Bearer {world.key('epbx')}"}
    typo = client.get("/api/v2/customers?per_pgae=5", headers=auth)
    assert typo.status_code == 200 and typo.get_json()["meta"]["per_page"] == 15  # the typo changed nothing
    assert findings(client, world) == [
        issue("unknown_parameter", "per_pgae", "a parameter of GET /customers", "per_page")]
    missing = client.post("/api/v2/customers", headers=auth, json={"company_name": "X", "email": "x@example.com"})
    assert (missing.status_code, missing.data) == (
        422, b'{"status":"error","message":"The package id field is required.",'
             b'"errors":{"package_id":["The package id field is required."]}}')
    assert findings(client, world) == [issue("missing_parameter", "package_id", "a non-empty value")]
    bad = client.put("/api/v2/customers/2/status", headers=auth, json={"status": "gone"})
    assert bad.status_code == 422
    assert findings(client, world) == [issue("bad_value", "status", "a value matching /active|suspended/")]


def test_the_answer_is_the_same_with_or_without_findings(client: FlaskClient, world: PbxWorld,
                                                         other: PbxWorld) -> None:
    """Same seed, same request but for an unknown parameter: the same bytes."""
    clean = client.get(f"/?apikey={world.key('pbxware')}&action=pbxware.ext.list&server=2").data
    noisy = client.get(f"/?apikey={other.key('pbxware')}&action=pbxware.ext.list&server=2&sever=2").data
    assert clean == noisy and clean.startswith(b'{"')


def test_journal_keeps_bounded_bodies_only_when_asked(world: PbxWorld) -> None:
    from mockpbx.app import create_app
    from mockpbx.core.clock import ClockMode
    from mockpbx.settings import Settings

    app = create_app(Settings(clock=ClockMode.MANUAL, journal_bodies=12))
    made = PbxWorld.create(app.extensions["mockpbx"], seed=7)
    client = app.test_client()
    whole = client.get(f"/?apikey={made.key('pbxware')}&action=pbxware.tenant.list").data
    entry = client.get(f"/_mockpbx/worlds/{made.id}/journal").get_json()["entries"][0]
    assert entry["body"] == whole[:12].decode() and len(whole) > 12
    assert made.journal()[0].body == whole[:12]
