"""RESPONSEPATH: the responses recorded by DEMO's response path 1 (DID 4535150001 → queue 281)."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from mirta_client import ADMIN, RO, ask, refused_without_change

from mockpbx.core.world import World
from tests.worlds import Pbx

HEADER = b"UniqueID|Type|Type ID|Value|Type Name|Value Name\n"


@pytest.fixture
def answered(pbx: Pbx) -> tuple[FlaskClient, World, str, str]:
    """Two calls through the path: Susan's answered by agent 104, then Mark's answered by 102."""
    client, world = pbx
    first = world.telephony.receive_call("4535150001", "1132555678", caller_name="Susan", talk_seconds=60)
    world.advance_clock(120)
    second = world.telephony.receive_call("4535150001", "4520304050", talk_seconds=30)
    world.advance_clock(120)
    return client, world, first.uniqueid, second.uniqueid


def test_getlast_prints_the_documented_table(answered: tuple[FlaskClient, World, str, str]) -> None:
    client, _, first, second = answered
    assert first == "1767603600.7" and second == "1767603720.8"
    assert ask(client, "RESPONSEPATH", RO, id="1", action="getlast") == HEADER + (
        b"1767603720.8|START|0|2026-01-05 09:02:00||\n"
        b"1767603720.8|CALLERID|0|4520304050||\n"
        b"1767603720.8|QUEUE|281|||\n"
        b"1767603720.8|ANSWER|0|104-DEMO||\n"
        b"1767603720.8|HANGUP|0|||\n")


def test_getid_by_rrid_or_uniqueid_and_formats(answered: tuple[FlaskClient, World, str, str]) -> None:
    client, world, first, _ = answered
    rrid = str(world.telephony.find_cdr(first).id)
    expected = HEADER + (
        b"1767603600.7|START|0|2026-01-05 09:00:00||\n"
        b"1767603600.7|CALLERID|0|Susan <1132555678>||\n"
        b"1767603600.7|QUEUE|281|||\n"
        b"1767603600.7|ANSWER|0|104-DEMO||\n"
        b"1767603600.7|HANGUP|0|||\n")
    assert ask(client, "RESPONSEPATH", id="1", action="getid", rrid=rrid) == expected
    assert ask(client, "RESPONSEPATH", id="1", action="GETID", rrid="pbx4fl-" + first) == expected
    as_json = json.loads(ask(client, "RESPONSEPATH", id="1", action="getid", rrid=first, format="json"))
    assert as_json[1] == {"UniqueID": first, "Type": "CALLERID", "Type ID": "0", "Value": "Susan <1132555678>",
                          "Type Name": "", "Value Name": ""}
    assert [row["Type"] for row in as_json] == ["START", "CALLERID", "QUEUE", "ANSWER", "HANGUP"]
    assert ask(client, "RESPONSEPATH", id="1", action="getid", rrid=first, format="csv") == (
        b'UniqueID,Type,"Type ID",Value,"Type Name","Value Name"\n'
        b'1767603600.7,START,0,"2026-01-05 09:00:00",,\n'
        b'1767603600.7,CALLERID,0,"Susan <1132555678>",,\n'
        b"1767603600.7,QUEUE,281,,,\n"
        b"1767603600.7,ANSWER,0,104-DEMO,,\n"
        b"1767603600.7,HANGUP,0,,,\n")
    assert ask(client, "RESPONSEPATH", id="1", action="getid", rrid=first, format="xml") == b""


def test_list_and_filters(answered: tuple[FlaskClient, World, str, str]) -> None:
    client, world, first, second = answered
    ids = [str(world.telephony.find_cdr(u).id) for u in (second, first)]
    assert ask(client, "RESPONSEPATH", id="1", action="list") == (
        b"RRID|UniqueID|Start|CallerID|Queue|Answer\n"
        + f"{ids[0]}|{second}|2026-01-05 09:02:00|4520304050|281|104-DEMO\n".encode()
        + f"{ids[1]}|{first}|2026-01-05 09:00:00|Susan <1132555678>|281|104-DEMO\n".encode())
    assert json.loads(ask(client, "RESPONSEPATH", id="1", format="json"))[0]["RRID"] == ids[0]
    last_of_first = ask(client, "RESPONSEPATH", id="1", action="getlast", filter="uniqueid", filterdata=first)
    assert last_of_first.splitlines()[1] == f"{first}|START|0|2026-01-05 09:00:00||".encode()
    assert ask(client, "RESPONSEPATH", id="1", action="getlast", filter="queue", filterdata="281").startswith(
        HEADER + second.encode())
    assert ask(client, "RESPONSEPATH", id="1", action="getlast", filter="answer", filterdata="104-DEMO") != b""
    assert ask(client, "RESPONSEPATH", id="1", action="getlast", filter="answer", filterdata="102") == b""
    assert ask(client, "RESPONSEPATH", id="1", action="getlast", filter="queue", filterdata="999") == b""


def test_a_transferred_unanswered_call_shows_its_steps(pbx: Pbx) -> None:
    client, world = pbx
    call = world.telephony.receive_call("4535150001", "5550002")  # rings out: nobody answers
    world.advance_clock(2)
    world.telephony.transfer_call(call.id, "402")
    world.advance_clock(60)
    assert ask(client, "RESPONSEPATH", id="1", action="getlast") == HEADER + (
        f"{call.uniqueid}|START|0|2026-01-05 09:00:00||\n"
        f"{call.uniqueid}|CALLERID|0|5550002||\n"
        f"{call.uniqueid}|QUEUE|281|||\n"
        f"{call.uniqueid}|TRANSFER|0|402||\n"
        f"{call.uniqueid}|HANGUP|0|||\n").encode()


@pytest.mark.parametrize("params", [
    {"action": "getlast"},  # no id
    {"id": "x", "action": "getlast"},
    {"id": "99", "action": "getlast"},
    {"id": "1", "action": "explode"},
    {"id": "1", "action": "getid"},  # no rrid
    {"id": "1", "action": "getid", "rrid": "nope"},
    {"id": "1", "action": "getlast", "filter": "colour", "filterdata": "red"},
    {"id": "1", "action": "getlast", "filter": "queue"},
    {"id": "1", "action": "getlast"},  # no responses yet
    {"id": "1", "action": "list", "format": "json"},
])
def test_misses_print_nothing(pbx: Pbx, params: dict[str, str]) -> None:
    client, world = pbx
    assert refused_without_change(world, client, "RESPONSEPATH", **params) == b""


def test_other_tenants_cannot_read_it(pbx: Pbx) -> None:
    client, world = pbx
    world.telephony.receive_call("4535150001", "1132555678")
    world.advance_clock(600)
    assert ask(client, "RESPONSEPATH", ADMIN, id="1", action="getlast", tenant="344") == b""
    assert ask(client, "RESPONSEPATH", ADMIN, id="1", action="getlast", tenant=None) != b""
