"""fuzz-client against the two example clients: each planted bug is found, shrunk and replayed.

Bounded for CI: a fixed seed, few examples and a small shrinking budget per run.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from mockpbx.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PYTHON_CLIENT = EXAMPLES / "python-cdr-sync"
NODE_CLIENT = EXAMPLES / "node-extensions"
BOUNDS = ["--examples", "20", "--seed", "3", "--max-shrinks", "40"]
# A clean client is run on fewer worlds: each run is a process start, and the failing runs above
# already show the bugs turn up within these bounds.
PASSING = ["--examples", "12", "--seed", "3"]


def _fuzz(tmp_path: Path, vendor: str, prop: Path, command: list[str], bounds: list[str] = BOUNDS) -> int:
    return main(["fuzz-client", "--vendor", vendor, *bounds, "--failures", str(tmp_path / "failures"),
                 "--property", str(prop), "--", *command])


def _fixed_copy(tmp_path: Path, source: Path, bug: str, fix: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(bug) == 1
    fixed = tmp_path / source.name
    fixed.write_text(text.replace(bug, fix), encoding="utf-8")
    return fixed


def test_the_pagination_bug_is_found_shrunk_to_one_page_and_one_row_and_replays(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    client = [sys.executable, str(PYTHON_CLIENT / "cdr_sync.py")]
    assert _fuzz(tmp_path, "pbxware", PYTHON_CLIENT / "property.py", client) == 1
    out = capsys.readouterr().out
    failure = tmp_path / "failures" / "1.json"
    assert "to 1 tenant(s), 17 CDR(s)" in out
    assert f"reproduce: mockpbx replay {failure} -- {sys.executable} {PYTHON_CLIENT / 'cdr_sync.py'}" in out
    document = json.loads(failure.read_text(encoding="utf-8"))
    # The smallest world that shows the bug: one page of 16 and one row over.
    assert [len(t["calls"]) for t in document["world"]["tenants"]] == [17]
    assert document["problems"] == ["property property.py: synced 33 CDRs, the world holds 17"]
    assert [(r["vendor"], r["params"]["page"]) for r in document["requests"]] == [
        ("pbxware", "0"), ("pbxware", "1"), ("pbxware", "2")]
    assert document["output"] == {"exit_code": 0, "stdout": '{"calls": 33, "billsec": 990}\n', "stderr": ""}

    assert main(["replay", str(failure)]) == 1
    replayed = capsys.readouterr()
    assert replayed.out == '{"calls": 33, "billsec": 990}\n'
    assert replayed.err == ("mockpbx replay: the same failure:\n"
                            "  property property.py: synced 33 CDRs, the world holds 17\n")


def test_the_fixed_sync_passes_and_replays_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixed = _fixed_copy(tmp_path, PYTHON_CLIENT / "cdr_sync.py", "FIRST_PAGE = 0", "FIRST_PAGE = 1")
    assert _fuzz(tmp_path, "pbxware", PYTHON_CLIENT / "property.py", [sys.executable, str(fixed)], PASSING) == 0
    assert capsys.readouterr().out == "mockpbx fuzz-client: passed 12 examples (seed 3)\n"
    assert not (tmp_path / "failures").exists()


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_pipe_split_bug_is_found_shrunk_to_one_character_and_replays(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    client = ["node", str(NODE_CLIENT / "directory.js")]
    assert _fuzz(tmp_path, "pbxcloud", NODE_CLIENT / "property.py", client) == 1
    capsys.readouterr()
    failure = tmp_path / "failures" / "1.json"
    document = json.loads(failure.read_text(encoding="utf-8"))
    tenants = document["world"]["tenants"]
    assert len(tenants) == 1 and len(tenants[0]["extensions"]) == 1
    # One character a plain table cannot carry: a pipe or a line break.
    assert tenants[0]["extensions"][0]["name"] in ("|", "\n")
    assert [r["params"]["reqtype"] for r in document["requests"]] == ["INFO"]
    assert main(["replay", str(failure), "--", *client]) == 1
    assert "mockpbx replay: the same failure:" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_json_directory_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixed = _fixed_copy(tmp_path, NODE_CLIENT / "directory.js", 'const FORMAT = "plain";', 'const FORMAT = "json";')
    assert _fuzz(tmp_path, "pbxcloud", NODE_CLIENT / "property.py", ["node", str(fixed)], PASSING) == 0
    assert capsys.readouterr().out == "mockpbx fuzz-client: passed 12 examples (seed 3)\n"


def test_a_failing_exit_code_alone_is_a_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    command = [sys.executable, "-c", "import os, sys; sys.exit(3 if os.environ['MOCKPBX_TENANTS'] else 0)"]
    assert main(["fuzz-client", "--vendor", "epbx", *BOUNDS, "--failures", str(tmp_path), "--", *command]) == 1
    document = json.loads((tmp_path / "1.json").read_text(encoding="utf-8"))
    assert document["problems"] == ["the command exited with status 3"]
    # Shrunk to one tenant with nothing in it.
    assert document["world"] == {"tenants": [{"code": "100", "name": "a", "suspended": False, "extensions": [],
                                              "calls": []}], "wallet": "100.00", "rate_limit_remaining": None}
    assert document["env"]["MOCKPBX_TENANTS"] == "100"
    assert document["env"]["MOCKPBX_EPBX_TOKEN"] == "fuzz-epbx-reseller"
    capsys.readouterr()


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fuzz-client", "--vendor", "pbxware"]) == 2
    assert capsys.readouterr().err == "mockpbx: error: give the client's command after --\n"


def test_conformance_findings_in_the_journal_are_failures() -> None:
    from mockpbx.core.sketches import WorldSketch
    from mockpbx.fuzzing.runner import ClientRun, conformance_oracle
    from mockpbx.fuzzing.session import WorldSession

    def run(requests: list[dict[str, object]]) -> ClientRun:
        return ClientRun(WorldSketch(), {}, {}, 0, "", "", requests, WorldSession("http://127.0.0.1:9"))

    clean = {"method": "GET", "path": "/", "params": {"action": "pbxware.ext.list"}, "findings": []}
    wrong = {"method": "GET", "path": "/", "params": {"action": "pbxware.ext.list"},
             "findings": [{"class": "unknown_parameter", "parameter": "tenant", "expected": "server",
                           "near_miss": ""}]}
    assert conformance_oracle(run([clean, {"method": "GET", "path": "/", "params": {}}])) == []
    assert conformance_oracle(run([clean, wrong])) == [
        "non-conformant request GET / (pbxware.ext.list): unknown_parameter 'tenant' (expected server)"]


# A client that reads the tenant list once and gives up on any answer but 200: it never retries
# a 502, so only a fault can fail it.
NO_RETRY_CLIENT = '''
import os, sys, urllib.error, urllib.request
url = os.environ["MOCKPBX_URL"] + "/?apikey=" + os.environ["MOCKPBX_PBXWARE_KEY"] + "&action=pbxware.tenant.list"
try:
    urllib.request.urlopen(url, timeout=10).read()
except urllib.error.HTTPError as exc:
    print(f"tenant list: HTTP {exc.code}", file=sys.stderr)
    sys.exit(1)
'''
ONE_502 = {"name": "status", "target": {"vendor": "pbxware"}, "trigger": {"kind": "next", "count": 1},
           "options": {"status": 502}}


def test_a_client_that_does_not_retry_fails_only_on_a_drawn_502_which_replay_rearms(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "no_retry.py"
    script.write_text(NO_RETRY_CLIENT, encoding="utf-8")
    command = [sys.executable, str(script)]
    failures = tmp_path / "failures"
    base = ["fuzz-client", "--vendor", "pbxware", "--examples", "12", "--seed", "3", "--max-shrinks", "40",
            "--failures", str(failures)]
    # Without faults every world passes: the client is fine as long as the vendor is.
    assert main([*base, "--", *command]) == 0
    assert capsys.readouterr().out == "mockpbx fuzz-client: passed 12 examples (seed 3)\n"

    assert main([*base, "--faults", "--", *command]) == 1
    out = capsys.readouterr().out
    failure = failures / "1.json"
    assert "to 0 tenant(s), 0 CDR(s), 1 fault(s)\n" in out
    assert "  fault: status on pbxware, next 1, status=502\n" in out
    document = json.loads(failure.read_text(encoding="utf-8"))
    # Shrunk to the empty world and the one fault that matters.
    assert document["world"]["tenants"] == []
    assert document["faults"] == [ONE_502]
    [fired] = document["fault_firings"]
    assert (fired["name"], fired["vendor"], fired["operation"]) == ("status", "pbxware", "pbxware.tenant.list")
    assert [(r["params"]["action"], r["status"], r["fault"]) for r in document["requests"]] == [
        ("pbxware.tenant.list", 502, "status")]
    assert document["problems"] == ["the command exited with status 1"]
    assert document["output"]["stderr"] == "tenant list: HTTP 502\n"

    assert main(["replay", str(failure)]) == 1
    assert capsys.readouterr().err == ("tenant list: HTTP 502\n"
                                       "mockpbx replay: the same failure:\n  the command exited with status 1\n")
    # The same world without its fault passes: the fault alone made the failure.
    document["faults"] = []
    (tmp_path / "unfaulted.json").write_text(json.dumps(document), encoding="utf-8")
    assert main(["replay", str(tmp_path / "unfaulted.json")]) == 0
    assert capsys.readouterr().err == "mockpbx replay: passed (the failure no longer happens)\n"
