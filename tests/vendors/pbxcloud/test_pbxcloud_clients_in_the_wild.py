"""What public MiRTA clients do with proxyapi's answers, done here the same way.

Each test makes the requests a client in the wild makes and reads the answer as that client
does (splitting on ``|``, decoding JSON, reading CSV by header name or by position), so the
shapes they depend on are pinned in our suite. The clients are listed, with what each
implies, in contracts/pbxcloud/catalogue.md (CLIENT rows); none of their code is here.
"""

from __future__ import annotations

import csv
import io
import json
import re

from flask.testing import FlaskClient
from mirta_client import ask, refused_without_change
from test_pbxcloud_golden import GOLDEN, _check, _record, prepared

from mockpbx.core.world import World
from mockpbx.vendors.pbxcloud.routes import REQTYPES, help_text
from tests.worlds import Pbx

DAY = {"start": "2026-01-05", "end": "2026-01-06"}


def _direction(row: dict[str, str]) -> str:
    """How clients tell a call's direction: the userfield tag first, then where it came from."""
    if "[inbound]" in row["userfield"] or row["dcontext"] == "fromoutside":
        return "inbound"
    if "[outbound]" in row["userfield"]:
        return "outbound"
    return "internal"


# -- DIAL --------------------------------------------------------------------------------


def test_dial_json_is_read_by_its_keys(pbx: Pbx) -> None:
    client, world = pbx
    answer = json.loads(ask(client, "DIAL", source="402", dest="9922323232", format="json"))
    assert answer["Response"] == "Success"
    assert answer["Message"] == "Originate successfully queued"
    call = world.telephony.live_calls()[0]
    assert answer["ID"] == call.originate_id


def test_dial_json_answers_under_the_json_content_type(pbx: Pbx) -> None:
    client, _ = pbx
    response = client.get("/pbx/proxyapi.php", query_string={
        "key": "demo-DEMO-rw", "tenant": "DEMO", "reqtype": "DIAL", "source": "402", "dest": "5550001",
        "format": "json"})
    assert response.content_type == "application/json"
    assert json.loads(response.data)["Response"] == "Success"


def test_dial_from_an_account_places_the_call_on_that_extension(pbx: Pbx) -> None:
    client, world = pbx
    answer = json.loads(ask(client, "DIAL", source="ACCOUNT", account="104-DEMO", phone="5550002",
                            sourceclid="4535150000", format="json"))
    assert answer["Response"] == "Success"
    [call] = world.telephony.live_calls()
    assert (call.src, call.dst, call.originate_id) == ("104", "5550002", answer["ID"])


def test_an_unknown_extension_is_refused_in_json_and_places_nothing(pbx: Pbx) -> None:
    client, world = pbx
    body = refused_without_change(world, client, "DIAL", source="999", dest="5550003", format="json")
    assert body == b'{"Response":"Error","Message":"Extension does not exist."}'


def test_another_tenants_account_places_no_call(pbx: Pbx) -> None:
    client, world = pbx
    other = world.tenancy.create_tenant("OTHER", "Other Company", package_id=1, ext_length=3)
    world.directory.create_extension(other.id, "101", name="Other Reception", secret="Other!101x", registered=True)
    for params in ({"source": "ACCOUNT", "account": "101-OTHER", "phone": "5550004"},
                   {"source": "402", "account": "101-OTHER", "dest": "5550004"},
                   {"source": "101-OTHER", "dest": "5550004"}):
        plain = refused_without_change(world, client, "DIAL", **params)
        assert plain.split(b"|") == [b"Error", b"Extension does not exist.", b""]
        answer = json.loads(refused_without_change(world, client, "DIAL", format="json", **params))
        assert answer == {"Response": "Error", "Message": "Extension does not exist."}
    assert world.telephony.live_calls() == []


def test_the_plain_answer_still_splits_into_status_text_and_id(pbx: Pbx) -> None:
    client, world = pbx
    status, text, originate_id, tail = ask(client, "DIAL", source="402", dest="5550005").decode().split("|")
    assert (status, text, tail) == ("Success", "Originate successfully queued", "")
    assert originate_id == world.telephony.live_calls()[0].originate_id


# -- INFO inforecording ------------------------------------------------------------------


def _recorded(world: World, client: FlaskClient) -> tuple[str, str]:
    cdr = world.telephony.query_cdrs(None, where=lambda c: c.src == "104" and c.dst == "4520304050")[0]
    return cdr.originate_id, cdr.uniqueid


def test_inforecording_splits_into_six_fields_whatever_the_format() -> None:
    world, client = prepared()
    originate_id, unique = _recorded(world, client)
    recording = world.telephony.find_recording(unique)
    audio = client.get("/pbx/proxyapi.php", query_string={"key": "demo-DEMO-rw", "tenant": "DEMO",
                                                          "reqtype": "INFO", "info": "recording", "id": unique})
    for fmt in ("plain", "json", "csv"):
        body = client.get("/pbx/proxyapi.php", query_string={
            "key": "demo-DEMO-rw", "tenant": "DEMO", "reqtype": "INFO", "info": "inforecording",
            "id": originate_id, "format": fmt}).data.decode()
        re_id, re_uniqueid, re_name, re_date, re_format, re_size = body.split("|")
        assert (re_id, re_uniqueid, re_name, re_format) == (str(recording.id), unique, f"{unique}.mp3", "mp3")
        assert re_date == "2026-01-05 09:03:18"
        assert int(re_size) == len(audio.data)


