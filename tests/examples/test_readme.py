"""Every code block of README.md runs as written, so the README cannot drift from the code.

* ``python`` blocks are pytest files: each runs in a child pytest with the plugin, and every
  test in it must pass.
* ``sh`` blocks made only of ``curl`` commands run against a fresh ``mockpbx serve`` (port 0
  instead of 8080); a ``#`` line after a command is its output, with ``…`` (or ``...``) for what
  is left out, compared ignoring white space.
* The newman recipe runs whole, with Bicom's collection copied from where the tests find it
  instead of downloaded (the only network step) and port 8080 swapped for a free one.
* Any other block needs ``<!-- readme-test: skip: <why> -->`` on the line before it.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.testing.test_plugin_pytester import plugin_args
from tests.tools import PROJECT_ROOT, require_bicom_collection, require_newman

pytest_plugins = ["pytester"]

README = PROJECT_ROOT / "README.md"
_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>\w*)\s*$")
_SKIP = re.compile(r"^\s*<!-- readme-test: skip: .+ -->\s*$")
_DOWNLOAD = re.compile(r"^curl -fsSLO https://raw\.githubusercontent\.com/bicomsystems/PBXware-API-Documentation/"
                       r"[0-9a-f]{40}/PBXwareAPI_Doc\.postman_collection\.json$", re.MULTILINE)


@dataclass(frozen=True)
class Block:
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    skipped: bool

    @property
    def id(self) -> str:
        return f"README.md:{self.line}:{self.lang or 'text'}"


def readme_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    n = 0
    while n < len(lines):
        opening = _FENCE.match(lines[n])
        if opening is None:
            n += 1
            continue
        indent, body = len(opening["indent"]), []
        end = n + 1
        while not _FENCE.match(lines[end]) or lines[end].strip() != "```":
            body.append(lines[end][indent:])
            end += 1
        skipped = n > 0 and _SKIP.match(lines[n - 1]) is not None
        blocks.append(Block(n + 1, opening["lang"], "\n".join(body) + "\n", skipped))
        n = end + 1
    return blocks


def commands(script: str) -> list[tuple[str, str | None]]:
    """Each command (continuation lines joined) and the output its ``#`` lines promise, if any."""
    found: list[tuple[str, str | None]] = []
    command: list[str] = []
    for line in script.splitlines():
        if command and command[-1].endswith("\\"):
            command.append(line)
            continue
        if command:
            found.append(("\n".join(command), None))
            command = []
        if line.startswith("#"):
            if found:  # a comment line after a command: its output
                said, expected = found[-1]
                found[-1] = (said, (expected or "") + line[1:])
        elif line.strip():
            command.append(line)
    if command:
        found.append(("\n".join(command), None))
    return found


def _is_curl_only(block: Block) -> bool:
    return block.lang == "sh" and all(c.startswith("curl ") for c, _ in commands(block.text))


def _is_newman_recipe(block: Block) -> bool:
    return block.lang == "sh" and "newman run" in block.text


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def test_every_block_is_run_or_says_why_not() -> None:
    unclassified = [b.id for b in BLOCKS if not (b.skipped or b.lang == "python" or _is_curl_only(b)
                                                 or _is_newman_recipe(b))]
    assert unclassified == [], "run it here, or put '<!-- readme-test: skip: <why> -->' on the line before it"
    assert [b.lang for b in BLOCKS if not b.skipped].count("python") >= 1


def test_the_output_convention() -> None:
    assert commands("curl a \\\n  b\n# {\"x\":\n#  1}\ncurl c\n") == [("curl a \\\n  b", " {\"x\":  1}"),
                                                                     ("curl c", None)]
    assert _matches('{"a": 1, …, "z": 3}', '{"a":1,"b":2,"z":3}')
    assert not _matches('{"a": 1}', '{"a":1,"b":2}')


