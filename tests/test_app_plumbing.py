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


def test_a_view_or_hook_is_checked_for_coroutines_once_and_answered_as_flask_would() -> None:
    app = create_app(Settings())

    def plain() -> str:
        return "plain"

    class Hook:
        def run(self) -> None:
            return None

    hook = Hook()
    assert app.ensure_sync(plain) is plain
    assert app.ensure_sync(hook.run) == hook.run
    app.ensure_sync(hook.run)  # a fresh bound method of the same hook finds the same entry
    assert len([f for f in app._sync_callables if f in (plain, hook.run)]) == 2
    answered = app.test_client().get("/_mockpbx/health")
    assert (answered.status_code, answered.get_json()["status"]) == (200, "ok")
