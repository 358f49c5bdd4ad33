"""mockpbx.testing.strategies: worlds cover the cases that break clients and shrink to the smallest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings

from mockpbx import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.entities import Direction, Disposition
from mockpbx.core.sketches import CallSketch, TenantSketch, WorldSketch
from mockpbx.settings import Settings
from mockpbx.testing.strategies import FAULT_SPECS, faults, worlds

SEARCH = settings(max_examples=1000, database=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _calls(world: WorldSketch) -> list[CallSketch]:
    return [c for t in world.tenants for c in t.calls]


def _day(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).date().isoformat()


def test_the_smallest_world_is_empty() -> None:
    assert find(worlds(), lambda w: True, settings=SEARCH) == WorldSketch()


def test_a_world_that_needs_a_cdr_shrinks_to_one_plain_call() -> None:
    assert find(worlds(), lambda w: bool(_calls(w)), settings=SEARCH) == WorldSketch(
        tenants=[TenantSketch(code="100", name="a", calls=[CallSketch()])])


def test_a_world_that_needs_a_page_and_one_shrinks_to_exactly_that() -> None:
    found = find(worlds(vendor="pbxware"), lambda w: any(len(t.calls) > 16 for t in w.tenants), settings=SEARCH)
    assert [len(t.calls) for t in found.tenants] == [17]
    assert set(_calls(found)) == {CallSketch()}


CASES: dict[str, Callable[[WorldSketch], bool]] = {
    "an empty tenant": lambda w: any(not t.extensions and not t.calls for t in w.tenants),
    "a suspended tenant": lambda w: any(t.suspended for t in w.tenants),
    "exactly one page": lambda w: any(len(t.calls) == 16 for t in w.tenants),
    "a page less one": lambda w: any(len(t.calls) == 15 for t in w.tenants),
    "many CDRs": lambda w: any(len(t.calls) > 48 for t in w.tenants),
    "a pipe in an extension name": lambda w: any("|" in e.name for t in w.tenants for e in t.extensions),
    "a newline in a caller id": lambda w: any("\n" in c.caller_name for c in _calls(w)),
    "a quote and a comma in a tenant name": lambda w: any('"' in t.name or "," in t.name for t in w.tenants),
    "unicode in a name": lambda w: any(not e.name.isascii() for t in w.tenants for e in t.extensions),
    "a call across midnight": lambda w: any(_day(c.start) != _day(c.end) for c in _calls(w)),
    "a call across the EU DST change": lambda w: any(c.start < 1743296400 <= c.end for c in _calls(w)),
    "a missing recording": lambda w: any(c.disposition is Disposition.ANSWERED and not c.record for c in _calls(w)),
    "a long number": lambda w: any(len(c.peer) >= 20 for c in _calls(w)),
    "an inbound call": lambda w: any(c.direction is Direction.INBOUND for c in _calls(w)),
    "a wallet at zero": lambda w: w.wallet == Decimal("0.00"),
    "a wallet at one cent": lambda w: w.wallet == Decimal("0.01"),
    "the rate limit reached": lambda w: w.rate_limit_remaining == 0,
    **{f"a {d} call": (lambda kind: lambda w: any(c.disposition is kind for c in _calls(w)))(d) for d in Disposition},
}


def test_a_few_hundred_worlds_reach_every_case() -> None:
    seen: set[str] = set()

    @settings(max_examples=400, database=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(worlds(vendor="pbxware"))
    def draw(world: WorldSketch) -> None:
        seen.update(case for case, holds in CASES.items() if holds(world))

    draw()
    assert sorted(set(CASES) - seen) == []


def test_faults_shrink_to_none_then_to_one_502() -> None:
    assert find(faults("pbxware"), lambda f: True, settings=SEARCH) == []
    one_502 = {"name": "status", "target": {"vendor": "pbxware"}, "trigger": {"kind": "next", "count": 1},
               "options": {"status": 502}}
    assert find(faults("pbxware"), bool, settings=SEARCH) == [one_502]
    assert find(faults("pbxcloud"), lambda f: any(x["name"] == "empty_answer" for x in f), settings=SEARCH) == [
        {"name": "empty_answer", "target": {"vendor": "pbxcloud"}, "trigger": {"kind": "next", "count": 1}}]


@pytest.mark.parametrize("vendor", sorted(FAULT_SPECS))
def test_draws_reach_every_fault_of_the_vendor_and_each_arms_as_drawn(vendor: str) -> None:
    seen: list[dict[str, object]] = []

    @settings(SEARCH, max_examples=300, phases=[Phase.generate])
    @given(faults(vendor))
    def draw(drawn: list[dict[str, object]]) -> None:
        assert len(drawn) <= 2 and len({f["name"] for f in drawn}) == len(drawn)
        seen.extend(f for f in drawn if f not in seen)

    draw()
    assert sorted(map(repr, seen)) == sorted(map(repr, FAULT_SPECS[vendor]))
    names = {str(f["name"]) for f in FAULT_SPECS[vendor]}
    own = {"pbxware": {"vendor_error"}, "pbxcloud": {"empty_answer"}, "epbx": set()}[vendor]
    assert names == {"status", "rate_limit", "trunk_down", "recording_missing", "cdr_lag"} | own
    client = create_app(Settings(clock=ClockMode.MANUAL)).test_client()
    for number, spec in enumerate(FAULT_SPECS[vendor], start=1):
        armed = client.post("/_mockpbx/worlds/default/faults", json=spec)
        assert (armed.status_code, armed.get_json()["id"], armed.get_json()["name"]) == (201, f"f{number}",
                                                                                        spec["name"])
