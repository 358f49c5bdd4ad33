"""A world's keys: the summary shows the first twenty, ``GET .../keys`` pages through them all."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

BASE = "/_mockpbx/worlds"
TENANTS = 25  # one key each, after PBXware's master key: 26 keys, more than a summary shows


def _key(n: int) -> dict[str, object]:
    return {"key": f"big-t{n:02d}", "vendor": "pbxcloud", "scope": "tenant_rw", "tenant_id": n,
            "tenant_code": f"T{n:02d}", "reseller_id": None, "allowed_actions": None}


MASTER = {"key": "big-master", "vendor": "pbxware", "scope": "master", "tenant_id": None, "tenant_code": None,
          "reseller_id": None, "allowed_actions": None}
EVERY_KEY = [MASTER, *(_key(n) for n in range(1, TENANTS + 1))]


def _scenario(extra_tenants: int = 0) -> dict[str, object]:
    """PBXware's master key, then one MiRTA key per tenant, every key fixed by value."""
    tenants = [{"id": n, "code": f"T{n:02d}", "name": f"Tenant {n}",
                "keys": [{"vendor": "pbxcloud", "scope": "tenant_rw", "key": f"big-t{n:02d}"}]}
               for n in range(1, TENANTS + 1 + extra_tenants)]
    return {"name": "many-keys", "keys": [{"vendor": "pbxware", "scope": "master", "key": "big-master"}],
            "tenants": tenants}


@pytest.fixture
def big(client: FlaskClient) -> FlaskClient:
    """A world ``big`` whose 26 keys are known by value, in issue order."""
    assert client.post(BASE, json={"id": "big", "scenario": _scenario()}).status_code == 201
    return client


def test_the_summary_shows_the_first_twenty_keys_and_counts_them_all(big: FlaskClient) -> None:
    summary = big.get(f"{BASE}/big").get_json()
    assert summary["keys"] == EVERY_KEY[:20]
    assert summary["counts"] == {"tenants": 25, "extensions": 0, "dids": 0, "live_calls": 0, "cdrs": 0, "keys": 26}
    assert summary["links"] == {"keys": f"{BASE}/big/keys"}


def test_a_world_with_five_times_the_keys_shows_the_same_twenty(client: FlaskClient) -> None:
    created = client.post(BASE, json={"id": "bigger", "scenario": _scenario(extra_tenants=104)})
    assert created.status_code == 201
    summary = client.get(f"{BASE}/bigger").get_json()
    assert summary["keys"] == EVERY_KEY[:20]
    assert (summary["counts"]["tenants"], summary["counts"]["keys"]) == (129, 130)
    assert client.get(f"{BASE}/bigger/keys?offset=129").get_json()["keys"] == [_key(129)]


def test_pages_walk_every_key_in_issue_order(big: FlaskClient) -> None:
    first = big.get(f"{BASE}/big/keys?limit=10")
    assert first.status_code == 200
    assert first.get_json() == {"keys": EVERY_KEY[:10], "total": 26, "offset": 0, "limit": 10,
                                "next": f"{BASE}/big/keys?offset=10&limit=10"}
    second = big.get(f"{BASE}/big/keys?offset=10&limit=10").get_json()
    assert (second["keys"], second["next"]) == (EVERY_KEY[10:20], f"{BASE}/big/keys?offset=20&limit=10")
    last = big.get(f"{BASE}/big/keys?offset=20&limit=10").get_json()
    assert last == {"keys": EVERY_KEY[20:], "total": 26, "offset": 20, "limit": 10, "next": None}


def test_the_default_page_holds_a_hundred_and_past_the_end_is_empty(big: FlaskClient) -> None:
    assert big.get(f"{BASE}/big/keys").get_json() == {"keys": EVERY_KEY, "total": 26, "offset": 0, "limit": 100,
                                                      "next": None}
    assert big.get(f"{BASE}/big/keys?offset=500").get_json() == {"keys": [], "total": 26, "offset": 500,
                                                                 "limit": 100, "next": None}


def test_the_default_worlds_keys_are_its_documented_ones(client: FlaskClient) -> None:
    listed = client.get(f"{BASE}/default/keys").get_json()
    assert [k["key"] for k in listed["keys"]] == [k["key"] for k in client.get(f"{BASE}/default").get_json()["keys"]]
    assert (listed["total"], listed["next"]) == (6, None)


@pytest.mark.parametrize(("query", "message"), [
    ("limit=0", "limit must be a whole number from 1 to 500"),
    ("limit=501", "limit must be a whole number from 1 to 500"),
    ("limit=ten", "limit must be a whole number from 1 to 500"),
    ("offset=-1", "offset must be a whole number from 0 to 999999999"),
    ("offset=1000000000", "offset must be a whole number from 0 to 999999999"),
    ("offset=%EF%BC%91", "offset must be a whole number from 0 to 999999999"),
])
def test_a_bad_page_is_refused_with_422(big: FlaskClient, query: str, message: str) -> None:
    answer = big.get(f"{BASE}/big/keys?{query}")
    assert (answer.status_code, answer.get_json()) == (422, {"error": message, "code": "invalid_argument"})


def test_an_unknown_world_has_no_keys(client: FlaskClient) -> None:
    answer = client.get(f"{BASE}/nope/keys")
    assert (answer.status_code, answer.get_json()) == (404, {"error": "no such world", "code": "not_found"})
