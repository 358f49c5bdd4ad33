"""Golden bytes and round-trips for the PBXware ``apiformat=php`` serializer (no PHP needed).

Every expected byte string here was produced by php-cli 8.2 ``serialize()``; the cross-check that
keeps them honest lives in ``test_phpser_php.py``.
"""

from __future__ import annotations

import enum
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from php_values import INT64_MAX, INT64_MIN, php_view, tagged

from mockpbx.vendors.pbxware.phpser import php_serialize, php_unserialize


class Colour(enum.StrEnum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


GOLDEN: list[tuple[str, object, bytes]] = [
    ("error body", {"error": "Invalid API key."}, b'a:1:{s:5:"error";s:16:"Invalid API key.";}'),
    (
        "create success",
        {"success": "Extension ID: 7", "id": 7},
        b'a:2:{s:7:"success";s:15:"Extension ID: 7";s:2:"id";i:7;}',
    ),
    (
        "list keyed by id",
        {"12": {"name": "Alice", "ext": "101"}, "3": {"name": "Bob", "ext": "102"}},
        b'a:2:{i:12;a:2:{s:4:"name";s:5:"Alice";s:3:"ext";s:3:"101";}'
        b'i:3;a:2:{s:4:"name";s:3:"Bob";s:3:"ext";s:3:"102";}}',
    ),
    ("nested list", [1, ["x", None], []], b'a:3:{i:0;i:1;i:1;a:2:{i:0;s:1:"x";i:1;N;}i:2;a:0:{}}'),
    ("tuple is a list", ("a", "b"), b'a:2:{i:0;s:1:"a";i:1;s:1:"b";}'),
    ("empty list", [], b"a:0:{}"),
    ("empty dict", {}, b"a:0:{}"),
    ("multibyte utf-8", "Zürich ☎", b's:11:"Z\xc3\xbcrich \xe2\x98\x8e";'),
    ("astral plane", "📞", b's:4:"\xf0\x9f\x93\x9e";'),
    ("no escaping inside strings", 'a"b;}\n\\\x00', b's:8:"a"b;}\n\\\x00";'),
    ("empty string", "", b's:0:"";'),
    ("multibyte key", {"für": 1}, b'a:1:{s:4:"f\xc3\xbcr";i:1;}'),
    (
        "int-like string keys",
        {"12": 1, "-3": 2, "0": 3, "012": 4, "1.0": 5, " 1": 6, "1 ": 7, "-0": 8, "+1": 9, "": 10},
        b'a:10:{i:12;i:1;i:-3;i:2;i:0;i:3;s:3:"012";i:4;s:3:"1.0";i:5;s:2:" 1";i:6;s:2:"1 ";i:7;'
        b's:2:"-0";i:8;s:2:"+1";i:9;s:0:"";i:10;}',
    ),
    (
        "int64 bounds of numeric keys",
        {
            "9223372036854775807": 1,
            "9223372036854775808": 2,
            "-9223372036854775808": 3,
            "-9223372036854775809": 4,
        },
        b'a:4:{i:9223372036854775807;i:1;s:19:"9223372036854775808";i:2;'
        b'i:-9223372036854775808;i:3;s:20:"-9223372036854775809";i:4;}',
    ),
    ("non-ascii digits stay strings", {"١٢": 1}, b'a:1:{s:4:"\xd9\xa1\xd9\xa2";i:1;}'),
    ("python int keys", {1: "a", -2: "b"}, b'a:2:{i:1;s:1:"a";i:-2;s:1:"b";}'),
    ("huge python int key stays a string", {2**64: 1}, b'a:1:{s:20:"18446744073709551616";i:1;}'),
    # json.dumps writes both as "1"; json_decode keeps the first slot and the last value.
    ("colliding int and str keys", {1: "a", "x": 0, "1": "b"}, b'a:2:{i:1;s:1:"b";s:1:"x";i:0;}'),
    ("true", True, b"b:1;"),
    ("false", False, b"b:0;"),
    ("null", None, b"N;"),
    ("zero", 0, b"i:0;"),
    ("negative int", -42, b"i:-42;"),
    ("beyond 32 bit", 2**40, b"i:1099511627776;"),
    ("int64 max", INT64_MAX, b"i:9223372036854775807;"),
    ("int64 min", INT64_MIN, b"i:-9223372036854775808;"),
    ("int above int64 becomes float", 2**63, b"d:9.223372036854776E+18;"),
    ("int below int64 becomes float", INT64_MIN - 1, b"d:-9.223372036854776E+18;"),
    ("int beyond double becomes INF", 10**400, b"d:INF;"),
    ("negative int beyond double becomes -INF", -(10**400), b"d:-INF;"),
    ("decimal as string", Decimal("12.50"), b's:5:"12.50";'),
    ("decimal exponent as string", Decimal("1E+2"), b's:4:"1E+2";'),
    ("str enum", Colour.RED, b's:3:"red";'),
    ("int enum", Level.HIGH, b"i:3;"),
    ("str enum key", {Colour.RED: 1}, b'a:1:{s:3:"red";i:1;}'),
    (
        "bool and None together",
        {"a": True, "b": False, "c": None},
        b'a:3:{s:1:"a";b:1;s:1:"b";b:0;s:1:"c";N;}',
    ),
]

# (value, PHP serialize() of the same double) — each row was checked against php-cli 8.2.
FLOATS: list[tuple[float, bytes]] = [
    (0.1, b"d:0.1;"),
    (0.3, b"d:0.3;"),
    (1 / 3, b"d:0.3333333333333333;"),
    (123.456, b"d:123.456;"),
    (0.5, b"d:0.5;"),
    (-1.5, b"d:-1.5;"),
    (2.0, b"d:2;"),
    (-2.0, b"d:-2;"),
    (100.0, b"d:100;"),
    (0.0, b"d:0;"),
    (-0.0, b"d:-0;"),
    (1e15, b"d:1000000000000000;"),
    (1.5e15, b"d:1500000000000000;"),
    (1e16, b"d:10000000000000000;"),
    (1e16 + 2, b"d:10000000000000002;"),
    (12345678901234567.0, b"d:12345678901234568;"),
    (1e17, b"d:1.0E+17;"),
    (1.5e17, b"d:1.5E+17;"),
    (123456789012345678.0, b"d:1.2345678901234568E+17;"),
    (1e20, b"d:1.0E+20;"),
    (1e25, b"d:1.0E+25;"),
    (-1e25, b"d:-1.0E+25;"),
    (1e100, b"d:1.0E+100;"),
    (1.5e300, b"d:1.5E+300;"),
    (1.7976931348623157e308, b"d:1.7976931348623157E+308;"),
    (0.01, b"d:0.01;"),
    (0.0001, b"d:0.0001;"),
    (0.00012, b"d:0.00012;"),
    (1e-5, b"d:1.0E-5;"),
    (1.2e-5, b"d:1.2E-5;"),
    (2.5e-5, b"d:2.5E-5;"),
    (1e-7, b"d:1.0E-7;"),
    (1.234e-10, b"d:1.234E-10;"),
    (1.23e-18, b"d:1.23E-18;"),
    (5e-324, b"d:5.0E-324;"),
    (math.inf, b"d:INF;"),
    (-math.inf, b"d:-INF;"),
    (math.nan, b"d:NAN;"),
    (-math.nan, b"d:NAN;"),
]


@pytest.mark.parametrize(("value", "expected"), [(v, e) for _, v, e in GOLDEN], ids=[n for n, _, _ in GOLDEN])
def test_golden_bytes(value: object, expected: bytes) -> None:
    assert php_serialize(value) == expected


@pytest.mark.parametrize(("value", "expected"), FLOATS, ids=[e.decode() for _, e in FLOATS])
def test_float_format(value: float, expected: bytes) -> None:
    assert php_serialize(value) == expected


@pytest.mark.parametrize(
    "value",
    [b"bytes", {1, 2}, object(), 1 + 2j, {1.5: "x"}, {True: "x"}, {None: "x"}, {(1,): "x"}, [{"ok": b"x"}]],
    ids=repr,
)
def test_unsupported_types_raise_type_error(value: object) -> None:
    with pytest.raises(TypeError):
        php_serialize(value)


def test_circular_reference_raises_value_error() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="circular"):
        php_serialize(loop)


