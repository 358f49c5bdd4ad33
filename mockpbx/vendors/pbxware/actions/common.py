"""Helpers the object modules share: PBXware's list shape and its parameter conventions."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ....core.numerals import whole_number
from ....core.patterns import LinearRegex
from .registry import ActionContext, PbxwareError

_DIGITS = re.compile(r"\d+", re.ASCII)


def keyed(rows: Mapping[str, object] | Mapping[int, object]) -> dict[str, object] | list[object]:
    """A list keyed by id, as PBXware sends it: an object, or ``[]`` when empty.

    PHP's ``json_encode(array())`` gives ``[]``; the renderer cannot tell an empty dict
    meant as an object from one meant as a list, so handlers use this for every list.
    """
    if not rows:
        return []
    return {str(key): value for key, value in rows.items()}


def invalid(name: str, value: str, regex: str) -> PbxwareError:
    """PBXware's validation failure: ``Required field 'name=value' contains invalid data (Regex: /.../)``."""
    return PbxwareError(f"Required field '{name}={value}' contains invalid data (Regex: /{regex}/)")


def require_match(ctx: ActionContext, name: str, regex: str) -> str:
    """A required parameter that must match ``regex`` (written as PBXware prints it)."""
    value = ctx.require(name)
    if not matches(regex, value):
        raise invalid(name, value, regex)
    return value


def optional_match(ctx: ActionContext, name: str, regex: str) -> str | None:
    """An optional parameter; absent or empty gives ``None``, otherwise it must match ``regex``."""
    value = ctx.params.get(name, "")
    if value == "":
        return None
    if not matches(regex, value):
        raise invalid(name, value, regex)
    return value


def require_id(ctx: ActionContext, name: str = "id") -> int:
    """A required numeric id parameter."""
    return number(require_match(ctx, name, r"^\d+$"))


def number(digits: str) -> int:
    """A parameter a digits-only regex has passed, as a number.

    PHP's ``\\d`` matches ASCII digits only (the patterns here are matched with ``re.ASCII``
    for that reason); a run longer than any id reads as ``core.numerals.TOO_LARGE``, which no
    row has, instead of overflowing ``int()``'s 4,300-digit limit.
    """
    value = whole_number(digits)
    if value is None:
        raise invalid("value", digits, r"^\d+$")  # unreachable after a digits-only regex
    return value


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


_ID_LIST = re.compile(r"\[?\s*\"?\d+\"?(\s*,\s*\"?\d+\"?)*\s*\]?", re.ASCII)


def parse_ids(raw: str, name: str = "id") -> list[int]:
    """One id, or several as ``1,2`` or ``[1,2]``: the forms Bicom's collection scripts send.

    The collection stores listed ids in variables and newman renders them as a comma list
    (or a JSON array where the script stringifies), so an id field takes all three forms.
    Ids come back in order, without repeats.
    """
    if _ID_LIST.fullmatch(raw) is None:
        raise invalid(name, raw, r"^\d+$")
    ids: list[int] = []
    for piece in _DIGITS.findall(raw):
        found = number(piece)
        if found not in ids:
            ids.append(found)
    return ids


def id_list(ctx: ActionContext, name: str = "id") -> list[int]:
    """The required id parameter ``name``, as :func:`parse_ids` reads it."""
    return parse_ids(ctx.require(name), name)


def flag(ctx: ActionContext, name: str, choices: str = "1|0") -> str | None:
    """An optional enumerated flag such as ``1|0`` or ``1|0|2``; empty means not given."""
    return optional_match(ctx, name, f"^({choices})$")


def master_only(ctx: ActionContext) -> None:
    """System objects are managed with ``server=1`` only."""
    if ctx.server() != 1:
        raise PbxwareError("In tenant mode, make sure server=1.")


def collect(ctx: ActionContext, rules: Mapping[str, str]) -> dict[str, str]:
    """Optional parameters checked against their documented regexes, in the order given."""
    found: dict[str, str] = {}
    for name, regex in rules.items():
        value = optional_match(ctx, name, regex) if regex else ctx.params.get(name) or None
        if value is not None:
            found[name] = value
    return found


MAX_RULE = 1000  # the longest rule, the codec list, is under 200 characters
# Printed as PBXware prints them; ``pyre`` translates the POSIX classes Python lacks.
PRINTABLE = r"^[[:alnum:][:punct:][:space:]]+$"
EMAIL = r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]+$"


def pyre(regex: str) -> str:
    return regex.replace("[[:alnum:][:punct:][:space:]]", r"[\x20-\x7e\t\r\n\f\v]")


def matches(regex: str, value: str) -> bool:
    """Whether the whole of ``value`` matches one of PBXware's rules (``regex`` as PBXware prints it).

    The rules are fixed, but they run on request data and some would backtrack exponentially on
    Python's ``re`` (``^(,|\\d+)+$`` against forty digits and a letter runs for hours), so they run
    on RE2, in time linear in the value. ``\\d``, ``\\w`` and ``\\s`` are ASCII there, as in PHP's
    preg functions without the ``u`` modifier.
    """
    return LinearRegex(f"^(?:{pyre(regex)})$", max_length=MAX_RULE).search(value)
