"""Calling PBXware actions through the Flask test client on a fresh default world."""

from __future__ import annotations

import json
from typing import Any

from flask.testing import FlaskClient

from mockpbx.app import create_app
from mockpbx.core import ClockMode, Registry
from mockpbx.core.world import World

KEY = "Test123456789"


def fresh() -> tuple[FlaskClient, World]:
    """A test client on its own default world with a manual clock (deterministic bodies)."""
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world("default", world_id="default")
    return create_app(registry=registry).test_client(), world


def raw(client: FlaskClient, action: str, **params: object) -> bytes:
    """``pbxware.<action>`` with the master key; PBXware answers everything with HTTP 200."""
    query = {"apikey": KEY, "action": f"pbxware.{action}", **{k: str(v) for k, v in params.items()}}
    response = client.get("/", query_string=query)
    assert response.status_code == 200
    return response.data


def body(client: FlaskClient, action: str, **params: object) -> Any:
    return json.loads(raw(client, action, **params))