def test_shared_non_circular_child_is_fine() -> None:
    child = {"a": 1}
    assert php_serialize([child, child]) == b'a:2:{i:0;a:1:{s:1:"a";i:1;}i:1;a:1:{s:1:"a";i:1;}}'


def test_lone_surrogate_raises_value_error() -> None:
    with pytest.raises(ValueError):
        php_serialize("\ud800")


# ---- unserialize -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'a:1:{s:5:"error";s:16:"Invalid API key.";}', {"error": "Invalid API key."}),
        (b"a:0:{}", []),
        (b'a:2:{i:0;s:1:"a";i:1;s:1:"b";}', ["a", "b"]),
        (b'a:2:{i:1;s:1:"a";i:0;s:1:"b";}', {"1": "a", "0": "b"}),
        (b'a:1:{i:1;s:1:"a";}', {"1": "a"}),
        (b'a:1:{s:1:"0";s:1:"x";}', ["x"]),
        (b'a:2:{i:12;i:1;s:3:"012";i:2;}', {"12": 1, "012": 2}),
        (b's:11:"Z\xc3\xbcrich \xe2\x98\x8e";', "Zürich ☎"),
        (b's:4:"a";b";', 'a";b'),
        (b"b:1;", True),
        (b"b:0;", False),
        (b"N;", None),
        (b"i:-9223372036854775808;", INT64_MIN),
        (b"i:+5;", 5),
        (b"i:007;", 7),
        (b"d:2;", 2.0),
        (b"d:.5;", 0.5),
        (b"d:5.;", 5.0),
        (b"d:1.0E+25;", 1e25),
        (b"d:1e-7;", 1e-7),
        (b"d:INF;", math.inf),
        (b"d:-INF;", -math.inf),
    ],
)
def test_unserialize(data: bytes, expected: object) -> None:
    result = php_unserialize(data)
    assert result == expected
    assert type(result) is type(expected)


