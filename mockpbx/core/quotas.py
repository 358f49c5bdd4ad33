"""Request quotas per API key, counted on the world's clock under the world's lock.

A quota is a fixed window that opens at a key's first counted request and lasts ``window``
seconds; requests refused for being over the quota are not counted. Quotas are request
bookkeeping, like the journal, not domain state: snapshots leave them out, and resetting or
restoring a world (which moves its clock) starts every window afresh.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import errors
from .base import WorldBase, verb


@dataclass(frozen=True, slots=True)
class Quota:
    """One request's standing: allowed or not, what is left, and when the window reopens."""

    allowed: bool
    limit: int
    remaining: int
    retry_after: int
    reset_at: int


class QuotaVerbs(WorldBase):
    @verb
    def take_quota(self, key: str, limit: int, *, window: float = 60.0) -> Quota:
        """Count one request of ``key`` against ``limit`` per ``window`` seconds."""
        if limit <= 0 or window <= 0:
            raise errors.InvalidArgument("a quota needs a positive limit and window", field="limit")
        now = self._now()
        opened, count = self._quotas.get(key, (now, 0))
        if now >= opened + window:
            opened, count = now, 0
        available_at = opened + window
        if count >= limit:
            return Quota(False, limit, 0, max(1, math.ceil(available_at - now)), math.ceil(available_at))
        self._quotas[key] = (opened, count + 1)
        return Quota(True, limit, limit - count - 1, 0, math.ceil(available_at))
