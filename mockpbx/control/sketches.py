"""Sketched worlds: build (or rebuild) a world from a WorldSketch, for fuzzing a client.

The first sketch of a world id builds the base and keeps its snapshot; every later sketch
restores that snapshot and applies its edits, so one example costs about a millisecond.
"""

from __future__ import annotations

import threading
import time

from flask import Blueprint, Response, current_app, jsonify

from ..core import errors
from ..core.clock import ClockMode
from ..core.sketches import WorldSketch, apply_sketch, check_sketch_world, sketch_base_scenario, sketch_keys
from ..core.world import World
from .bodies import checked_world_id, json_body
from .context import origins, the_registry
from .origins import WorldOrigin
from .serialize import Json

BASES_EXTENSION = "mockpbx.sketch_bases"


class _Bases:
    """(world id, seed) -> snapshot of that world's sketch base, which depends on nothing else."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshots: dict[tuple[str, int], bytes] = {}

    def get(self, world_id: str, seed: int) -> bytes | None:
        with self._lock:
            return self._snapshots.get((world_id, seed))

    def keep(self, world_id: str, seed: int, snapshot: bytes) -> None:
        with self._lock:
            self._snapshots[(world_id, seed)] = snapshot


def _bases() -> _Bases:
    found = current_app.extensions.setdefault(BASES_EXTENSION, _Bases())
    assert isinstance(found, _Bases)
    return found


def _world_for_sketch(world_id: str) -> World:
    registry = the_registry()
    try:
        found = registry.get(world_id)
    except errors.NotFound:
        found = registry.create_world(sketch_base_scenario(), world_id=world_id, clock_mode=ClockMode.MANUAL)
        origins().remember(world_id, WorldOrigin("sketch", found.seed))
    check_sketch_world(found)
    return found


def sketch_world(world_id: str, sketch: WorldSketch) -> tuple[World, Json]:
    """Restore ``world_id`` to its base and apply ``sketch``; a refused sketch leaves the world as it was."""
    started = time.perf_counter()
    found = _world_for_sketch(world_id)
    bases = _bases()
    # One sketch at a time per world: restore, edits and the journal reset happen as one step.
    with found.transaction():
        base = bases.get(world_id, found.seed)
        if base is None:
            found.reset()
            base = found.snapshot()
            bases.keep(world_id, found.seed, base)
        before = found.snapshot()
        found.restore(base)
        try:
            tenants = apply_sketch(found, sketch)
        except errors.DomainError:
            found.restore(before)
            raise
        found.clear_journal()
    keys = sketch_keys(world_id)
    built_ms = round((time.perf_counter() - started) * 1000, 3)
    return found, {
        "id": world_id,
        "keys": {"epbx": keys.epbx, "pbxcloud_admin": keys.pbxcloud_admin, "pbxware": keys.pbxware},
        "tenants": [{"code": t.code, "id": t.id, "key": t.key} for t in tenants],
        "built_ms": built_ms,
    }


def register(bp: Blueprint) -> None:
    @bp.put("/worlds/<world_id>/sketch")
    def put_sketch(world_id: str) -> Response:
        """Make world ``world_id`` hold exactly a sketch (created on first use, manual clock).

        Body:
            a WorldSketch: ``{"tenants": [{"code", "name", "suspended", "extensions": [{"number",
            "name"}], "calls": [{"direction", "disposition", "start", "ring", "talk",
            "extension", "peer", "caller_name", "record"}]}], "wallet": "100.00",
            "rate_limit_remaining": null}``.

        Returns:
            200 ``{"id", "keys": {"epbx", "pbxcloud_admin", "pbxware"}, "tenants": [{"code",
            "id", "key"}], "built_ms"}``; 409 if the world exists and was not made from a sketch;
            422 for a bad sketch (the world is then unchanged).
        """
        checked_id = checked_world_id(world_id)
        sketch = WorldSketch.model_validate(json_body())
        _, answer = sketch_world(checked_id, sketch)
        return jsonify(answer)