def test_unserialize_float_specials() -> None:
    assert math.copysign(1.0, php_unserialize(b"d:-0;")) == -1.0  # type: ignore[arg-type]
    assert math.isnan(php_unserialize(b"d:NAN;"))  # type: ignore[arg-type]


def test_unserialize_accepts_bytearray_and_memoryview() -> None:
    assert php_unserialize(bytearray(b"i:1;")) == 1  # type: ignore[arg-type]
    assert php_unserialize(memoryview(b"i:1;")) == 1  # type: ignore[arg-type]


def test_unserialize_rejects_str() -> None:
    with pytest.raises(TypeError):
        php_unserialize("i:1;")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"N",
        b"X;",
        b"i:;",
        b"i:1",
        b"i: 1;",
        b"i:1.5;",
        b"i:1_0;",
        b"i:\xd9\xa1;",
        b"i:9223372036854775808;",
        b"i:-9223372036854775809;",
        b"b:2;",
        b"b:;",
        b"d:;",
        b"d:1_0;",
        b"d:nan;",
        b"d:infinity;",
        b"d:1e;",
        b"d:0x10;",
        b's:5:"abc";',
        b's:3:"abc"',
        b's:3:"abc";;',
        b's:3:"abcd";',
        b's:-1:"";',
        b's:1:"\xff";',
        b"s:3:abc;",
        b"a:1:{i:0;i:1;",
        b"a:2:{i:0;i:1;}",
        b"a:1:{i:0;i:1;i:1;i:2;}",
        b"a:1:{d:1;i:1;}",
        b"a:1:{N;i:1;}",
        b"a:1:{b:1;i:1;}",
        b"a:1:{a:0:{}i:1;}",
        b"a:2:{i:0;i:1;i:0;i:2;}",
        b'a:2:{i:0;i:1;s:1:"0";i:2;}',
        b"a:-1:{}",
        b"a:0:[]",
        b'O:8:"stdClass":0:{}',
        b'C:3:"Foo":0:{}',
        b'E:7:"Foo:Bar";',
        b"r:1;",
        b"R:1;",
        b"i:1;junk",
        b"N;N;",
        b"a:1:{i:0;" * 50_000 + b"N;" + b"}" * 50_000,
    ],
    ids=lambda data: repr(data[:40]),
)
def test_unserialize_rejects_malformed(data: bytes) -> None:
    with pytest.raises(ValueError):
        php_unserialize(data)


def test_unserialize_error_names_offset() -> None:
    with pytest.raises(ValueError, match=r"offset 4: expected b'\"'"):
        php_unserialize(b"s:1:x;")


# ---- round-trip properties -----------------------------------------------------------------

TRICKY_KEYS = ["", "0", "-0", "00", "012", "+1", " 1", "1 ", "1.0", "1e3", "-", "9223372036854775808"]
keys = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=8),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(TRICKY_KEYS),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=INT64_MIN, max_value=INT64_MAX),
    st.integers(),
    st.floats(),
    st.text(st.characters(codec="utf-8")),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=30,
)


@given(values)
def test_unserialize_inverts_serialize(value: object) -> None:
    data = php_serialize(value)
    back = php_unserialize(data)
    assert tagged(back) == tagged(php_view(value))
    assert php_serialize(back) == data


def test_a_thousand_row_listing_serializes_every_row() -> None:
    # Speed belongs in bench/, not in a timed test (this one failed under load); the bytes are pinned here.
    rows = {str(i): {f"field_{j}": f"value {i}/{j} Zürich" for j in range(15)} for i in range(1000)}
    data = php_serialize(rows)
    assert data.startswith(b'a:1000:{i:0;a:15:{s:7:"field_0";s:17:"value 0/0 Z\xc3\xbcrich";')
    assert data.count(b"Z\xc3\xbcrich") == 15_000 and data.endswith(b";}}")
