"""A key belongs to exactly one world on every path; a refused snapshot changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockpbx.control.origins import Origins
from mockpbx.core import errors
from mockpbx.core.clock import ClockMode
from mockpbx.core.entities import Vendor
from mockpbx.core.registry import Registry
from mockpbx.statefile import StateFileError, load, save

BASE = "/_mockpbx/worlds"


def _snapshot(client: FlaskClient, world: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(client.get(f"{BASE}/{world}/state").data)
    return found


def test_a_snapshot_holding_another_worlds_key_is_refused(client: FlaskClient) -> None:
    client.post(BASE, json={"id": "thief"})
    stolen = _snapshot(client, "thief")
    default_keys = _snapshot(client, "default")["state"]["keys"]
    stolen["state"]["keys"]["Test123456789"] = default_keys["Test123456789"]
    before = client.get(f"{BASE}/thief/state").data
    response = client.put(f"{BASE}/thief/state", json=stolen)
    assert (response.status_code, response.get_json()) == (
        409, {"error": "a key is already issued by another world", "code": "already_exists"})
    assert client.get(f"{BASE}/thief/state").data == before
    registry: Registry = client.application.extensions["mockpbx"]
    credential = registry.resolve("Test123456789", Vendor.PBXWARE)
    assert credential is not None and credential.world.id == "default"


def test_a_world_may_restore_its_own_keys_and_free_the_old_ones(client: FlaskClient) -> None:
    registry: Registry = client.application.extensions["mockpbx"]
    snapshot = _snapshot(client, "default")
    record = snapshot["state"]["keys"].pop("Test123456789")
    snapshot["state"]["keys"]["renamed-master-key"] = {**record, "key": "renamed-master-key"}
    assert client.put(f"{BASE}/default/state", json=snapshot).status_code == 200
    assert registry.resolve("Test123456789", Vendor.PBXWARE) is None
    assert registry.resolve("renamed-master-key", Vendor.PBXWARE) is not None
    # The freed key may now go to another world, once.
    other = _snapshot(client, "default")
    other["state"]["keys"] = {"Test123456789": {**record}}
    client.post(BASE, json={"id": "second"})
    assert client.put(f"{BASE}/second/state", json=other).status_code == 200
    assert registry.resolve("Test123456789", Vendor.PBXWARE).world.id == "second"  # type: ignore[union-attr]
    # ... and the default world can no longer reset onto it: 409, the world as it was.
    before = client.get(f"{BASE}/default/state").data
    response = client.post(f"{BASE}/default/reset")
    assert (response.status_code, response.get_json()["code"]) == (409, "already_exists")
    assert client.get(f"{BASE}/default/state").data == before


def _mutate(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(snapshot: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = snapshot
        for part in parents:
            target = target[part] if not isinstance(target, list) else target[int(part)]
        if isinstance(target, dict) and last == "*":
            for key in list(target):
                target[key] = value
        else:
            target[last] = value
    return change


def _first_wallet(snapshot: dict[str, Any]) -> str:
    return next(iter(snapshot["state"]["wallets"]))


@pytest.mark.parametrize(("path", "value", "message"), [
    ("clock.now", 1e308, "not a usable snapshot: clock.now must be 0 to 2.53402e+11"),
    ("clock.now", -1.0, "not a usable snapshot: clock.now must be 0 to 2.53402e+11"),
    ("clock.scale", 1e300, "not a usable snapshot: clock.scale must be above 0 and at most 1e+06"),
    ("ids.counters.tenant", -5, "not a usable snapshot: ids.counters.tenant must be 0 to 1e+15"),
    ("ids.draws", -1, "not a usable snapshot: ids.draws must be 0 to 1e+15"),
    ("ids.counters.tenant", int("9" * 40), "not a usable snapshot: ids.counters.tenant must be 0 to 1e+15"),
    ("state.settings.rate_limit_per_minute", -5,
     "not a usable snapshot: state.settings.rate_limit_per_minute must be 0 to 1e+06"),
    ("state.settings.traffic_calls_per_minute", 1e9,
     "not a usable snapshot: state.settings.traffic_calls_per_minute must be 0 to 6000"),
    ("state.settings.licence_expires_at", 1e300,
     "not a usable snapshot: state.settings.licence_expires_at must be -1e+15 to 1e+15"),
    ("state.settings.currency", "euro", "not a usable snapshot: state.settings.currency must be three capital letters"),
])
def test_an_impossible_value_is_refused_before_anything_changes(client: FlaskClient, path: str, value: object,
                                                                 message: str) -> None:
    snapshot = _snapshot(client, "default")
    _mutate(path, value)(snapshot)
    before = client.get(f"{BASE}/default/state").data
    response = client.put(f"{BASE}/default/state", json=snapshot)
    assert (response.status_code, response.get_json()) == (422, {"error": message, "code": "invalid_argument"})
    assert client.get(f"{BASE}/default/state").data == before
    assert client.get(BASE).status_code == 200


def test_a_balance_of_minus_1e308_is_refused(client: FlaskClient) -> None:
    snapshot = _snapshot(client, "default")
    wallet = _first_wallet(snapshot)
    snapshot["state"]["wallets"][wallet]["balance"] = -1e308
    before = client.get(f"{BASE}/default/state").data
    response = client.put(f"{BASE}/default/state", json=snapshot)
    assert (response.status_code, response.get_json()) == (422, {
        "error": f"not a usable snapshot: state.wallets.{wallet}.balance must be -1e+15 to 1e+15",
        "code": "invalid_argument"})
    assert client.get(f"{BASE}/default/state").data == before


@pytest.mark.parametrize("settings", [5, "fast", [], None])
def test_the_settings_replaced_by_a_scalar_are_refused(client: FlaskClient, settings: object) -> None:
    snapshot = _snapshot(client, "default")
    snapshot["state"]["settings"] = settings
    before = client.get(f"{BASE}/default/state").data
    response = client.put(f"{BASE}/default/state", json=snapshot)
    assert (response.status_code, response.get_json()) == (
        422, {"error": "not a mockpbx snapshot: 1 problem(s)", "code": "invalid_argument"})
    assert client.get(f"{BASE}/default/state").data == before


def test_a_key_filed_under_another_name_is_refused(client: FlaskClient) -> None:
    snapshot = _snapshot(client, "default")
    snapshot["state"]["keys"]["alias"] = snapshot["state"]["keys"]["Test123456789"]
    response = client.put(f"{BASE}/default/state", json=snapshot)
    assert (response.status_code, response.get_json()) == (422, {
        "error": "not a usable snapshot: state.keys.alias is filed under another key than its own",
        "code": "invalid_argument"})


def test_a_state_file_with_one_key_in_two_worlds_does_not_load(tmp_path: Path) -> None:
    registry, origins = Registry(clock_mode=ClockMode.MANUAL), Origins()
    registry.create_world("default", world_id="default")
    registry.create_world("demo", size=1, world_id="other")
    path = tmp_path / "state.json"
    save(path, registry, origins)
    document = json.loads(path.read_text())
    first, second = document["worlds"]
    second["snapshot"]["state"]["keys"]["Test123456789"] = first["snapshot"]["state"]["keys"]["Test123456789"]
    path.write_text(json.dumps(document))
    with pytest.raises(StateFileError) as refused:
        load(path, Registry(), Origins())
    assert str(refused.value) == (f"state file {path}: cannot rebuild world other: a key is already issued by "
                                  "another world")


def test_revoking_a_key_frees_it_registry_wide() -> None:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world("default", world_id="default")
    world.revoke_key("Test123456789")
    assert registry.resolve("Test123456789", Vendor.PBXWARE) is None
    other = registry.create_world("demo", size=1, world_id="other")
    other.issue_key(Vendor.PBXWARE, world.keys()[0].scope, key="Test123456789")
    assert registry.resolve("Test123456789", Vendor.PBXWARE).world is other  # type: ignore[union-attr]
    with pytest.raises(errors.AlreadyExists):
        world.issue_key(Vendor.PBXWARE, world.keys()[0].scope, key="Test123456789")
