"""Laravel's ``Str::slug($name)``: how "Used to generate subdomains" turns a company into a host."""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose, spelled the way Laravel's ASCII transliteration spells them.
_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH"})
_DROPPED = re.compile(r"[^-A-Za-z0-9\s]+")
_SEPARATORS = re.compile(r"[-\s]+")


def laravel_slug(name: str) -> str:
    """Transliterate, ``_`` to ``-``, ``@`` to ``-at-``, drop other punctuation, lower, join with ``-``.

    ``Acme Corp!`` → ``acme-corp``, ``A.B. Corp`` → ``ab-corp``, ``Öko Strøm`` → ``oko-strom``.
    A name with nothing left gives ``""``; the core then falls back to ``customer``.
    """
    folded = unicodedata.normalize("NFKD", name.translate(_LETTERS)).encode("ascii", "ignore").decode("ascii")
    text = folded.replace("_", "-").replace("@", "-at-")
    text = _DROPPED.sub("", text).lower()
    return _SEPARATORS.sub("-", text).strip("-")
