"""The machinery every world verb runs on: the lock, the clock, ids and scheduled events.

An :class:`Aggregate` (tenancy, directory, telephony, billing, ...) is an object of its own
that owns a slice of the world's state and the indexes over it; :class:`WorldBase` is the
facade's machinery, and :class:`mockpbx.core.world.World` holds the aggregates
(docs/architecture.md, "The world model").
"""

from __future__ import annotations

import functools
import heapq
import threading
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any, Generic, Protocol, TypeVar, cast

from .clock import Clock
from .entities import JournalEntry
from .faults import FaultBook
from .ids import IdFactory
from .keyring import KeyRing
from .state import ScheduledEvent, WorldState

# What a scheduled event runs: its handler, given the event's ``ref``.
EventHandler = Callable[[int], None]

F = TypeVar("F", bound=Callable[..., Any])


class TenantOwned(Protocol):
    @property
    def tenant_id(self) -> int | None: ...


R = TypeVar("R", bound=TenantOwned)


def of_tenant(rows: Iterable[R], tenant_id: int | None) -> list[R]:
    """The rows that belong to ``tenant_id``, or all of them when it is None, in their stored order."""
    if tenant_id is None:
        return list(rows)
    return [row for row in rows if row.tenant_id == tenant_id]
# Bytes of request text one world's journal keeps by default (a server sets its own).
DEFAULT_JOURNAL_BYTES = 16 * 1024 * 1024
# What an entry costs beyond its path and parameters: the tuple, its stamp and small strings.
_JOURNAL_OVERHEAD = 200
_CUT_VALUE = "<cut: larger than the journal>"

# A journal entry's fields in JournalEntry's order, as note_request keeps them.
JournalRecord = tuple[float, str, str, str, dict[str, str], int, str, str, str, bytes | None]


class ScenarioLike(Protocol):
    """What a world needs from the scenario it is built from."""

    @property
    def name(self) -> str: ...

    @property
    def epoch(self) -> float: ...

    def populate(self, world: WorldBase) -> None: ...


