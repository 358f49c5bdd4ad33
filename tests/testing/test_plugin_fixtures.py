"""The pytest plugin's fixtures, used directly (imported, so this works without installing)."""

# Test arguments shadow the imported fixtures by design: that is how pytest finds them.
# ruff: noqa: F811

from __future__ import annotations

import requests
from flask import Flask
from flask.testing import FlaskClient

from mockpbx.core.entities import KeyScope, Vendor
from mockpbx.testing import MockPbx, PbxWorld, ThreadedServer
from mockpbx.testing.plugin import (  # noqa: F401 - fixtures are found by name
    make_pbx_server,
    pbx_app,
    pbx_client,
    pbx_clock,
    pbx_listen_address,
    pbx_mock,
    pbx_mock_hosts,
    pbx_scenario,
    pbx_seed,
    pbx_server,
    pbx_settings,
    pbx_world,
)

SEEN_WORLDS: list[str] = []


def test_pbx_app_has_the_default_world(pbx_app: Flask) -> None:
    assert pbx_app.extensions["mockpbx"].get("default").clock.mode == "manual"


def test_pbx_world_is_fresh_and_keyed(pbx_world: PbxWorld, pbx_app: Flask) -> None:
    SEEN_WORLDS.append(pbx_world.id)
    assert pbx_app.extensions["mockpbx"].get(pbx_world.id) is pbx_world.world
    master = pbx_world.key(Vendor.PBXWARE, KeyScope.MASTER)
    assert master.startswith(f"{pbx_world.id}-")
    assert pbx_world.key("pbxcloud", "tenant_rw", tenant="DEMO") != pbx_world.key("pbxcloud", "admin")


def test_pbx_world_is_another_world_each_test(pbx_world: PbxWorld, pbx_app: Flask) -> None:
    SEEN_WORLDS.append(pbx_world.id)
    assert len(set(SEEN_WORLDS)) == len(SEEN_WORLDS)
    registry = pbx_app.extensions["mockpbx"]
    assert [w.id for w in registry.worlds()] == ["default", pbx_world.id]  # the last one was deleted


def test_pbx_world_key_lookup_failure_lists_what_exists(pbx_world: PbxWorld) -> None:
    try:
        pbx_world.key("pbxware", "restricted")
    except LookupError as missing:
        assert "pbxware/master" in str(missing) and "pbxcloud/tenant_rw tenant DEMO" in str(missing)
    else:
        raise AssertionError("expected a LookupError")


def test_pbx_client_reaches_the_world(pbx_client: FlaskClient, pbx_world: PbxWorld) -> None:
    key = pbx_world.key("pbxware", "master")
    answer = pbx_client.get(f"/?apikey={key}&action=pbxware.tenant.list")
    assert answer.status_code == 200 and '"tenantcode":"344"' in answer.get_data(as_text=True)
    assert len(pbx_world.assert_requested("pbxware", "/", action="pbxware.tenant.list")) == 1


def test_assert_requested_lists_near_misses(pbx_client: FlaskClient, pbx_world: PbxWorld) -> None:
    key = pbx_world.key("pbxware", "master")
    pbx_client.get(f"/?apikey={key}&action=pbxware.ext.list")
    try:
        pbx_world.assert_requested("pbxware", action="pbxware.tenant.list")
    except AssertionError as failure:
        text = str(failure)
        assert text.splitlines()[0] == ("expected 1 request(s) matching vendor=pbxware, path=None, "
                                        "action='pbxware.tenant.list'; found 0")
        assert "differs: action='pbxware.ext.list'" in text
    else:
        raise AssertionError("expected the assertion to fail")


def test_pbx_server_serves_the_same_app(pbx_server: ThreadedServer, pbx_world: PbxWorld) -> None:
    assert pbx_server.url.startswith("http://127.0.0.1:")
    key = pbx_world.key("pbxware", "master")
    answer = requests.get(f"{pbx_server.url}/?apikey={key}&action=pbxware.tenant.list", timeout=5)
    assert answer.status_code == 200 and '"tenantcode":"344"' in answer.text
    world = requests.get(f"{pbx_server.url}/_mockpbx/worlds/{pbx_world.id}", timeout=5).json()
    assert world["id"] == pbx_world.id


def test_pbx_mock_intercepts_the_pbxware_test_host(pbx_mock: MockPbx, pbx_world: PbxWorld) -> None:
    assert "pbxware.example" in pbx_mock.hosts
    key = pbx_world.key("pbxware", "master")
    answer = requests.get(f"https://pbxware.example/?apikey={key}&action=pbxware.tenant.list")
    assert answer.status_code == 200 and '"tenantcode":"344"' in answer.text


def test_pbx_world_clock_is_manual(pbx_world: PbxWorld) -> None:
    before = pbx_world.world.clock.now()
    assert pbx_world.advance(30) == before + 30
