"""Hostile input for the reliability suite: values and requests that once broke a server somewhere."""

from __future__ import annotations

import random
from urllib.parse import quote

# Each once escaped some parser: Unicode digits, 5000-digit and float-overflow numbers, NUL,
# path tricks, PHP-ish arrays, JSON in a form field, very long text.
VALUES = ("\u00b2", "\u0663", "\uff11", "9" * 5000, "-" + "9" * 30, "1e309", "NaN", "-0", "0x1F", " 1", "1 ",
          "", "\x00", "a\x00b", "../../etc/passwd", "%00", "%", "{}", "[]", "null", '{"a":' * 50, "[" * 2000,
          "x" * 20_000, "\ud7ff", "\u202e", "DEMO", "100", "2", "1", "0", "-1", "yes", "json", "list", "csv",
          "2026-01-05", "2026-02-30", "99999999999999999999", "Test123456789", "demo-admin-key")


def value(chance: random.Random) -> str:
    return chance.choice(VALUES) if chance.random() < 0.8 else "".join(
        chance.choice("0123456789abcXYZ-_.%&=+ \u00b2") for _ in range(chance.randint(0, 12)))


def query(chance: random.Random, names: tuple[str, ...], fixed: dict[str, str]) -> str:
    pairs = dict(fixed)
    for _ in range(chance.randint(0, 6)):
        pairs[chance.choice(names)] = value(chance)
    return "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in pairs.items())
