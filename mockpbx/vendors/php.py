"""Bytes as PHP writes them: all three vendors are PHP applications underneath."""

from __future__ import annotations

import json
import re

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


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
