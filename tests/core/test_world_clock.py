"""The virtual clock, and scheduled events firing as the clock passes them."""

from __future__ import annotations

import pytest

from mockpbx.core import World
from mockpbx.core.clock import Clock, ClockMode, ClockState
from mockpbx.core.entities import CallState, ReviewStatus, Tenant

T0 = 1767603600


class FakeWall:
    def __init__(self, now: float = 5_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_realtime_clock_follows_the_wall_scaled() -> None:
    wall = FakeWall()
    clock = Clock(start=1_000.0, mode=ClockMode.REALTIME, scale=10.0, wall=wall)
    assert clock.now() == 1_000.0
    wall.now += 2.5
    assert clock.now() == 1_025.0


def test_realtime_clock_without_start_is_the_wall() -> None:
    wall = FakeWall(123.0)
    clock = Clock(wall=wall)
    wall.now += 1
    assert clock.now() == 124.0


def test_manual_clock_stands_still_until_advanced() -> None:
    wall = FakeWall()
    clock = Clock(start=1_000.0, mode=ClockMode.MANUAL, wall=wall)
    wall.now += 3_600
    assert clock.now() == 1_000.0
    assert clock.advance(1.5) == 1_001.5
    assert clock.now() == 1_001.5


def test_switching_modes_and_scale_keeps_time_continuous() -> None:
    wall = FakeWall()
    clock = Clock(start=1_000.0, mode=ClockMode.MANUAL, wall=wall)
    clock.configure(mode=ClockMode.REALTIME, scale=2.0)
    assert clock.now() == 1_000.0
    wall.now += 10
    assert clock.now() == 1_020.0
    clock.configure(scale=0.5)
    wall.now += 10
    assert clock.now() == 1_025.0
    clock.configure(mode=ClockMode.MANUAL)
    wall.now += 10
    assert clock.now() == 1_025.0
    assert clock.state() == ClockState(1_025.0, ClockMode.MANUAL, 0.5)


def test_realtime_advance_jumps_ahead_and_keeps_running() -> None:
    wall = FakeWall()
    clock = Clock(start=0.0, wall=wall)
    clock.advance(100)
    wall.now += 1
    assert clock.now() == 101.0


@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_clock_rejects_non_positive_scale(bad: float) -> None:
    with pytest.raises(ValueError):
        Clock(scale=bad)
    with pytest.raises(ValueError):
        Clock().configure(scale=bad)


def test_clock_never_goes_backwards(world: World) -> None:
    with pytest.raises(ValueError):
        world.clock.advance(-1)
    with pytest.raises(ValueError):
        world.advance_clock(-0.1)
    assert world.clock.now() == T0


def test_restore_resumes_at_the_same_instant() -> None:
    wall = FakeWall()
    clock = Clock(start=0.0, wall=wall)
    clock.restore(ClockState(500.0, ClockMode.REALTIME, 3.0))
    wall.now += 1
    assert clock.now() == 503.0


# -- events on the world clock ---------------------------------------------------------------------


def test_events_fire_in_due_order_at_their_own_instants(world: World, demo_tenant: Tenant) -> None:
    failed = world.telephony.originate_call(demo_tenant.id, "102", "5550003")  # ends t0+1
    no_answer = world.telephony.originate_call(demo_tenant.id, "104", "5550002")  # ends t0+31
    busy = world.telephony.originate_call(demo_tenant.id, "402", "5550001")  # ends t0+3
    assert world.advance_clock(1_000) == T0 + 1_000  # one jump passes all of them
    page = world.telephony.query_cdrs(demo_tenant.id, start=T0, newest_first=False)
    assert [(c.uniqueid, c.end) for c in page] == [
        (failed.uniqueid, T0 + 1), (busy.uniqueid, T0 + 3), (no_answer.uniqueid, T0 + 31)]


def test_an_event_due_exactly_at_the_target_fires(world: World, demo_tenant: Tenant) -> None:
    call = world.telephony.originate_call(demo_tenant.id, "102", "5550003")
    world.advance_clock(1)
    assert world.telephony.live_calls() == []
    assert world.telephony.find_cdr(call.uniqueid).end == T0 + 1


def test_events_scheduled_by_events_fire_within_the_same_advance(world: World, demo_tenant: Tenant) -> None:
    # ring -> answer -> end are each scheduled by the previous event.
    call = world.telephony.originate_call(demo_tenant.id, "102", "5550005")
    world.advance_clock(3_600)
    cdr = world.telephony.find_cdr(call.uniqueid)
    assert (cdr.answer, cdr.end) == (T0 + 1 + call.ring_seconds, T0 + 1 + call.ring_seconds + 60)


def test_did_request_auto_approves_when_its_delay_passes(world: World, demo_tenant: Tenant) -> None:
    world.configure(did_request_auto_approve_seconds=120)
    request = world.numbering.request_did(demo_tenant.id, preferred_digits="4535", provider_id=1, channels=2)
    world.advance_clock(119)
    assert world.numbering.get_did_request(request.id).status is ReviewStatus.PENDING
    world.advance_clock(1)
    decided = world.numbering.get_did_request(request.id)
    assert (decided.status, decided.decided_at) == (ReviewStatus.APPROVED, T0 + 120)
    assert decided.did_id is not None and world.numbering.get_did(decided.did_id).number.startswith("4535")


def test_realtime_world_fires_due_events_on_tick() -> None:
    from mockpbx.core.scenarios import load_scenario

    wall = FakeWall()
    scenario = load_scenario("default")
    world = World("rt", scenario, seed=1, clock=Clock(start=scenario.epoch, scale=60.0, wall=wall))
    tenant = world.tenancy.tenant_by_code("DEMO")
    call = world.telephony.originate_call(tenant.id, "102", "5550003")
    wall.now += 1 / 60  # one virtual second
    world.tick()
    assert world.telephony.live_calls() == []
    assert world.telephony.find_cdr(call.uniqueid).end == T0 + 1


def test_any_verb_catches_up_first(world: World, demo_tenant: Tenant) -> None:
    call = world.telephony.originate_call(demo_tenant.id, "102", "5550005")
    world.clock.advance(1)  # bypass the world: nothing fires yet ...
    assert world.telephony.get_call(call.id).state is CallState.RINGING  # ... until the next verb runs
