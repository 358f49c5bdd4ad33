"""``mockpbx fuzz-client``: run a client's own command against drawn worlds and shrink a failure.

Hypothesis drives everything: it draws a world sketch, this module builds the world on a
server, runs the command with the world's URL and keys in its environment, and asks the
oracles. A failure is shrunk by Hypothesis to the smallest world that still fails; the
minimal one is written to ``failures/<n>.json`` with the requests the client made.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shlex
import subprocess
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from ..core.sketches import WorldSketch
from ..testing.strategies import faults as fault_strategy
from ..testing.strategies import worlds
from .session import VENDORS, Json, WorldSession

FAILURE_FORMAT = 1
# Output kept per stream in a failure file: enough to see the failure, bounded for huge outputs.
MAX_OUTPUT = 64_000


@dataclass(frozen=True, slots=True)
class ClientRun:
    """One run of the client's command: what a property (``--property FILE``) gets to judge."""

    sketch: WorldSketch
    world: Json
    env: dict[str, str]
    exit_code: int | None
    stdout: str
    stderr: str
    requests: list[Json]
    session: WorldSession
    # The fault documents armed before the command ran (``--faults``), and which of them fired.
    faults: tuple[Json, ...] = ()
    firings: tuple[Json, ...] = ()

    def truth(self, view: str, tenant: str | None = None) -> Json:
        """``GET /_mockpbx/worlds/<id>/truth`` for this run's world."""
        return self.session.truth(view, tenant)


Oracle = Callable[[ClientRun], list[str]]


def exit_code_oracle(run: ClientRun) -> list[str]:
    if run.exit_code is None:
        return ["the command timed out"]
    return [] if run.exit_code == 0 else [f"the command exited with status {run.exit_code}"]


def conformance_oracle(run: ClientRun) -> list[str]:
    """Requests the server judged non-conformant to the vendor's API.

    A journal entry with conformance ``findings`` (``[{"class", "parameter", "expected",
    "near_miss"}, ...]``, as servers that check conformance journal them), or marked
    ``"conformant": false``, is a problem; a server that does not judge conformance marks
    nothing, and this finds nothing.
    """
    problems = []
    for entry in run.requests:
        findings = entry.get("findings") or []
        if not findings and entry.get("conformant") is not False:
            continue
        what = "; ".join(_finding_text(f) for f in findings if isinstance(f, dict)) or "not conformant"
        action = entry.get("params", {}).get("action") or entry.get("params", {}).get("reqtype") or ""
        where = f"{entry.get('method')} {entry.get('path')}" + (f" ({action})" if action else "")
        problems.append(f"non-conformant request {where}: {what}")
    return problems


def _finding_text(finding: Json) -> str:
    text = str(finding.get("class", "finding"))
    if finding.get("parameter"):
        text += f" {finding['parameter']!r}"
    if finding.get("expected"):
        text += f" (expected {finding['expected']})"
    return text


