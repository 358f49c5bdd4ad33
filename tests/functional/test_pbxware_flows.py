"""PBXware flows a client runs: create then list, edit then configure, delete then list; and CDRs
that come from calls the telephony engine actually placed."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from flask.testing import FlaskClient

from mockpbx.core.entities import Disposition
from mockpbx.core.world import World
from mockpbx.testing import ThreadedServer
from tests.worlds import Pbx

KEY = "Test123456789"
T1 = 6  # tenant 344


def call(client: FlaskClient, action: str, **params: str) -> Any:
    response = client.get("/index.php", query_string={"apikey": KEY, "action": f"pbxware.{action}", **params})
    assert response.status_code == 200
    return response.json


def test_extension_create_edit_configure_delete_agree(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    added = call(client, "ext.add", server=str(T1), name="Ann", email="ann@example.com", ext="540", location="2",
                 ua="50", secret="Ann!Secret1", pin="5400", prot="iax", status="1", incominglimit="4",
                 outgoinglimit="1", voicemail="0", user_location="Floor 2")
    ext_id = added["id"]
    assert added == {"success": f"Extension ID: {ext_id}", "id": ext_id, "ext": 540}
    listed = call(client, "ext.list", server=str(T1))
    assert listed[ext_id] == {
        "name": "Ann", "email": "ann@example.com", "protocol": "iax", "ext": "540", "location": "remote",
        "ua_id": "50", "ua_name": "generic_sip", "ua_fullname": "Generic SIP", "status": "enabled",
        "macaddress": "", "sn": "", "linenum": "1", "user_location": "Floor 2", "department": ""}
    core = world.directory.get_extension(int(ext_id))
    assert (core.number, core.incoming_limit, core.outgoing_limit, core.voicemail) == ("540", 4, 1, False)
    call(client, "ext.edit", server=str(T1), id=ext_id, ext="541", status="0", pin="9999", recordcalls="1")
    options = call(client, "ext.configuration", server=str(T1), ext="541")[ext_id]
    assert (options["ext"], options["status"], options["pin"], options["options"]["recordcalls"]) == (
        "541", "disabled", "9999", "1")
    assert world.directory.get_extension(int(ext_id)).record_calls is True
    assert call(client, "ext.delete", server=str(T1), id=ext_id) == {
        "success": f"Deleted Extension ID {ext_id} successfully."}
    assert ext_id not in call(client, "ext.list", server=str(T1))
    assert call(client, "ext.configuration", server=str(T1), id=ext_id) == {"error": "Invalid extension ID."}


def test_tenant_and_did_lifecycle_agree_with_the_core(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    tenant = call(client, "tenant.add", tenant_name="t9.example.com", tenant_code="399", package="3",
                  ext_length="4", country="869", national="1", international="011")
    tenant_id = tenant["id"]
    assert isinstance(tenant_id, int) and world.tenancy.get_tenant(tenant_id).ext_length == 4
    listed = call(client, "tenant.list")[str(tenant_id)]
    assert listed == {"name": "t9.example.com", "tenantcode": "399", "package_id": 3, "package": "Package 3",
                      "ext_length": 4, "country_id": 869, "country_code": 1}
    refused = call(client, "ext.add", server=str(tenant_id), name="B", email="b@example.com", ext="100",
                   location="1", ua="50", secret="Bee!Secret1", pin="1000", prot="sip", status="1",
                   incominglimit="1", outgoinglimit="1", voicemail="1")
    assert refused == {"error": "Required field 'ext=100' contains invalid data (Regex: /^\\d{4}$/)"}
    ext = call(client, "ext.add", server=str(tenant_id), name="B", email="b@example.com", ext="1000",
               location="1", ua="50", secret="Bee!Secret1", pin="1000", prot="sip", status="1",
               incominglimit="1", outgoinglimit="1", voicemail="1")
    assert ext["ext"] == 1000
    did = call(client, "did.add", server=str(tenant_id), trunk="2", did="4420000001", dest_type="0",
               destination="1000", disabled="0")
    assert world.numbering.did_by_number("4420000001").tenant_id == tenant_id
    inbound = world.telephony.receive_call("4420000001", "15550000", outcome=Disposition.ANSWERED, talk_seconds=5)
    assert inbound.dst_extension_id == int(ext["id"])
    world.advance_clock(60)
    # PBXware 8.1 answers success and keeps the tenant (OBS): nothing it owns goes either.
    assert call(client, "tenant.delete", server="1", id=str(tenant_id)) == {
        "success": f"Deleted Tenant ID {tenant_id} successfully."}
    assert str(tenant_id) in call(client, "tenant.list")
    assert world.numbering.get_did(did["id"]).tenant_id == tenant_id


def test_cdrs_come_from_the_telephony_engine(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    start = world.clock.now()
    placed = []
    for n in range(3):
        placed.append(world.telephony.originate_call(T1, "530", f"44207946000{n}", outcome=Disposition.ANSWERED,
                                                     talk_seconds=30))
        world.advance_clock(60)
    world.telephony.originate_call(T1, "531", "5550001")  # the magic busy number
    world.advance_clock(60)
    day = "Jan-05-2026"
    page1 = call(client, "cdr.download", start=day, end=day, server=str(T1), limit="2")
    assert (page1["next_page"], page1["limit"], page1["records"]) == (True, 2, 2)
    # A tenant's download has no Tenant column; clients read it by header name.
    rows1 = [dict(zip(page1["header"], row, strict=True)) for row in page1["csv"]]
    assert (rows1[0]["From"], rows1[0]["To"], rows1[0]["Status"]) == ("531", "5550001", "Busy")
    assert rows1[1]["Unique ID"] == placed[2].uniqueid
    page2 = call(client, "cdr.download", start=day, end=day, server=str(T1), limit="2", page="2")
    rows2 = [dict(zip(page2["header"], row, strict=True)) for row in page2["csv"]]
    assert [row["Unique ID"] for row in rows2] == [placed[1].uniqueid, placed[0].uniqueid]
    assert page2["next_page"] is False
    assert int(rows2[1]["Date/Time"]) == int(start) and rows2[1]["Total Duration"] > "30"
    answered = call(client, "cdr.download", start=day, end=day, server=str(T1), status="8", ext="530")
    assert answered["records"] == 3
    busy_only = call(client, "cdr.download", start=day, end=day, server=str(T1), status="2", cdrtype="2")
    assert [row[busy_only["header"].index("Status")] for row in busy_only["csv"]] == ["Busy"]
    assert call(client, "cdr.download", start=day, end=day, server=str(T1), trunk="2", ext="530") == {
        "error": "You cannot supply trunk and ext at the same time!"}
    # Three answered outbound 30 s calls at Package 1's 0.50 a minute, billed per started minute.
    assert call(client, "cdr.billamount", start=day, end=day, server=str(T1)) == {"billamount": "1.50"}
    assert [row[answered["header"].index("Rating Cost")] for row in answered["csv"]] == ["0.50", "0.50", "0.50"]


@pytest.fixture
def live(pbx: Pbx, pbx_server: ThreadedServer) -> str:
    """The plugin's server, serving the ``pbx`` fixture's fresh default world."""
    return pbx_server.url


def test_over_http_post_form_and_double_slash(live: str) -> None:
    posted = requests.post(f"{live}/index.php", data={"apikey": KEY, "action": "pbxware.didgroup.list"}, timeout=5)
    assert (posted.status_code, posted.content) == (
        200, b'{"1":{"group_name":"Main","min_did":"12300","max_did":"12399","tenant":"6"}}')
    doubled = requests.get(f"{live}//?apikey={KEY}&action=pbxware.trunk.providers&apiformat=php", timeout=5,
                           allow_redirects=False)
    assert doubled.status_code == 200
    assert doubled.content == (b'a:2:{s:11:"Generic SIP";a:2:{i:0;s:1:"1";i:1;s:4:"voip";}'
                               b's:14:"Generic Analog";a:2:{i:0;s:1:"2";i:1;s:4:"pstn";}}')
