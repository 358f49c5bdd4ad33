"""Whole numbers in request text, read one way everywhere.

``str.isdigit()`` says yes to ``²``, ``٣`` and other Unicode digits that ``int()`` refuses or
reads differently, and ``int()`` refuses more than 4,300 digits outright. Every parameter
that names an id or a count goes through :func:`whole_number` instead, so no such text can
turn into an unhandled error.
"""

from __future__ import annotations

# More significant digits than any id, count or second in a world can have (int64 has 19).
MAX_DIGITS = 18
# What a longer run of digits reads as: a number no row has and every range check refuses.
TOO_LARGE: int = 10**MAX_DIGITS


def whole_number(text: str) -> int | None:
    """The value of ``text`` if it is ASCII digits only (leading zeros allowed), else None.

    A run of more than :data:`MAX_DIGITS` significant digits is still a number -- vendors
    answer "no such id" for it, not "malformed" -- and reads as :data:`TOO_LARGE`.
    """
    if not text or not text.isascii() or not text.isdigit():
        return None
    significant = text.lstrip("0")
    if len(significant) > MAX_DIGITS:
        return TOO_LARGE
    return int(significant or "0")
