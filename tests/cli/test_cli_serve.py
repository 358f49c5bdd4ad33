"""The real server as a process: banner with the bound port, health, SIGTERM saves, restart reloads."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest

from mockpbx.cli import check_host, main

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCKPBX_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


class Served:
    def __init__(self, process: subprocess.Popen[str], url: str, banner: list[str], errors: IO[bytes]) -> None:
        self.process = process
        self.url = url
        self.banner = banner
        self._errors = errors

    def stderr(self) -> str:
        self._errors.seek(0)
        return self._errors.read().decode()

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())

    def stop(self, signum: int) -> tuple[int, str]:
        self.process.send_signal(signum)
        rest, _ = self.process.communicate(timeout=30)
        return self.process.returncode, rest


@contextmanager
def serving(*args: str) -> Iterator[Served]:
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen([sys.executable, "-m", "mockpbx", *args], cwd=ROOT, env=_environment(),
                               stdout=subprocess.PIPE, stderr=errors, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in iter(process.stdout.readline, ""):
            lines.put(line)
            if line.startswith("mockpbx listening on "):
                return

    threading.Thread(target=pump, daemon=True).start()
    banner: list[str] = []
    try:
        while True:
            line = lines.get(timeout=START_TIMEOUT)
            banner.append(line.rstrip("\n"))
            if line.startswith("mockpbx listening on "):
                break
        yield Served(process, line.split()[-1], banner, errors)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
        errors.close()


def test_serve_saves_on_sigterm_and_reloads_on_start(tmp_path: Path) -> None:
    state = tmp_path / "state" / "mockpbx.json"
    with serving("serve", "--port", "0", "--clock", "manual", "--state-file", str(state)) as server:
        assert server.url.startswith("http://127.0.0.1:") and not server.url.endswith(":0")
        assert "  PBXware  master, every tenant        apikey=Test123456789" in server.banner
        assert any(line.endswith(f"{server.url}/api/v2") for line in server.banner)
        assert any(line.endswith(f"{server.url}/pbx/proxyapi.php") for line in server.banner)
        status, health = server.call("GET", "/_mockpbx/health")
        assert (status, health["status"], health["worlds"]) == (200, "ok", 1)
        status, created = server.call("POST", "/_mockpbx/worlds", {"id": "survivor", "seed": 5, "clock": "manual"})
        assert status == 201
        server.call("POST", "/_mockpbx/worlds/survivor/clock", {"advance": 3600})
        code, out = server.stop(signal.SIGTERM)
    assert code == 0
    assert f"mockpbx: saved 2 world(s) to {state}" in out
    document = json.loads(state.read_bytes())
    assert document["format"] == 1
    assert [(w["id"], w["scenario"], w["seed"]) for w in document["worlds"]] == [
        ("default", "default", 1), ("survivor", "default", 5)]
    assert not [p for p in state.parent.iterdir() if p.name != state.name]  # no temp file left behind

    with serving("--port", "0", "--state-file", str(state)) as again:
        assert 'world "survivor" (scenario default): 6 key(s)' in again.banner  # every loaded world's keys
        status, survivor = again.call("GET", "/_mockpbx/worlds/survivor")
        assert status == 200
        assert survivor["keys"] == created["keys"]
        assert survivor["clock"]["now"] == created["clock"]["now"] + 3600
        assert again.call("GET", "/_mockpbx/health")[1]["worlds"] == 2
        code, _ = again.stop(signal.SIGINT)
    assert code == 0


def test_unreadable_state_file_stops_start_up_in_one_line(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{not json")
    done = subprocess.run([sys.executable, "-m", "mockpbx", "--port", "0", "--state-file", str(state)], cwd=ROOT,
                          env=_environment(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"mockpbx: error: state file {state} is not JSON: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)")
    assert state.read_text() == "{not json"


def test_a_state_file_that_cannot_be_written_is_refused_at_start_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    for state, reason in ((blocker / "state.json", "File exists"), (tmp_path, "it is a directory")):
        done = subprocess.run([sys.executable, "-m", "mockpbx", "--port", "0", "--state-file", str(state)], cwd=ROOT,
                              env=_environment(), capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stdout, done.stderr) == (
            1, "", f"mockpbx: error: cannot write state file {state}: {reason}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-directory"]  # no probe left behind


def test_a_state_file_that_becomes_unwritable_while_serving_exits_1_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    state = folder / "state.json"
    with serving("--port", "0", "--state-file", str(state)) as server:
        folder.rmdir()  # the start-up check passed; now the folder is gone and a file is in its place
        folder.write_text("")
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=30)
        assert server.process.returncode == 1
        assert server.stderr().splitlines()[-1] == (
            f"mockpbx: error: cannot save state file {state}: File exists")


@pytest.mark.parametrize(("host", "message"), [
    ("256.1.1.1", "--host 256.1.1.1: not an IP address"),
    ("1.2.3", "--host 1.2.3: not an IP address"),
    ("::g", "--host ::g: not an IP address"),
])
def test_a_bad_host_exits_2_in_one_line_before_anything_starts(host: str, message: str) -> None:
    done = subprocess.run([sys.executable, "-m", "mockpbx", "--host", host, "--port", "0"], cwd=ROOT,
                          env=_environment(), capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"mockpbx: error: {message}\n")


def test_a_host_name_that_does_not_resolve_exits_2_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    asked: list[str] = []

    def no_such_name(host: str, *args: object, **kwargs: object) -> list[object]:
        asked.append(host)  # answered here, so the test sends no DNS query
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    assert main(["serve", "--host", "pbx.nowhere.invalid", "--port", "0"]) == 2
    assert asked == ["pbx.nowhere.invalid"]
    assert capsys.readouterr().err == (
        "mockpbx: error: --host pbx.nowhere.invalid: not an IP address, nor a host name this machine resolves\n")


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]", "::1", "0.0.0.0"])
def test_addresses_pass_the_host_check_without_a_lookup(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", None)  # an address never needs one
    check_host(host)
