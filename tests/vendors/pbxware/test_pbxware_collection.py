"""``mockpbx bicom-collection``: a downloaded collection pointed at http://{{IP}}, nothing else changed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mockpbx.cli import main
from mockpbx.vendors.pbxware.collection import NotACollection, localize
from tests.tools import PROJECT_ROOT


def _request(name: str, url: Any) -> dict[str, Any]:
    return {"name": name, "request": {"method": "GET", "url": url}, "event": [{"listen": "test"}]}


# Our own miniature of the collection's shapes: folders, structured URLs and a plain string URL.
SAMPLE: dict[str, Any] = {"info": {"name": "sample"}, "item": [
    {"name": "Folder", "item": [
        _request("local", {"raw": "http://{{IP}}/index.php?action=a", "protocol": "http", "host": ["{{IP}}"],
                           "path": ["index.php"], "query": [{"key": "action", "value": "a"}]}),
        _request("tls", {"raw": "https://{{IP}}/index.php?action=b", "protocol": "https", "host": ["{{IP}}"],
                         "path": ["index.php"]}),
        _request("fixed", {"raw": "http://192.0.2.7:81/index.php?action=c", "protocol": "http",
                           "host": ["192", "0", "2", "7"], "port": "81", "path": ["index.php"]}),
    ]},
    _request("string", "https://pbx.example/index.php?action=d"),
]}


def test_localize_moves_only_the_requests_that_leave_ip_over_http() -> None:
    before = json.dumps(SAMPLE)
    local, changed = localize(SAMPLE)
    assert json.dumps(SAMPLE) == before  # the input is not touched
    assert changed == ["Folder/tls", "Folder/fixed", "string"]
    folder = local["item"][0]["item"]
    assert folder[0] == SAMPLE["item"][0]["item"][0]
    assert folder[1]["request"]["url"] == {"raw": "http://{{IP}}/index.php?action=b", "protocol": "http",
                                           "host": ["{{IP}}"], "path": ["index.php"]}
    assert folder[2]["request"]["url"] == {"raw": "http://{{IP}}/index.php?action=c", "protocol": "http",
                                           "host": ["{{IP}}"], "path": ["index.php"]}
    assert local["item"][1]["request"]["url"] == "http://{{IP}}/index.php?action=d"
    assert folder[1]["event"] == [{"listen": "test"}]
    assert localize(local) == (local, [])  # idempotent


@pytest.mark.parametrize("document", [[], {"info": {}}, {"item": "x"}, "text"])
def test_localize_refuses_what_is_not_a_collection(document: Any) -> None:
    with pytest.raises(NotACollection):
        localize(document)


def test_the_command_writes_the_local_copy_and_says_what_moved(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(SAMPLE))
    assert main(["bicom-collection", str(source), "-o", str(target)]) == 0
    assert json.loads(target.read_text()) == localize(SAMPLE)[0]
    assert capsys.readouterr().out == (f"{target}: 3 request(s) pointed at http://{{{{IP}}}}: "
                                       "Folder/tls, Folder/fixed, string\n")


@pytest.mark.parametrize(("content", "error"), [
    (None, "mockpbx: error: bicom-collection: [Errno 2] No such file or directory: '{path}'\n"),
    ("{", "mockpbx: error: bicom-collection: Expecting property name enclosed in double quotes: "
          "line 1 column 2 (char 1)\n"),
    ("[]", "mockpbx: error: bicom-collection: not a Postman collection: no top-level 'item' list\n"),
])
def test_the_command_refuses_in_one_line_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            content: str | None, error: str) -> None:
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    if content is not None:
        source.write_text(content)
    assert main(["bicom-collection", str(source), "-o", str(target)]) == 2
    assert capsys.readouterr().err == error.format(path=source)
    assert not target.exists()


def test_the_repository_holds_no_postman_collection() -> None:
    git = shutil.which("git")
    if git is None or not (PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run([git, "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True).stdout
    names = tracked.decode().split("\0")
    assert [n for n in names if n.endswith(".postman_collection.json")] == []
    holding = [n for n in names if n.endswith(".json")
               and "schema.getpostman.com" in (PROJECT_ROOT / n).read_text(encoding="utf-8", errors="replace")]
    assert holding == []
