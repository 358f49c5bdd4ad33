"""One renderer per output format: a handler's answer as the bytes MiRTA prints for it.

``render(answer, fmt)`` and ``jsonp`` are the only code that looks at ``format``. Tables are
printed row by row through a ``RowFormat`` (how one row and one value are encoded in a format),
so a table that keeps its rows' fixed parts already encoded (CDR pages) goes through the same
encoder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from .answers import Answer, Items, Pairs, Table, Values, Xml
from .render import both_keys, csv_field, csv_line, doubled_line, php_json, pipe_pairs
from .reply import EMPTY, Reply


@dataclass(frozen=True, slots=True)
class RowFormat:
    """How one table row, and one value within it, is encoded in a format and layout."""

    kind: str  # pipe, doubled, csv, records, doubled-records, xml
    item: str = ""

    def line(self, columns: Sequence[str], values: Values) -> str:
        kind = self.kind
        if kind == "pipe":
            return "|".join(["" if v is None else v for v in values]) + "\n"
        if kind == "csv":
            return csv_line(values) + "\n"
        if kind == "records":
            return php_json(dict(zip(columns, values, strict=True)))
        if kind == "doubled-records":
            return php_json(both_keys(dict(zip(columns, values, strict=True))))
        if kind == "doubled":
            return doubled_line(dict(zip(columns, values, strict=True)))
        return (f"<{self.item}>" + "".join([f"<{c}>{escape('' if v is None else v)}</{c}>"
                                            for c, v in zip(columns, values, strict=True)]) + f"</{self.item}>\n")

    def value(self, value: str | None) -> str:
        """One value as it appears inside ``line``."""
        return self.encoder()(value)

    def encoder(self) -> Callable[[str | None], str]:
        """``value`` as a plain function: fetched once per page, called once per hole."""
        return _ENCODERS.get(self.kind, _text_value)


def _text_value(value: str | None) -> str:
    return value or ""


def _json_value(value: str | None) -> str:
    if value is None:
        return "null"
    # Most values need no escaping but PHP's "\/": skip the encoder for them.
    if _JSON_VERBATIM.fullmatch(value):
        return '"' + value.replace("/", "\\/") + '"'
    return php_json(value)


def _xml_value(value: str | None) -> str:
    return escape(value or "")


def _csv_value(value: str | None) -> str:
    return csv_field(value or "")


_ENCODERS: dict[str, Callable[[str | None], str]] = {
    "records": _json_value, "doubled-records": _json_value, "csv": _csv_value, "xml": _xml_value,
}


# Characters json_encode prints as they are inside a string, and '/' (printed "\/"): not '"',
# '\\', controls or non-ASCII.
_JSON_VERBATIM = re.compile(r"[ !#-\[\]-~]*")

PIPE = RowFormat("pipe")
DOUBLED = RowFormat("doubled")
CSV = RowFormat("csv")
RECORDS = RowFormat("records")
DOUBLED_RECORDS = RowFormat("doubled-records")


@lru_cache(maxsize=64)
def xml_rows_of(item: str) -> RowFormat:
    return RowFormat("xml", item)


# -- holes: a row's fixed part encoded once, the values that can change filled in per request --

# Hole i is marked by the private-use character chr(0xE000 + i) while the row is encoded.
_HOLE_CHARS = re.compile("[\ue000-\ue0ff]")


@dataclass(frozen=True, slots=True)
class Stencil:
    """A row encoded with its holes left open: ``pieces[0] hole pieces[1] hole …``.

    ``order`` names which hole goes into each gap (a doubled layout prints each twice). The
    row is kept as a ``str.format`` template, so filling it is one call into C.
    """

    pieces: tuple[str, ...]
    order: tuple[int, ...]
    template: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = [self.pieces[0].replace("{", "{{").replace("}", "}}")]
        for gap, hole in enumerate(self.order, 1):
            parts.append(f"{{{hole}}}")
            parts.append(self.pieces[gap].replace("{", "{{").replace("}", "}}"))
        object.__setattr__(self, "template", "".join(parts))

    def fill(self, holes: Sequence[str]) -> str:
        return self.template.format(*holes)


def stencil(row_format: RowFormat, columns: Sequence[str], values: Values, holes: Sequence[int]) -> Stencil | None:
    """``values`` encoded with the columns at ``holes`` left open; None when a fixed value could be
    mistaken for a hole (it holds a private-use character): that row is then encoded whole."""
    if any(v is not None and _HOLE_CHARS.search(v) for v in values):
        return None
    marked = list(values)
    tokens: dict[str, int] = {}
    for index, position in enumerate(holes):
        marker = chr(0xE000 + index)
        marked[position] = marker
        tokens[row_format.value(marker)] = index
    line = row_format.line(columns, marked)
    if not tokens:
        return Stencil((line,), ())
    split = re.split("(" + "|".join(re.escape(t) for t in tokens) + ")", line)
    return Stencil(tuple(split[0::2]), tuple(tokens[t] for t in split[1::2]))


class StencilCache:
    """Stencils remembered per row source object and format, looked up by the object's identity.

    Hashing a CDR (a frozen dataclass of some twenty fields) for every row of a page cost more
    than encoding its changing part. Each entry keeps its object, so the object's ``id`` cannot
    be reused by another while the entry lives; a changed CDR is a new object, hence a miss.
    ``limit`` entries per format (a few MB at most) bound what a sweep through history keeps.
    """

    def __init__(self, build: Callable[[Any, RowFormat], Stencil | None], limit: int = 4_096) -> None:
        self._build = build
        self._limit = limit
        self._by_format: dict[RowFormat, dict[int, tuple[object, Stencil | None]]] = {}

    def for_format(self, row_format: RowFormat) -> Callable[[Any], Stencil | None]:
        """The lookup for one format: one dictionary probe per row."""
        memo = self._by_format.setdefault(row_format, {})
        build, limit = self._build, self._limit

        def lookup(source: object) -> Stencil | None:
            entry = memo.get(id(source))
            if entry is not None and entry[0] is source:
                return entry[1]
            if len(memo) >= limit:
                memo.clear()  # simpler than LRU order; pages refill it at once
            made = build(source, row_format)
            memo[id(source)] = (source, made)
            return made

        return lookup


# -- documents --------------------------------------------------------------------------------


def _lines(table: Table, row_format: RowFormat) -> list[str]:
    if table.lines is not None:
        return table.lines(row_format)
    return [row_format.line(table.columns, row) for row in table.rows]


def _pipe_table(table: Table) -> str:
    layout = table.layout
    if not table.rows and not (layout.header_when_empty and layout.plain == "pipe"):
        return ""
    if layout.plain == "doubled":
        header = "".join([f"{key}|" for key in both_keys(dict.fromkeys(table.columns))])
        return header + "".join(_lines(table, DOUBLED))
    return "|".join(table.columns) + "\n" + "".join(_lines(table, PIPE))


def _plain(answer: Answer) -> Reply:
    if isinstance(answer, Reply):
        return answer
    if isinstance(answer, Table):
        return Reply.text(_pipe_table(answer))
    if isinstance(answer, Pairs):
        text = answer.text
        return Reply.text(pipe_pairs((key, text(value)) for key, value in answer.entries.items()))
    if isinstance(answer, Items):
        return Reply.text("".join([f"{value}|" for value in answer.values]))
    shown = answer.values if answer.shown is None else {name: answer.values[name] for name in answer.shown}
    if answer.bare:
        return Reply.text("".join(_text(value) for value in shown.values()))
    return Reply.text(answer.prefix + "".join([f"{_text(value)}|" for value in shown.values()]))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _json(answer: Answer) -> Reply:
    if isinstance(answer, Reply):
        return answer
    if isinstance(answer, Table):
        layout = answer.layout
        if answer.records is not None:
            records = answer.records()
            if not records:
                return _empty_json(layout.empty_json)
            if layout.json == "first":
                return Reply.text(php_json(dict(records[0])))
            if layout.json == "doubled":
                return Reply.text(php_json([both_keys(dict(r)) for r in records]))  # type: ignore[arg-type]
            return Reply.text(php_json(list(records)))
        if not answer.rows:
            return _empty_json(layout.empty_json)
        if layout.json == "first":
            return Reply.text(php_json(dict(zip(answer.columns, answer.rows[0], strict=True))))
        row_format = DOUBLED_RECORDS if layout.json == "doubled" else RECORDS
        return Reply.text("[" + ",".join(_lines(answer, row_format)) + "]")
    if isinstance(answer, Pairs):
        return Reply.text(php_json(dict(answer.entries)) if answer.entries else "[]")  # PHP's empty array
    if isinstance(answer, Items):
        return Reply.text(php_json(list(answer.values)))
    return Reply.text(php_json(dict(answer.values)))


def _empty_json(body: str | None) -> Reply:
    return EMPTY if body is None else Reply.text(body)


def _csv(answer: Answer) -> Reply:
    if not isinstance(answer, Table) or answer.layout.csv == "plain":
        return _plain(answer)
    if answer.layout.csv == "nothing" or not answer.rows:
        return EMPTY
    return Reply.text(csv_line(answer.columns) + "\n" + "".join(_lines(answer, CSV)))


def _xml(answer: Answer) -> Reply:
    if not isinstance(answer, Table) or answer.layout.xml == "plain":
        return _plain(answer)
    xml = answer.layout.xml
    if not isinstance(xml, Xml) or not answer.rows:
        return EMPTY
    return Reply.text(f'<?xml version="1.0" encoding="UTF-8"?>\n<{xml.root}>\n'
                      + "".join(_lines(answer, xml_rows_of(xml.item))) + f"</{xml.root}>\n")


RENDERERS: dict[str, Callable[[Answer], Reply]] = {"plain": _plain, "json": _json, "csv": _csv, "xml": _xml}


def render(answer: Answer, fmt: str) -> Reply:
    """The answer in the request's format (``Params.fmt``: plain, json, csv or xml)."""
    return RENDERERS[fmt](answer)


# A JavaScript name, as a JSONP callback must be: anything else is ignored, not echoed.
_CALLBACK = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$.]{0,63}$")


def jsonp(reply: Reply, fmt: str, callback: str) -> Reply:
    """JSONP: a JSON text answer wrapped in ``callback(...)``; audio, empty answers and other
    formats are printed as they are (refusals are printed before this step)."""
    if reply.content_type is not None or not reply.body or fmt != "json" or not _CALLBACK.match(callback):
        return reply
    return Reply(callback.encode() + b"(" + reply.body + b")")
