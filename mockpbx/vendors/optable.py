"""Each vendor's operations as data: names, parameters, what is required and what a value must match.

One :class:`OperationTable` per vendor (``<vendor>/operations.py``). Conformance reads it to
tell a client what it got wrong; the vendor's own answer never depends on it, so a finding is
an observation, never a behaviour change. The PBXware and MiRTA tables are derived from the
handlers' own parameter reads (``mockpbx/vendors/derive_operations.py``, kept in step by a
test); ePBX's is read from its route table (``epbx/endpoints/``), each row's request model giving
the parameters, so the dispatcher and conformance read the same rows.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache


class Finding(StrEnum):
    """The conformance classes (docs/conformance.md)."""

    CONFORMANT = "conformant"
    UNKNOWN_PARAMETER = "unknown_parameter"
    MISSING_PARAMETER = "missing_parameter"
    BAD_VALUE = "bad_value"
    UNKNOWN_ACTION = "unknown_action"
    UNKNOWN_ROUTE = "unknown_route"
    UNKNOWN_KEY = "unknown_key"
    WRONG_METHOD = "wrong_method"
    WRONG_CONTENT_TYPE = "wrong_content_type"


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing a request got wrong: the class, the parameter, what was expected, a near miss."""

    kind: Finding
    parameter: str = ""
    expected: str = ""
    near_miss: str = ""

    def as_json(self) -> dict[str, str]:
        return {"class": str(self.kind), "parameter": self.parameter, "expected": self.expected,
                "near_miss": self.near_miss}

    def describe(self) -> str:
        text = f"{self.kind}"
        if self.parameter:
            text += f" {self.parameter!r}"
        if self.expected:
            text += f": expected {self.expected}"
        if self.near_miss:
            text += f" (did you mean {self.near_miss!r}?)"
        return text


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation's parameters.

    Attributes:
        names: every parameter the handler reads, or None when it takes open-ended names
            (option maps such as ``options[...]``), which are then never reported unknown.
        required: parameters the handler refuses the request without, whatever else is sent.
        patterns: a value's full-match regular expression (as the vendor checks it), by name.
        methods: HTTP methods the vendor answers this operation on.
    """

    names: tuple[str, ...] | None
    required: tuple[str, ...] = ()
    patterns: Mapping[str, str] = field(default_factory=dict)
    methods: tuple[str, ...] = ("GET", "POST")


@dataclass(frozen=True, slots=True)
class OperationTable:
    """A vendor's operations by name, plus the parameters every operation takes.

    Attributes:
        selector: the parameter that names the operation (``action``, ``reqtype``), or ""
            when the method and route do (ePBX).
        case_insensitive: operation names compare without case (MiRTA's reqtypes).
        content_types: body types the vendor reads; another body type is reported.
    """

    vendor: str
    common: tuple[str, ...]
    operations: Mapping[str, Operation]
    selector: str = ""
    case_insensitive: bool = False
    content_types: tuple[str, ...] = ("application/x-www-form-urlencoded", "multipart/form-data")

    def find(self, name: str) -> Operation | None:
        return self.operations.get(name.strip().upper() if self.case_insensitive else name)

    def closest(self, name: str) -> str:
        return closest(name, tuple(self.operations))

    def check(self, operation: str, method: str, params: Mapping[str, str], content_type: str) -> list[Issue]:
        """What this request got wrong against the table; an empty list means conformant."""
        issues: list[Issue] = []
        mimetype = content_type.split(";", 1)[0].strip().lower()
        if mimetype and method in ("POST", "PUT", "PATCH") and mimetype not in self.content_types:
            issues.append(Issue(Finding.WRONG_CONTENT_TYPE, expected=" or ".join(self.content_types)))
        found = self.find(operation)
        if found is None:
            shown = self.selector or "route"
            issues.append(Issue(Finding.UNKNOWN_ACTION, shown, f"one of the {len(self.operations)} known",
                                self.closest(operation)))
            return issues
        if method not in found.methods:
            issues.append(Issue(Finding.WRONG_METHOD, expected=" or ".join(found.methods)))
        if found.names is not None:
            known = _known(found.names, self.common)
            for name in params:
                if name not in known:
                    issues.append(Issue(Finding.UNKNOWN_PARAMETER, name, f"a parameter of {operation}",
                                        closest(name, tuple(sorted(known)))))
        for name in found.required:
            if params.get(name, "") == "":
                issues.append(Issue(Finding.MISSING_PARAMETER, name, "a non-empty value"))
        for name, pattern in found.patterns.items():
            value = params.get(name, "")
            if value != "" and _compiled(pattern).fullmatch(value) is None:
                issues.append(Issue(Finding.BAD_VALUE, name, f"a value matching /{pattern}/"))
        return issues


@lru_cache(maxsize=512)
def _known(names: tuple[str, ...], common: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names) | frozenset(common)


# POSIX classes PBXware prints in its regexes, which Python's re lacks.
_POSIX = {"[[:alnum:][:punct:][:space:]]": r"[\x20-\x7e\t\r\n\f\v]", "[:alnum:]": "a-zA-Z0-9",
          "[:digit:]": "0-9", "[:alpha:]": "a-zA-Z", "[:space:]": r"\s", "[:punct:]": r"!-/:-@\[-`{-~"}


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    for posix, python in _POSIX.items():
        pattern = pattern.replace(posix, python)
    try:
        return re.compile(pattern, re.DOTALL)
    except re.error:
        return re.compile(".*", re.DOTALL)  # a pattern Python cannot read checks nothing


def closest(name: str, candidates: tuple[str, ...]) -> str:
    """The nearest candidate, or "" when none is near.

    difflib's ratio (cutoff 0.6) shortlists; among its five best, the fewest edits win, then
    the longest shared prefix (``startdte`` means ``start`` rather than ``state``).
    """
    name = name[:200]
    shortlist = difflib.get_close_matches(name, candidates, n=5, cutoff=0.6)
    if not shortlist:
        return ""
    return min(shortlist, key=lambda c: (_edits(name, c), -_shared_prefix(name, c), c))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (both strings are short: names, keys, routes)."""
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, 1):
        current = [i]
        for j, right in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left != right)))
        previous = current
    return previous[-1]


def _shared_prefix(a: str, b: str) -> int:
    count = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        count += 1
    return count