def verb(method: F) -> F:
    """Run a world method under the world's lock, after the clock's due events have fired."""

    @functools.wraps(method)
    def locked(self: WorldBase | Aggregate, /, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            if self._state.events:  # as _catch_up would check, without a call on every read
                self._catch_up()
            return method(self, *args, **kwargs)

    return cast(F, locked)


class _Transaction:
    """``world.transaction()``: the lock, then due events; a class, not a generator, because
    every vendor request opens one."""

    __slots__ = ("_world",)

    def __init__(self, world: WorldBase) -> None:
        self._world = world

    def __enter__(self) -> None:
        lock = self._world._lock
        lock.acquire()
        try:
            self._world._catch_up()
        except BaseException:
            lock.release()
            raise

    def __exit__(self, *exc: object) -> None:
        self._world._lock.release()


class WorldBase:
    """The facade's machinery: state, lock, clock, ids, the event table and the journal,
    which every aggregate of the world shares."""

    def __init__(self, *, world_id: str, seed: int, clock: Clock, journal_size: int = 1000,
                 journal_bytes: int | None = None, keyring: KeyRing | None = None) -> None:
        self.id = world_id
        # A world outside any registry still keeps its keys unique among its own.
        self._keyring = keyring if keyring is not None else KeyRing()
        self._lock = threading.RLock()
        self._clock = clock
        self._ids = IdFactory(seed, first={"tenant": 2})
        self._state = WorldState(scenario="", seed=seed)
        self._event_time: float | None = None
        # Event kind -> handler, registered by whoever schedules that kind; snapshots holding
        # any other kind are refused (core/snapshot_check.py).
        self._event_handlers: dict[str, EventHandler] = {}
        self._journal: deque[JournalRecord] = deque()
        self._journal_sizes: deque[int] = deque()
        self._journal_lock = threading.Lock()  # its own, so journalling never waits on the world
        self._journal_entries = journal_size
        self._journal_budget = journal_bytes if journal_bytes is not None else DEFAULT_JOURNAL_BYTES
        self._journal_used = 0
        # Request bookkeeping, like the journal: not domain state, so never in a snapshot, and a
        # request refused for bad input still counts (core/quotas.py). Key -> (window opened, count).
        self._quotas: dict[str, tuple[float, int]] = {}
        # Armed faults: bookkeeping beside the world like the journal, never in a snapshot.
        self.faults = FaultBook()

    # -- time -----------------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        return self._clock

    def _now(self) -> float:
        """Event handlers see the instant their event was due, not when it was noticed."""
        return self._clock.now() if self._event_time is None else self._event_time

    def _stamp(self) -> int:
        return int(self._now())

    def on_event(self, kind: str, handler: EventHandler) -> None:
        """Register what runs when an event of ``kind`` falls due; one handler per kind."""
        if kind in self._event_handlers:
            raise ValueError(f"event kind {kind!r} already has a handler")
        self._event_handlers[kind] = handler

    @property
    def event_kinds(self) -> frozenset[str]:
        return frozenset(self._event_handlers)

    def _schedule(self, delay: float, kind: str, ref: int) -> None:
        if kind not in self._event_handlers:
            raise ValueError(f"no handler for event kind {kind!r}")  # a programming error, caught by tests
        event = ScheduledEvent(due=self._now() + delay, seq=self._ids.next("event"), kind=kind, ref=ref)
        heapq.heappush(self._state.events, event)

    def _catch_up(self, until: float | None = None) -> None:
        events = self._state.events
        if not events:
            return  # every verb passes here: an idle world should not pay for reading the clock
        limit = self._clock.now() if until is None else until
        handlers = self._event_handlers
        while events and events[0].due <= limit:
            event = heapq.heappop(events)
            self._event_time = event.due
            try:
                handlers[event.kind](event.ref)
            finally:
                self._event_time = None

    def tick(self) -> None:
        """Fire whatever the clock has made due; servers call this so idle worlds stay live."""
        with self._lock:
            self._catch_up()

    def advance_clock(self, seconds: float) -> float:
        """Move the clock forward, firing every event it passes in order, and return the new time."""
        if seconds < 0:
            raise ValueError("the clock cannot go backwards")
        with self._lock:
            self._refuse_heavy_advance(seconds)
            target = self._clock.now() + seconds
            self._catch_up(until=target)
            self._clock.advance(max(0.0, target - self._clock.now()))
            return self._clock.now()

    def adopt_keyring(self, keyring: KeyRing) -> None:
        """Check this world's keys against a registry's keyring from now on; refused, all or
        nothing, if another world there holds one of them."""
        with self._lock:
            keyring.replace(self.id, self._state.keys)
            self._keyring = keyring

    def _refuse_heavy_advance(self, seconds: float) -> None:
        """A world with simulated traffic refuses a move that would simulate too much."""

    # -- locking --------------------------------------------------------------------------

    def transaction(self) -> AbstractContextManager[None]:
        """Hold the world still across several verbs, for compound reads or writes."""
        return _Transaction(self)

    # -- journal --------------------------------------------------------------------------

    def note_request(self, vendor: str, method: str, path: str, params: dict[str, str], status: int,
                     outcome: str, content_type: str = "", fault: str = "", body: bytes | None = None) -> None:
        """Journal a request as a bare tuple, stamped now: every request pays for this, while
        the entry it becomes (and its conformance findings) is only built when someone reads it."""
        self._journal_add((self._clock.now(), vendor, method, path, params, status, outcome, content_type, fault,
                           body), path, params, body)

    def _journal_add(self, entry: JournalRecord, path: str, params: dict[str, str],
                     body: bytes | None = None) -> None:
        """Keep the newest entries within both bounds: a count, and bytes of text held."""
        size = _JOURNAL_OVERHEAD + len(path) + sum(len(k) + len(v) for k, v in params.items()) + len(body or b"")
        if size > self._journal_budget:
            # One request larger than the whole budget keeps its parameters' names, not their values or the body.
            params = {name: _CUT_VALUE for name in params}
            size = _JOURNAL_OVERHEAD + len(path) + sum(len(k) + len(_CUT_VALUE) for k in params)
            entry = (*entry[:4], params, *entry[5:9], None)
        with self._journal_lock:
            journal, sizes = self._journal, self._journal_sizes
            journal.append(entry)
            sizes.append(size)
            self._journal_used += size
            while len(journal) > self._journal_entries or (self._journal_used > self._journal_budget
                                                           and len(journal) > 1):
                journal.popleft()
                self._journal_used -= sizes.popleft()

    def _held_journal(self) -> list[JournalRecord]:
        with self._journal_lock:
            return list(self._journal)

    def clear_journal(self) -> None:
        """Forget every journalled request (a sketched world starts each example with none)."""
        self._journal.clear()

    def journal(self) -> list[JournalEntry]:
        return [JournalEntry(*entry) for entry in self._held_journal()]

    def journal_after(self, marker: object | None) -> tuple[list[JournalEntry], object | None]:
        """Entries journalled after ``marker``, and the marker to pass next time.

        The marker is the last raw item seen; found again by identity (entries are equal
        often), so a reader follows the ring buffer without a counter on the request path.
        When the marker has left the ring, every entry is new.
        """
        raw = self._held_journal()
        start = 0
        if marker is not None:
            for position in range(len(raw) - 1, -1, -1):
                if raw[position] is marker:
                    start = position + 1
                    break
        fresh = [JournalEntry(*entry) for entry in raw[start:]]
        return fresh, (raw[-1] if raw else marker)


class Aggregate:
    """One slice of a world's state, the indexes over it, and the verbs that change it.

    Only the aggregate's own module writes its collections and indexes (a test enforces it);
    other aggregates read through its verbs and change it through them. The world hands each
    aggregate the current state with :meth:`bind` whenever it replaces the state (populate,
    reset, restore), so verbs read ``self._state`` as cheaply as the world itself does.
    """

    # No __slots__: a test may stand a double in for one verb (monkeypatch.setattr on the instance).

    def __init__(self, world: WorldBase) -> None:
        self._world = world
        self._lock = world._lock  # the world's one lock: never replaced, so kept here
        self._state = world._state

    def bind(self, state: WorldState, indexes: object | None = None) -> None:
        """Take ``state`` as the world's state, with ``indexes`` (from :meth:`held_indexes`) or
        this aggregate's indexes rebuilt from it."""
        self._state = state

    def held_indexes(self) -> object | None:
        """The live indexes, for a world that may have to put them back (a failed reset)."""
        return None

    def build_indexes(self, state: WorldState) -> object | None:
        """This aggregate's indexes built from ``state``'s collections: what
        :meth:`held_indexes` must always equal for the state it holds."""
        return None

    def _catch_up(self) -> None:
        self._world._catch_up()

    @property
    def _ids(self) -> IdFactory:
        return self._world._ids  # the world swaps its IdFactory on reset

    def _now(self) -> float:
        return self._world._now()

    def _stamp(self) -> int:
        return self._world._stamp()

    def _schedule(self, delay: float, kind: str, ref: int) -> None:
        self._world._schedule(delay, kind, ref)

IX = TypeVar("IX")


class IndexedAggregate(Aggregate, Generic[IX]):
    """An aggregate with lookups of its own, derived from its collections by ``build``.

    Built at construction and rebuilt (or handed back, after a failed reset) whenever the
    world replaces its state; :meth:`held_indexes` must always equal :meth:`build_indexes`.
    """

    def __init__(self, world: WorldBase, build: Callable[[WorldState], IX]) -> None:
        super().__init__(world)
        self._build = build
        self._ix: IX = build(self._state)

    def bind(self, state: WorldState, indexes: object | None = None) -> None:
        self._state = state
        self._ix = indexes if isinstance(indexes, type(self._ix)) else self._build(state)

    def held_indexes(self) -> IX:
        return self._ix

    def build_indexes(self, state: WorldState) -> IX:
        return self._build(state)


