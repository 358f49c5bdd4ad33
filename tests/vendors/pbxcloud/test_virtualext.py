"""VIRTUALEXT: DEMO's virtual extension 701 (members 102 and 104), its membership and its calls."""

from __future__ import annotations

import pytest
from mirta_client import AUTH_FAILURE, RO, ask, refused_without_change

from mockpbx.core.entities import Destination
from tests.worlds import Pbx


def test_list_in_every_format(pbx: Pbx) -> None:
    client, _ = pbx
    assert ask(client, "VIRTUALEXT", RO, number="701") == b"102-DEMO|104-DEMO|"
    assert ask(client, "VIRTUALEXT", RO, number="701", action="list", format="json") == b'["102-DEMO","104-DEMO"]'


def test_add_del_clean_change_the_members(pbx: Pbx) -> None:
    client, world = pbx
    demo = world.tenancy.tenant_by_code("DEMO")
    assert ask(client, "VIRTUALEXT", number="701", action="add", extension="402-DEMO") == (
        b"Success|Extension added|")
    assert ask(client, "VIRTUALEXT", number="701") == b"102-DEMO|104-DEMO|402-DEMO|"
    assert ask(client, "VIRTUALEXT", number="701", action="del", extension="102") == b"Success|Extension removed|"
    members = world.dialplan.virtual_extension(demo.id, "701").extension_ids
    assert [world.directory.get_extension(m).number for m in members] == ["104", "402"]
    assert ask(client, "VIRTUALEXT", number="701", action="clean") == b"Success|Extensions removed|"
    assert ask(client, "VIRTUALEXT", number="701") == b""
    assert world.dialplan.list_virtual_extensions(demo.id) == []
    # A new number comes into being with its first member.
    assert ask(client, "VIRTUALEXT", number="7777", action="ADD", extension="104") == b"Success|Extension added|"
    assert ask(client, "VIRTUALEXT", number="7777", format="json") == b'["104-DEMO"]'


def test_calls_to_the_number_reach_a_member_with_a_free_line(pbx: Pbx) -> None:
    client, world = pbx
    demo = world.tenancy.tenant_by_code("DEMO")
    ext = {n: world.directory.extension_by_number(demo.id, n).id for n in ("102", "104", "402")}
    first = world.telephony.originate_call(demo.id, "402", "701")
    assert first.dst_extension_id == ext["102"]
    world.directory.update_extension(ext["102"], incoming_limit=1)
    second = world.telephony.originate_call(demo.id, "402", "701")
    assert second.dst_extension_id == ext["104"]
    world.advance_clock(1)
    assert ask(client, "INFO", info="extstate", ext="104") == b"104:RINGING:402|"
    # A DID pointed at the virtual number reaches it the same way.
    did = world.numbering.did_by_number("4535150000")
    world.numbering.update_did(did.id, destination=Destination("extension", "701"))
    world.advance_clock(600)
    inbound = world.telephony.receive_call("4535150000", "4520304050")
    assert inbound.dst_extension_id == ext["102"]


@pytest.mark.parametrize("params", [
    {"number": "701", "action": "add", "extension": "102"},  # already a member
    {"number": "701", "action": "add", "extension": "999"},
    {"number": "701", "action": "add"},
    {"number": "102", "action": "add", "extension": "104"},  # a real extension's number
    {"number": "7a1", "action": "add", "extension": "104"},
    {"number": "701", "action": "del", "extension": "402"},
    {"number": "999", "action": "del", "extension": "102"},
    {"number": "999", "action": "clean"},
    {"number": "999"},
    {"action": "list"},
    {"number": "701", "action": "shuffle"},
])
def test_misses_print_nothing_and_change_nothing(pbx: Pbx, params: dict[str, str]) -> None:
    client, world = pbx
    assert refused_without_change(world, client, "VIRTUALEXT", **params) == b""


def test_writes_need_a_read_write_key(pbx: Pbx) -> None:
    client, world = pbx
    assert refused_without_change(world, client, "VIRTUALEXT", RO, number="701", action="clean") == AUTH_FAILURE
    assert refused_without_change(world, client, "VIRTUALEXT", RO, number="701", action="add",
                                  extension="402") == AUTH_FAILURE
