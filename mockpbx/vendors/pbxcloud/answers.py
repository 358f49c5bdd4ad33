"""What a proxyapi handler returns: data and its layout, never bytes in one format.

A handler builds one of these; ``renderers.render`` prints it in the request's ``format``.
Where a reqtype prints a format its own way (a vendor fact), the quirk is a field of the
``Layout`` it passes, so no handler branches on the format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .reply import Reply

if TYPE_CHECKING:
    from .renderers import RowFormat

Values = Sequence[str | None]


@dataclass(frozen=True, slots=True)
class Xml:
    """An XML document of rows: ``<root><item><column>value</column>…</item>…</root>``."""

    root: str
    item: str


# How a table prints in csv and xml when MiRTA has no layout of its own for it: the plain one
# (it ignored the parameter) or nothing at all.
AS_PLAIN: Literal["plain"] = "plain"
NOTHING: Literal["nothing"] = "nothing"


@dataclass(frozen=True, slots=True)
class Layout:
    """One table's shape in each format.

    ``plain``: a pipe table with a header line, or SIMPLECDRS' ``doubled`` pipe (every key under
    its position and name, every value twice). ``json``: an array of objects (``records``), the
    same with each value under its position too (``doubled``, PHP's ``mysql_fetch_array``), or
    the first row alone (``first``). ``empty_json``: the JSON body for no rows (None: nothing).
    ``header_when_empty``: the plain table prints its header line even with no rows.
    """

    plain: Literal["pipe", "doubled"] = "pipe"
    csv: Literal["csv", "plain", "nothing"] = "csv"
    xml: Xml | Literal["plain", "nothing"] = NOTHING
    json: Literal["records", "doubled", "first"] = "records"
    empty_json: str | None = "[]"
    header_when_empty: bool = False


# One row (CONFIG, CALL, INFO QUEUE, CHANNEL): a one-line pipe table in every text format, an
# object in json.
ONE_ROW = Layout(csv=AS_PLAIN, xml=AS_PLAIN, json="first")


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of values under ``columns``.

    ``records`` builds the rows JSON prints where MiRTA's JSON rows carry other columns than its
    text table (INFO EXTENSIONS, DIDS); only the json renderer calls it. ``lines`` is a faster
    way to the same bytes: given a format's row encoder it returns each row already encoded (CDR
    pages keep each CDR's fixed part encoded); it must print exactly what encoding ``rows``
    prints, and tests compare both.
    """

    columns: Sequence[str]
    rows: Sequence[Values]
    layout: Layout = Layout()
    records: Callable[[], Sequence[Mapping[str, object]]] | None = None
    lines: Callable[[RowFormat], list[str]] | None = None


@dataclass(frozen=True, slots=True)
class Pairs:
    """``key:value|key:value|`` in text, one JSON object (PHP's ``[]`` when empty).

    ``text`` gives a value's text form where JSON prints more than the text does (EXTSTATE's
    ``state:with``, AGENTS' state out of the whole agent record).
    """

    entries: Mapping[str, Any]
    text: Callable[[Any], str] = str


@dataclass(frozen=True, slots=True)
class Items:
    """``a|b|c|`` in text, a JSON array."""

    values: Sequence[str]


@dataclass(frozen=True, slots=True)
class Record:
    """One object in JSON; in text its values each followed by ``|``, after ``prefix``.

    ``shown`` limits the text to those fields; ``bare`` prints the one shown value alone,
    with no pipe (SETTING).
    """

    values: Mapping[str, object]
    prefix: str = ""
    shown: tuple[str, ...] | None = None
    bare: bool = False


Answer = Reply | Table | Pairs | Items | Record
