"""``mockpbx report`` and ``mockpbx faults`` against a real server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import xmlschema

from mockpbx.cli import main
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings
from mockpbx.testing.server import ThreadedServer

SCHEMA = xmlschema.XMLSchema(Path(__file__).parents[1] / "conformance" / "junit.xsd")


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadedServer]:
    with ThreadedServer(settings=Settings(clock=ClockMode.MANUAL), threads=2, tick=False) as running:
        yield running


def test_report_writes_schema_valid_junit(server: ThreadedServer, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    requests.get(f"{server.url}/?apikey=Test123456789&action=pbxware.tenant.list&sever=1", timeout=5)
    out = tmp_path / "report.xml"
    assert main(["report", "--url", server.url, "--world", "default", "--format", "junit", "-o", str(out)]) == 0
    SCHEMA.validate(out.read_text())
    assert "unknown_parameter 'sever'" in out.read_text()
    assert main(["report", "--url", server.url, "--format", "junit", "-o", str(out), "--fail-on-findings"]) == 3
    assert main(["report", "--url", server.url, "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# mockpbx conformance: world default\n")


def test_faults_add_list_remove_clear(server: ThreadedServer, capsys: pytest.CaptureFixture[str]) -> None:
    body = '{"name":"status","target":{"vendor":"pbxware"},"trigger":{"kind":"next"},"options":{"status":502}}'
    assert main(["faults", "--url", server.url, "add", body]) == 0
    armed = json.loads(capsys.readouterr().out)
    assert (armed["name"], armed["options"]) == ("status", {"status": 502})
    answer = requests.get(f"{server.url}/?apikey=Test123456789&action=pbxware.tenant.list", timeout=5)
    assert answer.status_code == 502
    assert main(["faults", "--url", server.url, "list"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(f["id"], f["fired"]) for f in listed["faults"]] == [(armed["id"], 1)]
    assert main(["faults", "--url", server.url, "remove", armed["id"]]) == 0
    assert main(["faults", "--url", server.url, "clear"]) == 0
    assert json.loads(capsys.readouterr().out) == {"removed": 0}


def test_refusals_exit_1_with_the_servers_words(server: ThreadedServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faults", "--url", server.url, "add", '{"name":"meteor","target":{"vendor":"epbx"}}']) == 1
    assert "422" in capsys.readouterr().err
    assert main(["report", "--url", server.url, "--world", "nope"]) == 1
    assert capsys.readouterr().err == (f"mockpbx: error: GET {server.url}/_mockpbx/worlds/nope/report?format=junit: "
                                       "404: no such world\n")
    assert main(["faults", "--url", server.url, "add"]) == 1
    assert main(["report", "--url", "http://127.0.0.1:9"]) == 1


def readme_fault_commands() -> list[list[str]]:
    """The ``mockpbx faults`` commands of the README's "without pytest" block, as argv lists."""
    import shlex

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("Without pytest, arm the same faults", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(command) for command in block.replace("\n ", " ").split("mockpbx ")[1:]]


def test_the_readmes_fault_commands_arm_what_they_say(server: ThreadedServer,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    commands = readme_fault_commands()
    assert [argv[:3] for argv in commands] == [["faults", "--world", "default"]] * 2
    armed = []
    for argv in commands:
        assert main([*argv[:1], "--url", server.url, *argv[1:]]) == 0
        armed.append(json.loads(capsys.readouterr().out))
    assert [(f["name"], f["trigger"]["kind"]) for f in armed] == [("status", "next"), ("trunk_down", "window")]
    assert (armed[0]["trigger"]["count"], armed[0]["options"]) == (3, {"status": 502})
    statuses = [requests.get(f"{server.url}/?apikey=Test123456789&action=pbxware.tenant.list", timeout=5).status_code
                for _ in range(4)]
    assert statuses == [502, 502, 502, 200]
    assert main(["faults", "--url", server.url, "clear"]) == 0
