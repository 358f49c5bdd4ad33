"""mockpbx has no browser sessions: the app hands out Flask's null session without looking for one."""

from __future__ import annotations

import pytest
from flask import session

from mockpbx import create_app
from mockpbx.app import NoSessions
from mockpbx.settings import Settings


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
