"""Autosave writes the state file when something changed, and only then."""

from __future__ import annotations

from pathlib import Path

from mockpbx.autosave import Autosaver
from mockpbx.control.origins import Origins
from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import Registry
from mockpbx.statefile import load


def test_saves_after_a_change_and_not_when_idle(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    registry, origins = Registry(clock_mode=ClockMode.MANUAL), Origins()
    world = registry.create_world("default", world_id="default")
    saver = Autosaver(path, registry, origins, interval=3600)
    saver._last = None  # not started: nothing counts as saved yet
    assert saver.save_if_changed() is True
    first = path.read_bytes()
    assert saver.save_if_changed() is False  # idle: the file is not rewritten
    assert path.read_bytes() == first
    world.advance_clock(60)
    assert saver.save_if_changed() is True
    fresh = Registry()
    assert load(path, fresh, Origins()) == ["default"]
    assert fresh.get("default").snapshot() == world.snapshot()


def test_start_counts_the_current_worlds_as_saved(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    registry, origins = Registry(clock_mode=ClockMode.MANUAL), Origins()
    registry.create_world("default", world_id="default")
    saver = Autosaver(path, registry, origins, interval=3600).start()
    try:
        assert saver.save_if_changed() is False
        assert not path.exists()
        registry.create_world("demo", size=1, world_id="more")
        assert saver.save_if_changed() is True
        assert load(path, Registry(), Origins()) == ["default", "more"]
    finally:
        saver.stop()
