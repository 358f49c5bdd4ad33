"""Properties: the glob matcher agrees with a regex reference; any fault document is answered
201 or a 4xx JSON refusal that arms nothing; a seeded fault fires on the same requests."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from mockpbx import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.faults import CATALOGUE, FaultBook, glob_match
from mockpbx.core.faultspec import FaultSpec
from mockpbx.settings import Settings

alphabet = st.sampled_from("ab.*")


@given(pattern=st.text(alphabet, max_size=8), text=st.text(st.sampled_from("ab."), max_size=10))
def test_glob_matches_like_a_regex_of_its_stars(pattern: str, text: str) -> None:
    reference = re.fullmatch(".*".join(re.escape(piece) for piece in pattern.split("*")), text, re.DOTALL)
    assert glob_match(pattern, text) == (reference is not None)


def test_glob_is_linear_on_a_hostile_pattern() -> None:
    assert not glob_match("a*a*a*a*a*a*a*b", "a" * 100_000)


@cache
def app() -> Flask:
    return create_app(Settings(clock=ClockMode.MANUAL))


scalars = st.none() | st.booleans() | st.integers(-5, 10**7) | st.floats(allow_nan=False) | st.text(max_size=12)
options = st.dictionaries(st.sampled_from(["status", "body", "delay", "delay_min", "delay_max", "keep_bytes", "hold",
                                           "retry_after", "limit", "message", "lag", "front", "bogus"]),
                          scalars, max_size=3)
documents = st.fixed_dictionaries(
    {"name": st.sampled_from([*CATALOGUE, "meteor"]),
     "target": st.fixed_dictionaries({"vendor": st.sampled_from(["epbx", "pbxcloud", "pbxware", "*", "x"])},
                                     optional={"operation": st.text(max_size=20), "path": st.text(max_size=20)})},
    optional={"trigger": st.fixed_dictionaries({"kind": st.sampled_from(["always", "next", "every", "probability",
                                                                          "window", "sometimes"])},
                                               optional={"count": scalars, "probability": scalars,
                                                         "start": scalars, "duration": scalars}),
              "expiry": st.dictionaries(st.sampled_from(["fires", "after"]), scalars, max_size=2),
              "options": options})


@settings(max_examples=80)
@given(body=documents)
def test_any_fault_document_is_armed_or_refused_cleanly(body: dict[str, Any]) -> None:
    client = app().test_client()
    book = app().extensions["mockpbx"].get("default").faults
    before = len(book.all())
    answer = client.post("/_mockpbx/worlds/default/faults", json=body)
    assert answer.status_code in (201, 422), answer.data
    if answer.status_code == 422:
        assert set(answer.get_json()) == {"error", "code"} and len(book.all()) == before
    else:
        book.clear()


@given(seed=st.integers(0, 2**32), probability=st.floats(0, 1))
def test_probability_draws_are_a_function_of_seed_and_position(seed: int, probability: float) -> None:
    def firings() -> list[bool]:
        book = FaultBook()
        book.arm(FaultSpec.model_validate({"name": "reset", "target": {"vendor": "*"},
                                           "trigger": {"kind": "probability", "probability": probability}}).build(0))
        return [book.decide("pbxware", "x", "/", seed=seed, now=0) is not None for _ in range(30)]

    first = firings()
    assert first == firings()
    if probability == 0:
        assert not any(first)
    if probability == 1:
        assert all(first)
