"""``mockpbx verify-pact``: replay a consumer's pacts against mockpbx with the states wired in.

Wraps pact-python's :class:`pact.Verifier`: one verification per provider name found in the
pact files (or named for a broker), against a running server (``url``) or one started here,
with ``POST /_mockpbx/pact/provider-states`` as the state-change URL. The lint
(:mod:`.lint`) runs over every local pact file first.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from .lint import LintFinding, lint_pact


class SourceError(ValueError):
    """A pact source that cannot be used: missing, unreadable, or not a pact."""


@dataclass(frozen=True, slots=True)
class ProviderResult:
    provider: str
    sources: tuple[str, ...]
    passed: bool
    output: str


@dataclass(slots=True)
class VerifyReport:
    results: list[ProviderResult] = field(default_factory=list)
    findings: list[LintFinding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results) and not self.findings

    def text(self) -> str:
        lines = []
        for result in self.results:
            verdict = "passed" if result.passed else "FAILED"
            lines.append(f"{result.provider}: {verdict} ({', '.join(result.sources)})")
            if not result.passed:
                lines.extend("    " + line for line in _failures(result.output))
        if self.findings:
            lines.append(f"lint: {len(self.findings)} problem(s)")
            lines.extend("    " + f.line() for f in self.findings)
        else:
            lines.append("lint: no problems")
        lines.append("verify-pact: passed" if self.passed else "verify-pact: FAILED")
        return "\n".join(lines) + "\n"


def _failures(output: str) -> list[str]:
    """From the verifier's "Failures:" section, each failing interaction and its mismatches
    (numbered lines and the line under each), without the body diffs."""
    marker = output.find("Failures:")
    if marker < 0:
        return [line.strip() for line in output.strip().splitlines()[-5:]]
    lines = [line.rstrip() for line in output[marker + len("Failures:"):].splitlines() if line.strip()]
    kept = []
    for index, line in enumerate(lines):
        if _NUMBERED.match(line):
            kept.append(line.strip())
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if following and not _NUMBERED.match(following) and following.strip()[:1] not in "{}\"":
                kept.append("  " + following.strip())
    return kept


_NUMBERED = re.compile(r"\s*\d+(\.\d+)*\) ")


def example_pacts() -> Path:
    """The example pacts installed with the package (contracts/pacts in the repository)."""
    return Path(str(resources.files("mockpbx.contracts").joinpath("pacts")))


def pact_files(sources: Sequence[str]) -> tuple[list[Path], list[str]]:
    """Local pact files (a directory means its ``*.json``) and broker URLs, in the order given."""
    files: list[Path] = []
    brokers: list[str] = []
    for source in sources:
        if source.startswith(("http://", "https://")):
            brokers.append(source)
            continue
        path = Path(source)
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            if not found:
                raise SourceError(f"{source}: no *.json pact files in this directory")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise SourceError(f"{source}: no such file or directory")
    return files, brokers


def provider_of(path: Path) -> str:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        name = document["provider"]["name"]
    except (OSError, ValueError, KeyError, TypeError):
        raise SourceError(f"{path}: not a pact file (no provider name)") from None
    if not isinstance(name, str) or not name:
        raise SourceError(f"{path}: not a pact file (no provider name)")
    return name


@contextmanager
def _server(url: str | None, admin_token: str | None) -> Iterator[str]:
    if url is not None:
        yield url.rstrip("/")
        return
    from ..core.clock import ClockMode
    from ..settings import Settings
    from ..testing.server import ThreadedServer

    settings = Settings(clock=ClockMode.MANUAL, admin_token=admin_token)
    settings.validate()  # a token the server would refuse is a usage error, not a failed pact
    with ThreadedServer(settings=settings, tick=False) as server:
        yield server.url


def verify_pacts(sources: Sequence[str], *, url: str | None = None, world: str = "default",
                 provider: str | None = None, lint: bool = True, admin_token: str | None = None) -> VerifyReport:
    """Verify every pact in ``sources`` (files, directories, broker URLs) and lint the local ones.

    With ``admin_token`` (the server's ``--admin-token``), the state-change URL carries it as
    ``?token=``: a verifier cannot send a header on state changes alone.
    """
    from pact import Verifier  # the Rust core loads only when something is verified

    files, brokers = pact_files(sources)
    if brokers and provider is None:
        raise SourceError("a broker source needs --provider NAME")
    report = VerifyReport()
    by_provider: dict[str, list[str]] = defaultdict(list)
    for path in files:
        by_provider[provider or provider_of(path)].append(str(path))
        if lint:
            report.findings.extend(lint_pact(path))
    for broker in brokers:
        assert provider is not None
        by_provider[provider].append(broker)
    with _server(url, admin_token) as base:
        states = f"{base}/_mockpbx/pact/provider-states?world={quote(world)}"
        if admin_token is not None:
            states += f"&token={quote(admin_token, safe='')}"
        for name, named in by_provider.items():
            verifier = Verifier(name, host="127.0.0.1").add_transport(url=base).set_coloured_output(enabled=False)
            verifier.state_handler(states, teardown=True, body=True)
            for source in named:
                if source.startswith(("http://", "https://")):
                    verifier.broker_source(source)
                else:
                    verifier.add_source(source)
            try:
                verifier.verify()
                passed = True
            except RuntimeError:
                passed = False
            output = verifier.output(strip_ansi=True)
            if admin_token is not None:  # the verifier may print the state-change URL; the report must not
                output = output.replace(quote(admin_token, safe=""), "<admin token>").replace(admin_token,
                                                                                            "<admin token>")
            report.results.append(ProviderResult(name, tuple(named), passed, output))
    return report
