"""Any body, any path segment: the control plane answers JSON below 500, never a traceback."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from mockpbx import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings

ROUTES = [
    ("POST", "/_mockpbx/worlds"),
    ("POST", "/_mockpbx/worlds/default/clock"),
    ("POST", "/_mockpbx/worlds/default/calls"),
    ("PATCH", "/_mockpbx/worlds/default/settings"),
    ("PUT", "/_mockpbx/worlds/default/state"),
    ("POST", "/_mockpbx/worlds/default/kyc/1/reject"),
    ("POST", "/_mockpbx/worlds/default/did-requests/1/reject"),
]

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)
field_names = st.sampled_from(["scenario", "seed", "id", "clock", "clock_scale", "advance", "mode", "scale",
                               "tenant", "from", "to", "did", "outcome", "talk_seconds", "reason",
                               "rate_limit_per_minute", "traffic_calls_per_minute", "currency",
                               "did_request_auto_approve_seconds", "call_rate_per_minute", "licence_expires_at"])
# No "size": a demo world of 10,000 tenants is valid input, but a slow one.
plausible = st.dictionaries(field_names, json_values, max_size=5)


@cache
def app() -> Flask:
    return create_app(Settings(clock=ClockMode.MANUAL))


def check(answer: Any) -> None:
    assert answer.status_code < 500, answer.get_data(as_text=True)
    if answer.status_code >= 400:
        body = answer.get_json()
        assert isinstance(body, dict) and isinstance(body["error"], str)


@settings(max_examples=40)
@given(route=st.sampled_from(ROUTES), body=plausible)
def test_plausible_json_bodies(route: tuple[str, str], body: dict[str, Any]) -> None:
    method, path = route
    check(app().test_client().open(path, method=method, json=body))


@settings(max_examples=30)
@given(route=st.sampled_from(ROUTES), raw=st.binary(max_size=64))
def test_arbitrary_bytes(route: tuple[str, str], raw: bytes) -> None:
    method, path = route
    check(app().test_client().open(path, method=method, data=raw, content_type="application/json"))


@settings(max_examples=30)
@given(segment=st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="/?#%"),
                       min_size=1, max_size=20),
       suffix=st.sampled_from(["", "/clock", "/calls", "/journal?limit=x", "/kyc?status=x", "/settings",
                               "/calls/1", "/state"]))
def test_arbitrary_world_ids_and_refs(segment: str, suffix: str) -> None:
    client = app().test_client()
    check(client.get(f"/_mockpbx/worlds/{segment}{suffix}"))
    check(client.get(f"/_mockpbx/worlds/default/calls/{segment}"))
