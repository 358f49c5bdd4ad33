"""Reports: one case per call site, in JSON, JUnit XML (schema-valid) and Markdown."""

from __future__ import annotations

from pathlib import Path

import xmlschema
from flask.testing import FlaskClient

from mockpbx.testing.world import PbxWorld

SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("junit.xsd"))


def traffic(client: FlaskClient, world: PbxWorld) -> None:
    key = world.key("pbxware")
    client.get(f"/?apikey={key}&action=pbxware.ext.list&server=2")
    client.get(f"/?apikey={key}&action=pbxware.ext.list&server=3")  # same call site
    client.get(f"/?apikey={key}&action=pbxware.ext.list&sever=2")
    client.get(f"/pbx/proxyapi.php?key={world.key('pbxcloud', 'admin')}&reqtype=QUEUERESET&tenant=100")


def test_json_report(client: FlaskClient, world: PbxWorld) -> None:
    traffic(client, world)
    report = client.get(f"/_mockpbx/worlds/{world.id}/report").get_json()
    assert report == {
        "world": world.id, "call_sites": 3, "failed": 2,
        "cases": [
            {"vendor": "pbxcloud", "operation": "QUEUERESET", "parameters": ["key", "reqtype", "tenant"],
             "requests": 1, "passed": False,
             "findings": [{"class": "missing_parameter", "parameter": "queueid", "expected": "a non-empty value",
                           "near_miss": "",
                           "request": "GET /pbx/proxyapi.php?key=%2A%2A%2A&reqtype=QUEUERESET&tenant=100 -> 200"}]},
            {"vendor": "pbxware", "operation": "pbxware.ext.list", "parameters": ["action", "apikey", "server"],
             "requests": 2, "passed": True, "findings": []},
            {"vendor": "pbxware", "operation": "pbxware.ext.list", "parameters": ["action", "apikey", "sever"],
             "requests": 1, "passed": False,
             "findings": [{"class": "unknown_parameter", "parameter": "sever",
                           "expected": "a parameter of pbxware.ext.list", "near_miss": "server",
                           "request": "GET /?apikey=%2A%2A%2A&action=pbxware.ext.list&sever=2 -> 200"}]},
        ]}


def test_junit_report_is_schema_valid_and_names_each_finding(client: FlaskClient, world: PbxWorld) -> None:
    traffic(client, world)
    response = client.get(f"/_mockpbx/worlds/{world.id}/report?format=junit")
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    SCHEMA.validate(response.data.decode())
    text = response.data.decode()
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<testsuites name=\"mockpbx conformance: world ")
    assert 'tests="3" failures="2" errors="0"' in text
    assert '<testcase name="pbxware.ext.list(action, apikey, server)" classname="mockpbx.pbxware" time="0" />' in text
    assert ("<failure type=\"nonconformant\" message=\"unknown_parameter 'sever': expected a parameter of "
            "pbxware.ext.list (did you mean 'server'?)\">") in text


def test_empty_world_report_is_valid_too(client: FlaskClient, world: PbxWorld) -> None:
    body = client.get(f"/_mockpbx/worlds/{world.id}/report?format=junit").data
    SCHEMA.validate(body.decode())
    assert client.get(f"/_mockpbx/worlds/{world.id}/report").get_json() == {
        "world": world.id, "call_sites": 0, "failed": 0, "cases": []}


def test_markdown_report(client: FlaskClient, world: PbxWorld) -> None:
    traffic(client, world)
    text = client.get(f"/_mockpbx/worlds/{world.id}/report?format=markdown").data.decode()
    assert text.splitlines()[:5] == [f"# mockpbx conformance: world {world.id}", "",
                                     "3 call sites, 2 failing.", "",
                                     "| vendor | call site | requests | result | findings |"]
    assert ("| pbxware | `pbxware.ext.list(action, apikey, sever)` | 1 | FAIL | unknown_parameter 'sever': "
            "expected a parameter of pbxware.ext.list (did you mean 'server'?) |") in text


def test_bad_format_is_refused(client: FlaskClient, world: PbxWorld) -> None:
    response = client.get(f"/_mockpbx/worlds/{world.id}/report?format=pdf")
    assert (response.status_code, response.get_json()) == (
        422, {"error": "format must be one of json, junit, markdown", "code": "invalid_argument"})
    assert client.get("/_mockpbx/worlds/nope/report").status_code == 404