# -- INFO CDRS -----------------------------------------------------------------------------

FULL = ("accountcode,ID,start,answer,end,clid,realsrc,firstdst,duration,billsec,disposition,cc_cost,dcontext,"
        "dstchannel,userfield,uniqueid,prevuniqueid,lastdst,wherelanded,src,dst,lastapp,srcCallID,linkedid,"
        "peeraccount,originateid,cc_country,cc_network,pincode,cc_buy,srcchannel")
SHORT = FULL[:FULL.index(",cc_buy")]


def _cdrs_csv(client: FlaskClient, **params: str) -> str:
    return client.get("/pbx/proxyapi.php", query_string={
        "key": "demo-DEMO-rw", "tenant": "DEMO", "reqtype": "INFO", "info": "CDRS", "format": "csv", **DAY,
        **params}).data.decode()


def test_cdrs_csv_header_names_the_31_columns_in_order() -> None:
    _, client = prepared()
    assert _cdrs_csv(client).splitlines()[0] == FULL


def test_cdrs_read_by_header_name_give_each_calls_direction() -> None:
    _, client = prepared()
    rows = list(csv.DictReader(io.StringIO(_cdrs_csv(client))))
    seen = {(row["realsrc"], row["lastdst"], row["dcontext"], row["userfield"], _direction(row)) for row in rows}
    assert seen == {
        ("104", "4520304050", "frominternal", "[outbound]", "outbound"),
        ("402", "102", "frominternal", "", "internal"),
        ("104", "102", "frominternal", "", "internal"),
        ("402", "4520304050", "frominternal", "[outbound]", "outbound"),
        ("1132555678", "102", "fromoutside", "[inbound]", "inbound"),
    }


def test_cdrs_read_by_position_match_the_header() -> None:
    _, client = prepared()
    lines = list(csv.reader(io.StringIO(_cdrs_csv(client))))
    header, first = lines[0], lines[1]
    assert len(first) == 31
    # Position 0 is the tenant, 14 the userfield, 15 the uniqueid, 25 the originate id.
    assert (first[0], first[12], first[14], first[15]) == ("DEMO", "frominternal", "[outbound]", "1767603600.5")
    assert header[25] == "originateid" and len(first[25]) == 14


def test_cdrs_plain_split_on_pipes_has_the_same_columns() -> None:
    _, client = prepared()
    body = client.get("/pbx/proxyapi.php", query_string={
        "key": "demo-DEMO-rw", "tenant": "DEMO", "reqtype": "INFO", "info": "cdrs", **DAY}).data.decode()
    header, *rows = body.splitlines()
    assert header.split("|") == FULL.split(",")
    assert all(len(row.split("|")) == 31 for row in rows)


def test_short_systems_stop_after_pincode_in_every_format() -> None:
    world, client = prepared()
    world.configure(mirta_cdr_columns="short")
    header, *rows = _cdrs_csv(client).splitlines()
    assert header == SHORT
    assert all(len(row) == 29 for row in csv.reader(rows))
    as_json = json.loads(client.get("/pbx/proxyapi.php", query_string={
        "key": "demo-DEMO-rw", "tenant": "DEMO", "reqtype": "INFO", "info": "cdrs", "format": "json",
        **DAY}).data)
    assert list(as_json[0]) == SHORT.split(",")


def test_cdrs_golden_short_profile() -> None:
    for name, fmt in (("info_cdrs_short_csv", "csv"), ("info_cdrs_short_json", "json"),
                      ("info_cdrs_short_plain", "plain")):
        world, client = prepared()
        world.configure(mirta_cdr_columns="short")
        response = client.get("/pbx/proxyapi.php", query_string={
            "key": "demo-DEMO-rw", "tenant": "DEMO", "reqtype": "INFO", "info": "CDRS", "format": fmt})
        _check(name, _record(response.status_code, response.content_type, response.data))
    assert (GOLDEN / "info_cdrs_short_csv.golden").read_bytes().splitlines()[1] == SHORT.encode()


def test_cdr_get_prints_the_userfield_with_its_direction_tag() -> None:
    world, client = prepared()
    _, unique = _recorded(world, client)
    assert ask(client, "CDR", action="GET", field="userfield", uniqueid=unique) == b"[outbound]"
    assert ask(client, "CDR", action="UPDATE", field="userfield", uniqueid=unique, value="ticket 42") == (
        b"Success|CDR updated|")
    assert ask(client, "CDR", action="GET", field="userfield", uniqueid=unique) == b"[outbound]ticket 42"


# -- HELP against the reqtype table ---------------------------------------------------------


def test_every_reqtype_help_names_is_served_and_the_captured_additions_are_listed() -> None:
    printed = help_text()
    named = {line.split()[0] for line in printed.splitlines() if re.match(r"^[A-Z]+ +- ", line)}
    assert named - set(REQTYPES) == set()
    assert {"CHANSIPPEERS", "GETCURRENTCALLS"} <= named
    parameters = printed.split("Request type (reqtype):")[0]
    assert "  language - " in parameters and "  cache    - " in parameters
