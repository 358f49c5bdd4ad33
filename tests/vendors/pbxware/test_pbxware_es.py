"""Enhanced services (``pbxware.ext.es.*``) through the real endpoint, on the default world.

Tenant 344 ("t1.dot.com") has extensions 530 and 531; ids are looked up, never assumed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from pbxware_client import COLLECTION, raw

from mockpbx.core.world import World
from mockpbx.vendors.pbxware.actions.es import SERVICES


def ids(world: World) -> tuple[int, int, int]:
    tenant = world.tenancy.tenant_by_code("344")
    extension = world.directory.extension_by_number
    return tenant.id, extension(tenant.id, "530").id, extension(tenant.id, "531").id


def get(client: FlaskClient, action: str, **params: object) -> bytes:
    return raw(client, f"ext.es.{action}", **params)


def body(client: FlaskClient, action: str, **params: object) -> Any:
    return json.loads(get(client, action, **params))


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
def test_set_then_get_agree_for_every_service(pbx: tuple[FlaskClient, World], service: str) -> None:
    client, world = pbx
    server, ext, other = ids(world)
    assert body(client, f"{service}.get", server=server, id=ext) == {"state": "no"}
    assert body(client, f"{service}.set", server=server, id=ext, state="yes")["state"] == "yes"
    assert body(client, f"{service}.get", server=server, id=ext) == {"state": "yes"}
    assert body(client, f"{service}.get", server=server, id=other) == {"state": "no"}
    assert body(client, f"{service}.set_osc", server=server, id=ext, state="1")["state"] == "yes"
    assert body(client, f"{service}.get_osc", server=server, id=ext) == {"state": "yes"}
    assert body(client, f"{service}.set_osc", server=server, id=ext, state="no")["state"] == "no"
    assert body(client, f"{service}.get", server=server, ext="530") == {"state": "yes"}
    assert world.directory.get_extension(ext).services[service].enabled is True


def test_set_golden_bytes_json_and_php(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server, ext, _ = ids(world)
    assert get(client, "dnd.set", server=server, id=ext, state="yes") == (
        b'{"success":"Do Not Disturb state: yes.","state":"yes"}'
    )
    assert get(client, "dnd.get_osc", server=server, id=ext, apiformat="php") == b'a:1:{s:5:"state";s:2:"no";}'


def test_empty_state_reports_without_change(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server, ext, _ = ids(world)
    before = world.directory.get_extension(ext)
    assert body(client, "callerid.set", server=server, id=ext, state="") == {
        "success": "Caller ID state: no.", "state": "no"}
    assert world.directory.get_extension(ext) == before


def test_state_errors(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server, ext, _ = ids(world)
    assert body(client, "dnd.set", server=server, id=ext) == {"error": "Required field 'state' is missing"}
    assert body(client, "dnd.set", server=server, id=ext, state="1") == {
        "error": "Required field 'state=1' contains invalid data (Regex: /^(yes|no)$/)"}
    assert body(client, "dnd.set_osc", server=server, id=ext, state="maybe") == {
        "error": "Required field 'state=maybe' contains invalid data (Regex: /^(yes|no|1|0)$/)"}
    assert body(client, "dnd.get", server=server, id=ext, ext="530") == {
        "error": "You cannot supply id and ext at the same time!"}
    assert body(client, "dnd.get", server=server) == {"error": "Required field 'id' is missing"}
    assert body(client, "dnd.get", server=server, ext="53") == {
        "error": "Required field 'ext=53' contains invalid data (Regex: /^\\d{3}$/)"}
    assert body(client, "dnd.get", server=server, id=99999) == {"error": "Invalid extension ID."}
    # Extension ids are system-wide, as for every ext.* action: another existing tenant's
    # server still finds the extension by id (Bicom's collection sends such pairs), but a
    # number is only looked up in the server's own tenant.
    demo = world.tenancy.tenant_by_code("DEMO")
    assert body(client, "dnd.get", server=demo.id, id=ext) == body(client, "dnd.get", server=server, id=ext)
    assert body(client, "dnd.get", server=demo.id, ext="530") == {"error": "Invalid extension ID."}


def test_configuration_golden_defaults(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server, ext, _ = ids(world)
    assert get(client, "dnd.configuration", server=server, id=ext) == (
        b'{"dnd":"0","dst":"","dsttype":"voicemail","duration":null}')
    assert get(client, "callfwd.configuration", server=server, id=ext) == (
        b'{"enabled":"","destinations":"|||","timeouts":"|||","play":0,"cid":0}')
    # Speakerphone page defaults to the tenant's other extensions.
    assert get(client, "sppage.configuration", server=server, id=ext) == b'{"extensions":["531"],"quiet":0}'
    assert get(client, "instrecord.configuration", server=server, id=ext, apiformat="php") == (
        b'a:2:{s:6:"silent";s:1:"0";s:8:"emailrec";s:1:"0";}')


def _collection_edits() -> dict[str, dict[str, str]]:
    """Each ``ext.es.*.edit`` request's enabled example parameters, from Bicom's collection."""
    found: dict[str, dict[str, str]] = {}
    if COLLECTION is None:
        return found
    stack: list[Any] = json.loads(COLLECTION.read_text(encoding="utf-8"))["item"]
    while stack:
        item = stack.pop()
        if "item" in item:
            stack.extend(item["item"])
            continue
        query = {q["key"]: q.get("value") or "" for q in item["request"]["url"].get("query", [])
                 if not q.get("disabled")}
        action = query.get("action", "")
        if action.startswith("pbxware.ext.es.") and action.endswith(".edit"):
            found[action.split(".")[3]] = {k: v for k, v in query.items()
                                           if k not in ("apikey", "action", "server", "id")}
    return found


EDITS = _collection_edits()


@pytest.mark.parametrize("service", sorted(EDITS))
def test_collection_edit_then_configuration_agree(pbx: tuple[FlaskClient, World], service: str) -> None:
    client, world = pbx
    server, ext, _ = ids(world)
    answer = body(client, f"{service}.edit", server=server, id=ext, **EDITS[service])
    assert "error" not in answer, answer
    assert isinstance(answer["success"], str)
    shown = body(client, f"{service}.configuration", server=server, id=ext)
    for name, value in EDITS[service].items():
        if name in shown:
            stored = shown[name]
            expected: object = value
            if isinstance(stored, list):
                expected = value.split(":" if service == "callerid" else ",") if value else []
            elif isinstance(stored, int):
                expected = int(value)
            assert stored == expected, name


def test_edit_exact_answers(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server, ext, _ = ids(world)
    assert get(client, "callfilters.edit", server=server, id=ext, callers="anonymous,", dtypes="not in service,",
               destinations="0,", telemarketer=1) == b'{"success":"Call Filters & Blocking.","callfilters":"OK"}'
    assert body(client, "callerid.edit", server=server, id=ext, callerid="7871", emergencycid="999") == {
        "success": "Caller ID: 7871", "callerid": "OK"}
    assert body(client, "phonecallback.edit", server=server, id=ext, callerids="", numbers="") == {
        "success": "Phone Callback.", "instrecord": "OK"}
    assert body(client, "callfwd.edit", server=server, id=ext, enabled="unconditional,busy", uncond_dests="422",
                busy_dests="424,425", uncond_timeouts="15", busy_timeouts="20", play=1, cid=0)["callfwd"] == "OK"
    assert body(client, "callfwd.configuration", server=server, id=ext) == {
        "enabled": "unconditional,busy", "destinations": "422|424,425||", "timeouts": "15|20||", "play": 1, "cid": 0}


def test_rejected_edits_change_nothing(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server, ext, _ = ids(world)
    before = world.directory.get_extension(ext)
    assert body(client, "callfilters.edit", server=server, id=ext, callers="anonymous,1,2", dtypes="busy",
                destinations="0,1") == {"error": "Fields callers, dtypes and destinations must match in size"}
    assert body(client, "callerid.edit", server=server, id=ext, callerid="1", trunks="A:B", tcallerids="1") == {
        "error": "Fields trunks and tcallerids must match in size"}
    assert body(client, "followme.edit", server=server, id=ext, destinations="422") == {
        "error": "Required field 'timeouts' is missing"}
    assert body(client, "dnd.edit", server=server, id=ext, dnd="5") == {
        "error": "Required field 'dnd=5' contains invalid data (Regex: /^(0|1|2)$/)"}
    assert body(client, "speeddial.edit", server=server, id=ext, codes="1,x", names="a,b", destinations="1,2") == {
        "error": "Required field 'codes=1,x' contains invalid data (Regex: /^(,|\\d+)+$/)"}
    assert world.directory.get_extension(ext) == before


def test_unknown_actions_of_the_family(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server, ext, _ = ids(world)
    # Services without configuration/edit do not grow them.
    assert body(client, "callpickup.configuration", server=server, id=ext) == {"error": "Invalid action."}
    assert body(client, "extoperationtimes.edit", server=server, id=ext) == {"error": "Invalid action."}


def test_pin_state_only_where_pbxware_offers_it(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server, ext, _ = ids(world)
    assert body(client, "callpickup.set", server=server, id=ext, state="pin") == {
        "success": "Call Pickup state: pin.", "state": "pin"}
    assert body(client, "callpickup.get", server=server, id=ext) == {"state": "pin"}
    assert body(client, "callpickup.set", server=server, id=ext, state="yes")["state"] == "yes"
    assert body(client, "dnd.set", server=server, id=ext, state="pin") == {
        "error": "Required field 'state=pin' contains invalid data (Regex: /^(yes|no)$/)"}
