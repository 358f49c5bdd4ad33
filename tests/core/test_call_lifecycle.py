"""The call engine on a manual clock: exact states at exact instants, and the CDR each call leaves."""

from __future__ import annotations

import pytest

from mockpbx.core import MAGIC_NUMBERS, World, errors
from mockpbx.core.entities import CallState, Cdr, Direction, Disposition, Tenant, TenantStatus

T0 = 1767603600  # the default scenario's epoch: 2026-01-05 09:00 UTC


def state_at(world: World, call_id: int) -> CallState:
    live = {c.id: c for c in world.telephony.live_calls()}
    return live[call_id].state if call_id in live else CallState.ENDED


def cdrs_for(world: World, uniqueid: str) -> list[Cdr]:
    return [c for c in world.telephony.query_cdrs() if c.uniqueid == uniqueid]


def test_answered_call_walks_queued_ringing_answered_ended(world: World, demo_tenant: Tenant) -> None:
    assert world.clock.now() == T0
    call = world.telephony.originate_call(demo_tenant.id, "102", "4520304050")
    # Ring and talk times come from the seed and the call's sequence number: pinned here.
    assert (call.id, call.uniqueid, call.ring_seconds, call.talk_seconds) == (3, f"{T0}.3", 4, 129)
    assert len(call.originate_id) == 14 and int(call.originate_id, 16) >= 0
    assert state_at(world, call.id) is CallState.QUEUED
    world.advance_clock(0.999)
    assert state_at(world, call.id) is CallState.QUEUED
    world.advance_clock(0.001)  # t0 + 1
    assert state_at(world, call.id) is CallState.RINGING
    world.advance_clock(3)  # t0 + 4: one second short of the answer
    assert state_at(world, call.id) is CallState.RINGING
    world.advance_clock(1)  # t0 + 1 + ring
    assert state_at(world, call.id) is CallState.ANSWERED
    assert world.telephony.get_call(call.id).answered_at == T0 + 5
    world.advance_clock(128)
    assert state_at(world, call.id) is CallState.ANSWERED
    with pytest.raises(errors.NotFound):
        world.telephony.find_cdr(call.uniqueid)
    world.advance_clock(1)  # t0 + 1 + ring + talk
    assert state_at(world, call.id) is CallState.ENDED
    [cdr] = cdrs_for(world, call.uniqueid)
    assert (cdr.start, cdr.answer, cdr.end, cdr.duration, cdr.billsec) == (T0, T0 + 5, T0 + 134, 134, 129)
    assert (cdr.disposition, cdr.direction, cdr.src, cdr.dst) == (
        Disposition.ANSWERED, Direction.OUTBOUND, "102", "4520304050")
    assert (cdr.uniqueid, cdr.originate_id) == (f"{T0}.3", call.originate_id)
    assert world.telephony.find_cdr(call.originate_id) == cdr
    assert (cdr.recording_id, cdr.voicemail_id) == (None, None)  # 102 does not record


# (suffix, disposition, ringing from, ends at (seconds after t0), answer offset or None, billsec)
MAGIC_TIMELINES = {
    "5550001": (Disposition.BUSY, 1, 3, None, 0),
    "5550002": (Disposition.NO_ANSWER, 1, 31, None, 0),
    "5550003": (Disposition.FAILED, None, 1, None, 0),
    "5550004": (Disposition.ANSWERED, 1, 1 + 4 + 3600, 1 + 4, 3600),  # the first call rings 4 s (seeded)
    "5550005": (Disposition.ANSWERED, 1, 1 + 4 + 60, 1 + 4, 60),
}


def test_every_magic_number_has_a_pinned_timeline() -> None:
    assert sorted(m.suffix for m in MAGIC_NUMBERS) == sorted(MAGIC_TIMELINES)


@pytest.mark.parametrize("suffix", sorted(MAGIC_TIMELINES))
def test_magic_number_timeline(world: World, demo_tenant: Tenant, suffix: str) -> None:
    disposition, ringing_from, ends_at, answer_at, billsec = MAGIC_TIMELINES[suffix]
    call = world.telephony.originate_call(demo_tenant.id, "102", "0045" + suffix)
    assert call.outcome is disposition
    timeline: dict[int, CallState] = {}
    for second in range(ends_at + 2):
        if second:
            world.advance_clock(1)
        timeline[second] = state_at(world, call.id)
    expected: dict[int, CallState] = {}
    for second in range(ends_at + 2):
        if second >= ends_at:
            expected[second] = CallState.ENDED
        elif answer_at is not None and second >= answer_at:
            expected[second] = CallState.ANSWERED
        elif ringing_from is not None and second >= ringing_from:
            expected[second] = CallState.RINGING
        else:
            expected[second] = CallState.QUEUED
    assert timeline == expected
    [cdr] = cdrs_for(world, call.uniqueid)
    answer = None if answer_at is None else T0 + answer_at
    assert (cdr.disposition, cdr.start, cdr.answer, cdr.end) == (disposition, T0, answer, T0 + ends_at)
    assert (cdr.duration, cdr.billsec) == (ends_at, billsec)
    assert cdr.uniqueid == f"{T0}.{call.id}"


