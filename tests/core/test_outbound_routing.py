"""Routing profiles pick the provider of an outside call; a number no route matches cannot leave."""

from __future__ import annotations

import pytest

from mockpbx.core import World, errors
from mockpbx.core.entities import Disposition
from mockpbx.core.routing import OutboundChoice


def test_a_tenant_without_a_profile_leaves_by_its_first_trunk(world: World) -> None:
    call = world.telephony.originate_call(2, "102", "4520304050")
    assert (call.trunk_id, call.provider_id) == (1, 1)


def test_routes_are_tried_in_order_and_the_cdr_names_the_provider(world: World) -> None:
    second = world.numbering.create_provider("Cheap Mobile", attributes={"host": "sip.cheap.example"})
    profile = world.routing.create_routing_profile(2, "Default")
    world.routing.create_route(profile.id, "Everything", ".*", 1)
    mobile = world.routing.create_route(profile.id, "Mobiles", "^452", second.id, order=0)
    assert [r.id for r in world.routing.list_routes(profile.id)] == [mobile.id, mobile.id - 1]
    call = world.telephony.originate_call(2, "102", "4520304050")
    landline = world.telephony.originate_call(2, "104", "4535150999")
    assert (call.provider_id, call.trunk_id) == (second.id, None)  # DEMO has no trunk on that provider
    assert (landline.provider_id, landline.trunk_id) == (1, 1)
    world.advance_clock(600)
    assert world.telephony.find_cdr(call.uniqueid).provider_id == second.id


def test_an_unrouted_number_fails_at_once(world: World) -> None:
    profile = world.routing.create_routing_profile(2, "Denmark only")
    world.routing.create_route(profile.id, "Danish", "^45", 1)
    call = world.telephony.originate_call(2, "102", "0014155550100")
    assert call.outcome is Disposition.FAILED
    world.advance_clock(5)
    cdr = world.telephony.find_cdr(call.uniqueid)
    assert (cdr.disposition, cdr.answer, cdr.provider_id) == (Disposition.FAILED, None, None)
    internal = world.telephony.originate_call(2, "102", "104")  # routes only govern outside calls
    assert internal.outcome is Disposition.ANSWERED


def test_bad_routes_are_refused_and_change_nothing(world: World) -> None:
    profile = world.routing.create_routing_profile(2, "Default")
    before = world.snapshot()
    for pattern, provider in (("(", 1), (".*", 99), ("x" * 256, 1), (r"(4)\1", 1), ("(?=4)", 1), ("4{,3}", 1)):
        with pytest.raises(errors.DomainError):
            world.routing.create_route(profile.id, "Bad", pattern, provider)
    with pytest.raises(errors.NotFound):
        world.routing.create_route(999, "Orphan", ".*", 1)
    assert world.snapshot() == before
    assert world.routing.create_route(profile.id, "Fine", r"^(00|\+)[1-9]\d{6,}$", 1).pattern == r"^(00|\+)[1-9]\d{6,}$"
    world.routing.delete_route(world.routing.list_routes(profile.id)[0].id)
    assert world.routing.list_routes(profile.id) == []


def test_phones_are_known_by_a_normalised_unique_mac(world: World) -> None:
    phone = world.phones.create_phone(2, "Desk", "00-15-65-AB-CD-EF", 3)
    assert phone.mac == "001565abcdef"
    before = world.snapshot()
    with pytest.raises(errors.AlreadyExists):
        world.phones.create_phone(2, "Twin", "0015.65ab.cdef", 3)
    with pytest.raises(errors.InvalidArgument):
        world.phones.create_phone(2, "Short", "0015", 3)
    with pytest.raises(errors.InvalidArgument):
        world.phones.update_phone(phone.id, mac="zz15.65ab.cdef")
    assert world.snapshot() == before
    assert world.phones.update_phone(phone.id, mac="AABBCCDDEEFF").mac == "aabbccddeeff"


def test_nested_repetition_is_allowed_and_cannot_run_away(world: World) -> None:
    # The screen that refused these is gone: RE2 matches in time linear in the number.
    profile = world.routing.create_routing_profile(2, "Fours")
    for pattern in (r"(\d+)+x", "(0*)*1", "(1{2,})+", "^(4|44)+$"):
        world.routing.create_route(profile.id, pattern, pattern, 1)
    assert world.routing.route_outbound(2, "4" * 20) == OutboundChoice(True, 1, 1)  # only ^(4|44)+$ matches
    assert world.routing.route_outbound(2, "4" * 19 + "7") == OutboundChoice(False)
    assert world.routing.route_outbound(2, "0001") == OutboundChoice(True, 1, 1)  # (0*)*1


@pytest.mark.parametrize("number", ["4" * 21, "+" + "4" * 21, "++" + "4" * 20, "4" * 60, "+", "", "45 20", "４５"])
def test_a_dialled_number_is_one_to_twenty_digits(world: World, number: str) -> None:
    before = world.snapshot()
    with pytest.raises(errors.InvalidArgument):
        world.telephony.originate_call(2, "102", number)
    with pytest.raises(errors.InvalidArgument):
        world.routing.route_outbound(2, number)
    assert world.snapshot() == before
    assert world.telephony.originate_call(2, "102", "+" + "4" * 20).dst == "+" + "4" * 20
    assert world.telephony.originate_call(2, "104", "4" * 20).dst == "4" * 20
