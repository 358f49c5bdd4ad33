"""CDR queries: the bisected time window must agree with a plain filter over every CDR."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from mockpbx.core import World
from mockpbx.core.entities import Cdr

WorldFactory = Callable[..., World]


@pytest.fixture(scope="module")
def history_world() -> World:
    from mockpbx.core.clock import Clock, ClockMode
    from mockpbx.core.scenarios import load_scenario

    scenario = load_scenario("demo", size=3)
    return World("q", scenario, seed=5, clock=Clock(start=scenario.epoch, mode=ClockMode.MANUAL))


def brute(world: World, tenant_id: int | None, start: int | None, end: int | None) -> list[Cdr]:
    every = world.telephony.query_cdrs()  # newest (last ended) first
    return [c for c in every if (tenant_id is None or c.tenant_id == tenant_id)
            and (start is None or c.start >= start) and (end is None or c.start < end)]


def test_history_is_stored_in_the_order_calls_ended(history_world: World) -> None:
    ends = [c.end for c in history_world.telephony.query_cdrs(newest_first=False)]
    assert ends == sorted(ends)


def test_windows_agree_with_a_plain_filter(history_world: World) -> None:
    rng = random.Random(11)
    every = history_world.telephony.query_cdrs()
    low, high = min(c.start for c in every), max(c.start for c in every)
    tenants = [None, *(t.id for t in history_world.tenancy.list_tenants())]
    for _ in range(200):
        start, end = sorted(rng.randint(low - 100, high + 100) for _ in range(2))
        tenant = rng.choice(tenants)
        assert history_world.telephony.query_cdrs(tenant, start=start, end=end) == brute(history_world, tenant, start,
                                                                                         end)
        assert history_world.telephony.query_cdrs(tenant, start=start) == brute(history_world, tenant, start, None)
        assert history_world.telephony.query_cdrs(tenant, end=end) == brute(history_world, tenant, None, end)


def test_pages_are_slices_of_the_full_answer(history_world: World) -> None:
    tenant = history_world.tenancy.list_tenants()[0].id
    full = history_world.telephony.query_cdrs(tenant)
    assert len(full) == 1_000
    assert history_world.telephony.query_cdrs(tenant, limit=16) == full[:16]
    assert history_world.telephony.query_cdrs(tenant, offset=990, limit=16) == full[990:]
    oldest = history_world.telephony.query_cdrs(tenant, newest_first=False, limit=5)
    assert oldest == list(reversed(full))[:5]


def test_where_filter(history_world: World) -> None:
    page = history_world.telephony.query_cdrs(where=lambda c: c.billsec > 500, limit=50)
    assert len(page) == 50 and all(c.billsec > 500 for c in page)


def test_windows_agree_with_a_plain_filter_when_live_calls_overlap_history(make_world: WorldFactory) -> None:
    world = make_world("demo", size=1, seed=3)
    tenant = world.tenancy.list_tenants()[0]
    world.set_traffic(20)
    world.telephony.originate_call(tenant.id, "100", "5550004")  # an hour-long call that outlives many others
    world.advance_clock(1_800)
    world.telephony.originate_call(tenant.id, "101", "5550004")
    world.advance_clock(7_200)
    every = world.telephony.query_cdrs()
    assert len(every) > 1_000 + 100
    rng = random.Random(3)
    now = int(world.clock.now())
    for _ in range(300):
        start, end = sorted(rng.randint(now - 10_000, now + 10) for _ in range(2))
        assert world.telephony.query_cdrs(start=start, end=end) == brute(world, None, start, end)
        assert world.telephony.query_cdrs(end=end, limit=7) == brute(world, None, None, end)[:7]


def test_derived_cdr_indexes_survive_a_restore(make_world: WorldFactory) -> None:
    world = make_world("demo", size=1)
    world.set_traffic(30)
    world.advance_clock(3_000)
    live = world.telephony.held_indexes()
    world.restore(world.snapshot())
    assert world.telephony.held_indexes().earliest_start_from == live.earliest_start_from
    assert world.telephony.held_indexes() == world.telephony.build_indexes(world._state)