def test_magic_suffix_matches_through_punctuation_and_prefixes(world: World, demo_tenant: Tenant) -> None:
    assert world.telephony.originate_call(demo_tenant.id, "102", "+4455550003").outcome is Disposition.FAILED
    assert world.telephony.originate_call(demo_tenant.id, "104", "5550001").outcome is Disposition.BUSY


def test_inbound_magic_caller_sets_the_outcome(world: World) -> None:
    call = world.telephony.receive_call("4535150000", "5550002")
    assert (call.direction, call.outcome, call.dst) == (Direction.INBOUND, Disposition.NO_ANSWER, "102")
    world.advance_clock(31)
    [cdr] = cdrs_for(world, call.uniqueid)
    assert (cdr.disposition, cdr.end - cdr.start) == (Disposition.NO_ANSWER, 31)


def test_internal_call_is_internal_and_ringing_the_callee(world: World, demo_tenant: Tenant) -> None:
    call = world.telephony.originate_call(demo_tenant.id, "102", "402")
    assert call.direction is Direction.INTERNAL
    assert call.dst_extension_id == world.directory.extension_by_number(demo_tenant.id, "402").id
    assert call.trunk_id is None


def test_each_ended_call_leaves_exactly_one_cdr_and_leaves_the_live_list(world: World, demo_tenant: Tenant) -> None:
    before = len(world.telephony.query_cdrs())
    calls = [world.telephony.originate_call(demo_tenant.id, src, dst)
             for src, dst in (("102", "5550005"), ("104", "5550001"), ("402", "5550003"), ("102", "104"))]
    assert len(world.telephony.live_calls(demo_tenant.id)) == 4
    world.advance_clock(10_000)
    assert world.telephony.live_calls() == []
    cdrs = world.telephony.query_cdrs()
    assert len(cdrs) == before + 4
    uniqueids = [c.uniqueid for c in cdrs]
    assert len(set(uniqueids)) == len(uniqueids)
    assert {c.uniqueid for c in calls} <= set(uniqueids)


def test_cdrs_page_newest_first(world: World, demo_tenant: Tenant) -> None:
    first = world.telephony.originate_call(demo_tenant.id, "102", "5550003")  # ends t0+1
    world.advance_clock(5)
    second = world.telephony.originate_call(demo_tenant.id, "102", "5550003")  # ends t0+6
    world.advance_clock(5)
    page = world.telephony.query_cdrs(demo_tenant.id, limit=2)
    assert [c.uniqueid for c in page] == [second.uniqueid, first.uniqueid]
    assert [c.uniqueid for c in world.telephony.query_cdrs(demo_tenant.id, start=T0 + 5, limit=5)] == [second.uniqueid]
    assert world.telephony.query_cdrs(demo_tenant.id, limit=1, offset=1) == [page[1]]


# -- refusals --------------------------------------------------------------------------------------


def test_suspended_tenant_can_neither_place_nor_receive(world: World, demo_tenant: Tenant) -> None:
    world.tenancy.set_tenant_status(demo_tenant.id, TenantStatus.SUSPENDED)
    before = world.snapshot()
    with pytest.raises(errors.TenantSuspended):
        world.telephony.originate_call(demo_tenant.id, "102", "4520304050")
    with pytest.raises(errors.TenantSuspended):
        world.telephony.receive_call("4535150000", "4520304050")
    assert world.snapshot() == before
    world.tenancy.set_tenant_status(demo_tenant.id, TenantStatus.ACTIVE)
    assert world.telephony.originate_call(demo_tenant.id, "102", "4520304050").state is CallState.QUEUED


def test_live_calls_are_counted_per_tenant(world: World, demo_tenant: Tenant) -> None:
    other = world.tenancy.tenant_by_code("344")
    world.telephony.originate_call(demo_tenant.id, "102", "5550005")
    world.telephony.originate_call(demo_tenant.id, "104", "5550005")
    world.telephony.originate_call(other.id, "530", "5550005")
    counts = (len(world.telephony.live_calls()), len(world.telephony.live_calls(demo_tenant.id)),
              len(world.telephony.live_calls(other.id)))
    assert counts == (3, 2, 1)
    world.advance_clock(1 + 8 + 60)  # longest ring is 8 s
    assert world.telephony.live_calls() == []


