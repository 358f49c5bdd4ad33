"""The world's clock: wall time (optionally scaled) or manual time moved by the control plane."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class ClockMode(StrEnum):
    REALTIME = "realtime"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class ClockState:
    """What a snapshot keeps of a clock: enough to resume at the same virtual instant."""

    now: float
    mode: ClockMode
    scale: float


class Clock:
    """Virtual epoch seconds.

    Realtime mode follows the wall clock from an anchor, multiplied by ``scale``; manual
    mode stands still until :meth:`advance`. Re-anchoring on every change keeps time
    continuous, so events scheduled on the clock never see it jump backwards.
    """

    def __init__(
        self,
        *,
        start: float | None = None,
        mode: ClockMode = ClockMode.REALTIME,
        scale: float = 1.0,
        wall: Callable[[], float] = time.time,
    ) -> None:
        if scale <= 0:
            raise ValueError("clock scale must be positive")
        self._wall = wall
        self._lock = threading.Lock()
        self._mode = mode
        self._scale = scale
        self._anchor_wall = wall()
        self._anchor_virtual = self._anchor_wall if start is None else start

    def now(self) -> float:
        with self._lock:
            return self._now_unlocked()

    def _now_unlocked(self) -> float:
        if self._mode is ClockMode.MANUAL:
            return self._anchor_virtual
        return self._anchor_virtual + (self._wall() - self._anchor_wall) * self._scale

    @property
    def mode(self) -> ClockMode:
        return self._mode

    @property
    def scale(self) -> float:
        return self._scale

    def advance(self, seconds: float) -> float:
        """Move virtual time forward in either mode and return the new instant."""
        if seconds < 0:
            raise ValueError("the clock cannot go backwards")
        with self._lock:
            self._reanchor()
            self._anchor_virtual += seconds
            return self._anchor_virtual

    def configure(self, *, mode: ClockMode | None = None, scale: float | None = None) -> None:
        if scale is not None and scale <= 0:
            raise ValueError("clock scale must be positive")
        with self._lock:
            self._reanchor()
            if mode is not None:
                self._mode = mode
            if scale is not None:
                self._scale = scale

    def _reanchor(self) -> None:
        now = self._now_unlocked()
        self._anchor_wall = self._wall()
        self._anchor_virtual = now

    def state(self) -> ClockState:
        with self._lock:
            return ClockState(now=self._now_unlocked(), mode=self._mode, scale=self._scale)

    def restore(self, state: ClockState) -> None:
        with self._lock:
            self._mode = state.mode
            self._scale = state.scale
            self._anchor_wall = self._wall()
            self._anchor_virtual = state.now
