"""Laravel's ``throttle`` middleware, per token, timed by the world's clock."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    """One request's standing: allowed or not, what is left, and when the window reopens."""

    allowed: bool
    limit: int
    remaining: int
    retry_after: int
    reset_at: int


class RateLimiter:
    """A fixed window per (world, token) that opens at its first hit and lasts ``decay`` seconds.

    That is how Laravel's RateLimiter counts: the counter expires ``decay`` seconds after
    the first attempt, not on minute boundaries. Refused attempts are not counted.
    """

    def __init__(self, decay: float = 60.0) -> None:
        self._decay = decay
        self._lock = threading.Lock()
        self._windows: dict[tuple[str, str], tuple[float, int]] = {}

    def hit(self, world_id: str, token: str, limit: int, now: float) -> Verdict:
        with self._lock:
            opened, count = self._windows.get((world_id, token), (now, 0))
            # A world reset winds its clock back; a window from the old timeline is void.
            if now >= opened + self._decay or now < opened:
                opened, count = now, 0
            available_at = opened + self._decay
            if count >= limit:
                wait = max(1, math.ceil(available_at - now))
                return Verdict(False, limit, 0, wait, math.ceil(available_at))
            count += 1
            self._windows[(world_id, token)] = (opened, count)
            return Verdict(True, limit, limit - count, 0, math.ceil(available_at))
