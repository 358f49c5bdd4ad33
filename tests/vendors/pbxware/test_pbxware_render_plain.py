"""The copy-on-write ``_plain`` gives what the straightforward rebuild gave, and PHP agrees."""

from __future__ import annotations

import base64
import json
import subprocess
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mockpbx.vendors.pbxware.phpser import php_serialize
from mockpbx.vendors.pbxware.render import _plain, php_json_encode
from mockpbx.vendors.php import php_json_encode as encode
from mockpbx.vendors.php import php_json_encode_simple
from tests.tools import require_php

_SCALARS = (str, int, float, bool, type(None))


def reference_plain(value: object) -> object:
    """``_plain`` as it was before it learnt to keep unchanged parts: always a full rebuild."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, dict):
        if all(str(key) == str(index) for index, key in enumerate(value)):
            return [reference_plain(v) for v in value.values()]
        return {str(k): reference_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [reference_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def _typed(value: object) -> object:
    """``value`` with every container's exact type spelled out, so == cannot confuse them."""
    if isinstance(value, dict):
        return ("dict", type(value), [(type(k), k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return ("seq", type(value), [_typed(v) for v in value])
    return (type(value), value)


TEXT = st.text(alphabet=st.sampled_from(["a", "0", "/", "\\", '"', "\x7f", "\x00", "é", "€", "😀", " "]), max_size=6)
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
PHP_SCALARS = st.one_of(TEXT, INT64, st.booleans(), st.none())
SCALARS = st.one_of(PHP_SCALARS, st.floats(allow_nan=False, allow_infinity=False),
                    st.decimals(allow_nan=False, allow_infinity=False, places=2))
KEYS = st.one_of(st.sampled_from(["0", "1", "2", "00", "name"]), st.integers(min_value=0, max_value=3), TEXT)


def _containers(children: st.SearchStrategy[object], keys: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(tuple),
        st.dictionaries(keys, children, max_size=4),
        st.lists(children, max_size=4).map(lambda items: {str(i): v for i, v in enumerate(items)}),  # a PHP list
        st.lists(children, max_size=4).map(lambda items: dict(enumerate(items))),
    )


VALUES = st.recursive(SCALARS, lambda children: _containers(children, KEYS), max_leaves=16)
# String keys only: a dict holding both 0 and "0" has no PHP counterpart (PHP would hold one key).
PHP_VALUES = st.recursive(PHP_SCALARS, lambda children: _containers(children, st.one_of(
    st.sampled_from(["0", "1", "2", "00", "name"]),
    st.text(alphabet=st.sampled_from(["a", "0", "/", "\\", '"', "\x7f", " "]), max_size=6))), max_leaves=16)


@given(VALUES)
@example({"1": {"0": "a"}, "x": [("t", Decimal("1.50"))], 2: None})
@example({"row": {"a": "b"}, "later": {"0": "x", "1": "y"}})
@example([["a"], ("b",), {}])
@example({"0": "", 0: None})  # two keys PHP would hold as one
def test_plain_matches_the_full_rebuild(value: object) -> None:
    expected = reference_plain(value)
    assert _typed(_plain(value)) == _typed(expected)
    assert php_json_encode(value) == encode(expected)
    assert php_serialize(_plain(value)) == php_serialize(expected)


def test_unchanged_parts_are_kept_and_the_input_is_never_changed() -> None:
    row = {"name": "a", "ext": "102"}
    body = {"7": row, "8": {"0": "list"}}
    plain = _plain(body)
    assert plain == {"7": row, "8": ["list"]}
    assert isinstance(plain, dict) and plain["7"] is row and plain is not body
    assert body == {"7": {"name": "a", "ext": "102"}, "8": {"0": "list"}}
    same = {"7": row}
    assert _plain(same) is same


def _nested(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


SIMPLE_LEAVES = st.one_of(st.text(), st.integers(), st.booleans(), st.none())
SIMPLE_VALUES = st.recursive(SIMPLE_LEAVES, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=4), children, max_size=4)), max_leaves=20)


@given(SIMPLE_VALUES)
@example("\ud800 lone \udfff surrogates")
@example({"/": "\x00\x1f\x7f\x80 é € 😀 \\ \" \u2028 /"})
@example(_nested(300))
@example(_nested(2000))
@example([2**64, -(2**70), True, None, {}, []])
def test_the_fast_encoder_writes_what_the_json_module_does(value: object) -> None:
    """pydantic_core's serializer, for the types it is trusted with, gives the very same bytes."""
    try:
        expected = encode(value)
    except RecursionError:
        with pytest.raises(RecursionError):
            php_json_encode_simple(value)
        return
    assert php_json_encode_simple(value) == expected


def test_floats_and_odd_leaves_take_the_json_module() -> None:
    body = {"rate": 1e-05, "row": {"a": "b"}}
    assert php_json_encode(body) == b'{"rate":1e-05,"row":{"a":"b"}}'


@pytest.mark.slow
@settings(max_examples=4)
@given(st.lists(PHP_VALUES, min_size=25, max_size=25))
def test_php_reencodes_our_json_to_the_same_bytes(values: list[object]) -> None:
    """PHP's json_encode of what it decodes from our bytes is our bytes: one php run per batch."""
    php = require_php("json")
    ours = [php_json_encode(v) for v in values]
    script = ('while (($line = fgets(STDIN)) !== false) {'
              ' echo json_encode(json_decode(base64_decode(trim($line)), true)), "\\n"; }')
    stdin = "".join(base64.b64encode(doc).decode() + "\n" for doc in ours)
    done = subprocess.run([php, "-r", script], input=stdin, capture_output=True, text=True, check=True, timeout=30)
    assert done.stdout.encode().split(b"\n")[:-1] == ours, json.dumps([d.decode() for d in ours])[:2000]
