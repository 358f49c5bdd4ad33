"""The state file: a round trip keeps every world exactly; a crash mid-write keeps the old file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mockpbx.control.origins import Origins, WorldOrigin
from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import Registry
from mockpbx.statefile import StateFileError, encode, load, save, write_atomically

ROOT = Path(__file__).resolve().parents[2]


def populated() -> tuple[Registry, Origins]:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    origins = Origins()
    registry.create_world("default", world_id="default")
    demo = registry.create_world("demo", seed=4, size=1, world_id="demo-one")
    origins.remember("demo-one", WorldOrigin("demo", 4, 1))
    tenant = demo.tenancy.list_tenants()[0]
    caller = demo.directory.list_extensions(tenant.id)[0]
    demo.telephony.originate_call(tenant.id, caller.number, "5550004")  # a live call, mid-flight
    demo.advance_clock(5)
    return registry, origins


def test_round_trip_keeps_every_world_byte_for_byte(tmp_path: Path) -> None:
    registry, origins = populated()
    path = tmp_path / "state.json"
    written = save(path, registry, origins)
    assert written == path.stat().st_size
    fresh, fresh_origins = Registry(), Origins()
    assert load(path, fresh, fresh_origins) == ["default", "demo-one"]
    for world in registry.worlds():
        assert fresh.get(world.id).snapshot() == world.snapshot()
    restored = fresh.get("demo-one")
    assert fresh_origins.of(restored) == WorldOrigin("demo", 4, 1)
    assert len(restored.telephony.live_calls()) == 1
    restored.reset()  # the scenario survives the restart, so reset still rebuilds it
    assert restored.telephony.live_calls() == [] and len(restored.directory.list_extensions()) == 100


def test_document_shape(tmp_path: Path) -> None:
    registry, origins = populated()
    document = json.loads(encode(registry, origins))
    assert list(document) == ["format", "saved_at", "worlds"]
    assert document["format"] == 1
    assert [{k: w[k] for k in ("id", "scenario", "seed", "size")} for w in document["worlds"]] == [
        {"id": "default", "scenario": "default", "seed": 1, "size": None},
        {"id": "demo-one", "scenario": "demo", "seed": 4, "size": 1},
    ]
    assert document["worlds"][1]["snapshot"]["format"] == 1


def test_a_crash_between_write_and_replace_keeps_the_old_file(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b"old and good")

    def crash(src: str, dst: str) -> None:
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        write_atomically(path, b"new" * 1000)
    assert path.read_bytes() == b"old and good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_killed_writer_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    registry, origins = populated()
    path = tmp_path / "state.json"
    save(path, registry, origins)
    before = path.read_bytes()
    writer = textwrap.dedent(f"""
        import os, sys, time
        from pathlib import Path
        from mockpbx.statefile import write_atomically

        def stall(fd):  # the data is written; hang before it is synced and renamed
            print("writing", flush=True)
            time.sleep(60)

        os.fsync = stall
        write_atomically(Path({str(path)!r}), b'{{"format": 1, "worlds": [' + b'x' * 5_000_000)
    """)
    process = subprocess.Popen([sys.executable, "-c", writer], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "writing\n"
        temps = [p for p in tmp_path.iterdir() if p.name != "state.json"]
        assert len(temps) == 1 and temps[0].stat().st_size > 5_000_000
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert load(path, Registry(), Origins()) == ["default", "demo-one"]


@pytest.mark.parametrize(("content", "message"), [
    (b"[]", "is not a mockpbx state file of format 1"),
    (b'{"format": 2, "worlds": []}', "is not a mockpbx state file of format 1"),
    (b'{"format": 1, "worlds": {}}', "has no list of worlds"),
    (b'{"format": 1, "worlds": [{"id": "x"}]}', "has a world without an id or snapshot"),
    (b'{"format": 1, "worlds": [{"id": "x", "seed": "one", "snapshot": {}}]}',
     "world x has a bad seed, size or scenario"),
    (b'{"format": 1, "worlds": [{"id": "x", "snapshot": {}}]}',
     "cannot rebuild world x: not a mockpbx snapshot: 4 problem(s)"),
])
def test_bad_state_files_are_refused_with_a_reason(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    with pytest.raises(StateFileError) as refused:
        load(path, Registry(), Origins())
    assert message in str(refused.value) and str(path) in str(refused.value)


def test_world_whose_scenario_file_vanished_still_loads(tmp_path: Path) -> None:
    scenario = tmp_path / "gone.yaml"
    scenario.write_text("name: gone\ntenants:\n  - {code: G1, name: Gone}\n")
    registry, origins = Registry(), Origins()
    registry.create_world(str(scenario), world_id="g")
    origins.remember("g", WorldOrigin(str(scenario), 1))
    path = tmp_path / "state.json"
    save(path, registry, origins)
    scenario.unlink()
    fresh = Registry()
    load(path, fresh, Origins())
    assert [t.code for t in fresh.get("g").tenancy.list_tenants()] == ["G1"]
    started = time.monotonic()
    fresh.get("g").reset()
    assert fresh.get("g").tenancy.list_tenants() == [] and time.monotonic() - started < 5


def test_worlds_command_lists_a_state_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mockpbx.cli import main

    registry, origins = populated()
    path = tmp_path / "state.json"
    save(path, registry, origins)
    assert main(["worlds", "--state-file", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:3] for line in lines] == [["default", "scenario=default", "seed=1"],
                                                        ["demo-one", "scenario=demo", "seed=4"]]
    assert main(["worlds", "--state-file", str(tmp_path / "missing.json")]) == 1
    assert capsys.readouterr().err.startswith(f"mockpbx: error: cannot read state file {tmp_path / 'missing.json'}")
