"""kill -9 at any moment: the state file is always a valid document, and the loss is bounded.

The server runs with ``--autosave``; the test kills it with SIGKILL while requests change
state and while saves are under way, restarts it on the same file and checks what survived.
"""

from __future__ import annotations

import json
import random
import threading
import time
import urllib.error
import urllib.request
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from mockpbx.control.origins import Origins
from mockpbx.core.registry import Registry
from mockpbx.statefile import load
from tests.cli.test_cli_serve import Served, serving
from tests.reliability.budget import CRASH_ROUNDS

AUTOSAVE = 0.5
# Loss is bounded by one interval; the rest is room for a loaded CI machine to finish a save.
LOSS_BOUND = AUTOSAVE + 2.5


def _post(served: Served, path: str, body: dict[str, object]) -> int:
    request = urllib.request.Request(served.url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0  # the server died under us: that is the point of the test


def _valid_worlds(path: Path) -> list[str]:
    """The worlds the file holds; fails the test if the file is not a loadable state document."""
    return load(path, Registry(), Origins())


def _serve(path: Path, *extra: str) -> AbstractContextManager[Served]:
    return serving("--port", "0", "--clock", "manual", "--state-file", str(path), "--autosave", str(AUTOSAVE),
                   *extra)


def test_kill_during_writes_loses_at_most_one_interval(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    created: list[tuple[str, float]] = []
    stop = threading.Event()
    with _serve(path) as served:
        def write() -> None:
            n = 0
            while not stop.is_set():
                n += 1
                if _post(served, "/_mockpbx/worlds", {"id": f"w{n}"}) == 201:
                    created.append((f"w{n}", time.monotonic()))
                else:
                    return
                time.sleep(0.05)

        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(LOSS_BOUND + 2)
        killed_at = time.monotonic()
        served.process.kill()
        served.process.wait(timeout=10)
        stop.set()
        writer.join()
    saved = _valid_worlds(path)
    old_enough = [world for world, when in created if killed_at - when > LOSS_BOUND]
    assert old_enough, "the writer made no progress before the kill"
    assert set(old_enough) <= set(saved)
    assert saved[0] == "default"
    # A restart serves exactly what the file holds.
    with _serve(path) as again:
        with urllib.request.urlopen(again.url + "/_mockpbx/worlds", timeout=10) as response:
            listed = [w["id"] for w in json.loads(response.read())["worlds"]]
        assert listed == saved


def test_kill_during_saves_always_leaves_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    chance = random.Random(14)
    for _ in range(CRASH_ROUNDS):
        # A demo world makes each save take a while, so kills land inside saves too.
        with _serve(path, "--scenario", "demo", "--size", "5") as served:
            deadline = time.monotonic() + 0.5 + chance.random() * 2.0
            while time.monotonic() < deadline:
                if _post(served, "/_mockpbx/worlds/default/clock", {"advance": 1}) != 200:
                    break
            served.process.kill()
            served.process.wait(timeout=10)
        if path.exists():
            assert _valid_worlds(path) == ["default"]
    # However slow the machine, one save completes when given the time, and is valid too.
    with _serve(path, "--scenario", "demo", "--size", "5") as served:
        before = path.stat().st_mtime_ns if path.exists() else None
        assert _post(served, "/_mockpbx/worlds/default/clock", {"advance": 1}) == 200
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not path.exists() or path.stat().st_mtime_ns == before):
            time.sleep(0.05)
        served.process.kill()
        served.process.wait(timeout=10)
    assert _valid_worlds(path) == ["default"]


def test_stale_temporary_files_are_removed_at_start(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    stale = tmp_path / ".state.json.x1y2z3.tmp"
    stale.write_bytes(b'{"format": 1, "worlds": [')  # what a kill mid-save leaves behind
    unrelated = tmp_path / ".other.json.x1y2z3.tmp"
    unrelated.write_bytes(b"not ours")
    with _serve(path) as served:
        served.process.kill()
        served.process.wait(timeout=10)
    assert not stale.exists()
    assert unrelated.read_bytes() == b"not ours"


@pytest.mark.parametrize("depth", [100_000])
def test_a_deeply_nested_state_file_is_a_one_line_error(tmp_path: Path, depth: int) -> None:
    import subprocess
    import sys

    from tests.cli.test_cli_serve import ROOT, _environment

    path = tmp_path / "state.json"
    path.write_text("[" * depth + "]" * depth)
    done = subprocess.run([sys.executable, "-m", "mockpbx", "--port", "0", "--state-file", str(path)], cwd=ROOT,
                          env=_environment(), capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (
        1, f"mockpbx: error: state file {path} is not a mockpbx state file: it is nested too deeply\n")
