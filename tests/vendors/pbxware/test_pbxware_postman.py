"""The Postman environment generator and its control-plane route."""

from __future__ import annotations

from flask import Flask

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import DEFAULT_WORLD, Registry
from mockpbx.vendors.pbxware.postman import postman_environment


def _registry() -> Registry:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    registry.create_world("default", world_id=DEFAULT_WORLD)
    return registry


def _values(environment: dict[str, object]) -> dict[str, str]:
    rows = environment["values"]
    assert isinstance(rows, list)
    return {row["key"]: row["value"] for row in rows}


def test_environment_points_the_collection_at_the_world() -> None:
    registry = _registry()
    world = registry.get(DEFAULT_WORLD)
    before = world.snapshot()
    environment = postman_environment(world, "http://127.0.0.1:8080/")
    values = _values(environment)
    assert environment["name"] == "mockpbx default"
    assert environment["_postman_variable_scope"] == "environment"
    assert values["IP"] == "127.0.0.1:8080"
    assert values["API_Key"] == "Test123456789"
    assert (values["Srv/Tenant-ID"], values["tenantID"]) == ("6", "7")
    # ExtensionIDs: the id "Add Extensions" will give the extension it creates in tenantID.
    assert (values["ExtensionIDs"], values["extension"], values["Destination"]) == ("10", "530", "531")
    assert world.peek_id("extension") == 10 and [e.number for e in world.directory.list_extensions(7)] == ["200"]
    assert (values["tenant_code"], values["TenantPackageID"], values["CLIRoutingID"]) == ("103", "1", "1")
    assert values["DID"] == "15551230000" and values["Primary"] == "2"
    assert "ERGsID" not in values and "TrunkIDs" not in values
    assert world.snapshot() == before  # reading the world for the environment changes nothing


def test_environment_is_deterministic_and_takes_bare_hosts() -> None:
    first = postman_environment(_registry().get(DEFAULT_WORLD), "localhost:9000")
    second = postman_environment(_registry().get(DEFAULT_WORLD), "localhost:9000")
    assert first == second
    assert _values(first)["IP"] == "localhost:9000"


def test_route_serves_the_environment_and_refuses_unknown_worlds() -> None:
    app: Flask = create_app(registry=_registry())
    client = app.test_client()
    found = client.get("/_mockpbx/worlds/default/pbxware/postman-environment?base_url=http://10.0.0.5:81")
    assert found.status_code == 200 and found.content_type == "application/json"
    assert found.json is not None and _values(found.json)["IP"] == "10.0.0.5:81"
    missing = client.get("/_mockpbx/worlds/nope/pbxware/postman-environment")
    assert (missing.status_code, missing.json["code"]) == (404, "not_found")
