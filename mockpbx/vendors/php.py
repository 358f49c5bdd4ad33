"""Bytes as PHP writes them: all three vendors are PHP applications underneath."""

from __future__ import annotations

import json
import re

from pydantic_core import to_json

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Built once: json.dumps would build an encoder for every call with these arguments.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def php_json_encode(value: object) -> bytes:
    """Byte-exact PHP ``json_encode($value)`` with default flags.

    PHP escapes ``/`` as ``\\/`` and every non-ASCII character as ``\\uXXXX`` (astral
    characters as surrogate pairs) but, unlike Python's ``ensure_ascii``, leaves DEL raw.
    Both characters only occur inside strings, so they are rewritten after encoding.
    """
    text = _ENCODER.encode(value).replace("/", "\\/")
    if not text.isascii():  # most bodies are ASCII: skip the regex pass for them
        text = _NON_ASCII.sub(_escape, text)
    return text.encode("ascii")


def php_json_encode_simple(value: object) -> bytes:
    """``php_json_encode`` for a value built only of dicts with str keys, lists, str, int, bool
    and None, written by pydantic_core's serializer: several times faster than the json module,
    and byte for byte the same for those types (not for floats, which it writes differently).
    """
    try:
        data = to_json(value)
    except ValueError:  # lone surrogates, very deep nesting: the general encoder decides
        return php_json_encode(value)
    data = data.replace(b"/", b"\\/")
    if data.isascii():
        return data
    return _NON_ASCII.sub(_escape, data.decode("utf-8")).encode("ascii")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
