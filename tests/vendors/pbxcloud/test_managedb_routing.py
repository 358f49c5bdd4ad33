"""MANAGEDB PROVIDER, ROUTINGPROFILE and ROUTE on the default world, and what routes do to calls."""

from __future__ import annotations

import csv
import io

import pytest
from flask.testing import FlaskClient
from mirta_client import PATH
from mirta_client import managedb as mdb

from mockpbx.core import World
from mockpbx.core.entities import Disposition

GENERIC = (b'{"pr_id":"1","pr_name":"Generic SIP","pr_peername":"generic-sip","pr_tech":"SIP","pr_userealtime":"yes",'
           b'"host":"sip.provider.example","allow":"alaw,ulaw"}')
CATCH_ALL = (b'{"dl_id":"1","dl_rp_id":"1","dl_name":"Everything","dl_regex":".*","dl_pr_id":"1","dl_order":"1",'
             b'"dl_emergencyroute":"","dl_usepin":""}')


def test_provider_list_get_add_update(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert mdb(client, "PROVIDER", "list") == (
        b'{"1":' + GENERIC + b',"2":{"pr_id":"2","pr_name":"Generic Analog","pr_peername":"","pr_tech":"SIP",'
        b'"pr_userealtime":"","host":"","allow":""}}')
    assert mdb(client, "providers", "GET", objectid="1", tenant="DEMO") == GENERIC
    added = mdb(client, "provider", "add", {"pr_name": "Telco", "pr_peername": "telco1", "pr_tech": "PJSIP",
                                            "pr_userealtime": "yes", "allow": "alaw", "host": "sip.telco.example"})
    assert added == (b'{"pr_id":"3","pr_name":"Telco","pr_peername":"telco1","pr_tech":"PJSIP",'
                     b'"pr_userealtime":"yes","host":"sip.telco.example","allow":"alaw"}')
    assert mdb(client, "provider", "update", {"host": "sip2.telco.example", "pr_name": "O'Hara"}, objectid="3") == (
        b"update pr_providers set host='sip2.telco.example',pr_name='O\\'Hara' where pr_id='3'")
    provider = world.numbering.get_provider(3)
    assert (provider.name, provider.attributes["host"], provider.attributes["peername"]) == (
        "O'Hara", "sip2.telco.example", "telco1")
    # the same provider, as PBXware lists it
    pbxware = client.get("/", query_string={"apikey": "Test123456789", "action": "pbxware.trunk.providers"})
    assert pbxware.json is not None and pbxware.json["O'Hara"] == ["3", "voip"]


@pytest.mark.parametrize("jsondata", [
    "not json", "[]", {"pr_name": "No peer"}, {"pr_peername": "nameless"},
    {"pr_name": "Dup", "pr_peername": "generic-sip"}, {"pr_name": "X", "pr_peername": "x", "pr_tech": "H323"},
    {"pr_name": "X", "pr_peername": "x", "colour": "red"}, {"pr_name": "X", "pr_peername": "bad peer"},
])
def test_provider_add_refusals_print_nothing_and_change_nothing(pbx: tuple[FlaskClient, World],
                                                                 jsondata: object) -> None:
    client, world = pbx
    before = world.snapshot()
    assert mdb(client, "PROVIDER", "add", jsondata) == b""
    assert world.snapshot() == before


def test_provider_misses_print_nothing(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert mdb(client, "PROVIDER", "get", objectid="99") == b""
    assert mdb(client, "PROVIDER", "update", {"pr_name": "x"}, objectid="99") == b""
    assert mdb(client, "PROVIDER", "update", {"pr_peername": "generic-sip"}, objectid="2") == b""
    assert mdb(client, "PROVIDER", "update", {"pr_id": 2, "pr_name": "x"}, objectid="1") == b""
    assert mdb(client, "PROVIDER", "delete", objectid="1") == b""
    assert world.snapshot() == before


def test_routing_profiles(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    profile = b'{"rp_id":"1","rp_te_id":"5","rp_name":"Default","rp_type":"VOICE"}'
    assert mdb(client, "ROUTINGPROFILE", "list", tenant="DEMO") == b'{"1":' + profile + b"}"
    assert mdb(client, "ROUTINGPROFILE", "list", tenant="344") == b"[]"
    assert mdb(client, "ROUTINGPROFILE", "get", objectid="1") == profile
    assert mdb(client, "ROUTINGPROFILE", "get", objectid="1", tenant="344") == b""
    assert mdb(client, "ROUTINGPROFILE", "listroutes", objectid="1", tenant="DEMO") == b'{"1":' + CATCH_ALL + b"}"
    assert mdb(client, "ROUTINGPROFILE", "add", {"rp_name": "Texts", "rp_type": "SMS"}, tenant="DEMO") == (
        b'{"rp_id":"2","rp_te_id":"5","rp_name":"Texts","rp_type":"SMS"}')
    assert mdb(client, "ROUTINGPROFILE", "add", {"rp_name": "Voice"}, tenant="344") == (
        b'{"rp_id":"3","rp_te_id":"6","rp_name":"Voice","rp_type":"VOICE"}')
    assert mdb(client, "ROUTINGPROFILE", "listroutes", objectid="3") == b"[]"
    assert mdb(client, "ROUTINGPROFILE", "update", {"rp_name": "Main"}, objectid="1", tenant="DEMO") == (
        b"update rp_routingprofiles set rp_name='Main' where rp_te_id='5' and rp_id='1'")
    assert world.routing.get_routing_profile(1).name == "Main"
    before = world.snapshot()
    for bad in ({"rp_type": "FAX"}, {"rp_name": ""}, {}, {"rp_te_id": 6}):
        assert mdb(client, "ROUTINGPROFILE", "update", bad, objectid="1") == b""
    assert mdb(client, "ROUTINGPROFILE", "add", {"rp_name": "No tenant"}) == b""
    assert mdb(client, "ROUTINGPROFILE", "update", {"rp_name": "x"}, objectid="1", tenant="344") == b""
    assert world.snapshot() == before


def test_routes_list_get_add_update(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert mdb(client, "ROUTE", "get", objectid="1", tenant="DEMO") == CATCH_ALL
    added = mdb(client, "ROUTE", "add", {"dl_rp_id": 1, "dl_name": "Intl", "dl_regex": "^00", "dl_pr_id": 2,
                                         "dl_order": 0}, tenant="DEMO")
    intl = (b'{"dl_id":"2","dl_rp_id":"1","dl_name":"Intl","dl_regex":"^00","dl_pr_id":"2","dl_order":"0",'
            b'"dl_emergencyroute":"","dl_usepin":""}')
    assert added == intl
    # routes list in the order calls try them
    assert mdb(client, "ROUTE", "list", routingprofileid="1") == b'{"2":' + intl + b',"1":' + CATCH_ALL + b"}"
    assert mdb(client, "ROUTE", "list", tenant="DEMO") == b'{"2":' + intl + b',"1":' + CATCH_ALL + b"}"
    assert mdb(client, "ROUTE", "list", tenant="344") == b"[]"
    assert mdb(client, "ROUTES", "update", {"dl_emergencyroute": "yes", "dl_usepin": "yes"}, objectid="2") == (
        b"update dl_dialroutes set dl_emergencyroute='yes',dl_usepin='yes' where dl_id='2'")
    route = world.routing.get_route(2)
    assert (route.emergency, route.use_pin, route.provider_id) == (True, True, 2)


@pytest.mark.parametrize(("action", "jsondata", "params"), [
    ("add", {"dl_rp_id": 1, "dl_name": "Bad", "dl_regex": "(", "dl_pr_id": 1}, {}),
    ("add", {"dl_rp_id": 1, "dl_name": "Bad", "dl_regex": ".*", "dl_pr_id": 99}, {}),
    ("add", {"dl_rp_id": 99, "dl_name": "Bad", "dl_regex": ".*", "dl_pr_id": 1}, {}),
    ("add", {"dl_rp_id": 1, "dl_name": "Bad", "dl_regex": ".*", "dl_pr_id": 1}, {"tenant": "344"}),
    ("add", {"dl_rp_id": 1, "dl_name": "Bad", "dl_regex": ".*"}, {}),
    ("update", {"dl_usepin": "maybe"}, {"objectid": "1"}),
    ("update", {"dl_regex": "[z-a]"}, {"objectid": "1"}),
    # constructs RE2 cannot run in linear time, and one it would read differently from Python
    ("update", {"dl_regex": r"^(4)\1"}, {"objectid": "1"}),
    ("update", {"dl_regex": "^45(?=0)"}, {"objectid": "1"}),
    ("update", {"dl_regex": "(?<!0)45"}, {"objectid": "1"}),
    ("update", {"dl_regex": "^4{,3}$"}, {"objectid": "1"}),
    ("add", {"dl_rp_id": 1, "dl_name": "Bad", "dl_regex": "(?>4+)", "dl_pr_id": 1}, {}),
    ("add", {"dl_rp_id": 1, "dl_name": "Bad", "dl_regex": "4" * 256, "dl_pr_id": 1}, {}),
    ("update", {"dl_rp_id": 2}, {"objectid": "1"}),
    ("update", {"dl_name": "x"}, {"objectid": "9"}),
    ("list", None, {"routingprofileid": "abc"}),
    ("get", None, {"objectid": "1", "tenant": "344"}),
])
def test_route_refusals_print_nothing_and_change_nothing(pbx: tuple[FlaskClient, World], action: str,
                                                          jsondata: object, params: dict[str, str]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert mdb(client, "ROUTE", action, jsondata, **params) == b""
    assert world.snapshot() == before


def test_routes_decide_how_dialled_numbers_leave(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    mdb(client, "ROUTE", "update", {"dl_regex": "^45"}, objectid="1")  # Denmark only, via provider 1
    mdb(client, "ROUTE", "add", {"dl_rp_id": 1, "dl_name": "UK", "dl_regex": "^0044", "dl_pr_id": 2}, tenant="DEMO")
    dial = {"key": "demo-DEMO-rw", "tenant": "DEMO", "reqtype": "DIAL"}
    for source, dest in (("102", "4520304050"), ("104", "00442071234567"), ("402", "0014155550100")):
        assert client.get(PATH, query_string={**dial, "source": source, "dest": dest}).data.startswith(b"Success|")
    world.advance_clock(600)
    demo = world.tenancy.tenant_by_code("DEMO").id
    cdrs = {c.dst: c for c in world.telephony.query_cdrs(demo, start=int(world.clock.now()) - 700)}
    assert cdrs["4520304050"].provider_id == 1 and cdrs["4520304050"].trunk_id == 1
    assert cdrs["00442071234567"].provider_id == 2 and cdrs["00442071234567"].trunk_id is None
    assert (cdrs["0014155550100"].disposition, cdrs["0014155550100"].provider_id) == (Disposition.FAILED, None)
    # INFO CDRS shows the channel each call was dialled on: the chosen provider's peer
    listed = client.get(PATH, query_string={**dial, "reqtype": "INFO", "info": "CDRS", "format": "csv"}).data
    channels = {row["uniqueid"]: row["dstchannel"] for row in csv.DictReader(io.StringIO(listed.decode()))}
    seq = {dst: int(cdr.uniqueid.split(".")[1]) for dst, cdr in cdrs.items()}
    assert channels[cdrs["4520304050"].uniqueid] == f"SIP/generic-sip-{seq['4520304050']:08x}"
    assert channels[cdrs["00442071234567"].uniqueid] == f"SIP/generic-analog-{seq['00442071234567']:08x}"
    assert channels[cdrs["0014155550100"].uniqueid] == ""


@pytest.mark.parametrize("jsondata", ["[" * 100_000, '{"a":' * 50_000, '{"pr_name":"\\ud800","pr_peername":"x"}',
                                      '{"cr_number":1e400}', "null", '"x"', '{"dl_order":-1}'])
def test_hostile_jsondata_on_every_new_object_is_refused_quietly(pbx: tuple[FlaskClient, World],
                                                                 jsondata: str) -> None:
    client, world = pbx
    before = world.snapshot()
    for obj in ("PROVIDER", "ROUTINGPROFILE", "ROUTE", "PHONE", "CONFERENCE"):
        for action in ("add", "update"):
            assert mdb(client, obj, action, jsondata, objectid="1", tenant="DEMO") == b""
    assert world.snapshot() == before
