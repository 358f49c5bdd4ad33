"""Calling proxyapi.php through the Flask test client on the `pbx` fixture's default world (manual clock)."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

from mockpbx.core.world import World

PATH = "/pbx/proxyapi.php"
RW, RO, ADMIN = "demo-DEMO-rw", "demo-DEMO-ro", "demo-admin-key"
AUTH_FAILURE = b"Too bad... you mistaken the security api key.\n"


def ask(client: FlaskClient, reqtype: str, key: str = RW, **params: str) -> bytes:
    """One request for tenant DEMO (unless ``tenant`` is given); proxyapi always answers 200."""
    query = {"key": key, "reqtype": reqtype, "tenant": "DEMO", **params}
    response = client.get(PATH, query_string={k: v for k, v in query.items() if v is not None})
    assert response.status_code == 200
    return response.data


def refused_without_change(world: World, client: FlaskClient, reqtype: str, key: str = RW,
                           **params: str) -> bytes:
    """Ask, and check the world's state is byte-identical afterwards; returns the body."""
    before = world.snapshot()
    body = ask(client, reqtype, key, **params)
    assert world.snapshot() == before
    return body


def managedb(client: FlaskClient, obj: str, action: str, jsondata: object = None, **params: str) -> bytes:
    """A MANAGEDB request with the admin key, ``jsondata`` (JSON-encoded unless already text) in the form."""
    form = {} if jsondata is None else {"jsondata": jsondata if isinstance(jsondata, str) else json.dumps(jsondata)}
    response = client.post(PATH, query_string={"key": ADMIN, "reqtype": "MANAGEDB", "object": obj, "action": action,
                                               **params}, data=form)
    assert response.status_code == 200
    return response.data
