"""Request quotas: a window per key that opens at its first counted request, on the world clock."""

from __future__ import annotations

import math

import pytest

from mockpbx.core import ClockMode, Registry, World
from mockpbx.core.errors import InvalidArgument
from mockpbx.core.quotas import Quota


def _world() -> World:
    return Registry(clock_mode=ClockMode.MANUAL).create_world("default", world_id="default")


def test_window_opens_at_the_first_hit_and_refusals_do_not_count() -> None:
    world = _world()
    reopens = math.ceil(world.clock.now() + 60)
    assert world.take_quota("t", 2) == Quota(True, 2, 1, 0, reopens)
    assert world.take_quota("t", 2) == Quota(True, 2, 0, 0, reopens)
    world.advance_clock(30.5)
    assert world.take_quota("t", 2) == Quota(False, 2, 0, 30, reopens)
    assert world.take_quota("t", 2) == Quota(False, 2, 0, 30, reopens)  # a refusal is not counted
    assert world.take_quota("other", 2) == Quota(True, 2, 1, 0, math.ceil(world.clock.now() + 60))
    world.advance_clock(29.5)
    assert world.take_quota("t", 2) == Quota(True, 2, 1, 0, math.ceil(world.clock.now() + 60))


def test_quotas_stay_out_of_snapshots_and_start_afresh_on_restore_and_reset() -> None:
    world = _world()
    snap = world.snapshot()
    world.take_quota("t", 3)
    assert world.snapshot() == snap  # request bookkeeping, not domain state
    world.take_quota("t", 3)
    world.restore(snap)
    assert world.take_quota("t", 3).remaining == 2
    world.reset()
    assert world.take_quota("t", 3).remaining == 2


@pytest.mark.parametrize(("limit", "window"), [(0, 60.0), (-1, 60.0), (5, 0.0)])
def test_bad_quotas_are_refused(limit: int, window: float) -> None:
    with pytest.raises(InvalidArgument):
        _world().take_quota("t", limit, window=window)