def property_oracle(path: Path) -> Oracle:
    """The ``check(run)`` function of a Python file; an AssertionError is the failure's text."""
    spec = importlib.util.spec_from_file_location(f"mockpbx_property_{abs(hash(str(path)))}", path)
    if spec is None or spec.loader is None:
        raise ValueError(f"cannot load property file {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    check = getattr(module, "check", None)
    if not callable(check):
        raise ValueError(f"property file {path} defines no check(run) function")

    def oracle(run: ClientRun) -> list[str]:
        try:
            check(run)
        except AssertionError as exc:
            return [f"property {path.name}: {exc}" if str(exc) else f"property {path.name} failed"]
        return []

    return oracle


@dataclass(frozen=True, slots=True)
class Outcome:
    run: ClientRun
    problems: tuple[str, ...]

    @property
    def failed(self) -> bool:
        return bool(self.problems)


@dataclass(slots=True)
class FuzzOptions:
    vendor: str
    command: Sequence[str]
    examples: int = 100
    seed: int | None = None
    property_file: Path | None = None
    url: str | None = None
    world_id: str = "fuzz"
    failures_dir: Path = Path("failures")
    timeout: float = 60.0
    max_shrinks: int = 300
    extra_oracles: Sequence[Oracle] = ()
    progress: TextIO | None = None
    faults: bool = False


@dataclass(slots=True)
class FuzzReport:
    examples: int = 0
    failures: int = 0
    shrink_steps: int = 0
    shrink_runs: int = 0
    seed: int = 0
    failure_file: Path | None = None
    minimal: Outcome | None = None
    build_ms: list[float] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.minimal is None


class _ClientFailed(Exception):
    pass


def run_once(session: WorldSession, sketch: WorldSketch, command: Sequence[str], oracles: Sequence[Oracle],
             timeout: float, faults: Sequence[Json] | None = None) -> Outcome:
    """Build ``sketch``, arm ``faults`` (when given), run ``command`` in its environment and ask every oracle.

    ``faults=None`` leaves the world's faults alone; a list (even empty) replaces them.
    """
    built = session.build(sketch)
    armed = session.arm_faults(faults) if faults is not None else []
    env = session.environment(built)
    try:
        done = subprocess.run(list(command), env={**os.environ, **env}, capture_output=True, timeout=timeout,
                              check=False)
        code: int | None = done.returncode
        out, err = done.stdout, done.stderr
    except subprocess.TimeoutExpired as expired:
        code, out, err = None, expired.stdout or b"", expired.stderr or b""
    # The world's firing log outlives its faults (and earlier examples'); keep this run's.
    ids = {fault["id"] for fault in armed}
    firings = tuple(f for f in session.fault_firings() if f.get("fault") in ids) if ids else ()
    run = ClientRun(sketch, built, env, code, _text(out), _text(err), session.journal(), session,
                    tuple(faults or ()), firings)
    problems = tuple(p for oracle in oracles for p in oracle(run))
    return Outcome(run, problems)


def _text(raw: bytes | str) -> str:
    text = raw if isinstance(raw, str) else raw.decode("utf-8", errors="replace")
    return text if len(text) <= MAX_OUTPUT else text[:MAX_OUTPUT] + "\n[... cut]"


def oracles_for(options: FuzzOptions) -> list[Oracle]:
    chosen: list[Oracle] = [exit_code_oracle, conformance_oracle]
    if options.property_file is not None:
        chosen.append(property_oracle(options.property_file))
    chosen.extend(options.extra_oracles)
    return chosen


@contextmanager
def server_at(url: str | None) -> Iterator[str]:
    """``url`` as given, or an embedded server on 127.0.0.1 (a free port, manual clock) for the run."""
    if url is not None:
        yield url
        return
    from ..core.clock import ClockMode
    from ..settings import Settings
    from ..testing.server import ThreadedServer

    with ThreadedServer(settings=Settings(clock=ClockMode.MANUAL), tick=False) as server:
        yield server.url


class _Progress:
    def __init__(self, stream: TextIO | None, report: FuzzReport) -> None:
        self._stream = stream
        self._report = report
        self._live = stream is not None and stream.isatty()

    def show(self, *, final: bool = False) -> None:
        if self._stream is None:
            return
        r = self._report
        line = f"mockpbx fuzz-client: {r.examples} examples run, {r.failures} failing, {r.shrink_steps} shrink steps"
        if self._live:
            self._stream.write("\r" + line + ("\n" if final else ""))
            self._stream.flush()
        elif final or r.examples % 25 == 0:
            self._stream.write(line + "\n")
            self._stream.flush()


def fuzz_client(options: FuzzOptions) -> FuzzReport:
    """Run ``options.command`` against up to ``options.examples`` drawn worlds; shrink the first failure."""
    if options.vendor not in VENDORS:
        raise ValueError(f"vendor must be one of {', '.join(VENDORS)}")
    report = FuzzReport(seed=options.seed if options.seed is not None else random.randrange(2**31))
    oracles = oracles_for(options)
    progress = _Progress(options.progress, report)
    seen: dict[str, Outcome] = {}

    with server_at(options.url) as url:
        session = WorldSession(url, options.world_id)

        def judge(sketch: WorldSketch, faults: list[Json] | None) -> Outcome | None:
            key = sketch.model_dump_json() + json.dumps(faults, sort_keys=True)
            if key in seen:
                return seen[key]
            if report.failures and report.shrink_runs >= options.max_shrinks:
                return None  # out of shrinking budget: unseen worlds count as passing, unrun
            outcome = run_once(session, sketch, options.command, oracles, options.timeout, faults)
            seen[key] = outcome
            report.examples += 1
            report.build_ms.append(float(outcome.run.world.get("built_ms", 0.0)))
            if report.failures:
                report.shrink_runs += 1
            if outcome.failed:
                if report.failures:
                    report.shrink_steps += 1
                report.failures = max(report.failures, 1)
            progress.show()
            return outcome

        @settings(max_examples=options.examples, database=None, deadline=None, derandomize=False,
                  phases=(Phase.generate, Phase.shrink), suppress_health_check=list(HealthCheck),
                  report_multiple_bugs=False, print_blob=False, verbosity=Verbosity.quiet)
        @given(_drawn(options))
        def example(drawn: tuple[WorldSketch, list[Json] | None]) -> None:
            outcome = judge(*drawn)
            if outcome is not None and outcome.failed:
                report.minimal = outcome  # Hypothesis replays the smallest failure last
                raise _ClientFailed()

        try:
            hypothesis_seed(report.seed)(example)()
        except (_ClientFailed, HypothesisException):
            pass
        progress.show(final=True)
        if report.minimal is not None:
            report.failure_file = write_failure(options, report)
    return report


def _drawn(options: FuzzOptions) -> st.SearchStrategy[tuple[WorldSketch, list[Json] | None]]:
    """A world, and with ``--faults`` the faults armed on it; without, ``None`` (and the very same
    draws as before faults existed, so seeds keep finding what they found)."""
    drawn = worlds(vendor=options.vendor)
    if not options.faults:
        return drawn.map(lambda sketch: (sketch, None))
    return st.tuples(drawn, fault_strategy(options.vendor))


def failure_document(options: FuzzOptions, report: FuzzReport) -> Json:
    assert report.minimal is not None
    run = report.minimal.run
    return {
        "mockpbx_failure": FAILURE_FORMAT,
        "vendor": options.vendor,
        "seed": report.seed,
        "command": list(options.command),
        "property": str(options.property_file) if options.property_file is not None else None,
        "world": json.loads(run.sketch.model_dump_json()),
        "faults": list(run.faults) if options.faults else None,
        "fault_firings": list(run.firings),
        "built": {"keys": run.world["keys"], "tenants": run.world["tenants"]},
        "env": {k: v for k, v in run.env.items() if k != "MOCKPBX_URL"},
        "problems": list(report.minimal.problems),
        "requests": run.requests,
        "output": {"exit_code": run.exit_code, "stdout": run.stdout, "stderr": run.stderr},
    }


def write_failure(options: FuzzOptions, report: FuzzReport) -> Path:
    options.failures_dir.mkdir(parents=True, exist_ok=True)
    number = 1
    while (options.failures_dir / f"{number}.json").exists():
        number += 1
    path = options.failures_dir / f"{number}.json"
    path.write_text(json.dumps(failure_document(options, report), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def reproduction(path: Path, command: Sequence[str]) -> str:
    return f"mockpbx replay {shlex.quote(str(path))} -- {shlex.join(command)}"


def load_failure(path: Path) -> Json:
    try:
        document: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read failure file {path}: {exc}") from None
    if not isinstance(document, dict) or document.get("mockpbx_failure") != FAILURE_FORMAT:
        raise ValueError(f"{path} is not a mockpbx failure file")
    return document


def _recorded_faults(document: Json) -> list[Json] | None:
    """The faults a failure was found with (``None``: found without ``--faults``)."""
    faults = document.get("faults")
    if faults is None:
        return None
    if not isinstance(faults, list) or not all(isinstance(f, dict) for f in faults):
        raise ValueError("the failure file's faults must be a list of fault documents")
    return faults


@dataclass(frozen=True, slots=True)
class ReplayResult:
    outcome: Outcome
    recorded_problems: tuple[str, ...]

    @property
    def same_failure(self) -> bool:
        return self.outcome.problems == self.recorded_problems


def replay(path: Path, command: Sequence[str] | None = None, *, url: str | None = None,
           property_file: Path | None = None, world_id: str = "fuzz", timeout: float = 60.0) -> ReplayResult:
    """Rebuild a failure file's world and run the command (the recorded one by default) once."""
    document = load_failure(path)
    sketch = WorldSketch.model_validate(document["world"])
    faults = _recorded_faults(document)
    chosen = list(command) if command else list(document["command"])
    recorded_property = document.get("property")
    prop = property_file or (Path(recorded_property) if recorded_property else None)
    oracles: list[Oracle] = [exit_code_oracle, conformance_oracle]
    if prop is not None:
        oracles.append(property_oracle(prop))
    with server_at(url) as server_url:
        outcome = run_once(WorldSession(server_url, world_id), sketch, chosen, oracles, timeout, faults)
    return ReplayResult(outcome, tuple(document.get("problems", ())))
