"""Vendor version profiles: one world setting per vendor release difference, set from the scenario
file, the control plane or the server's flags, and the same value seen everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from mockpbx import create_app
from mockpbx.core import Registry, errors
from mockpbx.core.clock import ClockMode
from mockpbx.core.world import World
from mockpbx.settings import Settings

BASE = "/_mockpbx/worlds/default"


def _world(client: FlaskClient) -> World:
    found: World = client.application.extensions["mockpbx"].get("default")
    return found


def test_the_defaults_are_the_current_releases(client: FlaskClient) -> None:
    settings = client.get(f"{BASE}/settings").get_json()
    assert (settings["pbxware_version"], settings["mirta_cdr_columns"]) == ("7.x", "full")


def test_patch_sets_a_profile_and_a_reset_keeps_the_scenarios(client: FlaskClient) -> None:
    response = client.patch(f"{BASE}/settings", json={"pbxware_version": "6.x", "mirta_cdr_columns": "short"})
    assert response.status_code == 200
    assert (response.get_json()["pbxware_version"], response.get_json()["mirta_cdr_columns"]) == ("6.x", "short")
    world = _world(client)
    assert (world.settings.pbxware_version, world.settings.mirta_cdr_columns) == ("6.x", "short")
    world.reset()
    assert (world.settings.pbxware_version, world.settings.mirta_cdr_columns) == ("7.x", "full")


@pytest.mark.parametrize("body", [
    {"pbxware_version": "5.x"},
    {"pbxware_version": None},
    {"pbxware_version": 7},
    {"mirta_cdr_columns": "all"},
    {"mirta_cdr_columns": "short", "pbxware_version": "8.x"},
])
def test_a_bad_profile_is_refused_and_changes_nothing(client: FlaskClient, body: dict[str, object]) -> None:
    before = client.get(f"{BASE}/settings").get_json()
    response = client.patch(f"{BASE}/settings", json=body)
    assert response.status_code == 422
    assert response.get_json()["code"] == "invalid_argument"
    assert client.get(f"{BASE}/settings").get_json() == before


def test_a_scenario_file_fixes_the_profiles(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("name: old-boxes\nsettings:\n  pbxware_version: '6.x'\n  mirta_cdr_columns: short\n",
                    encoding="utf-8")
    world = Registry(clock_mode=ClockMode.MANUAL).create_world(str(path), world_id="old")
    assert (world.settings.pbxware_version, world.settings.mirta_cdr_columns) == ("6.x", "short")
    world.reset()
    assert (world.settings.pbxware_version, world.settings.mirta_cdr_columns) == ("6.x", "short")


def test_a_scenario_file_with_an_unknown_profile_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nsettings:\n  pbxware_version: '9.x'\n", encoding="utf-8")
    with pytest.raises(errors.InvalidArgument, match="pbxware_version"):
        Registry().create_world(str(path))


def test_server_flags_win_over_the_scenario_in_every_world(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("name: old\nsettings:\n  pbxware_version: '7.x'\n", encoding="utf-8")
    settings = Settings(clock=ClockMode.MANUAL).with_values({"pbxware_version": "6.x", "mirta_cdr_columns": "short"})
    client = create_app(settings).test_client()
    assert client.get(f"{BASE}/settings").get_json()["pbxware_version"] == "6.x"
    created = client.post("/_mockpbx/worlds", json={"scenario": "pbxware-box", "id": "box"})
    assert created.status_code == 201
    box = client.get("/_mockpbx/worlds/box/settings").get_json()
    assert (box["pbxware_version"], box["mirta_cdr_columns"]) == ("6.x", "short")
    registry = Registry(world_settings=settings.world_settings())
    world = registry.create_world(str(path), world_id="old")
    assert world.settings.pbxware_version == "6.x"
    world.reset()
    assert world.settings.pbxware_version == "6.x"
