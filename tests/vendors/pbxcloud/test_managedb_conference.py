"""MANAGEDB CONFERENCE: rooms are the core's conference features, and a call to one lands in it."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from mirta_client import PATH
from mirta_client import managedb as mdb

from mockpbx.core import World
from mockpbx.core.entities import Direction, Disposition, FeatureKind

ROOM = b'{"cr_id":"7","cr_te_id":"5","cr_number":"900","cr_name":"Meeting room","pin":"1234"}'


def test_conference_list_get_add_update_delete(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert mdb(client, "CONFERENCE", "list", tenant="DEMO") == b'{"7":' + ROOM + b"}"
    assert mdb(client, "conferences", "list", tenant="344") == b"[]"
    assert mdb(client, "CONFERENCE", "get", objectid="7") == ROOM
    assert mdb(client, "CONFERENCE", "add", {"cr_number": "901", "cr_name": "Board", "pin": "4321"},
               tenant="DEMO") == b'{"cr_id":"8","cr_te_id":"5","cr_number":"901","cr_name":"Board","pin":"4321"}'
    assert mdb(client, "CONFERENCE", "update", {"pin": "", "cr_name": "Boardroom"}, objectid="8") == (
        b"update cr_conferencerooms set pin='',cr_name='Boardroom' where cr_te_id='5' and cr_id='8'")
    room = world.directory.get_feature(8, FeatureKind.CONFERENCE)
    assert (room.number, room.name, room.attributes) == ("901", "Boardroom", {"pin": ""})
    assert mdb(client, "CONFERENCE", "delete", objectid="8", tenant="DEMO") == (
        b"delete from cr_conferencerooms where cr_te_id='5' and cr_id='8'")
    assert [f.id for f in world.directory.list_features(FeatureKind.CONFERENCE)] == [7]


@pytest.mark.parametrize(("action", "jsondata", "params"), [
    ("add", {"cr_number": "102", "cr_name": "Clash with an extension"}, {"tenant": "DEMO"}),
    ("add", {"cr_number": "281", "cr_name": "Clash with a queue"}, {"tenant": "DEMO"}),
    ("add", {"cr_number": "500", "cr_name": "Clash with the IVR"}, {"tenant": "DEMO"}),
    ("add", {"cr_number": "9x", "cr_name": "Not digits"}, {"tenant": "DEMO"}),
    ("add", {"cr_number": "901", "cr_name": "Bad pin", "pin": "12ab"}, {"tenant": "DEMO"}),
    ("add", {"cr_number": "901"}, {"tenant": "DEMO"}),
    ("add", {"cr_number": "901", "cr_name": "No tenant"}, {}),
    ("add", [], {"tenant": "DEMO"}),
    ("update", {"cr_number": "600"}, {"objectid": "7"}),
    ("update", {"cr_name": "x"}, {"objectid": "7", "tenant": "344"}),
    ("update", {"cr_name": "x"}, {"objectid": "1"}),  # an IVR, not a room
    ("update", {"cr_id": 8, "cr_name": "x"}, {"objectid": "7"}),
    ("delete", None, {"objectid": "7", "tenant": "344"}),
    ("delete", None, {"objectid": "99"}),
    ("get", None, {"objectid": "2"}),
])
def test_conference_refusals_print_nothing_and_change_nothing(pbx: tuple[FlaskClient, World], action: str,
                                                               jsondata: object, params: dict[str, str]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert mdb(client, "CONFERENCE", action, jsondata, **params) == b""
    assert world.snapshot() == before


def test_a_call_to_the_room_number_lands_in_the_room(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    body = client.get(PATH, query_string={"key": "demo-DEMO-rw", "tenant": "DEMO", "reqtype": "DIAL",
                                          "source": "102", "dest": "900"}).data
    assert body.startswith(b"Success|")
    call = next(c for c in world.telephony.live_calls() if c.originate_id == body.split(b"|")[2].decode())
    assert (call.direction, call.ring_seconds, call.provider_id, call.trunk_id) == (Direction.INTERNAL, 0, None, None)
    world.advance_clock(600)
    cdr = world.telephony.find_cdr(call.uniqueid)
    assert (cdr.dst, cdr.disposition, cdr.answer) == ("900", Disposition.ANSWERED, cdr.start + 1)


@pytest.mark.parametrize(("tag", "number"), [("MEETME-7", "900"), ("IVR-1", "500")])
def test_a_did_routed_to_a_room_or_ivr_by_tag_reaches_its_number(pbx: tuple[FlaskClient, World], tag: str,
                                                                  number: str) -> None:
    client, world = pbx
    replace = {"typesrc": "DID", "typeidsrc": "1", "tenant": "DEMO"}
    assert mdb(client, "DESTINATION", "replace", [tag], **replace) == f'["{tag}"]'.encode()
    did = world.numbering.get_did(1)
    kind = "conference" if tag.startswith("MEETME") else "ivr"
    assert (did.destination.kind, did.destination.target) == (kind, number)  # type: ignore[union-attr]
    call = world.telephony.receive_call(did.number, "4599887766")
    world.advance_clock(600)
    assert world.telephony.find_cdr(call.uniqueid).dst == number
    # Another tenant's room or IVR is not a destination: the tag is skipped.
    other = world.tenancy.create_tenant("OTHER", "Other Ltd")
    foreign = world.directory.create_feature(other.id, FeatureKind.CONFERENCE, "950", "Theirs")
    assert mdb(client, "DESTINATION", "replace", [f"MEETME-{foreign.id}"], **replace) == (
        f'["MEETME-{foreign.id}"]'.encode())
    assert world.numbering.get_did(1).destination is None
