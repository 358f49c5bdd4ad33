"""Trunk ids checked by form, not by existence: a DID, a tenant's trunk choice or its SMS trunk may
name a trunk deleted since (INF, actions/_references.py); an id never issued is still refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from pbxware_client import body, raw

from mockpbx.core.world import World
from tests.worlds import Pbx

DEMO, ACME, HOME = 5, 2, 6  # tenants DEMO, Acme Corp and 344 in the default world
GONE = 3  # the trunk each test adds and deletes (the default world has trunks 1 and 2)
TRUNK = {"server": 1, "name": "Gone", "provider_id": 1, "type": "peer", "dtmfmode": "rfc2833", "status": "active",
         "country": 869, "national": 1, "international": "011", "emerg_trunk": "no", "host": "sip.example.com",
         "username": "u", "insecure": "port,invite", "looserouting": "yes", "incominglimit": 10,
         "outgoinglimit": 10, "busylevel": 5, "codecs": "ulaw,alaw", "codecs_ptime": "20,20"}


@pytest.fixture
def pbx(pbx: Pbx) -> Iterator[tuple[FlaskClient, World]]:
    client, world = pbx
    assert raw(client, "trunk.add", **TRUNK) == b'{"success":"Trunk ID: 3","id":3}'
    assert raw(client, "trunk.delete", id=GONE) == b'{"success":"Deleted Trunk ID 3 successfully.","id":"3"}'
    yield client, world


def test_did_add_keeps_a_deleted_trunk(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    added = raw(client, "did.add", server=DEMO, trunk=GONE, did="4535150009", dest_type=0, destination=102,
                disabled=0)
    assert added == b'{"success":"DID ID: 4.","id":4}'
    assert world.numbering.get_did(4).trunk_id == GONE
    assert body(client, "did.list", server=DEMO)["4"] == {
        "number": "4535150009", "number2": None, "server": "5", "trunk": "3", "type": "Extension", "ext": "102",
        "status": "enabled", "sms_enabled": None, "e164": None, "e164_2": None}
    # The trunk itself is still gone.
    assert "3" not in body(client, "trunk.list")
    assert raw(client, "trunk.configuration", server=1, trunkid=GONE) == b'{"error":"Invalid trunk ID."}'
    assert raw(client, "trunk.delete", id=GONE) == b'{"error":"Invalid trunk ID."}'
    assert raw(client, "trunk.edit", server=1, id=GONE, name="Back") == b'{"error":"Invalid trunk ID."}'


def test_an_id_never_issued_is_refused_and_changes_nothing(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    before = world.snapshot()
    refused = b'{"error":"Invalid trunk ID."}'
    assert raw(client, "did.add", server=DEMO, trunk=4, did="4535150009", dest_type=0, destination=102,
               disabled=0) == refused
    assert raw(client, "did.edit", server=DEMO, id=1, trunk=0) == refused
    assert raw(client, "tenant.trunks.set", tenant=HOME, trunks="2,4", primary_trunk=2) == refused
    assert raw(client, "tenant.trunks.set", tenant=HOME, trunks=2, primary_trunk=4) == refused
    assert raw(client, "sms.trunks.tenants.set", tenant=HOME, id=2) == refused
    assert world.snapshot() == before


def test_did_edit_moves_a_did_onto_a_deleted_trunk(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert raw(client, "did.edit", server=DEMO, id=1, trunk=GONE) == b'{"success":"DID ID: 1.","id":"1"}'
    assert world.numbering.get_did(1).trunk_id == GONE
    # Trunk 1 now carries only DID 2; moving that one too frees trunk 1 for deletion.
    assert raw(client, "trunk.delete", id=1) == b'{"error":"Trunk ID 1 is in use by DIDs."}'
    assert raw(client, "did.edit", server=DEMO, id=2, trunk=GONE) == b'{"success":"DID ID: 2.","id":"2"}'
    assert raw(client, "trunk.delete", id=1) == b'{"success":"Deleted Trunk ID 1 successfully.","id":"1"}'


def test_tenant_trunks_set_accepts_a_deleted_trunk_and_links_only_live_ones(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert raw(client, "tenant.trunks.set", tenant=HOME, trunks=f"2,{GONE}", primary_trunk=GONE,
               primary_emerg_trunk=2) == b'{"success":"Trunks set successfully."}'
    assert raw(client, "tenant.trunks.list", tenant=HOME) == (
        b'{"primary_trunk":"3","secondary_trunk":"","tertiary_trunk":"","primary_emerg_trunk":"2",'
        b'"secondary_emerg_trunk":"","tertiary_emerg_trunk":"","trunks":"2"}')
    assert [t.id for t in world.numbering.list_trunks(HOME)] == [2]


def test_sms_trunk_set_to_a_deleted_one_shows_by_id(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert raw(client, "sms.trunks.delete", id=1) == b'{"success":"Deleted SMS Trunk ID 1 successfully."}'
    assert raw(client, "sms.trunks.tenants.set", tenant=ACME, id="1,2") == b'{"success":"SMS trunk set successfully."}'
    assert raw(client, "sms.trunks.tenants.get", tenant=ACME) == b'{"id":"1","enabled":"0","name":"","provider":""}'
    assert world.numbering.list_sms_trunks(ACME) == []
    assert body(client, "sms.trunks.tenants.list")[str(ACME)] == {"id": "1", "enabled": "0", "name": "",
                                                                  "provider": ""}
    # A live trunk replaces the reference; an empty id clears the tenant's trunk.
    added = body(client, "sms.trunks.add", enabled=1, name="Live", provider="ozsms", api_key="K", username="u")
    assert raw(client, "sms.trunks.tenants.set", tenant=ACME, id=added["id"]) == (
        b'{"success":"SMS trunk set successfully."}')
    assert raw(client, "sms.trunks.tenants.get", tenant=ACME) == (
        b'{"id":"2","enabled":"1","name":"Live","provider":"ozsms"}')
    assert "sms_trunk_gone" not in world.tenancy.get_tenant(ACME).attributes
    assert raw(client, "sms.trunks.tenants.set", tenant=ACME, id="") == b'{"success":"SMS trunk set successfully."}'
    assert raw(client, "sms.trunks.tenants.get", tenant=ACME) == b'{"id":"2","enabled":"0","name":"","provider":""}'


def test_a_did_on_a_deleted_trunk_breaks_nothing_anywhere(pbx: tuple[FlaskClient, World]) -> None:
    """Inbound calls still reach its destination; MiRTA, ePBX and the control plane still answer."""
    client, world = pbx
    body(client, "did.add", server=DEMO, trunk=GONE, did="4535150009", dest_type=0, destination=102, disabled=0)
    body(client, "did.add", server=ACME, trunk=GONE, did="8801700000009", dest_type=0, destination=101, disabled=0)
    call = world.telephony.receive_call("4535150009", "5550100", talk_seconds=30)
    assert call.dst_extension_id == world.directory.extension_by_number(DEMO, "102").id
    assert call.trunk_id == GONE
    world.advance_clock(120)
    assert world.telephony.find_cdr(call.uniqueid).trunk_id == GONE
    cdrs = body(client, "cdr.download", start="Jan-05-2026", end="Jan-06-2026", trunk=GONE)
    assert [row[:3] + row[7:9] for row in cdrs["csv"]] == [["DEMO", "5550100", "102", "Answered", call.uniqueid]]
    mirta = client.get("/pbx/proxyapi.php", query_string={"key": "demo-DEMO-rw", "reqtype": "INFO", "info": "dids",
                                                          "tenant": "DEMO", "format": "json"})
    assert mirta.status_code == 200 and b"4535150009" in mirta.data
    # ePBX lists a customer's number requests, not its DIDs: it reads no trunk.
    epbx = client.get("/api/v2/customers/2/numbers", headers={"Authorization": "Bearer demo-reseller-token"})
    assert (epbx.status_code, epbx.data) == (200, b'{"status":"success","data":[]}')
    assert client.get("/_mockpbx/worlds/default").status_code == 200
    snapshot = client.get("/_mockpbx/worlds/default/state")
    assert snapshot.status_code == 200
    assert client.put("/_mockpbx/worlds/default/state", json=snapshot.get_json()).status_code in (200, 204)
    assert world.numbering.did_by_number("8801700000009").trunk_id == GONE
    assert body(client, "did.list", server=ACME)["5"]["trunk"] == "3"
