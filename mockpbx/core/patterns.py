"""Patterns a client supplies, evaluated in time bounded by the sizes of pattern and text.

A backtracking matcher can take exponential time on a short pattern (``^(4|44)+$`` on 50
digits runs for minutes), and patterns are evaluated under the world's lock, so one request
could stall every other one. Regular expressions therefore run on RE2, an automaton that never
backtracks, and SQL ``LIKE`` patterns on a bit-parallel scan of the text; neither is ever
translated into a Python ``re`` pattern.
"""

from __future__ import annotations

from typing import Protocol, cast

import re2

# RE2's budget for one compiled pattern. The parse and compile of a pattern stay within a few
# milliseconds because the program they build is capped; 256 KiB leaves room for thousands of
# instructions (``\d{1000}`` fits), far beyond what a dialled number or a reference needs.
REGEX_MEMORY = 256 << 10


class UnsupportedPattern(ValueError):
    """The pattern is too long, not a regular expression, or needs a construct RE2 lacks."""


class _Compiled(Protocol):
    def search(self, text: str) -> object | None: ...


def _options() -> re2.Options:
    options = re2.Options()
    options.max_mem = REGEX_MEMORY
    options.log_errors = False  # a refused pattern is a client's mistake, not the server's
    return options


def _interval_without_minimum(pattern: str) -> bool:
    """Whether ``pattern`` holds ``{,n}`` or ``{,}``: Python's ``re`` reads it as a repetition
    from zero, RE2 as the literal text, so a route written that way would silently change
    meaning. Looked for anywhere, escaped or in a class too: refusing those rare spellings as
    well costs less than parsing the pattern a second time."""
    start = pattern.find("{,")
    while start >= 0:
        rest = pattern[start + 2:]
        digits = len(rest) - len(rest.lstrip("0123456789"))
        if rest.startswith("}", digits):
            return True
        start = pattern.find("{,", start + 2)
    return False


class LinearRegex:
    """A regular expression in RE2's syntax, searched in time linear in the text.

    RE2 has no backreferences, lookaround, atomic groups, possessive quantifiers or
    conditionals (they are what makes backtracking necessary), and repetition counts stop at
    1000; such patterns are refused, as is ``{,n}`` (see :func:`_interval_without_minimum`).
    Everything else a route or filter ordinarily uses (classes, ``\\d``, anchors, alternation,
    counted repetition, ``(?i)``) means what it means in Python's ``re`` on ASCII text.
    """

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str, *, max_length: int) -> None:
        if len(pattern) > max_length:
            raise UnsupportedPattern(f"pattern longer than {max_length} characters")
        if _interval_without_minimum(pattern):
            raise UnsupportedPattern("a repetition count needs its minimum: {0,n}, not {,n}")
        try:
            # re2 keeps a cache of compiled patterns, so routes tried on every call compile once.
            compiled = re2.compile(pattern, _options())
        except (re2.error, ValueError) as error:  # ValueError: text that is not valid Unicode
            raise UnsupportedPattern(str(error)) from None
        self.pattern = pattern
        self._compiled = cast(_Compiled, compiled)

    def search(self, text: str) -> bool:
        """Whether the pattern occurs anywhere in ``text`` (``re.search``, not ``re.match``)."""
        try:
            return self._compiled.search(text) is not None
        except UnicodeEncodeError:  # RE2 reads UTF-8, which has no lone surrogates: they become U+FFFD
            readable = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            return self._compiled.search(readable) is not None


def _fold(ch: str) -> str:
    """One character as a case-blind comparison key, itself one character.

    Lower case of the upper case of the lower case: that puts ``ſ`` with ``s``, ``ı`` with
    ``i`` and ``ς`` with ``σ``, as Python's ``re.IGNORECASE`` (the matcher this replaced) did.
    ``İ``, the one character whose lower case is two, keys by the first of them, ``i``.
    """
    low = ch.lower()[0]
    up = low.upper()
    return up.lower()[0] if len(up) == 1 else low


class SqlLike:
    """A SQL ``LIKE`` pattern: ``%`` any run of characters, ``_`` exactly one, no case.

    Matching simulates the pattern's automaton with one bit per position (Shift-And): each
    character of the text costs a few integer operations on ``len(pattern)`` bits, so a
    match takes O(len(pattern) × len(text)) bit steps and O(len(text)) Python steps, however
    many wildcards the pattern holds. There is no escape character: ``\\`` is an ordinary one.
    """

    __slots__ = ("_masks", "_any", "_stars", "_accept")

    def __init__(self, pattern: str) -> None:
        tokens: list[str] = []
        for ch in pattern:
            if not (ch == "%" and tokens and tokens[-1] == "%"):  # a run of % is one %
                tokens.append(ch)
        self._masks: dict[str, int] = {}
        self._any = self._stars = 0  # positions '_' holds, and positions '%' holds
        for position, token in enumerate(tokens):
            bit = 1 << position
            if token == "%":
                self._stars |= bit
            elif token == "_":
                self._any |= bit
            else:
                key = _fold(token)
                self._masks[key] = self._masks.get(key, 0) | bit
        self._accept = 1 << len(tokens)

    def _close(self, states: int) -> int:
        # A '%' may match nothing: its position reaches the next one for free. Runs of '%'
        # were collapsed, so one step of this closure is the whole of it.
        return states | ((states & self._stars) << 1)

    def matches(self, text: str) -> bool:
        """Whether the whole of ``text`` matches the pattern."""
        # Bit i set: the first i tokens of the pattern match the text read so far.
        states = self._close(1)
        masks, anything, stars = self._masks, self._any, self._stars
        for ch in text:
            step = masks.get(_fold(ch), 0) | anything
            states = self._close(((states & step) << 1) | (states & stars))
            if not states:
                return False
        return bool(states & self._accept)
