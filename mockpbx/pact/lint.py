"""A lint for consumer pacts: error texts the vendor never sends.

A pact that expects ``{"error": "API key not found."}`` from PBXware passes verification when
its matcher checks only the type, yet the client it describes may branch on a text PBXware
never prints (``Invalid API key.``). The lint reads every interaction's expected error texts
(JSON ``error``/``message``/``errors`` values; error-looking plain-text bodies) and flags each
one no mockpbx adapter for that vendor can produce. The texts an adapter can produce are read
from its own source: every sentence-like string literal, and every f-string as a pattern.
"""

from __future__ import annotations

import ast
import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

ERROR_KEYS = frozenset({"error", "message", "errors"})
_ERRORISH = re.compile(r"error|invalid|not found|denied|unauthori[sz]ed|forbidden|fail|wrong|mistaken|missing",
                       re.IGNORECASE)
# ePBX's Laravel summary of several field errors: "<first> (and 2 more errors)".
_MORE_ERRORS = re.compile(r"^(?P<first>.+) \(and \d+ more errors?\)$")


@dataclass(frozen=True, slots=True)
class LintFinding:
    pact: str
    interaction: str
    vendor: str
    text: str
    suggestion: str | None

    def line(self) -> str:
        hint = f' (the vendor says "{self.suggestion}")' if self.suggestion else ""
        return (f'{self.pact}: "{self.interaction}" expects the {self.vendor} error text {self.text!r}, '
                f"which {self.vendor} never sends{hint}")


@dataclass(frozen=True, slots=True)
class VendorTexts:
    literals: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]

    def knows(self, text: str) -> bool:
        more = _MORE_ERRORS.match(text)
        if more:
            text = more.group("first")
        return text in self.literals or any(p.fullmatch(text) for p in self.patterns)

    def nearest(self, text: str) -> str | None:
        found = difflib.get_close_matches(text, sorted(self.literals), n=1, cutoff=0.5)
        return found[0] if found else None


@cache
def vendor_texts(vendor: str) -> VendorTexts:
    """Every text the adapter of ``vendor`` has in its source, literal or as an f-string pattern."""
    literals: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    root = resources.files("mockpbx.vendors").joinpath(vendor)
    for source in _python_files(root):
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
                literals.add(node.value.rstrip("\n"))
            elif isinstance(node, ast.JoinedStr):
                pattern = _fstring_pattern(node)
                if pattern is not None:
                    patterns.append(pattern)
    return VendorTexts(frozenset(literals), tuple(patterns))


def _python_files(root: Any) -> list[str]:
    found: list[str] = []
    for entry in root.iterdir():
        if entry.is_dir():
            found.extend(_python_files(entry))
        elif entry.name.endswith(".py"):
            found.append(entry.read_text(encoding="utf-8"))
    return found


def _fstring_pattern(node: ast.JoinedStr) -> re.Pattern[str] | None:
    parts = []
    fixed = 0
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            parts.append(re.escape(value.value))
            fixed += len(value.value)
        else:
            parts.append(".+")
    # An f-string of mostly placeholders ("{a}{b}") would match anything: not evidence of a text.
    return re.compile("".join(parts), re.DOTALL) if fixed >= 8 else None


def vendor_of(request: dict[str, Any]) -> str | None:
    path = str(request.get("path", ""))
    if path.startswith("/api/v2"):
        return "epbx"
    if path.endswith("proxyapi.php"):
        return "pbxcloud"
    query = request.get("query") or {}
    if path in ("/", "//", "/index.php") and ("apikey" in query or "action" in query):
        return "pbxware"
    return None


def _body(response: dict[str, Any]) -> Any:
    body = response.get("body")
    if isinstance(body, dict) and "content" in body and ("contentType" in body or "encoded" in body):
        content = body["content"]
        if isinstance(content, str) and "json" in str(body.get("contentType", "")):
            try:
                return json.loads(content)
            except ValueError:
                return content
        return content
    return body


def error_texts(body: Any) -> list[str]:
    """The texts an expected body presents as errors."""
    if isinstance(body, str):
        text = body.rstrip("\n")
        return [text] if text and _ERRORISH.search(text) else []
    found: list[str] = []
    if isinstance(body, dict):
        for key, value in body.items():
            if key in ERROR_KEYS:
                found.extend(_strings(value))
            else:
                found.extend(error_texts(value))
    elif isinstance(body, list):
        for item in body:
            found.extend(error_texts(item))
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def lint_pact(path: Path) -> list[LintFinding]:
    """Findings for one pact file; a file that is not a pact gives one finding that says so."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        interactions = document.get("interactions", [])
    except (OSError, ValueError, AttributeError) as exc:
        return [LintFinding(path.name, "", "?", f"not a readable pact: {exc}", None)]
    findings = []
    for interaction in interactions:
        if not isinstance(interaction, dict):
            continue
        vendor = vendor_of(interaction.get("request") or {})
        if vendor is None:
            continue
        texts = vendor_texts(vendor)
        for text in error_texts(_body(interaction.get("response") or {})):
            if not texts.knows(text):
                findings.append(LintFinding(path.name, str(interaction.get("description", "")), vendor, text,
                                            texts.nearest(text)))
    return findings
