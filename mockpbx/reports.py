"""Conformance reports: one test case per call site, as JSON, JUnit XML or Markdown.

A call site is what a client's code does in one place: the vendor, the operation, and the
parameter names it sends (values vary, names do not). Each site passes when every request it
made was conformant; a failing site lists each distinct finding once, with one request that
showed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode
from xml.etree import ElementTree

from .conformance import Checked
from .vendors.optable import Issue

FORMATS = ("json", "junit", "markdown")
# Parameters that carry a secret; a report may end up in public CI logs.
_SECRET = frozenset({"apikey", "key", "password", "secret", "token"})


@dataclass(slots=True)
class CallSite:
    vendor: str
    operation: str
    names: tuple[str, ...]
    requests: int = 0
    issues: dict[Issue, Checked] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.operation or '(none)'}({', '.join(self.names)})"

    @property
    def passed(self) -> bool:
        return not self.issues


def call_sites(checked: Iterable[Checked]) -> list[CallSite]:
    sites: dict[tuple[str, str, tuple[str, ...]], CallSite] = {}
    for request in checked:
        names = tuple(sorted(request.params))
        site = sites.setdefault((request.vendor, request.operation, names),
                                CallSite(request.vendor, request.operation, names))
        site.requests += 1
        for issue in request.issues:
            site.issues.setdefault(issue, request)
    return sorted(sites.values(), key=lambda s: (s.vendor, s.operation, s.names))


def shown_request(request: Checked) -> str:
    """The request as a line, secrets masked."""
    params = {k: ("***" if k.lower() in _SECRET else v[:80]) for k, v in request.params.items()}
    query = urlencode(params)
    return f"{request.method} {request.path}" + (f"?{query}" if query else "") + f" -> {request.status}"


def as_json(world_id: str, sites: list[CallSite]) -> dict[str, object]:
    return {
        "world": world_id,
        "call_sites": len(sites),
        "failed": sum(1 for s in sites if not s.passed),
        "cases": [{
            "vendor": s.vendor, "operation": s.operation, "parameters": list(s.names), "requests": s.requests,
            "passed": s.passed,
            "findings": [{**issue.as_json(), "request": shown_request(request)} for issue, request in s.issues.items()],
        } for s in sites],
    }


def as_junit(world_id: str, sites: list[CallSite]) -> bytes:
    """Surefire/Jenkins-style JUnit XML: one ``testsuite`` per vendor, one ``testcase`` per site."""
    root = ElementTree.Element("testsuites", name=f"mockpbx conformance: world {world_id}",
                               tests=str(len(sites)), failures=str(sum(1 for s in sites if not s.passed)),
                               errors="0", time="0")
    for vendor in sorted({s.vendor for s in sites}):
        mine = [s for s in sites if s.vendor == vendor]
        suite = ElementTree.SubElement(root, "testsuite", name=f"mockpbx.{vendor or 'unrouted'}",
                                       tests=str(len(mine)), failures=str(sum(1 for s in mine if not s.passed)),
                                       errors="0", skipped="0", time="0")
        for site in mine:
            case = ElementTree.SubElement(suite, "testcase", name=site.name,
                                          classname=f"mockpbx.{vendor or 'unrouted'}", time="0")
            if not site.passed:
                lines = [f"{issue.describe()}\n    {shown_request(request)}" for issue, request in site.issues.items()]
                failure = ElementTree.SubElement(case, "failure", type="nonconformant",
                                                 message="; ".join(i.describe() for i in site.issues))
                failure.text = "\n".join(lines)
    ElementTree.indent(root)
    body: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(world_id: str, sites: list[CallSite]) -> str:
    failed = sum(1 for s in sites if not s.passed)
    lines = [f"# mockpbx conformance: world {world_id}", "",
             f"{len(sites)} call sites, {failed} failing.", "",
             "| vendor | call site | requests | result | findings |", "|---|---|---|---|---|"]
    for site in sites:
        findings = "<br>".join(_cell(i.describe()) for i in site.issues)
        lines.append(f"| {site.vendor} | `{_cell(site.name)}` | {site.requests} | "
                     f"{'pass' if site.passed else 'FAIL'} | {findings} |")
    return "\n".join(lines) + "\n"
