"""The malformed-snapshot corpus: every value of a snapshot replaced by something hostile.

Each ``PUT .../state`` either is refused with a 4xx that leaves the world byte-identical, or
is taken -- and then the world keeps answering every reader below 500.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockpbx import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings
from tests.reliability.budget import LONG

STATE = "/_mockpbx/worlds/default/state"
HOSTILE: tuple[object, ...] = (1e308, -1e308, -1, 10**40, "x", None, [], {}, True, "\u00b2", "9" * 5000)
# Short mode tries this many value paths (all with LONG), chosen by a fixed seed.
SAMPLED_PATHS = 40


def _leaves(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _leaves(item, (*path, position))
    else:
        yield path


def _replace(document: Any, path: tuple[str | int, ...], value: object) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copy


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    client = create_app(Settings(clock=ClockMode.MANUAL)).test_client()
    # Some of everything: a live call, a CDR, a pending KYC upload's worth of state.
    client.post("/_mockpbx/worlds/default/calls", json={"tenant": "DEMO", "from": "102", "to": "5550005"})
    client.post("/_mockpbx/worlds/default/clock", json={"advance": 5})
    return client


def _paths(snapshot: Any) -> list[tuple[str | int, ...]]:
    paths = list(_leaves(snapshot))
    return paths if LONG else random.Random(14).sample(paths, min(SAMPLED_PATHS, len(paths)))


def _readers_answer(client: FlaskClient) -> list[tuple[str, int]]:
    answers = [
        ("worlds", client.get("/_mockpbx/worlds").status_code),
        ("world", client.get("/_mockpbx/worlds/default").status_code),
        ("journal", client.get("/_mockpbx/worlds/default/journal").status_code),
        ("settings", client.get("/_mockpbx/worlds/default/settings").status_code),
        ("clock", client.post("/_mockpbx/worlds/default/clock", json={"advance": 30}).status_code),
        ("pbxware", client.get("/?apikey=Test123456789&action=pbxware.tenant.list").status_code),
        ("pbxcloud", client.get("/pbx/proxyapi.php?key=demo-admin-key&reqtype=INFO&info=tenants").status_code),
        ("epbx", client.get("/api/v2/customers", headers={"Authorization": "Bearer demo-reseller-token"}).status_code),
    ]
    return [(name, status) for name, status in answers if status >= 500]


def test_every_hostile_value_is_refused_cleanly_or_taken_safely(client: FlaskClient) -> None:
    original = client.get(STATE).data
    snapshot = json.loads(original)
    failures: list[str] = []
    tried = 0
    for path in _paths(snapshot):
        for value in HOSTILE:
            tried += 1
            mutated = _replace(snapshot, path, value)
            response = client.put(STATE, json=mutated)
            where = ".".join(map(str, path)) + f" = {str(value)[:20]}"
            if response.status_code >= 500:
                failures.append(f"{where}: PUT answered {response.status_code}")
            elif response.status_code >= 400:
                if set(response.get_json()) != {"error", "code"}:
                    failures.append(f"{where}: refusal is not {{error, code}}")
                if client.get(STATE).data != original:
                    failures.append(f"{where}: refused, yet the world changed")
            else:
                broken = _readers_answer(client)
                if broken:
                    failures.append(f"{where}: taken, then {broken}")
                assert client.put(STATE, data=original, content_type="application/json").status_code == 200
    assert tried >= SAMPLED_PATHS * len(HOSTILE) or LONG
    assert failures == []


@pytest.mark.parametrize(("raw", "status"), [
    (b"[" * 100_000 + b"]" * 100_000, 400),
    (b'{"format": 1, "state": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}", 400),
    (b'{"format": 1}', 422),
    (b'{"format": 2, "state": {}, "clock": {}, "ids": {}}', 422),
    (b"null", 422),
    (b'{"format": NaN}', 422),
])
def test_malformed_documents_are_refused(client: FlaskClient, raw: bytes, status: int) -> None:
    before = client.get(STATE).data
    response = client.put(STATE, data=raw, content_type="application/json")
    assert response.status_code == status
    assert set(response.get_json()) == {"error", "code"}
    assert client.get(STATE).data == before
