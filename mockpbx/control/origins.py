"""Where each world came from, so it can be described, saved and rebuilt after a restart."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import ValidationError

from ..core import errors
from ..core.numerals import whole_number
from ..core.registry import DEFAULT_WORLD
from ..core.scenarios import (
    BUILTIN,
    DEFAULT_EPOCH,
    Scenario,
    ScenarioFile,
    build_from_file,
    file_scenario,
    load_scenario,
)
from ..core.world import World

ScenarioSource = str | dict[str, Any]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorldOrigin:
    """The recipe a world was built from: a scenario name, a file path or an inline scenario."""

    scenario: ScenarioSource
    seed: int
    size: int | None = None


def scenario_from(source: ScenarioSource, *, size: int | None = None) -> Scenario:
    """Build a scenario from a name (``default``, ``demo``), a file path or an inline ScenarioFile."""
    if isinstance(source, str):
        return load_scenario(source, size=size)
    try:
        spec = ScenarioFile.model_validate(source)
    except ValidationError as exc:
        raise errors.InvalidArgument(f"invalid inline scenario: {exc.error_count()} problem(s): "
                                     f"{_first_problem(exc)}", field="scenario") from None
    epoch = spec.epoch.timestamp() if spec.epoch else DEFAULT_EPOCH
    return Scenario(spec.name, lambda world: build_from_file(world, spec), epoch)


SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")


def control_scenario(source: ScenarioSource, *, size: int | None, scenario_dir: Path | None) -> Scenario:
    """A scenario asked for over HTTP: a built-in name, an inline scenario, or a file under
    ``scenario_dir`` by its relative name -- never any other file the server can read.

    Every refusal of a file reads the same whether or not the file exists, and no message
    quotes a file's contents.
    """
    if not isinstance(source, str) or source == "demo" or source in BUILTIN:
        return scenario_from(source, size=size)
    refusal = errors.InvalidArgument(
        f"scenario {source[:100]!r} is neither a built-in scenario (default, pbxware-box, demo) nor a usable "
        f"file in the server's scenario directory (--scenario-dir)", field="scenario")
    if scenario_dir is None or not _plain_relative(source):
        raise refusal
    root = scenario_dir.resolve()
    candidate = (root / source).resolve()
    # A symlink inside the directory may point anywhere; what counts is where it lands.
    if not candidate.is_relative_to(root) or not candidate.is_file():
        raise refusal
    try:
        return file_scenario(candidate)
    except errors.DomainError as exc:
        log.warning("scenario file %s refused: %s", candidate, exc.message)  # the operator sees why
        raise refusal from None


def _plain_relative(name: str) -> bool:
    if not name or len(name) > 255 or "\\" in name or "\0" in name or not name.endswith(SCENARIO_SUFFIXES):
        return False
    # Split by hand: PurePosixPath would quietly drop "." and "" segments before they are seen.
    return (not PurePosixPath(name).is_absolute() and not PureWindowsPath(name).drive
            and all(part not in ("", ".", "..") for part in name.split("/")))


def _first_problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    return ".".join(str(p) for p in first["loc"]) + ": " + first["msg"]


class Origins:
    """World id → origin for one app; worlds made elsewhere fall back to their scenario's name."""

    def __init__(self, default_scenario: str = "default", default_size: int | None = None) -> None:
        self._lock = threading.Lock()
        self._origins: dict[str, WorldOrigin] = {}
        self._default_scenario = default_scenario
        self._default_size = default_size

    def remember(self, world_id: str, origin: WorldOrigin) -> None:
        with self._lock:
            self._origins[world_id] = origin

    def forget(self, world_id: str) -> None:
        with self._lock:
            self._origins.pop(world_id, None)

    def of(self, world: World) -> WorldOrigin:
        with self._lock:
            known = self._origins.get(world.id)
        if known is not None:
            return known
        if world.id == DEFAULT_WORLD:
            return WorldOrigin(self._default_scenario, world.seed,
                               self._default_size if self._default_scenario == "demo" else None)
        name = world.scenario.name
        size = whole_number(name[5:]) if name.startswith("demo:") else None
        if size is not None:
            return WorldOrigin("demo", world.seed, size)
        return WorldOrigin(name, world.seed)
