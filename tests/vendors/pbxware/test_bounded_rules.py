"""PBXware's own validation rules run in time linear in the value, as printed and as they judged before.

Several of Bicom's rules repeat a group that repeats (``^(,|\\d+)+$``, ``^(:|(([\\+]?[\\d\\s])+))+$``):
on a backtracking matcher forty digits and a letter take hours. The issue set the in-process
bound (100 ms) these tests measure.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pbxware_client import raw

from mockpbx.vendors.pbxware.actions.common import matches
from tests.worlds import Pbx

BOUND = 0.1
EXPONENTIAL = [r"^(,|\d+)+$", r"^(,|[\w\s]+)+$", r"^(:|(([\+]?[\d\s])+))+$",
               r"^(,|([\+\w\s]+(\s*<[\+\d]+>)?))+$", r"^(:|([\+\w\s]+(\s*<[\+\d]+>)?))+$",
               r"^[\+\w\s%]+(\s*<[\+\w%]+>)?$"]


@pytest.mark.parametrize("rule", EXPONENTIAL)
@pytest.mark.parametrize("value", ["1" * 40 + "!", " " * 40 + "!", "1 " * 5000 + "<", "a" * 100_000 + "!"])
def test_rules_that_backtracked_answer_in_bounded_time(rule: str, value: str) -> None:
    started = time.perf_counter()
    assert matches(rule, value) is False
    assert time.perf_counter() - started < BOUND


@given(st.sampled_from(EXPONENTIAL), st.text(alphabet="12 ,:+<>ax", max_size=10))
def test_rules_judge_ordinary_values_as_python_re_did(rule: str, value: str) -> None:
    assert matches(rule, value) is (re.fullmatch(rule, value) is not None)


def test_a_ring_group_with_a_hostile_member_list_is_refused_at_once(pbx: Pbx) -> None:
    client, world = pbx
    server = world.tenancy.tenant_by_code("344").id
    before = world.snapshot()
    hostile = "1" * 40 + "x"
    started = time.perf_counter()
    answer = raw(client, "ring_group.add", server=server, name="Ops", ext="601", extensions=hostile, timeout="45")
    assert time.perf_counter() - started < 1.0
    assert answer == (b'{"error":"Required field \'extensions=' + hostile.encode()
                      + b'\' contains invalid data (Regex: \\/^(,|\\\\d+)+$\\/)"}')
    assert world.snapshot() == before

