"""Seeded identifiers: every id, token, PIN and call id a world hands out comes from here."""

from __future__ import annotations

import hashlib
import random
import string
from dataclasses import dataclass, field

_ALNUM = string.ascii_letters + string.digits


@dataclass(slots=True)
class IdState:
    """Counters and the PRNG position, so a restored world continues the same sequence."""

    seed: int
    counters: dict[str, int] = field(default_factory=dict)
    draws: int = 0


class IdFactory:
    """Sequence numbers per kind plus a seeded PRNG for secrets and call timings.

    Each draw gets its own PRNG seeded from ``(seed, draw number)`` instead of one pickled
    generator, so snapshots stay plain JSON and a restored world draws exactly what the
    original would have drawn next.
    """

    def __init__(self, seed: int, *, first: dict[str, int] | None = None) -> None:
        self._state = IdState(seed=seed)
        self._first = dict(first or {})

    @property
    def seed(self) -> int:
        return self._state.seed

    def next(self, kind: str) -> int:
        current = self._state.counters.get(kind)
        value = self._first.get(kind, 1) if current is None else current + 1
        self._state.counters[kind] = value
        return value

    def peek(self, kind: str) -> int:
        """The id the next call to :meth:`next` will return."""
        current = self._state.counters.get(kind)
        return self._first.get(kind, 1) if current is None else current + 1

    def ensure_above(self, kind: str, value: int) -> None:
        """Keep ids unique when an entity arrives with an explicit id (scenario files)."""
        if self._state.counters.get(kind, self._first.get(kind, 1) - 1) < value:
            self._state.counters[kind] = value

    def _draw(self) -> random.Random:
        self._state.draws += 1
        return random.Random(f"{self._state.seed}:{self._state.draws}")

    def token(self, length: int = 24, prefix: str = "") -> str:
        rng = self._draw()
        return prefix + "".join(rng.choice(_ALNUM) for _ in range(length))

    def digits(self, length: int) -> str:
        rng = self._draw()
        return "".join(rng.choice(string.digits) for _ in range(length))

    def hex(self, length: int) -> str:
        rng = self._draw()
        return "".join(rng.choice("0123456789abcdef") for _ in range(length))

    def randint(self, low: int, high: int) -> int:
        return self._draw().randint(low, high)

    def choice(self, options: list[str]) -> str:
        return self._draw().choice(options)

    def stable(self, *parts: object) -> int:
        """A number fixed by the seed and the parts alone, independent of draw order."""
        text = "|".join(str(p) for p in (self._state.seed, *parts))
        return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")

    def state(self) -> IdState:
        return IdState(seed=self._state.seed, counters=dict(self._state.counters), draws=self._state.draws)

    def restore(self, state: IdState) -> None:
        self._state = IdState(seed=state.seed, counters=dict(state.counters), draws=state.draws)