def _matches(expected: str, actual: str) -> bool:
    squeeze = re.compile(r"\s+")
    parts = re.split(r"…|\.\.\.", squeeze.sub("", expected))
    return re.fullmatch(".*".join(re.escape(p) for p in parts), squeeze.sub("", actual), re.DOTALL) is not None


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "python" and not b.skipped], ids=lambda b: b.id)
def test_python_block_passes_as_written(block: Block, pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_readme_block=block.text)
    tests = len(re.findall(r"^def test_", block.text, re.MULTILINE))
    result = pytester.runpytest_subprocess(*plugin_args())
    result.assert_outcomes(passed=tests)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment() -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(Path(sys.executable).parent), os.environ.get("PATH")]))
    return {**os.environ, "PATH": path, "PYTHONUNBUFFERED": "1"}


@pytest.fixture
def readme_server() -> Iterator[str]:
    """``mockpbx serve`` as the README starts it, on a free port; its base URL."""
    process = subprocess.Popen([sys.executable, "-m", "mockpbx", "serve", "--port", "0"], cwd=PROJECT_ROOT,
                               env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("mockpbx listening on "):
                yield line.split()[-1]
                break
        else:
            raise AssertionError("mockpbx serve ended before it listened")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@pytest.mark.parametrize("block", [b for b in BLOCKS if _is_curl_only(b) and not b.skipped], ids=lambda b: b.id)
def test_curl_block_gives_the_output_it_shows(block: Block, readme_server: str) -> None:
    for command, expected in commands(block.text):
        done = subprocess.run(["bash", "-c", command.replace("http://127.0.0.1:8080", readme_server) + " -sS"],
                              capture_output=True, text=True, timeout=30, check=False)
        assert done.returncode == 0, (command, done.stderr)
        if expected is not None:
            assert _matches(expected, done.stdout), (command, expected, done.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("block", [b for b in BLOCKS if _is_newman_recipe(b) and not b.skipped], ids=lambda b: b.id)
def test_the_newman_recipe_runs_as_written(block: Block, tmp_path: Path) -> None:
    require_newman()
    collection = require_bicom_collection()
    port = _free_port()
    assert len(_DOWNLOAD.findall(block.text)) == 1, "the recipe downloads the collection at a pinned commit"
    script = _DOWNLOAD.sub(lambda _: f"cp {collection} PBXwareAPI_Doc.postman_collection.json", block.text)
    published = re.search(r"echo '([0-9a-f]{64})  PBXwareAPI_Doc\.postman_collection\.json' \| sha256sum -c", script)
    assert published is not None, "the recipe checks the download's checksum"
    if hashlib.sha256(collection.read_bytes()).hexdigest() != published[1]:
        # The reference copy is the same collection re-indented (CATALOGUE.md): its bytes differ.
        script = script.replace(published[0], "true")
    script = script.replace("127.0.0.1:8080", f"127.0.0.1:{port}").replace(
        "mockpbx serve ", f"mockpbx serve --port {port} ")
    script = script.replace(" &\n", " &\nSERVER=$!\ntrap 'kill $SERVER' EXIT\n", 1)
    done = subprocess.run(["bash", "-ec", script], cwd=tmp_path, env=_environment(), capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert re.search(r"│\s+assertions\s+│\s+709\s+│\s+0\s+│", done.stdout), done.stdout[-3000:]


def _requirement_name(requirement: str) -> str:
    return re.split(r"[<>=~!;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_ci_runs_the_readme_test_command_with_the_pins() -> None:
    first = next(b for b in BLOCKS if b.lang == "sh")
    assert "pip install -c constraints.txt -e '.[test]' && python -m pytest " in first.text
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^python3 -m pip install [-\w ]*-c constraints\.txt -e '\.\[test\]'$", ci, re.MULTILINE)
    assert re.search(r"^python3 -m pytest$", ci, re.MULTILINE)


def test_constraints_pin_every_dependency_exactly() -> None:
    import tomllib

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_requirement_name(r) for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]}
    pins = {}
    for line in (PROJECT_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert re.fullmatch(r"([0-9]+!)?[0-9][0-9A-Za-z.+-]*", version), line  # exact pins (PEP 440 epoch allowed)
            pins[name.lower().replace("_", "-")] = version
    assert sorted(wanted - set(pins)) == []
