"""The request journal's cheap records, and ``transaction()`` always giving the lock back."""

from __future__ import annotations

import threading

import pytest

from mockpbx.core import World
from mockpbx.core.clock import Clock, ClockMode
from mockpbx.core.entities import JournalEntry


def _lock_is_free(world: World, wait: float = 1.0) -> bool:
    """Ask from another thread (the RLock is reentrant for this one), waiting up to ``wait`` s."""
    free: list[bool] = []

    def probe() -> None:
        got = world._lock.acquire(timeout=wait)
        if got:
            world._lock.release()
        free.append(got)

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return free == [True]


def test_noted_requests_read_back_as_entries_in_order_stamped_by_the_clock(world: World) -> None:
    params = {"apikey": "k"}
    world.note_request("pbxware", "GET", "/", params, 200, "ok")
    world.advance_clock(1.0)
    world.note_request("epbx", "POST", "/x", {}, 401, "bad_key")
    world.advance_clock(1.5)
    world.note_request("pbxcloud", "POST", "/pbx/proxyapi.php", {"key": "k"}, 200, "empty")
    now = world.clock.now()
    assert world.journal() == [
        JournalEntry(now - 2.5, "pbxware", "GET", "/", {"apikey": "k"}, 200, "ok"),
        JournalEntry(now - 1.5, "epbx", "POST", "/x", {}, 401, "bad_key"),
        JournalEntry(now, "pbxcloud", "POST", "/pbx/proxyapi.php", {"key": "k"}, 200, "empty"),
    ]
    assert all(type(entry) is JournalEntry for entry in world.journal())


def test_the_journal_stays_bounded(world: World) -> None:
    world = World("small", world.scenario, seed=1, clock=Clock(start=0.0, mode=ClockMode.MANUAL), journal_size=2)
    for index in range(3):
        world.note_request("pbxware", "GET", f"/{index}", {}, 200, "ok")
    assert [entry.path for entry in world.journal()] == ["/1", "/2"]


def test_transaction_releases_the_lock_when_its_body_fails(world: World) -> None:
    with pytest.raises(RuntimeError), world.transaction():
        assert not _lock_is_free(world, wait=0.05)
        raise RuntimeError("refused")
    assert _lock_is_free(world)


def test_transaction_releases_the_lock_when_a_due_event_fails(world: World, monkeypatch: pytest.MonkeyPatch) -> None:

    def failing_catch_up(until: float | None = None) -> None:
        raise LookupError("a handler failed")

    monkeypatch.setattr(world, "_catch_up", failing_catch_up)
    with pytest.raises(LookupError), world.transaction():
        pytest.fail("the body must not run")
    assert _lock_is_free(world)


def test_transactions_nest(world: World) -> None:
    with world.transaction(), world.transaction():
        world.tenancy.list_tenants()
    assert _lock_is_free(world)


def test_journal_after_follows_the_ring_by_identity(world: World) -> None:
    world = World("small", world.scenario, seed=1, clock=Clock(start=0.0, mode=ClockMode.MANUAL), journal_size=3)
    assert world.journal_after(None) == ([], None)
    world.note_request("pbxware", "GET", "/a", {}, 200, "ok")
    world.note_request("pbxware", "GET", "/a", {}, 200, "ok")  # equal to the first, not the same
    fresh, marker = world.journal_after(None)
    assert [e.path for e in fresh] == ["/a", "/a"]
    assert world.journal_after(marker) == ([], marker)
    world.note_request("pbxware", "GET", "/b", {}, 200, "ok")
    fresh, marker = world.journal_after(marker)
    assert [e.path for e in fresh] == ["/b"]
    for path in ("/c", "/d", "/e"):  # the marker leaves the ring: everything left is new
        world.note_request("pbxware", "GET", path, {}, 200, "ok")
    fresh, marker = world.journal_after(marker)
    assert [e.path for e in fresh] == ["/c", "/d", "/e"]
