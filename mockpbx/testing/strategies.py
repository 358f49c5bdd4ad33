"""Hypothesis strategies that draw a *world* for a client to meet, not a request.

Each strategy draws a :class:`~mockpbx.core.sketches.WorldSketch`; ``PUT
/_mockpbx/worlds/<id>/sketch`` (or :func:`mockpbx.fuzzing.runner.build_world`) turns it into a
world in about a millisecond. What they draw is what breaks real clients:

* tenants with nothing in them (PBXware answers ``[]``, MiRTA 0 bytes), suspended tenants;
* exactly 0, 1, ``per_page`` - 1, ``per_page``, ``per_page`` + 1, two pages and many CDRs, so
  pages end on a boundary and just past it;
* names and caller ids with unicode, pipes, quotes, commas and newlines (each vendor prints them
  as it would: MiRTA's plain tables do not escape them);
* calls that cross midnight and the DST changes of Europe and the US, every disposition,
  answered calls without a recording, long numbers;
* the reseller's wallet at zero and at one cent; the ePBX rate limit reached;
* with :func:`faults`, the vendor failing on purpose (docs/faults.md): a 502 burst, a rate
  limit, a trunk down, a recording missing, CDRs arriving late, MiRTA's 0-byte answer and
  PBXware's HTTP 200 with an error.

Everything shrinks towards the smallest world: no tenants, then fewer tenants, CDRs and
characters, a plain 30-second answered call, a 100.00 wallet and no rate limit; faults shrink
to none, then to the first of :data:`FAULT_SPECS` (one 502).

Example:
    >>> from hypothesis import given
    >>> from mockpbx.testing.strategies import worlds
    >>> @given(worlds(vendor="pbxware"))
    ... def test_my_sync(sketch): ...
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import strategies as st

from ..core.entities import Direction, Disposition
from ..core.sketches import CallSketch, ExtensionSketch, TenantSketch, WorldSketch

# How many rows one page holds in each vendor's paged lists (PBXware cdr.download's default
# limit, ePBX's default per_page; MiRTA does not page).
PAGE_SIZES = {"pbxware": 16, "epbx": 15, "pbxcloud": 16}

# Characters that break parsers, first the ones that break the most: a shrunk failure shows
# the one character that matters.
TRICKY_CHARACTERS = ("a", "|", "\n", ",", '"', "'", ";", "\\", "\t", " ", "é", "Ж", "中", "😀", "\r")


def _at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


# Starts worth a call: an ordinary afternoon, a minute before midnight (the call ends the next
# day), and a minute before each 2025 DST change in Europe (01:00 UTC) and the US (07:00 / 06:00 UTC).
CALL_STARTS = (
    _at("2025-06-10T14:00:00"),
    _at("2025-12-31T23:59:30"),
    _at("2025-03-30T00:59:30"),
    _at("2025-10-26T00:59:30"),
    _at("2025-03-09T06:59:30"),
    _at("2025-11-02T05:59:30"),
)


# Whole names and caller ids that break clients, the simplest first. Drawing one of these is a
# single choice, so a failure shrinks to the one name that matters in one step per field,
# where character-by-character text would cost a client run per character.
TRICKY_NAMES = (
    "a", "|", "\n", ",", '"', "'", "a|b", "two\nlines", 'say "hi"', "Smith, John", "O'Brien", "back\\slash",
    "tab\there", "cr\rhere", " padded ", ";", "Zoë Ærø", "Жанна", "李小龙", "😀 emoji", "\u200bzero width",
    "x" * 200,
)


def tricky_names(*, allow_empty: bool = True) -> st.SearchStrategy[str]:
    """One of :data:`TRICKY_NAMES` (or ``""``); shrinks to ``""``, then ``"a"``, then ``"|"``."""
    return st.sampled_from((("",) if allow_empty else ()) + TRICKY_NAMES)


def tricky_text(*, min_size: int = 0, max_size: int = 8) -> st.SearchStrategy[str]:
    """Short text made of the characters that break parsers; shrinks to ``"a" * min_size``."""
    # A list of picks, not st.text: picks shrink by their place in TRICKY_CHARACTERS ("a" first),
    # where st.text would shrink towards characters of its own choosing.
    return st.lists(st.sampled_from(TRICKY_CHARACTERS), min_size=min_size, max_size=max_size).map("".join)


def phone_numbers() -> st.SearchStrategy[str]:
    """Outside numbers from 7 digits up to 32 (longer than any E.164 number)."""
    return st.sampled_from((7, 11, 15, 20, 32)).flatmap(
        lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n).map(lambda d: "5" + d[1:]))


def calls(extension_numbers: list[str]) -> st.SearchStrategy[CallSketch]:
    """One finished call of a tenant whose extensions are ``extension_numbers``."""
    mine = st.sampled_from(extension_numbers) if extension_numbers else st.just("100")
    return st.builds(
        CallSketch,
        direction=st.sampled_from((Direction.OUTBOUND, Direction.INBOUND, Direction.INTERNAL)),
        disposition=st.sampled_from(tuple(Disposition)),
        start=st.sampled_from(CALL_STARTS),
        ring=st.sampled_from((3, 0, 30)),
        talk=st.sampled_from((30, 0, 1, 59, 61, 3600)),
        extension=mine,
        peer=st.one_of(st.just("5551234"), phone_numbers(), mine),
        caller_name=tricky_names(),
        record=st.booleans().map(lambda b: not b),  # shrinks to a recorded call; a missing one is the case
    )


def cdr_counts(per_page: int) -> st.SearchStrategy[int]:
    """0, 1, a page less one, a page, a page and one, two pages, many; shrinks to 0."""
    return st.sampled_from(sorted({0, 1, per_page - 1, per_page, per_page + 1, 2 * per_page, 3 * per_page + 5}))


def extensions(max_size: int = 3) -> st.SearchStrategy[list[ExtensionSketch]]:
    """Up to ``max_size`` extensions numbered 100, 101, ... with tricky names."""
    return st.lists(tricky_names(), max_size=max_size).map(
        lambda names: [ExtensionSketch(number=str(100 + i), name=name) for i, name in enumerate(names)])


@st.composite
def tenants(draw: st.DrawFn, code: str = "100", *, per_page: int = 16) -> TenantSketch:
    """One tenant: maybe suspended, a few extensions, and a CDR count from :func:`cdr_counts`.

    Up to two of its calls are drawn in full (odd times, dispositions, numbers, names); the
    rest are one plain answered call repeated. Counts and odd calls shrink separately, so a
    failure that needs 17 CDRs shrinks to 17 plain ones in a few steps.
    """
    made = draw(extensions())
    numbers = [e.number for e in made]
    count = draw(cdr_counts(per_page))
    odd = draw(st.lists(calls(numbers), max_size=min(2, count)))
    plain = CallSketch(extension=numbers[0] if numbers else "100")
    return TenantSketch(code=code, name=draw(tricky_names(allow_empty=False)), suspended=draw(st.booleans()),
                        extensions=made, calls=odd + [plain] * (count - len(odd)))


@st.composite
def worlds(draw: st.DrawFn, vendor: str = "pbxware", *, max_tenants: int = 2,
           per_page: int | None = None) -> WorldSketch:
    """A world for a client of ``vendor`` (``pbxware``, ``pbxcloud`` or ``epbx``).

    Args:
        vendor: picks the page size the CDR counts straddle (see :data:`PAGE_SIZES`).
        max_tenants: at most this many tenants, coded ``100``, ``101``, ...
        per_page: override the vendor's page size.
    """
    size = per_page if per_page is not None else PAGE_SIZES[vendor]
    count = draw(st.integers(min_value=0, max_value=max_tenants))
    drawn = [draw(tenants(str(100 + i), per_page=size)) for i in range(count)]
    wallet = draw(st.sampled_from((Decimal("100.00"), Decimal("0.00"), Decimal("0.01"))))
    remaining = draw(st.one_of(st.none(), st.sampled_from((0, 1))))
    return WorldSketch(tenants=drawn, wallet=wallet, rate_limit_remaining=remaining)


def _next(count: int) -> dict[str, object]:
    return {"kind": "next", "count": count}


def _http_faults(vendor: str) -> tuple[dict[str, object], ...]:
    """The HTTP-layer faults a client of ``vendor`` meets in production, the most common first."""
    target = {"vendor": vendor}
    common: tuple[dict[str, object], ...] = (
        {"name": "status", "target": target, "trigger": _next(1), "options": {"status": 502}},
        {"name": "status", "target": target, "trigger": _next(3), "options": {"status": 502}},
        {"name": "rate_limit", "target": target, "trigger": _next(1), "options": {"retry_after": 1}},
    )
    own: dict[str, tuple[dict[str, object], ...]] = {
        "pbxware": ({"name": "vendor_error", "target": target, "trigger": _next(1),
                     "options": {"message": "Table 'pbxware.ext' doesn't exist"}},),
        "pbxcloud": ({"name": "empty_answer", "target": target, "trigger": _next(1)},),
        "epbx": (),
    }
    return common + own[vendor]


# Domain faults change the world for every vendor, so they target "*" (docs/faults.md).
_DOMAIN_FAULTS: tuple[dict[str, object], ...] = (
    {"name": "trunk_down", "target": {"vendor": "*"}},
    {"name": "recording_missing", "target": {"vendor": "*"}},
    {"name": "cdr_lag", "target": {"vendor": "*"}, "options": {"lag": 60}},
)

# Per vendor, the fault documents :func:`faults` draws from, in the JSON that
# ``POST /_mockpbx/worlds/<id>/faults`` takes; the simplest (one 502) first.
FAULT_SPECS: dict[str, tuple[dict[str, object], ...]] = {
    vendor: _http_faults(vendor) + _DOMAIN_FAULTS for vendor in PAGE_SIZES
}


def faults(vendor: str = "pbxware", *, max_size: int = 2) -> st.SearchStrategy[list[dict[str, object]]]:
    """Up to ``max_size`` fault documents from :data:`FAULT_SPECS` for ``vendor``; shrinks to ``[]``.

    Each is armed on the world before the client runs (``mockpbx fuzz-client --faults`` does
    it): a drawn ``next`` fault fires on the client's first requests. Draw them beside a world:
    ``st.tuples(worlds(vendor="pbxware"), faults("pbxware"))``.
    """
    return st.lists(st.sampled_from(FAULT_SPECS[vendor]), max_size=max_size, unique_by=lambda f: f["name"])


__all__ = [
    "CALL_STARTS",
    "FAULT_SPECS",
    "PAGE_SIZES",
    "TRICKY_CHARACTERS",
    "TRICKY_NAMES",
    "calls",
    "cdr_counts",
    "extensions",
    "faults",
    "phone_numbers",
    "tenants",
    "tricky_names",
    "tricky_text",
    "worlds",
]
