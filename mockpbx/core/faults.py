"""Faults a test arms on one world: what to break, for which requests, when, and for how long.

A fault is bookkeeping beside the world, like the journal: never in a snapshot, never changed
by a vendor request, and gone with its world. The core decides *whether* a fault fires (target,
trigger, expiry, all deterministic from the world's seed and clock); what a firing does to the
wire is the HTTP side's business (``mockpbx/faultwire.py``), except for the domain faults the
core applies itself (``trunk_down``).
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum


class Layer(StrEnum):
    """Where a fault acts: before the vendor answers, around its answer, or inside the world."""

    REPLACE = "replace"  # the answer is the fault's; the vendor never sees the request
    WRAP = "wrap"  # the vendor answers, then the fault delays or cuts the answer
    DOMAIN = "domain"  # the world behaves differently while the fault holds


# The catalogue: name -> layer. docs/faults.md and contracts/faults.md describe each entry.
CATALOGUE: dict[str, Layer] = {
    "latency": Layer.WRAP,
    "truncate": Layer.WRAP,
    "status": Layer.REPLACE,
    "reset": Layer.REPLACE,
    "timeout": Layer.REPLACE,
    "rate_limit": Layer.REPLACE,
    "vendor_error": Layer.REPLACE,
    "empty_answer": Layer.REPLACE,
    "auth_text": Layer.REPLACE,
    "trunk_down": Layer.DOMAIN,
    "cdr_lag": Layer.DOMAIN,
    "recording_missing": Layer.DOMAIN,
    "duplicate_cdr": Layer.DOMAIN,
}

# Faults that only one vendor's wire can express.
VENDOR_ONLY: dict[str, str] = {"vendor_error": "pbxware", "empty_answer": "pbxcloud", "auth_text": "pbxcloud"}

MAX_FAULTS_PER_WORLD = 64
MAX_PATTERN = 128
MAX_STARS = 8
FIRINGS_KEPT = 256
MAX_PENDING = 16


class ConnectionAbort(Exception):
    """Raised from a response body to drop the connection without an answer (see faultwire)."""


class Trigger(StrEnum):
    ALWAYS = "always"
    NEXT = "next"
    EVERY = "every"
    PROBABILITY = "probability"
    WINDOW = "window"


@dataclass(slots=True)
class Fault:
    """One armed fault.

    Attributes:
        id: ``f1``, ``f2``, ... in the order armed, per world.
        name: an entry of :data:`CATALOGUE`.
        vendor: the vendor whose requests it targets, or ``*``.
        operation: a glob over the operation name (PBXware action, MiRTA reqtype, ePBX
            ``METHOD /route``); empty matches every operation.
        path: a glob over the request path; empty matches every path.
        trigger, count, probability, window_start, window_end: when a matching request fires it.
        max_fires: the fault expires after this many firings (None: never).
        expires_at: the fault expires at this world time (None: never).
        options: the fault's own settings (status code, delay, bytes kept, ...), validated by the
            control plane before the fault is armed.
    """

    id: str
    name: str
    vendor: str
    operation: str = ""
    path: str = ""
    trigger: Trigger = Trigger.ALWAYS
    count: int = 1
    probability: float = 1.0
    window_start: float | None = None
    window_end: float | None = None
    max_fires: int | None = None
    expires_at: float | None = None
    options: dict[str, object] = field(default_factory=dict)
    seen: int = 0
    fired: int = 0

    def expired(self, now: float) -> bool:
        return ((self.max_fires is not None and self.fired >= self.max_fires)
                or (self.expires_at is not None and now >= self.expires_at))

    def targets(self, vendor: str, operation: str, path: str) -> bool:
        return ((self.vendor == "*" or self.vendor == vendor)
                and (not self.operation or glob_match(self.operation, operation))
                and (not self.path or glob_match(self.path, path)))

    def _fires(self, seed: int, now: float) -> bool:
        """Count one matching request and say whether this one fires; called under the book's lock."""
        self.seen += 1
        if self.trigger is Trigger.NEXT:
            return self.fired < self.count
        if self.trigger is Trigger.EVERY:
            return self.seen % self.count == 0
        if self.trigger is Trigger.PROBABILITY:
            return draw(seed, self.id, self.seen) < self.probability
        if self.trigger is Trigger.WINDOW:
            return self.window_open(now)
        return True

    def window_open(self, now: float) -> bool:
        start = self.window_start if self.window_start is not None else float("-inf")
        end = self.window_end if self.window_end is not None else float("inf")
        return start <= now < end


@dataclass(frozen=True, slots=True)
class Firing:
    """A fault that fired: when, on which request, under which name."""

    time: float
    fault_id: str
    name: str
    vendor: str
    operation: str