def test_outgoing_call_limit(world: World, demo_tenant: Tenant) -> None:
    world.telephony.originate_call(demo_tenant.id, "102", "5550004")
    world.telephony.originate_call(demo_tenant.id, "102", "5550004")
    before = world.snapshot()
    with pytest.raises(errors.CallLimitReached):
        world.telephony.originate_call(demo_tenant.id, "102", "5550004")
    assert world.snapshot() == before
    world.advance_clock(1 + 8 + 3600)
    world.telephony.originate_call(demo_tenant.id, "102", "5550004")  # the limit frees up when calls end


def test_busy_callee_at_its_incoming_limit_gets_busy(world: World, demo_tenant: Tenant) -> None:
    world.telephony.originate_call(demo_tenant.id, "102", "402")
    world.telephony.originate_call(demo_tenant.id, "104", "402")
    third = world.telephony.originate_call(demo_tenant.id, "102", "402")
    assert third.outcome is Disposition.BUSY


@pytest.mark.parametrize(
    ("source", "destination", "error"),
    [
        ("999", "4520304050", errors.ExtensionNotFound),
        ("102", "", errors.InvalidArgument),
        ("102", "45abc", errors.InvalidArgument),
        ("102", "４５２", errors.InvalidArgument),  # full-width digits are not ASCII digits
    ],
)
def test_bad_originations_change_nothing(world: World, demo_tenant: Tenant, source: str, destination: str,
                                         error: type[errors.DomainError]) -> None:
    before = world.snapshot()
    with pytest.raises(error):
        world.telephony.originate_call(demo_tenant.id, source, destination)
    assert world.snapshot() == before


def test_unknown_tenant_and_unassigned_or_unknown_did(world: World) -> None:
    with pytest.raises(errors.TenantNotFound):
        world.telephony.originate_call(999, "102", "4520304050")
    with pytest.raises(errors.DidNotFound):
        world.telephony.receive_call("000000", "4520304050")
    world.numbering.create_did("777777", tenant_id=None)
    with pytest.raises(errors.InvalidState):
        world.telephony.receive_call("777777", "4520304050")


# -- hangup ----------------------------------------------------------------------------------------


def test_hangup_while_answered_bills_the_talk_so_far(world: World, demo_tenant: Tenant) -> None:
    call = world.telephony.originate_call(demo_tenant.id, "102", "5550004")
    world.advance_clock(1 + 4 + 42)
    cdr = world.telephony.hangup_call(call.id)
    assert (cdr.disposition, cdr.start, cdr.answer, cdr.end, cdr.billsec) == (
        Disposition.ANSWERED, T0, T0 + 5, T0 + 47, 42)
    assert world.telephony.live_calls() == []
    assert cdrs_for(world, call.uniqueid) == [cdr]
    world.advance_clock(4000)  # the call's own end event must not write a second CDR
    assert cdrs_for(world, call.uniqueid) == [cdr]
    with pytest.raises(errors.CallNotFound):
        world.telephony.hangup_call(call.id)


@pytest.mark.parametrize(("after", "disposition"), [(0, Disposition.FAILED), (2, Disposition.NO_ANSWER)])
def test_hangup_before_answer(world: World, demo_tenant: Tenant, after: int, disposition: Disposition) -> None:
    call = world.telephony.originate_call(demo_tenant.id, "102", "5550005")
    world.advance_clock(after)
    cdr = world.telephony.hangup_call(call.id)
    assert (cdr.disposition, cdr.answer, cdr.end, cdr.billsec) == (disposition, None, T0 + after, 0)
    world.advance_clock(100)
    assert cdrs_for(world, call.uniqueid) == [cdr]


# -- money -----------------------------------------------------------------------------------------


def test_answered_outbound_call_is_charged_per_started_minute_even_past_zero(world: World,
                                                                              demo_tenant: Tenant) -> None:
    from mockpbx.core.entities import OwnerKind

    wallet = world.billing.wallet_of(OwnerKind.TENANT, demo_tenant.id)
    call = world.telephony.originate_call(demo_tenant.id, "102", "5550005")  # 60 s at package 1's 0.50/min
    world.advance_clock(1 + call.ring_seconds + 60)
    [cdr] = cdrs_for(world, call.uniqueid)
    assert str(cdr.cost) == "0.50"
    assert str(world.billing.get_wallet(wallet.id).balance) == "-0.50"
    [entry] = world.billing.ledger(wallet.id)
    assert (entry.kind, str(entry.amount), entry.reference) == ("call", "-0.50", call.uniqueid)


def test_unanswered_and_internal_calls_cost_nothing(world: World, demo_tenant: Tenant) -> None:
    for dst in ("5550001", "104"):
        world.telephony.originate_call(demo_tenant.id, "102", dst)
    world.advance_clock(1000)
    assert [str(c.cost) for c in world.telephony.query_cdrs(demo_tenant.id, start=T0)] == ["0.00", "0.00"]
