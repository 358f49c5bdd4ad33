"""Importing past calls: as PastCall values or as plain rows, the world comes out the same."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from mockpbx.core import World
from mockpbx.core.entities import Direction, Disposition, Tenant
from mockpbx.core.telephony import PastCall, PastCallRow

T0 = 1767603600
WorldFactory = Callable[..., World]


def past_calls(tenant: Tenant, ext_id: int) -> list[PastCall]:
    return [
        PastCall(tenant.id, "104", "4520304050", Direction.OUTBOUND, Disposition.ANSWERED, T0 - 900, 3, 100,
                 "Support Agent", ext_id, None, record=True),
        PastCall(tenant.id, "4520304050", "104", Direction.INBOUND, Disposition.NO_ANSWER, T0 - 1000, 30, 500,
                 "", None, ext_id),
        PastCall(tenant.id, "104", "5550001", Direction.OUTBOUND, Disposition.BUSY, T0 - 960, 2, 0,
                 "Support Agent", ext_id, None, record=True),
    ]


def test_rows_and_past_calls_import_identically(make_world: WorldFactory, world: World, demo_tenant: Tenant) -> None:
    twin = make_world()
    ext_id = world.directory.extension_by_number(demo_tenant.id, "104").id
    calls = past_calls(demo_tenant, ext_id)
    rows: list[PastCallRow] = [dataclasses.astuple(c) for c in calls]  # type: ignore[misc]
    assert world.telephony.import_history(calls) == twin.telephony.import_history_rows(rows) == 3
    assert world.snapshot() == twin.snapshot()


def test_history_cdrs_follow_end_time_with_exact_fields(world: World, demo_tenant: Tenant) -> None:
    ext_id = world.directory.extension_by_number(demo_tenant.id, "104").id
    first_seq = world._ids.peek("call")
    world.telephony.import_history(past_calls(demo_tenant, ext_id))
    newest = world.telephony.query_cdrs(demo_tenant.id, start=T0 - 1000, end=T0, newest_first=False)
    # Ends: busy T0-958, no-answer T0-970 (ringing only: talk time is ignored), answered T0-797.
    assert [(c.start, c.answer, c.end, c.disposition) for c in newest] == [
        (T0 - 1000, None, T0 - 970, Disposition.NO_ANSWER),
        (T0 - 960, None, T0 - 958, Disposition.BUSY),
        (T0 - 900, T0 - 897, T0 - 797, Disposition.ANSWERED),
    ]
    assert [c.uniqueid for c in newest] == [f"{T0 - 1000}.{first_seq}", f"{T0 - 960}.{first_seq + 1}",
                                            f"{T0 - 900}.{first_seq + 2}"]
    assert [c.recording_id is not None for c in newest] == [False, False, True]
    assert world.telephony.find_recording(newest[2].uniqueid).seconds == 100


@pytest.mark.parametrize("count", [0, 1])
def test_import_returns_the_count(world: World, demo_tenant: Tenant, count: int) -> None:
    ext_id = world.directory.extension_by_number(demo_tenant.id, "104").id
    assert world.telephony.import_history(past_calls(demo_tenant, ext_id)[:count]) == count


def test_older_history_imported_later_is_merged_in_end_order(world: World, demo_tenant: Tenant) -> None:
    ext_id = world.directory.extension_by_number(demo_tenant.id, "104").id
    world.telephony.import_history(past_calls(demo_tenant, ext_id))
    older = [dataclasses.replace(c, start=c.start - 86_400) for c in past_calls(demo_tenant, ext_id)]
    world.telephony.import_history(older)
    ends = [c.end for c in world.telephony.query_cdrs(newest_first=False)]
    assert ends == sorted(ends)
    assert world.telephony.held_indexes() == world.telephony.build_indexes(world._state)
    day_before = world.telephony.query_cdrs(start=T0 - 86_400 - 1_000, end=T0 - 86_400)
    assert [c.start for c in day_before] == [T0 - 86_400 - 900, T0 - 86_400 - 960, T0 - 86_400 - 1_000]
    for identifier in (c.uniqueid for c in day_before):
        assert world.telephony.find_cdr(identifier).uniqueid == identifier


def test_default_world_windows_agree_with_a_plain_filter() -> None:
    import random

    from mockpbx.core.clock import Clock, ClockMode
    from mockpbx.core.scenarios import load_scenario

    scenario = load_scenario("default")
    world = World("default", scenario, seed=1, clock=Clock(start=scenario.epoch, mode=ClockMode.MANUAL))
    every = world.telephony.query_cdrs()
    ends = [c.end for c in reversed(every)]
    assert ends == sorted(ends)
    low, high = min(c.start for c in every) - 10, max(c.start for c in every) + 10
    rng = random.Random(2)
    for _ in range(500):
        start, end = sorted(rng.randint(low, high) for _ in range(2))
        for tenant in [None, *(t.id for t in world.tenancy.list_tenants())]:
            expected = [c for c in every if (tenant is None or c.tenant_id == tenant) and start <= c.start < end]
            assert world.telephony.query_cdrs(tenant, start=start, end=end) == expected
