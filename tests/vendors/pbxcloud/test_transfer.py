"""TRANSFER and ATXTRANSFER: a live call, named by its channel, sent on; the CDR shows it."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from mirta_client import AUTH_FAILURE, RO, ask, refused_without_change

from mockpbx.core.entities import CallState
from mockpbx.core.world import World
from tests.worlds import Pbx


def _dialled(pbx: Pbx, answered: bool) -> tuple[FlaskClient, World, int, str]:
    """104 calls an outside number; returns the call id and its channel as CHANNELS prints it."""
    client, world = pbx
    demo = world.tenancy.tenant_by_code("DEMO")
    call = world.telephony.originate_call(demo.id, "104", "4520304050", talk_seconds=100)
    world.advance_clock(10 if answered else 1)
    channel = json.loads(ask(client, "CHANNELS", format="json"))[0]["Channel"]
    assert channel == f"PJSIP/104-DEMO-{call.id:08x}"
    return client, world, call.id, channel


def test_blind_transfer_moves_the_call_and_the_cdr_shows_it(pbx: Pbx) -> None:
    client, world, call_id, channel = _dialled(pbx, answered=True)
    assert ask(client, "TRANSFER", channel=channel, dest="102-DEMO") == b"Success|Transfer successfully queued|"
    moved = world.telephony.get_call(call_id)
    assert (moved.dst, moved.first_dst, moved.state) == ("102", "4520304050", CallState.ANSWERED)
    # The new callee is busy on it, and the channel list says where the call now goes.
    assert ask(client, "INFO", info="extstate", ext="102") == b"102:INUSE:104|"
    assert json.loads(ask(client, "CHANNELS", format="json"))[0]["Extension"] == "102"
    world.advance_clock(200)
    cdr = world.telephony.find_cdr(moved.uniqueid)
    assert (cdr.first_dst, cdr.dst) == ("4520304050", "102")
    row = json.loads(ask(client, "INFO", info="cdrs", format="json", uniqueid=moved.uniqueid))[0]
    assert (row["firstdst"], row["lastdst"]) == ("4520304050", "102")
    simple = json.loads(ask(client, "INFO", info="simplecdrs", format="json", uniqueid=moved.uniqueid))[0]
    assert simple["sc_whoanswered"] == "102"


def test_transfer_of_a_ringing_call_and_to_an_outside_number(pbx: Pbx) -> None:
    client, world, call_id, channel = _dialled(pbx, answered=False)
    assert ask(client, "TRANSFER", channel=channel, dest="4520304099", extrachannel="ignored") == (
        b"Success|Transfer successfully queued|")
    assert world.telephony.get_call(call_id).dst == "4520304099"
    # A second transfer keeps the first destination as where the call was first sent.
    assert ask(client, "TRANSFER", channel=channel, dest="402") == b"Success|Transfer successfully queued|"
    assert (world.telephony.get_call(call_id).first_dst, world.telephony.get_call(call_id).dst) == ("4520304050", "402")


def test_attended_transfer_needs_an_answered_call(pbx: Pbx) -> None:
    client, world, call_id, channel = _dialled(pbx, answered=False)
    assert refused_without_change(world, client, "ATXTRANSFER", channel=channel, dest="102") == b""
    world.advance_clock(10)
    assert ask(client, "ATXTRANSFER", channel=channel, dest="102") == (
        b"Success|Attended transfer successfully queued|")
    assert world.telephony.get_call(call_id).dst == "102"


@pytest.mark.parametrize("reqtype", ["TRANSFER", "ATXTRANSFER"])
def test_refusals_change_nothing(pbx: Pbx, reqtype: str) -> None:
    client, world, _, channel = _dialled(pbx, answered=True)
    assert refused_without_change(world, client, reqtype, RO, channel=channel, dest="102") == AUTH_FAILURE
    assert refused_without_change(world, client, reqtype, channel=channel) == b""
    assert refused_without_change(world, client, reqtype, dest="102") == b""
    assert refused_without_change(world, client, reqtype, channel="PJSIP/999-DEMO-00000001", dest="102") == b""
    assert refused_without_change(world, client, reqtype, channel=channel, dest="not-a-number") == b""
    assert refused_without_change(world, client, reqtype, channel=channel, dest="4" * 21) == b""  # over 20 digits
    assert ask(client, reqtype, channel=channel, dest="102", format="json").startswith(b"Success|")