def draw(seed: int, fault_id: str, nth: int) -> float:
    """A number in [0, 1) fixed by the world's seed, the fault and the request's place in its
    sequence: the same requests fire on every run, whatever else the world did in between."""
    digest = hashlib.blake2b(f"{seed}:{fault_id}:{nth}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def glob_match(pattern: str, text: str) -> bool:
    """``*`` matches any run of characters; nothing else is special.

    Patterns come from clients, so no regular expression is built from them: the pieces are
    found left to right with ``str.find``, which is linear per piece and bounded by
    :data:`MAX_PATTERN` and :data:`MAX_STARS` (the control plane refuses longer patterns).
    """
    pieces = pattern.split("*")
    if len(pieces) == 1:
        return pattern == text
    first, last = pieces[0], pieces[-1]
    if not text.startswith(first) or len(text) < len(first) + len(last) or not text.endswith(last):
        return False
    position = len(first)
    stop = len(text) - len(last)
    for piece in pieces[1:-1]:
        found = text.find(piece, position, stop)
        if found < 0:
            return False
        position = found + len(piece)
    return True


class Armed:
    """How many faults are armed across a registry's worlds: the request path reads one int."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0


class FaultBook:
    """One world's faults, in the order armed, behind their own lock (not the world's)."""

    def __init__(self, armed: Armed | None = None) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._counter = 0
        self._firings: deque[Firing] = deque(maxlen=FIRINGS_KEPT)
        self._armed = armed if armed is not None else Armed()
        # Domain faults fire deep inside a verb; the request that caused them picks the names up here.
        self._pending = threading.local()

    def attach(self, armed: Armed) -> None:
        """Count this book's faults in a registry's tally (a world joins a registry once)."""
        with self._lock:
            armed.count += len(self._faults)
            self._armed.count -= len(self._faults)
            self._armed = armed

    def arm(self, fault: Fault) -> Fault:
        with self._lock:
            if len(self._faults) >= MAX_FAULTS_PER_WORLD:
                raise OverflowError(f"a world holds at most {MAX_FAULTS_PER_WORLD} faults")
            self._counter += 1
            fault.id = f"f{self._counter}"
            self._faults.append(fault)
            self._armed.count += 1
            return fault

    def armed_here(self) -> bool:
        return bool(self._faults)

    def all(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def firings(self) -> list[Firing]:
        return list(self._firings)

    def remove(self, fault_id: str) -> bool:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.id == fault_id:
                    del self._faults[index]
                    self._armed.count -= 1
                    return True
            return False

    def clear(self) -> int:
        with self._lock:
            removed = len(self._faults)
            self._faults.clear()
            self._armed.count -= removed
            return removed

    def decide(self, vendor: str, operation: str, path: str, *, seed: int, now: float,
               layers: tuple[Layer, ...] = (Layer.REPLACE, Layer.WRAP)) -> Fault | None:
        """The first armed fault of these layers that fires for this request, or None.

        Every matching fault counts the request (so ``every`` and ``probability`` see the same
        sequence however many faults are armed); the first that fires wins.
        """
        if not self._faults:
            return None
        chosen: Fault | None = None
        with self._lock:
            for fault in self._faults:
                if CATALOGUE[fault.name] not in layers or fault.expired(now):
                    continue
                if fault.targets(vendor, operation, path) and fault._fires(seed, now) and chosen is None:
                    fault.fired += 1
                    chosen = fault
            if chosen is not None:
                self._firings.append(Firing(now, chosen.id, chosen.name, vendor, operation))
        return chosen

    def holds(self, name: str, *, now: float) -> bool:
        """Is a domain fault of this name in force, without counting anything (for reads)?

        A domain fault changes the world, which every vendor sees: its target vendor is not
        consulted.
        """
        if not self._faults:
            return False
        with self._lock:
            return any(f.name == name and not f.expired(now) and (f.trigger is not Trigger.WINDOW or f.window_open(now))
                       for f in self._faults)

    def cdr_lag(self, *, now: float) -> float:
        """The longest lag of the ``cdr_lag`` faults in force (0 when none): CDRs of calls that
        ended less than this long ago stay out of every read."""
        if not self._faults:
            return 0.0
        with self._lock:
            lags = [float(str(f.options.get("lag", 60))) for f in self._faults
                    if f.name == "cdr_lag" and not f.expired(now)
                    and (f.trigger is not Trigger.WINDOW or f.window_open(now))]
        return max(lags, default=0.0)

    def fire_domain(self, name: str, *, seed: int, now: float, operation: str = "") -> bool:
        """Count one domain event (an outbound call, say) against ``name`` faults; True if one fires."""
        if not self._faults:
            return False
        with self._lock:
            for fault in self._faults:
                if fault.name != name or fault.expired(now):
                    continue
                if fault._fires(seed, now):
                    fault.fired += 1
                    self._firings.append(Firing(now, fault.id, fault.name, fault.vendor, operation))
                    names: list[str] = getattr(self._pending, "names", [])
                    if len(names) < MAX_PENDING:  # a thread that serves no request (the ticker) never takes them
                        names.append(name)
                    self._pending.names = names
                    return True
        return False

    def take_pending(self) -> list[str]:
        """The domain faults that fired during this thread's current request, once."""
        names: list[str] = getattr(self._pending, "names", [])
        if names:
            self._pending.names = []
        return names

