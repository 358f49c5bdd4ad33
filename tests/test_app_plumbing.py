"""Flask plumbing the app sets up for speed: null sessions handed out directly, one prebuilt JSON encoder."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import pytest
from flask import Flask, jsonify, session
from flask.json.provider import DefaultJSONProvider
from hypothesis import example, given
from hypothesis import strategies as st

from mockpbx import create_app
from mockpbx.app import JsonProvider, NoSessions
from mockpbx.settings import Settings

LEAVES = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none(),
                   st.decimals(allow_nan=False), st.dates())
VALUES = st.recursive(LEAVES, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=4), children, max_size=4)), max_leaves=20)


def test_every_request_gets_an_empty_null_session_and_no_cookie() -> None:
    app = create_app(Settings())
    assert isinstance(app.session_interface, NoSessions)
    with app.test_request_context("/?apikey=x", headers={"Cookie": "session=forged"}):
        assert dict(session) == {}
        with pytest.raises(RuntimeError, match="session is unavailable"):
            session["user"] = "someone"
    response = app.test_client().get("/_mockpbx/health", headers={"Cookie": "session=forged"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


@given(VALUES)
@example({"b": math.inf, "a": [math.nan, -0.0, 1e-05]})
@example({"when": datetime.date(2026, 1, 5), "amount": Decimal("1.50"), "text": "é€😀\x7f/"})
def test_jsonify_writes_what_flasks_default_provider_writes_with_keys_in_order(value: object) -> None:
    ours, flasks = Flask("ours"), Flask("flasks")
    ours.json = JsonProvider(ours)
    assert type(flasks.json) is DefaultJSONProvider
    flasks.json.sort_keys = False  # type: ignore[attr-defined]
    with ours.app_context():
        mine = jsonify(value).data
    with flasks.app_context():
        assert mine == jsonify(value).data


def test_pretty_printing_still_goes_through_flask() -> None:
    app = Flask("debugging")
    app.json = JsonProvider(app)
    app.debug = True
    with app.app_context():
        assert jsonify({"b": 1, "a": 2}).data == b'{\n  "b": 1,\n  "a": 2\n}\n'


def test_a_view_or_hook_is_checked_for_coroutines_once_and_answered_as_flask_would(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import flask.app
    asked: list[object] = []
    real = flask.app.iscoroutinefunction

    def counting(func: object) -> bool:
        asked.append(func)
        return real(func)

    monkeypatch.setattr(flask.app, "iscoroutinefunction", counting)
    client = create_app(Settings()).test_client()
    for _ in range(3):
        answered = client.get("/_mockpbx/health")
        assert (answered.status_code, answered.get_json()["status"]) == (200, "ok")
    once = len(asked)
    client.get("/_mockpbx/health")
    assert len(asked) == once  # the hooks and the view of a path already served are not asked again
    assert len(asked) == len(set(asked))  # each view and hook asked about once


def test_a_fresh_bound_method_of_one_hook_finds_its_remembered_answer() -> None:
    app = create_app(Settings())

    class Hook:
        def run(self) -> None:
            return None

    hook = Hook()
    first = app.ensure_sync(hook.run)
    assert app.ensure_sync(hook.run) is first  # equal bound methods share one entry: the table never grows
