"""PHP's json_encode turns an array keyed exactly 0..n-1, in order, into a JSON list."""

from __future__ import annotations

import pytest

from mockpbx.vendors.pbxware.render import php_json_encode


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"0": "a", "1": {"x": 1}}, b'["a",{"x":1}]'),
        ({0: "a", 1: "b"}, b'["a","b"]'),
        ({"1": "a"}, b'{"1":"a"}'),
        ({"0": "a", "2": "b"}, b'{"0":"a","2":"b"}'),
        ({"1": "b", "0": "a"}, b'{"1":"b","0":"a"}'),
        ({"00": "a"}, b'{"00":"a"}'),
        ({}, b"[]"),
        ({"keymap": {"0": "EXT-102"}}, b'{"keymap":["EXT-102"]}'),
    ],
)
def test_sequential_keys_become_a_list(value: object, expected: bytes) -> None:
    assert php_json_encode(value) == expected
