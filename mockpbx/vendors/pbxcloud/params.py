"""Reading proxyapi parameters: names as PHP sees them, enum values case-insensitive."""

from __future__ import annotations

import json
import re
from calendar import monthrange, timegm
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .errors import Nothing

FORMATS = ("plain", "json", "csv", "xml")
# The fields as strptime matches %Y-%m-%d[ %H:%M[:%S]]: seconds 60 and 61 match, then fail.
_INSTANT = re.compile(
    r"(\d\d\d\d)-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])"
    r"(?:\s+(2[0-3]|[0-1]\d|\d):([0-5]\d|\d)(?::(6[0-1]|[0-5]\d|\d))?)?"
)
_NUMBER = re.compile(r"^[0-9]{1,18}$")
# One ``; name=value`` parameter: a quoted value may hold ``\"`` and ``;``, a bare one ends at ``;``.
_DISPOSITION_PARAM = re.compile(r';\s*([A-Za-z0-9_*.-]+)\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;"\s]*))')
_PHP_UNESCAPE = re.compile(r'\\([\\"])')


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent as multipart form data (``filename`` for MEDIAFILE updatebinary)."""

    filename: str
    content_type: str
    data: bytes


def part_file_name(content_disposition: str) -> str | None:
    """The ``filename`` of a multipart part's Content-Disposition, read as PHP reads it.

    Browsers send the name raw inside quotes (a Windows path keeps its backslashes); PHP undoes
    only ``\\\\`` and ``\\"``. Werkzeug's own parsing drops every backslash since 3.1.9, which
    would turn ``C:\\scans\\a.pdf`` into ``C:scansa.pdf``, so the raw header is read here.
    """
    for match in _DISPOSITION_PARAM.finditer(content_disposition):
        if match.group(1).lower() != "filename":
            continue
        quoted = match.group(2)
        if quoted is None:
            return match.group(3)
        return _PHP_UNESCAPE.sub(r"\1", quoted)
    return None


class Params:
    """The merged query and form parameters of one request, and its uploaded files."""

    def __init__(self, values: Mapping[str, str], repeated: Mapping[str, list[str]] | None = None,
                 files: Mapping[str, Upload] | None = None) -> None:
        self._values = dict(values)
        self._repeated = {k: list(v) for k, v in (repeated or {}).items()}
        self._files = dict(files or {})
        self._fmt: str | None = None  # asked for several times per request

    def upload(self, name: str) -> Upload:
        found = self._files.get(name)
        if found is None:
            raise Nothing()
        return found

    def get(self, name: str, default: str = "") -> str:
        return self._values.get(name, default)

    def has(self, name: str) -> bool:
        return self._values.get(name, "") != ""

    def all(self, name: str) -> list[str]:
        """Every value of a repeated parameter (``var=a%3D1&var=b%3D2``)."""
        return self._repeated.get(name) or ([self._values[name]] if name in self._values else [])

    def require(self, name: str) -> str:
        value = self._values.get(name, "")
        if value == "":
            raise Nothing()
        return value

    def enum(self, name: str, default: str = "") -> str:
        """An option value, upper-cased: MiRTA compares them without regard to case."""
        return self._values.get(name, default).strip().upper()

    def number(self, name: str) -> int:
        value = self.require(name).strip()
        if not _NUMBER.match(value):
            raise Nothing()
        return int(value)

    def optional_number(self, name: str) -> int | None:
        return self.number(name) if self.has(name) else None

    def choices(self, name: str) -> list[str]:
        """A filter's values: "You can filter for multiple parameter values using a comma separator"."""
        return [part.strip() for part in self.get(name).split(",") if part.strip()]

    def fmt(self) -> str:
        if self._fmt is None:
            value = self.get("format").strip().lower()
            self._fmt = value if value in FORMATS else "plain"
        return self._fmt

    def json_data(self, name: str = "jsondata") -> object:
        raw = self.require(name)
        try:
            data = json.loads(raw)
            # PHP's json_decode refuses lone UTF-16 surrogates (JSON_ERROR_UTF16); so does the mock.
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except (ValueError, RecursionError):  # a hostile nesting depth is just bad JSON here
            raise Nothing() from None
        return data

    def items(self) -> dict[str, str]:
        return dict(self._values)


def parse_instant(text: str) -> int | None:
    """``YYYY-MM-DD[ HH:MM[:SS]]`` as UTC epoch seconds, or None when it is not a date.

    One pattern accepts exactly what ``strptime`` accepts for the three formats MiRTA takes
    (one-digit fields, any whitespace between date and time, any Unicode digits), so a date is
    read in one match instead of three attempts that fail by exception.
    """
    found = _INSTANT.fullmatch(text.strip())
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(part) if part else 0 for part in found.groups())
    if year < 1 or day > monthrange(year, month)[1] or second > 59:
        return None
    return timegm((year, month, day, hour, minute, second))


def date_window(params: Params, now: float) -> tuple[int, int]:
    """The ``[start, end)`` a CDR or queue-log query covers.

    A bare end date means the midnight that *starts* it (clients add a day to include it);
    without start and end MiRTA shows only today.
    """
    today = int(datetime.fromtimestamp(now, UTC).replace(hour=0, minute=0, second=0, microsecond=0).timestamp())
    start_text, end_text = params.get("start"), params.get("end")
    start = parse_instant(start_text) if start_text else None
    end = parse_instant(end_text) if end_text else None
    if (start_text and start is None) or (end_text and end is None):
        raise Nothing()
    if start is None and end is None:
        return today, today + 86_400
    if start is None:
        assert end is not None
        start = end - 86_400 * 3650
    if end is None:
        end = max(start, today) + 86_400
    return start, end


def day_after(instant: int) -> int:
    return int((datetime.fromtimestamp(instant, UTC) + timedelta(days=1)).timestamp())
