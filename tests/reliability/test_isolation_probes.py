"""Isolation probes: every key sees its own world, and inside it only its own tenant or reseller.

Worlds are built from the demo scenario with different seeds, so their tenants share codes
(100, 101, ...) and differ by name: a leak across worlds shows up as a foreign name.
"""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from mockpbx import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.entities import KeyScope, Vendor
from mockpbx.core.registry import Registry
from mockpbx.settings import Settings
from tests.reliability.budget import ISOLATION_WORLDS


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    client = create_app(Settings(clock=ClockMode.MANUAL, max_world_size=5)).test_client()
    for n in range(ISOLATION_WORLDS):
        created = client.post("/_mockpbx/worlds", json={"id": f"iso{n}", "scenario": "demo", "size": 3, "seed": n + 2})
        assert created.status_code == 201
    return client


def _registry(client: FlaskClient) -> Registry:
    found: Registry = client.application.extensions["mockpbx"]
    return found


def _names(client: FlaskClient, world_id: str) -> set[str]:
    return {t.name for t in _registry(client).get(world_id).tenancy.list_tenants()}


def _foreign_names(client: FlaskClient, world_id: str) -> set[str]:
    own = _names(client, world_id)
    return {name for w in _registry(client).worlds() if w.id != world_id for name in _names(client, w.id)} - own


def _ids() -> list[str]:
    return [f"iso{n}" for n in range(ISOLATION_WORLDS)]


@pytest.mark.parametrize("world_id", _ids())
def test_pbxware_master_key_lists_its_own_worlds_tenants_only(client: FlaskClient, world_id: str) -> None:
    world = _registry(client).get(world_id)
    master = next(k.key for k in world.keys() if k.vendor is Vendor.PBXWARE and k.scope is KeyScope.MASTER)
    listed = json.loads(client.get(f"/?apikey={master}&action=pbxware.tenant.list").data)
    assert {t["name"] for t in listed.values()} == _names(client, world_id)


@pytest.mark.parametrize("world_id", _ids())
def test_mirta_tenant_key_reaches_its_own_tenant_only(client: FlaskClient, world_id: str) -> None:
    world = _registry(client).get(world_id)
    codes = {t.id: t.code for t in world.tenancy.list_tenants()}
    tenant_keys = [k for k in world.keys() if k.vendor is Vendor.PBXCLOUD and k.scope is KeyScope.TENANT_READ_WRITE]
    assert len(tenant_keys) >= 2
    refusal = b"Too bad... you mistaken the security api key.\n"
    for key in tenant_keys:
        own = codes[key.tenant_id]  # type: ignore[index]
        answer = client.get(f"/pbx/proxyapi.php?key={key.key}&reqtype=INFO&info=extensions&tenant={own}")
        assert answer.status_code == 200 and answer.data.startswith(b"Number|Name|")
        for other in set(codes.values()) - {own}:
            foreign = client.get(f"/pbx/proxyapi.php?key={key.key}&reqtype=INFO&info=extensions&tenant={other}")
            assert (foreign.status_code, foreign.data) == (200, refusal)
    admin = next(k.key for k in world.keys() if k.vendor is Vendor.PBXCLOUD and k.scope is KeyScope.ADMIN)
    listing = client.get(f"/pbx/proxyapi.php?key={admin}&reqtype=INFO&info=tenants").data.decode()
    assert sorted(part for part in listing.split("|") if part) == sorted(f"{i}:{c}" for i, c in codes.items())


@pytest.mark.parametrize("world_id", _ids())
def test_epbx_reseller_token_sees_its_own_customers_only(client: FlaskClient, world_id: str) -> None:
    world = _registry(client).get(world_id)
    for key in [k for k in world.keys() if k.vendor is Vendor.EPBX]:
        answer = client.get("/api/v2/customers?per_page=100", headers={"Authorization": f"Bearer {key.key}"})
        assert answer.status_code == 200
        seen = {c["company_name"] for c in answer.get_json()["data"]}
        mine = {t.name for t in world.tenancy.list_tenants() if t.reseller_id == key.reseller_id}
        assert seen == mine
        assert not seen & _foreign_names(client, world_id)
        others = [t.id for t in world.tenancy.list_tenants() if t.reseller_id != key.reseller_id]
        for tenant_id in others:
            foreign = client.get(f"/api/v2/customers/{tenant_id}", headers={"Authorization": f"Bearer {key.key}"})
            assert foreign.status_code in (403, 404)


def test_a_key_of_one_vendor_opens_nothing_at_another(client: FlaskClient) -> None:
    world = _registry(client).get("iso0")
    epbx = next(k.key for k in world.keys() if k.vendor is Vendor.EPBX)
    pbxware = next(k.key for k in world.keys() if k.vendor is Vendor.PBXWARE)
    assert client.get(f"/?apikey={epbx}&action=pbxware.tenant.list").data == b'{"error":"Invalid API key."}'
    answer = client.get("/api/v2/customers", headers={"Authorization": f"Bearer {pbxware}"})
    assert answer.status_code == 401
