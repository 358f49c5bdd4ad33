"""The encodings proxyapi prints: PHP's json_encode, fputcsv, pipe tables and their quirks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

from ..php import php_json_encode

Row = Mapping[str, str | None]

_CSV_SPECIAL = re.compile(r'[,"\\\n\r\t ]')


def php_json(value: object) -> str:
    """``json_encode`` with PHP's defaults, as text."""
    return php_json_encode(value).decode("ascii")


def both_keys(row: Row) -> dict[str, str | None]:
    """A row as ``mysql_fetch_array`` returns it: each value under its position, then its name."""
    doubled: dict[str, str | None] = {}
    positions = _POSITIONS if len(row) <= len(_POSITIONS) else [str(i) for i in range(len(row))]
    for position, (name, value) in zip(positions, row.items(), strict=False):
        doubled[position] = value
        doubled[name] = value
    return doubled


_POSITIONS = tuple(str(i) for i in range(64))  # every row's keys, made once
_POSITION_SET = frozenset(_POSITIONS)


def csv_field(value: str | None) -> str:
    """One field as PHP's ``fputcsv`` writes it: quoted only when it has to be."""
    text = "" if value is None else value
    if _CSV_SPECIAL.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_table(header: Sequence[str], rows: Iterable[Sequence[str | None]]) -> str:
    lines = [csv_line(header)]
    lines.extend(csv_line(row) for row in rows)
    return "".join(line + "\n" for line in lines)


def csv_line(values: Sequence[str | None]) -> str:
    texts = ["" if v is None else v for v in values]
    # One search over the whole row (joined by a byte that is never special) instead of one per
    # field: most rows need no quoting at all.
    if _CSV_SPECIAL.search("\x1f".join(texts)) is None:
        return ",".join(texts)
    return ",".join([csv_field(t) for t in texts])


def pipe_table(header: Sequence[str] | None, rows: Iterable[Sequence[str | None]]) -> str:
    # List comprehensions, not generators: join builds a list anyway, and this runs per row.
    lines = [] if header is None else ["|".join(header) + "\n"]
    lines.extend(["|".join(["" if v is None else v for v in row]) + "\n" for row in rows])
    return "".join(lines)


def pipe_pairs(pairs: Iterable[tuple[str, str]]) -> str:
    """``id:value|id:value|``, the shape of the queue and agent lists."""
    return "".join(f"{key}:{value}|" for key, value in pairs)


def doubled_pipe(rows: Sequence[Row]) -> str:
    """SIMPLECDRS' plain output: every key once with a trailing pipe and no line break, then
    every row with each value twice and a trailing pipe -- "malformed as a table"."""
    if not rows:
        return ""
    header = "".join(f"{key}|" for key in both_keys(rows[0]))
    lines = [doubled_line(row) for row in rows]
    return header + "".join(lines)


def doubled_line(row: Row) -> str:
    """One row of ``doubled_pipe``: each value twice, as both_keys would list it -- unless a column
    is named like a position, which merges with it as in PHP's array: then the general path."""
    if _POSITION_SET.isdisjoint(row):
        return "".join([f"{'' if v is None else v}|" * 2 for v in row.values()]) + "\n"
    return "".join([f"{'' if v is None else v}|" for v in both_keys(row).values()]) + "\n"


def xml_rows(root: str, item: str, rows: Iterable[Row]) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f"<{root}>\n"]
    for row in rows:
        parts.append(f"<{item}>")
        parts.extend(f"<{name}>{escape('' if value is None else value)}</{name}>" for name, value in row.items())
        parts.append(f"</{item}>\n")
    parts.append(f"</{root}>\n")
    return "".join(parts)
