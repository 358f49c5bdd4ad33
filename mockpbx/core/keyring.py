"""The registry-wide key index: which world issued each key.

One invariant lives here and nowhere else: a key belongs to exactly one world. Every path
that gives a world keys (building it from a scenario, a reset, a restored snapshot, a state
file) goes through :meth:`KeyRing.claim` or :meth:`KeyRing.replace`, so no path can hand a
key to a second world. The index also lets the registry resolve a key with one dict read
instead of asking every world.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from . import errors


class KeyRing:
    """Key -> owning world id, shared by every world of one registry.

    Worlds call it while holding their own lock; it never calls back into a world, so the
    lock order world -> keyring cannot deadlock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: dict[str, str] = {}

    def owner(self, key: str) -> str | None:
        # A plain dict read: the hot path of every vendor request, safe without the lock.
        return self._owner.get(key)

    def claim(self, world_id: str, key: str) -> None:
        """Record that ``world_id`` issued ``key``; refused if another world holds it."""
        with self._lock:
            self._refuse_taken(world_id, (key,))
            self._owner[key] = world_id

    def release(self, world_id: str, keys: Iterable[str]) -> None:
        """Forget keys the world no longer holds (revoked, or its tenant deleted)."""
        with self._lock:
            for key in keys:
                if self._owner.get(key) == world_id:
                    del self._owner[key]

    def replace(self, world_id: str, keys: Iterable[str]) -> None:
        """Make ``keys`` the world's whole key set, all or nothing.

        Raises:
            AlreadyExists: one of the keys belongs to another world; nothing changed.
        """
        wanted = set(keys)
        with self._lock:
            self._refuse_taken(world_id, wanted)
            for key in [k for k, owner in self._owner.items() if owner == world_id and k not in wanted]:
                del self._owner[key]
            for key in wanted:
                self._owner[key] = world_id

    def forget_world(self, world_id: str) -> None:
        with self._lock:
            for key in [k for k, owner in self._owner.items() if owner == world_id]:
                del self._owner[key]

    def _refuse_taken(self, world_id: str, keys: Iterable[str]) -> None:
        for key in keys:
            owner = self._owner.get(key)
            if owner is not None and owner != world_id:
                # The other world's id is named, never the key: the message may reach a client.
                raise errors.AlreadyExists("a key is already issued by another world", world_id=owner)
