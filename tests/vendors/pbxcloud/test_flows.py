"""FLOWS, SETFLOW, INFO flow and BLFS on DEMO's flow 901 ("Night service"), and calls routed by it."""

from __future__ import annotations

import pytest
from mirta_client import ADMIN, AUTH_FAILURE, RO, ask, refused_without_change

from mockpbx.core.entities import FlowState
from tests.worlds import Pbx

ROW = b'{"fl_id":"1","fl_te_id":"5","fl_number":"901","fl_name":"Night service","fl_state":"%s","fl_value":"%s"}'


def test_flows_in_every_format(pbx: Pbx) -> None:
    client, _ = pbx
    assert ask(client, "FLOWS", RO) == b"Id|Number|Name|State|Value\n1|901|Night service|NOT_INUSE|\n"
    assert ask(client, "FLOWS", RO, format="json") == b"[" + ROW % (b"NOT_INUSE", b"") + b"]"
    assert ask(client, "FLOWS", RO, format="csv") == b'Id,Number,Name,State,Value\n1,901,"Night service",NOT_INUSE,\n'
    assert ask(client, "FLOWS", RO, format="xml") == b""
    assert ask(client, "FLOWS", ADMIN, tenant="344") == b""
    assert ask(client, "FLOWS", ADMIN, tenant="344", format="json") == b"[]"


def test_info_flow_by_number_or_id(pbx: Pbx) -> None:
    client, _ = pbx
    assert ask(client, "INFO", RO, info="flow", id="901", format="json") == ROW % (b"NOT_INUSE", b"")
    assert ask(client, "INFO", RO, info="FLOW", id="1") == (
        b"Id|Number|Name|State|Value\n1|901|Night service|NOT_INUSE|\n")
    assert ask(client, "INFO", RO, info="flow", id="902") == b""
    assert ask(client, "INFO", RO, info="flow") == b""


def test_setflow_changes_state_value_hints_and_routing(pbx: Pbx) -> None:
    client, world = pbx
    demo = world.tenancy.tenant_by_code("DEMO")
    did = world.numbering.did_by_number("4535150001")
    set_tags = ask(client, "MANAGEDB", ADMIN, object="DESTINATION", action="replace", typesrc="DID",
                   typeidsrc=str(did.id), jsondata='["FLOW-1"]')
    assert set_tags == b'["FLOW-1"]'
    day = world.telephony.receive_call("4535150001", "4520304050")
    assert day.queue_id is not None  # NOT_INUSE: the flow's inactive side, queue 281
    assert ask(client, "SETFLOW", number="901", state="inuse", value="night") == b"Success|Flow set|"
    assert world.dialplan.flow_by_number(demo.id, "901").state is FlowState.INUSE
    assert ask(client, "FLOWS", format="json") == b"[" + ROW % (b"INUSE", b"night") + b"]"
    assert ask(client, "BLFS", RO) == (
        b"102-DEMO:NOT_INUSE|104-DEMO:NOT_INUSE|402-DEMO:UNAVAILABLE|FLOW-901-DEMO:INUSE|")
    night = world.telephony.receive_call("4535150001", "4520304051")
    assert night.queue_id is None and night.dst == "102"  # INUSE: the active side, extension 102
    # Only the value changes; the state stays.
    assert ask(client, "SETFLOW", number="1", value="") == b"Success|Flow set|"
    assert world.dialplan.flow_by_number(demo.id, "901").state is FlowState.INUSE
    assert world.dialplan.flow_by_number(demo.id, "901").value == ""


def test_blfs_follow_calls_and_formats(pbx: Pbx) -> None:
    client, world = pbx
    demo = world.tenancy.tenant_by_code("DEMO")
    world.telephony.originate_call(demo.id, "104", "102")
    world.advance_clock(1)
    assert ask(client, "BLFS", format="json") == (
        b'{"102-DEMO":"RINGING","104-DEMO":"INUSE","402-DEMO":"UNAVAILABLE","FLOW-901-DEMO":"NOT_INUSE"}')
    world.tenancy.create_tenant("EMPTY", "No phones yet")
    assert ask(client, "BLFS", ADMIN, tenant="EMPTY") == b""
    assert ask(client, "BLFS", ADMIN, tenant="EMPTY", format="json") == b"[]"


@pytest.mark.parametrize("params", [
    {"number": "901"},  # neither state nor value
    {"number": "901", "state": "ON"},
    {"number": "999", "state": "INUSE"},
    {"state": "INUSE"},
])
def test_setflow_misses_print_nothing_and_change_nothing(pbx: Pbx, params: dict[str, str]) -> None:
    client, world = pbx
    assert refused_without_change(world, client, "SETFLOW", **params) == b""


def test_setflow_needs_a_read_write_key(pbx: Pbx) -> None:
    client, world = pbx
    assert refused_without_change(world, client, "SETFLOW", RO, number="901", state="INUSE") == AUTH_FAILURE
