"""Core verbs behind MiRTA's call-control reqtypes: transfers, phones, queue stats, flows, virtual
extensions, response paths and dialer campaigns — their rules, and that snapshots carry them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockpbx.core import World, errors
from mockpbx.core.directory import REBOOT_SECONDS
from mockpbx.core.entities import CallState, CampaignNumberStatus, CampaignStatus, Destination, FlowState

WorldFactory = Callable[..., World]


def drive(world: World) -> None:
    """Every new kind of state, with a campaign call and a reboot still in flight at the end."""
    demo = world.tenancy.tenant_by_code("DEMO")
    call = world.telephony.originate_call(demo.id, "104", "4520304050", talk_seconds=120)
    world.advance_clock(10)
    world.telephony.transfer_call(call.id, "102")
    world.dialplan.set_flow(world.dialplan.flow_by_number(demo.id, "901").id, state=FlowState.INUSE, value="night")
    world.dialplan.add_virtual_member(demo.id, "701", world.directory.extension_by_number(demo.id, "402").id)
    world.directory.reboot_extension(world.directory.extension_by_number(demo.id, "102").id)
    world.dialer.start_campaign(1)
    world.dialer.add_campaign_number(1, "5550001", "busy")
    world.advance_clock(6)


def test_snapshot_round_trip_keeps_the_new_state(make_world: WorldFactory) -> None:
    world = make_world("default")
    drive(world)
    data = world.snapshot()
    copy = make_world("default", world_id="copy")
    copy.restore(data)
    assert copy.snapshot() == data
    for each in (world, copy):
        each.advance_clock(1200)
    assert copy.snapshot() == world.snapshot()
    assert [n.status for n in copy.dialer.get_campaign(1).numbers] == [
        CampaignNumberStatus.ANSWERED, CampaignNumberStatus.ANSWERED, CampaignNumberStatus.BUSY]


def test_transfer_rules(make_world: WorldFactory) -> None:
    world = make_world("default")
    demo = world.tenancy.tenant_by_code("DEMO")
    call = world.telephony.originate_call(demo.id, "104", "4520304050")
    with pytest.raises(errors.InvalidState):
        world.telephony.transfer_call(call.id, "102")  # still queued: no channel yet
    world.advance_clock(1)
    with pytest.raises(errors.InvalidState):
        world.telephony.transfer_call(call.id, "102", attended=True)  # ringing: nobody to consult
    with pytest.raises(errors.InvalidArgument):
        world.telephony.transfer_call(call.id, "12x")
    with pytest.raises(errors.CallNotFound):
        world.telephony.transfer_call(999, "102")
    moved = world.telephony.transfer_call(call.id, "102")
    assert moved.state is CallState.RINGING
    assert moved.dst_extension_id == world.directory.extension_by_number(demo.id, "102").id


def test_reboot_registers_again_only_if_still_active(make_world: WorldFactory) -> None:
    world = make_world("default")
    demo = world.tenancy.tenant_by_code("DEMO")
    ext = world.directory.extension_by_number(demo.id, "104")
    world.directory.reboot_extension(ext.id)
    world.directory.delete_extension(ext.id)
    world.advance_clock(REBOOT_SECONDS)  # the event finds no phone and does nothing
    assert all(e.number != "104" for e in world.directory.list_extensions(demo.id))


def test_flow_and_virtual_extension_rules(make_world: WorldFactory) -> None:
    world = make_world("default")
    demo = world.tenancy.tenant_by_code("DEMO")
    with pytest.raises(errors.AlreadyExists):
        world.dialplan.create_flow(demo.id, "901", "Twin")
    with pytest.raises(errors.InvalidArgument):
        world.dialplan.create_flow(demo.id, "9x", "Bad")
    with pytest.raises(errors.ExtensionExists):
        world.dialplan.add_virtual_member(demo.id, "104", world.directory.extension_by_number(demo.id, "102").id)
    other = world.tenancy.tenant_by_code("344")
    with pytest.raises(errors.ExtensionNotFound):
        world.dialplan.add_virtual_member(demo.id, "701", world.directory.extension_by_number(other.id, "530").id)
    # A deleted member is skipped when the virtual number rings.
    world.directory.delete_extension(world.directory.extension_by_number(demo.id, "102").id)
    call = world.telephony.originate_call(demo.id, "402", "701")
    assert call.dst_extension_id == world.directory.extension_by_number(demo.id, "104").id
    # A flow whose side is unset leaves a DID call unrouted, like a DID without destination.
    flow = world.dialplan.create_flow(demo.id, "902", "Half", active=Destination("extension", "104"))
    did = world.numbering.did_by_number("4535150000")
    world.numbering.update_did(did.id, destination=Destination("flow", str(flow.id)))
    assert world.telephony.receive_call("4535150000", "4520304050").dst == "4535150000"


def test_campaign_with_a_source_that_cannot_call_marks_numbers_failed(make_world: WorldFactory) -> None:
    world = make_world("default")
    demo = world.tenancy.tenant_by_code("DEMO")
    campaign = world.dialer.create_campaign(demo.id, "Doomed", "402", numbers=(("4520304050", ""),))
    world.directory.update_extension(world.directory.extension_by_number(demo.id, "402").id, outgoing_limit=0)
    world.dialer.start_campaign(campaign.id)
    world.advance_clock(30)
    done = world.dialer.get_campaign(campaign.id)
    assert [n.status for n in done.numbers] == [CampaignNumberStatus.FAILED]
    assert done.status is CampaignStatus.RUNNING and not done.ticking
    with pytest.raises(errors.ExtensionNotFound):
        world.dialer.create_campaign(demo.id, "Nobody", "999")


def test_deleting_a_tenant_takes_its_call_control_objects(make_world: WorldFactory) -> None:
    world = make_world("default")
    demo = world.tenancy.tenant_by_code("DEMO")
    world.delete_tenant(demo.id)
    assert (world.dialplan.list_flows(), world.dialplan.list_virtual_extensions(), world.dialplan.list_response_paths(),
            world.dialer.list_campaigns()) == ([], [], [], [])
