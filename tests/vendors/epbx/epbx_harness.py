"""A fresh default world on a manual clock behind the app, for golden ePBX exchanges."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import Registry
from mockpbx.core.world import World

TOKEN = "demo-reseller-token"
OTHER_TOKEN = "demo-reseller2-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
OTHER_AUTH = {"Authorization": f"Bearer {OTHER_TOKEN}"}
JSON = "application/json"
# The default world's ePBX customers: reseller 1 owns 2 and 3, reseller 2 owns 4.
ACME, GLOBEX, INITECH = 2, 3, 4
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
PDF = b"%PDF-1.4\n%mock\n"


@dataclass
class Harness:
    app: Flask
    client: FlaskClient
    world: World

    def get(self, path: str, headers: dict[str, str] | None = None, **kw: Any) -> TestResponse:
        return self.client.get(f"/api/v2{path}", headers=AUTH if headers is None else headers, **kw)

    def post(self, path: str, json: object = None, headers: dict[str, str] | None = None, **kw: Any) -> TestResponse:
        if json is not None:
            kw["json"] = json
        return self.client.post(f"/api/v2{path}", headers=AUTH if headers is None else headers, **kw)

    def put(self, path: str, json: object = None, headers: dict[str, str] | None = None, **kw: Any) -> TestResponse:
        if json is not None:
            kw["json"] = json
        return self.client.put(f"/api/v2{path}", headers=AUTH if headers is None else headers, **kw)

    def kyc(self, customer: int, *, nid_number: str = "1234567890", address: str = "123 Main St",
            nid_front: tuple[bytes, str] | None = (JPEG, "nid_front.jpg"),
            trade_license: tuple[bytes, str] | None = (PDF, "trade_license.pdf"),
            headers: dict[str, str] | None = None) -> TestResponse:
        form: dict[str, object] = {"nid_number": nid_number, "address": address}
        if nid_front is not None:
            form["nid_front"] = (io.BytesIO(nid_front[0]), nid_front[1])
        if trade_license is not None:
            form["trade_license"] = (io.BytesIO(trade_license[0]), trade_license[1])
        return self.client.post(f"/api/v2/customers/{customer}/kyc", data=form, content_type="multipart/form-data",
                                headers=AUTH if headers is None else headers)


def harness(rate_limit: int | None = None) -> Harness:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world("default", world_id="default")
    if rate_limit is not None:
        world.configure(rate_limit_per_minute=rate_limit)
    app = create_app(registry=registry)
    return Harness(app, app.test_client(), world)


def rate_headers(remaining: int, limit: int = 60) -> dict[str, str]:
    return {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining)}


def assert_exchange(response: TestResponse, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    assert (response.status_code, response.data) == (status, body)
    assert response.headers["Content-Type"] == JSON
    assert response.headers["Cache-Control"] == "no-cache, private"
    for name, value in (headers or {}).items():
        assert response.headers.get(name) == value, name


def next_id(world: World, kind: str) -> int:
    """The id the world hands out next for ``kind``: other vendors' scenario additions move it."""
    return world._ids.peek(kind)
