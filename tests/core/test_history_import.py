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
    ext_id = world.extension_by_number(demo_tenant.id, "104").id
    calls = past_calls(demo_tenant, ext_id)
    rows: list[PastCallRow] = [dataclasses.astuple(c) for c in calls]  # type: ignore[misc]
    assert world.import_history(calls) == twin.import_history_rows(rows) == 3
    assert world.snapshot() == twin.snapshot()


def test_history_cdrs_follow_end_time_with_exact_fields(world: World, demo_tenant: Tenant) -> None:
    ext_id = world.extension_by_number(demo_tenant.id, "104").id
    first_seq = world._ids.peek("call")
    world.import_history(past_calls(demo_tenant, ext_id))
    newest = world.query_cdrs(demo_tenant.id, start=T0 - 1000, end=T0, newest_first=False)
    # Ends: busy T0-958, no-answer T0-970 (ringing only: talk time is ignored), answered T0-797.
    assert [(c.start, c.answer, c.end, c.disposition) for c in newest] == [
        (T0 - 1000, None, T0 - 970, Disposition.NO_ANSWER),
        (T0 - 960, None, T0 - 958, Disposition.BUSY),
        (T0 - 900, T0 - 897, T0 - 797, Disposition.ANSWERED),
    ]
    assert [c.uniqueid for c in newest] == [f"{T0 - 1000}.{first_seq}", f"{T0 - 960}.{first_seq + 1}",
                                            f"{T0 - 900}.{first_seq + 2}"]
    assert [c.recording_id is not None for c in newest] == [False, False, True]
    assert world.find_recording(newest[2].uniqueid).seconds == 100


@pytest.mark.parametrize("count", [0, 1])
def test_import_returns_the_count(world: World, demo_tenant: Tenant, count: int) -> None:
    ext_id = world.extension_by_number(demo_tenant.id, "104").id
    assert world.import_history(past_calls(demo_tenant, ext_id)[:count]) == count
