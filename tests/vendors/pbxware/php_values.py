"""How PHP sees a Python value, for the serializer's round-trip properties."""

from __future__ import annotations

import math
import re

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_CANONICAL = re.compile(r"-?[1-9][0-9]*|0")


def _php_key(key: str) -> int | str:
    # PHP turns canonical decimal keys that fit a 64-bit int into int keys; everything else stays a string.
    if _CANONICAL.fullmatch(key) and INT64_MIN <= int(key) <= INT64_MAX:
        return int(key)
    return key


def php_view(value: object) -> object:
    """What PHP's json_encode(json_decode(json.dumps(value), true)) reads back as in Python."""
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return value
    if isinstance(value, int):
        if INT64_MIN <= value <= INT64_MAX:
            return value
        try:
            return float(value)
        except OverflowError:
            return math.copysign(math.inf, value)
    if isinstance(value, list | tuple):
        return [php_view(item) for item in value]
    assert isinstance(value, dict)
    merged: dict[int | str, object] = {}
    for key, item in value.items():
        merged[_php_key(str(key))] = php_view(item)
    if list(merged) == list(range(len(merged))):
        return list(merged.values())
    return {str(key): item for key, item in merged.items()}


def tagged(value: object) -> object:
    """A structure whose == tells int from float, -0.0 from 0.0, and list from dict, in order."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int):
        return ("i", value)
    if isinstance(value, float):
        return ("f", repr(value))
    if isinstance(value, list):
        return ("l", [tagged(item) for item in value])
    if isinstance(value, dict):
        return ("d", [(key, tagged(item)) for key, item in value.items()])
    return (type(value).__name__, value)
