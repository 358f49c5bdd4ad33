"""CAMPAIGN: DEMO's campaign 1 ("Callbacks", from 104) dialled on the world's clock."""

from __future__ import annotations

import json

import pytest
from mirta_client import AUTH_FAILURE, RO, ask, refused_without_change

from mockpbx.core.entities import CampaignStatus
from tests.worlds import Pbx

HEADER = b"Campaign|Status|Number|Description|NumberStatus|UniqueID\n"


def test_list_in_every_format(pbx: Pbx) -> None:
    client, _ = pbx
    assert ask(client, "CAMPAIGN", RO, campaign="1", action="list") == HEADER + (
        b"1|STOPPED|4520304050|Mark|PENDING|\n1|STOPPED|4520304051|Susan|PENDING|\n")
    assert json.loads(ask(client, "CAMPAIGN", RO, campaign="1", action="list", format="json"))[1] == {
        "Campaign": "1", "Status": "STOPPED", "Number": "4520304051", "Description": "Susan",
        "NumberStatus": "PENDING", "UniqueID": ""}
    assert ask(client, "CAMPAIGN", RO, campaign="1", action="list", format="csv") == (
        b"Campaign,Status,Number,Description,NumberStatus,UniqueID\n"
        b"1,STOPPED,4520304050,Mark,PENDING,\n1,STOPPED,4520304051,Susan,PENDING,\n")


def test_start_dials_the_numbers_one_by_one_and_records_outcomes(pbx: Pbx) -> None:
    client, world = pbx
    assert ask(client, "CAMPAIGN", campaign="1", action="addnumber", number="5550001",
               numberdescription="Busy line") == b"Success|Number added|"
    assert ask(client, "CAMPAIGN", campaign="1", action="start") == b"Success|Campaign started|"
    world.advance_clock(5)
    first = world.telephony.live_calls()
    assert [(c.src, c.dst) for c in first] == [("104", "4520304050")]
    assert ask(client, "CAMPAIGN", campaign="1", action="pause") == b"Success|Campaign paused|"
    world.advance_clock(600)  # the call in progress ends; nothing new is dialled while paused
    assert world.telephony.live_calls() == []
    assert ask(client, "CAMPAIGN", campaign="1", action="list") == HEADER + (
        f"1|PAUSED|4520304050|Mark|ANSWERED|{first[0].uniqueid}\n".encode()
        + b"1|PAUSED|4520304051|Susan|PENDING|\n1|PAUSED|5550001|Busy line|PENDING|\n")
    assert ask(client, "CAMPAIGN", campaign="1", action="resume") == b"Success|Campaign resumed|"
    world.advance_clock(900)
    campaign = world.dialer.get_campaign(1)
    assert [n.status.value for n in campaign.numbers] == ["answered", "answered", "busy"]
    assert campaign.status is CampaignStatus.RUNNING and not campaign.ticking
    busy = world.telephony.find_cdr(campaign.numbers[2].uniqueid)
    assert (busy.src, busy.dst, busy.disposition.value) == ("104", "5550001", "busy")


def test_stop_and_delnumber(pbx: Pbx) -> None:
    client, world = pbx
    assert ask(client, "CAMPAIGN", campaign="1", action="start") == b"Success|Campaign started|"
    assert ask(client, "CAMPAIGN", campaign="1", action="stop") == b"Success|Campaign stopped|"
    world.advance_clock(60)
    assert world.telephony.live_calls() == []
    assert ask(client, "CAMPAIGN", campaign="1", action="delnumber", number="4520304050") == (
        b"Success|Number removed|")
    assert [n.number for n in world.dialer.get_campaign(1).numbers] == ["4520304051"]


@pytest.mark.parametrize("params", [
    {"campaign": "1", "action": "pause"},  # not running
    {"campaign": "1", "action": "resume"},
    {"campaign": "1", "action": "stop"},
    {"campaign": "1", "action": "launch"},
    {"campaign": "1"},
    {"campaign": "9", "action": "start"},
    {"campaign": "x", "action": "start"},
    {"action": "start"},
    {"campaign": "1", "action": "addnumber"},
    {"campaign": "1", "action": "addnumber", "number": "12ab"},
    {"campaign": "1", "action": "delnumber", "number": "000"},
])
def test_misses_print_nothing_and_change_nothing(pbx: Pbx, params: dict[str, str]) -> None:
    client, world = pbx
    assert refused_without_change(world, client, "CAMPAIGN", **params) == b""


def test_writes_need_a_read_write_key_and_the_tenant(pbx: Pbx) -> None:
    client, world = pbx
    assert refused_without_change(world, client, "CAMPAIGN", RO, campaign="1", action="start") == AUTH_FAILURE
    assert refused_without_change(world, client, "CAMPAIGN", "demo-admin-key", campaign="1", action="start",
                                  tenant="344") == b""
