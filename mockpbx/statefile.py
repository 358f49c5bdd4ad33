"""The state file: every world of a server, saved on shutdown and loaded on start-up.

Format (version 1), one JSON document::

    {"format": 1, "saved_at": "2026-01-05T09:00:00Z",
     "worlds": [{"id": "default", "scenario": "default", "seed": 1, "size": null,
                 "snapshot": {...World.snapshot()...}}, ...]}

``scenario`` is what the world was built from (a name, a file path or an inline scenario),
so that ``reset`` still works after a restart; ``snapshot`` is the world's whole state,
clock and id positions. Writes are atomic: a temporary file in the same directory is
written and fsynced, then renamed over the old file, so a crash at any instant leaves
either the old file or the new one, never a torn one.
"""

from __future__ import annotations

import contextlib
import glob
import json
import logging
import os
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .control.origins import Origins, WorldOrigin, scenario_from
from .core import errors
from .core.registry import Registry
from .core.scenarios import Scenario

FORMAT = 1

log = logging.getLogger(__name__)


class StateFileError(Exception):
    """The state file exists but cannot be used; the message says which file and why."""


def encode(registry: Registry, origins: Origins) -> bytes:
    """The state document for every world, built piecewise so snapshots are not re-parsed."""
    return _document(encode_worlds(registry, origins))


def encode_worlds(registry: Registry, origins: Origins) -> bytes:
    """The document's list of worlds alone: what autosave compares to tell whether anything changed."""
    parts: list[bytes] = []
    for world in registry.worlds():
        origin = origins.of(world)
        head = json.dumps({"id": world.id, "scenario": origin.scenario, "seed": origin.seed, "size": origin.size})
        parts.append(head[:-1].encode() + b', "snapshot": ' + world.snapshot() + b"}")
    return b",\n".join(parts)


def _document(worlds: bytes) -> bytes:
    saved_at = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    return f'{{"format": {FORMAT}, "saved_at": "{saved_at}", "worlds": ['.encode() + worlds + b"]}\n"


def write_document(path: Path, worlds: bytes) -> int:
    """Write a document holding ``worlds`` (from :func:`encode_worlds`) atomically; returns its size."""
    data = _document(worlds)
    write_atomically(path, data)
    return len(data)


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete the temporary files a kill during a save left beside ``path``; returns them.

    Only names :func:`write_atomically` makes (``.NAME.*.tmp``) are touched.
    """
    directory = path.parent if str(path.parent) else Path(".")
    removed = []
    try:
        candidates = list(directory.glob(f".{glob.escape(path.name)}.*.tmp"))
    except OSError:
        return []
    for candidate in candidates:
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    if removed:
        log.warning("removed %d stale temporary file(s) beside %s, left by a save that was cut short",
                    len(removed), path)
    return removed


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new one."""
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    # The rename itself must reach the disk, or a power cut could bring the old name back.
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def save(path: Path, registry: Registry, origins: Origins) -> int:
    """Write every world to ``path`` atomically; returns the number of bytes written."""
    data = encode(registry, origins)
    write_atomically(path, data)
    log.info("saved %d world(s) to %s (%d bytes)", len(registry.worlds()), path, len(data))
    return len(data)


def check_writable(path: Path) -> None:
    """Refuse at start a state file that could not be saved at shutdown.

    ``save`` writes a temporary file beside ``path`` and renames it, so the directory must
    exist (or be creatable) and take a new file; ``path`` itself must not be a directory. A
    bind mount the server's user cannot write is found now, not after hours of serving.

    Raises:
        StateFileError: with the reason, in one line.
    """
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise StateFileError(f"cannot write state file {path}: it is a directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=directory)
        os.close(fd)
        os.unlink(probe)
        if path.exists() and not os.access(path, os.W_OK):
            # rename would still replace it, but an unwritable file says the owner did not mean us to
            raise PermissionError(13, "Permission denied")
    except OSError as exc:
        raise StateFileError(f"cannot write state file {path}: {exc.strerror or exc}") from None


def load(path: Path, registry: Registry, origins: Origins) -> list[str]:
    """Rebuild the worlds saved in ``path`` into an empty registry; returns their ids.

    Raises:
        StateFileError: the file is unreadable, not a state document, or a world in it
            cannot be rebuilt.
    """
    try:
        document = json.loads(path.read_bytes())
    except OSError as exc:
        raise StateFileError(f"cannot read state file {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise StateFileError(f"state file {path} is not JSON: {exc}") from None
    except RecursionError:
        raise StateFileError(f"state file {path} is not a mockpbx state file: it is nested too deeply") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StateFileError(f"state file {path} is not a mockpbx state file of format {FORMAT}")
    worlds = document.get("worlds")
    if not isinstance(worlds, list):
        raise StateFileError(f"state file {path} has no list of worlds")
    loaded = []
    for entry in worlds:
        loaded.append(_load_world(path, entry, registry, origins))
    return loaded


def _load_world(path: Path, entry: Any, registry: Registry, origins: Origins) -> str:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or "snapshot" not in entry:
        raise StateFileError(f"state file {path} has a world without an id or snapshot")
    world_id: str = entry["id"]
    seed = entry.get("seed", 1)
    size = entry.get("size")
    source = entry.get("scenario", "default")
    if not isinstance(seed, int) or not (size is None or isinstance(size, int)) or not isinstance(source, str | dict):
        raise StateFileError(f"state file {path}: world {world_id} has a bad seed, size or scenario")
    try:
        scenario = scenario_from(source, size=size)
    except errors.DomainError as exc:
        # The scenario file may be gone; the snapshot still holds everything, only reset is lost.
        log.warning("world %s: %s; it is restored from its snapshot, and reset will empty it", world_id,
                    exc.message)
        scenario = Scenario(f"{source}" if isinstance(source, str) else "inline", lambda world: None)
    try:
        world = registry.create_world(scenario, seed=seed, world_id=world_id, size=size)
        world.restore(json.dumps(entry["snapshot"]))
    except errors.DomainError as exc:
        raise StateFileError(f"state file {path}: cannot rebuild world {world_id}: {exc.message}") from None
    origins.remember(world_id, WorldOrigin(source, seed, size))
    return world_id


def world_ids(path: Path) -> Iterable[str]:
    """The ids of the worlds a state file holds, without rebuilding them."""
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as exc:
        raise StateFileError(f"cannot read state file {path}: {exc.__class__.__name__}") from None
    worlds = document.get("worlds", []) if isinstance(document, dict) else []
    return [str(w.get("id")) for w in worlds if isinstance(w, dict)] if isinstance(worlds, list) else []
