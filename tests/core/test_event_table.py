"""Scheduled events dispatch through an explicit table, registered by whoever schedules them."""

from __future__ import annotations

import json

import pytest

from mockpbx.core import World, errors


def test_every_event_kind_has_its_registered_handler(world: World) -> None:
    assert world.event_kinds == frozenset({
        "traffic", "call_ring", "call_answer", "call_end", "extension_register", "did_request_due", "fax", "sms",
        "campaign_dial"})


def test_a_kind_registers_once_and_an_unregistered_kind_is_never_scheduled(world: World) -> None:
    with pytest.raises(ValueError, match="already has a handler"):
        world.on_event("call_end", lambda ref: None)
    with pytest.raises(ValueError, match="no handler for event kind 'nobody'"):
        world._schedule(5, "nobody", 1)  # noqa: SLF001 - the scheduler itself is under test
    assert world._state.events == []  # noqa: SLF001


def test_a_registered_handler_is_what_fires(world: World) -> None:
    fired: list[int] = []
    world.on_event("probe", fired.append)
    world._schedule(10, "probe", 7)  # noqa: SLF001
    world.advance_clock(9)
    assert fired == []
    world.advance_clock(1)
    assert fired == [7]


def test_a_snapshot_owing_an_unknown_event_kind_is_refused_and_changes_nothing(world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO")
    world.telephony.originate_call(demo.id, "104", "5550005")  # leaves call events pending
    before = world.snapshot()
    body = json.loads(before)
    assert body["state"]["events"]
    body["state"]["events"][0]["kind"] = "call_explode"
    with pytest.raises(errors.InvalidArgument) as refused:
        world.restore(json.dumps(body))
    assert str(refused.value) == "not a usable snapshot: state.events.0.kind names no known event ('call_explode')"
    assert refused.value.context == {"field": "state.events.0.kind"}
    assert world.snapshot() == before
