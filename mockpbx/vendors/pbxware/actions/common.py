"""Helpers the object modules share: PBXware's list shape and its parameter conventions."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .registry import ActionContext, PbxwareError

_DIGITS = re.compile(r"\d+")


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
    if re.fullmatch(regex, value) is None:
        raise invalid(name, value, regex)
    return value


def optional_match(ctx: ActionContext, name: str, regex: str) -> str | None:
    """An optional parameter; absent or empty gives ``None``, otherwise it must match ``regex``."""
    value = ctx.params.get(name, "")
    if value == "":
        return None
    if re.fullmatch(regex, value) is None:
        raise invalid(name, value, regex)
    return value


def require_id(ctx: ActionContext, name: str = "id") -> int:
    """A required numeric id parameter."""
    return int(require_match(ctx, name, r"^\d+$"))


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"
