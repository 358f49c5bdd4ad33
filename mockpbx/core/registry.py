"""Worlds by id, and the keys that lead into them.

The key selects the world: a request carries only a vendor's own credentials, and the
registry finds which world and which vendor system issued them.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from . import errors
from .clock import Clock, ClockMode
from .entities import ApiKey, Vendor
from .faults import Armed
from .keyring import KeyRing
from .scenarios import Scenario, load_scenario
from .world import World

DEFAULT_WORLD = "default"


@dataclass(frozen=True, slots=True)
class Credential:
    """A resolved key: the world it opens and what it may do there."""

    world: World
    key: ApiKey


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A request no world accepted: its key opened none, or its path or method is nobody's.

    ``seq`` counts every such request the registry saw, so a reader can ask for the ones
    after a point (the pytest plugin's strict mode does); ``time`` is wall-clock seconds,
    since no world clock applies.
    """

    seq: int
    time: float
    vendor: str
    method: str
    path: str
    params: dict[str, str]
    status: int
    content_type: str
    key: str


class Registry:
    """Holds the worlds of one server process; each world has its own lock."""

    def __init__(self, *, clock_mode: ClockMode = ClockMode.REALTIME, clock_scale: float = 1.0,
                 journal_size: int = 1000, journal_bytes: int | None = None, rate_limit_per_minute: int | None = None,
                 world_settings: Mapping[str, object] | None = None, max_worlds: int | None = None,
                 max_advance_calls: int | None = None) -> None:
        self._lock = threading.Lock()
        self._worlds: dict[str, World] = {}
        self._keyring = KeyRing()
        self._counter = 1
        self.clock_mode = clock_mode
        self.clock_scale = clock_scale
        self.journal_size = journal_size
        self.journal_bytes = journal_bytes
        # None: as many as memory allows (in-process tests); a server always sets a bound.
        self.max_worlds = max_worlds
        self.max_advance_calls = max_advance_calls
        # A server-wide override of every new world's scenario setting (None keeps the scenario's).
        self.rate_limit_per_minute = rate_limit_per_minute
        # More server-wide overrides of world settings (``--pbxware-version``, ...), by setting name.
        self.world_settings = dict(world_settings or {})
        # Faults armed in any world: zero means the request path skips fault matching altogether.
        self.armed_faults = Armed()
        self._unmatched: deque[Unmatched] = deque(maxlen=journal_size)
        self._unmatched_seq = itertools.count(1)

    def create_world(self, scenario: Scenario | str = "default", *, seed: int = 1, world_id: str | None = None,
                     size: int | None = None, clock_mode: ClockMode | None = None,
                     clock_scale: float | None = None) -> World:
        """Build a world from a scenario name, a scenario file path or a Scenario."""
        resolved = load_scenario(scenario, size=size) if isinstance(scenario, str) else scenario
        with self._lock:
            if world_id is None:
                self._counter += 1
                world_id = f"w{self._counter}"
                while world_id in self._worlds:
                    self._counter += 1
                    world_id = f"w{self._counter}"
            elif world_id in self._worlds:
                raise errors.AlreadyExists("a world with that id exists", world_id=world_id)
            if not world_id.replace("-", "").replace("_", "").isalnum():
                raise errors.InvalidArgument("world id must be letters, digits, - or _", field="id")
            self._refuse_beyond_bound()
            # Reserve the id so a concurrent create cannot take it while the world builds.
            self._worlds[world_id] = _BUILDING  # type: ignore[assignment]
        try:
            mode = clock_mode or self.clock_mode
            clock = Clock(start=resolved.epoch if mode is ClockMode.MANUAL else None, mode=mode,
                          scale=clock_scale or self.clock_scale)
            overrides: dict[str, object] = dict(self.world_settings)
            if self.rate_limit_per_minute is not None:
                overrides["rate_limit_per_minute"] = self.rate_limit_per_minute
            # Each key is claimed in the registry's keyring as the scenario issues it, so two
            # worlds built at once cannot both take one.
            world = World(world_id, resolved, seed=seed, clock=clock, journal_size=self.journal_size,
                          journal_bytes=self.journal_bytes, overrides=overrides, keyring=self._keyring,
                          max_advance_calls=self.max_advance_calls)
        except BaseException:
            self._keyring.forget_world(world_id)
            with self._lock:
                del self._worlds[world_id]
            raise
        with self._lock:
            self._worlds[world_id] = world
            world.faults.attach(self.armed_faults)
        return world

    def _refuse_beyond_bound(self) -> None:
        """The caller holds the registry lock; reserved ids count, so racing creates cannot overshoot."""
        if self.max_worlds is not None and len(self._worlds) >= self.max_worlds:
            raise errors.LimitExceeded(f"this server holds at most {self.max_worlds} worlds; delete one first",
                                       max_worlds=self.max_worlds)

    def add_world(self, world: World) -> None:
        """Adopt a world built elsewhere; its keys join this registry's keyring, all or nothing."""
        with self._lock:
            if world.id in self._worlds:
                raise errors.AlreadyExists("a world with that id exists", world_id=world.id)
            self._refuse_beyond_bound()
            world.adopt_keyring(self._keyring)
            self._worlds[world.id] = world
            world.faults.attach(self.armed_faults)

    def get(self, world_id: str) -> World:
        with self._lock:
            world = self._worlds.get(world_id)
        if world is None or world is _BUILDING:
            raise errors.NotFound("no such world", world_id=world_id)
        return world

    def worlds(self) -> list[World]:
        with self._lock:
            return [w for w in self._worlds.values() if w is not _BUILDING]

    def delete(self, world_id: str) -> None:
        with self._lock:
            world = self._worlds.get(world_id)
            if world is None or world is _BUILDING:
                raise errors.NotFound("no such world", world_id=world_id)
            del self._worlds[world_id]
            self._keyring.forget_world(world_id)
        world.faults.clear()  # its faults go with it, and stop counting as armed

    def resolve(self, key: str, vendor: Vendor) -> Credential | None:
        """The world and key record for a vendor credential, or None if nobody issued it.

        One index read, however many worlds there are: an unknown key costs the same as a
        known one.
        """
        if not key:
            return None
        owner = self._keyring.owner(key)
        world = self._worlds.get(owner) if owner is not None else None
        if world is None or world is _BUILDING:
            return None
        found = world.find_key(key)
        if found is not None and found.vendor is vendor:
            return Credential(world, found)
        return None

    def note_unmatched(self, vendor: str, method: str, path: str, params: dict[str, str], status: int,
                       content_type: str, key: str) -> None:
        self._unmatched.append(Unmatched(next(self._unmatched_seq), time.time(), vendor, method, path, params,
                                         status, content_type, key))

    def unmatched(self, after: int = 0) -> list[Unmatched]:
        """The requests no world accepted, oldest first (the newest ``journal_size`` of them)."""
        return [entry for entry in list(self._unmatched) if entry.seq > after]

    def last_unmatched(self) -> int:
        """The sequence number of the newest unmatched request (0 when there is none)."""
        newest = self._unmatched[-1] if self._unmatched else None
        return newest.seq if newest is not None else 0

    def clear_unmatched(self) -> int:
        removed = len(self._unmatched)
        self._unmatched.clear()
        return removed

    def tick_all(self) -> None:
        for world in self.worlds():
            world.tick()


_BUILDING = object()
