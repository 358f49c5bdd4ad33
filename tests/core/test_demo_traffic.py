"""The demo traffic generator places calls at the configured rate on the world's own clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockpbx.core import World, errors

WorldFactory = Callable[..., World]

# 10 calls a minute over 10 simulated minutes: gaps are 6 s x a seeded jitter in [0.5, 1.5),
# so the count is 100 +- 10% for any seed; for seed 1 it is exactly:
PINNED_CALLS = 100


def placed_since(world: World, first_call_id: int) -> int:
    return world._ids.peek("call") - first_call_id


def test_traffic_rate_over_ten_simulated_minutes(make_world: WorldFactory) -> None:
    world = make_world("demo", size=1)
    first = world._ids.peek("call")
    cdrs_before = len(world.telephony.query_cdrs())
    world.set_traffic(10)
    world.advance_clock(600)
    placed = placed_since(world, first)
    assert placed == PINNED_CALLS
    assert 90 <= placed <= 110
    assert len(world.telephony.query_cdrs()) - cdrs_before + len(world.telephony.live_calls()) == placed


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_traffic_rate_is_within_tolerance_for_other_seeds(make_world: WorldFactory, seed: int) -> None:
    world = make_world("demo", size=1, seed=seed)
    first = world._ids.peek("call")
    world.set_traffic(10)
    world.advance_clock(600)
    assert 85 <= placed_since(world, first) <= 115


def test_traffic_stops_at_zero_and_places_nothing_more(make_world: WorldFactory) -> None:
    world = make_world("demo", size=1)
    world.set_traffic(30)
    world.advance_clock(60)
    world.set_traffic(0)
    first = world._ids.peek("call")
    world.advance_clock(3_600)
    assert placed_since(world, first) == 0
    assert world.telephony.live_calls() == []


def test_restarting_traffic_does_not_double_the_rate(make_world: WorldFactory) -> None:
    world = make_world("demo", size=1)
    first = world._ids.peek("call")
    world.set_traffic(10)
    world.set_traffic(10)
    world.advance_clock(600)
    assert placed_since(world, first) == PINNED_CALLS


def test_traffic_is_deterministic(make_world: WorldFactory) -> None:
    def run() -> bytes:
        world = make_world("demo", size=1)
        world.set_traffic(20)
        world.advance_clock(300)
        return world.snapshot()

    assert run() == run()


def test_negative_rate_is_refused(world: World) -> None:
    with pytest.raises(errors.InvalidArgument):
        world.set_traffic(-1)
    assert world.settings.traffic_calls_per_minute == 0


def test_a_small_world_still_reaches_the_rate() -> None:
    """The default world has 8 extensions of 2 lines: callers with a free line and inbound
    calls to its DIDs carry the traffic, instead of skipping ticks when lines are full."""
    from mockpbx.core import ClockMode, Registry

    world = Registry(clock_mode=ClockMode.MANUAL).create_world("default", world_id="traffic")
    first = world._ids.peek("call")
    cdrs_before = len(world.telephony.query_cdrs())
    world.set_traffic(10)
    world.advance_clock(600)
    placed = placed_since(world, first)
    assert 90 <= placed <= 110
    assert len(world.telephony.query_cdrs()) - cdrs_before + len(world.telephony.live_calls()) == placed
    inbound = [c for c in world.telephony.query_cdrs() if c.did_id is not None and c.start >= world.clock.now() - 600]
    assert 0 < len(inbound) < placed
