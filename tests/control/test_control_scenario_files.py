"""Scenario files over HTTP: built-in names, or files under --scenario-dir, and nothing else.

Every refusal reads the same whether the file exists or not, and never quotes a file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from mockpbx import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SECRET = "hunter2-do-not-echo"


def refusal(name: str) -> dict[str, str]:
    return {"error": f"scenario {name!r} is neither a built-in scenario (default, pbxware-box, demo) nor a usable "
                     "file in the server's scenario directory (--scenario-dir)", "code": "invalid_argument"}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A readable file outside any scenario directory, whose values must never come back."""
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(f"name: {SECRET}\ntenants: [{{code: {SECRET}, ext_length: banana}}]\n")
    return secret


@pytest.fixture
def scenario_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "scenarios"
    directory.mkdir()
    shutil.copy(ROOT / "fixtures" / "acme.yaml", directory / "acme.yaml")
    (directory / "broken.yaml").write_text(f"name: {SECRET}\ntenants: {SECRET}\n")
    return directory


def client_for(scenario_dir: Path | None) -> FlaskClient:
    return create_app(Settings(clock=ClockMode.MANUAL, scenario_dir=scenario_dir)).test_client()


def _create(client: FlaskClient, scenario: str) -> tuple[int, dict[str, str]]:
    response = client.post("/_mockpbx/worlds", json={"scenario": scenario})
    return response.status_code, response.get_json()


def test_without_a_scenario_dir_no_file_is_read(outside: Path) -> None:
    client = client_for(None)
    for name in (str(outside), str(outside.with_name("missing.yaml")), "fixtures/acme.yaml",
                 str(ROOT / "fixtures" / "acme.yaml")):
        assert _create(client, name) == (422, refusal(name))
    assert client.get("/_mockpbx/health").get_json()["worlds"] == 1


def test_a_file_under_the_scenario_dir_builds_a_world(scenario_dir: Path) -> None:
    status, body = _create(client_for(scenario_dir), "acme.yaml")
    assert status == 201
    assert body["scenario"] == "acme.yaml" and body["counts"]["tenants"] >= 1


@pytest.mark.parametrize("name", ["../outside/secret.yaml", "sub/../../outside/secret.yaml", "./acme.yaml",
                                  "acme.yaml/..", "..\\outside\\secret.yaml", "C:/acme.yaml", "acme.txt", "acme",
                                  "missing.yaml", "\u00e9.yaml", "a\x00.yaml"])
def test_anything_but_a_plain_relative_name_is_refused_alike(scenario_dir: Path, outside: Path, name: str) -> None:
    assert _create(client_for(scenario_dir), name) == (422, refusal(name))


def test_an_absolute_path_is_refused_even_inside_the_dir(scenario_dir: Path) -> None:
    name = str(scenario_dir / "acme.yaml")
    assert _create(client_for(scenario_dir), name) == (422, refusal(name))


def test_a_symlink_out_of_the_dir_is_refused(scenario_dir: Path, outside: Path) -> None:
    os.symlink(outside, scenario_dir / "link.yaml")
    assert _create(client_for(scenario_dir), "link.yaml") == (422, refusal("link.yaml"))


def test_an_invalid_file_in_the_dir_is_refused_without_its_contents(scenario_dir: Path) -> None:
    status, body = _create(client_for(scenario_dir), "broken.yaml")
    assert (status, body) == (422, refusal("broken.yaml"))
    assert SECRET not in str(body)


def test_the_cli_scenario_file_still_works() -> None:
    settings = Settings(clock=ClockMode.MANUAL, scenario=str(ROOT / "fixtures" / "acme.yaml"))
    client = create_app(settings).test_client()
    assert client.get("/_mockpbx/worlds/default").get_json()["scenario_name"] != "default"
