"""The operation tables list exactly the operations each adapter serves, and stay derived."""

from __future__ import annotations

import pytest
from flask import Flask

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings
from mockpbx.testing.world import PbxWorld
from mockpbx.vendors import derive_operations
from mockpbx.vendors.epbx import PREFIX
from mockpbx.vendors.epbx.operations import TABLE as EPBX
from mockpbx.vendors.pbxcloud.operations import TABLE as PBXCLOUD
from mockpbx.vendors.pbxcloud.routes import REQTYPES
from mockpbx.vendors.pbxware.actions import build_table
from mockpbx.vendors.pbxware.operations import TABLE as PBXWARE
from tests.tools import require_bicom_collection


def test_committed_tables_are_what_the_handlers_derive() -> None:
    for path, text in derive_operations.generated(require_bicom_collection()).items():
        assert path.read_text() == text, f"{path.name} is stale: run python -m mockpbx.vendors.derive_operations"


def test_tables_name_every_operation_and_nothing_else() -> None:
    assert sorted(PBXWARE.operations) == build_table().names()
    assert sorted(PBXCLOUD.operations) == sorted(REQTYPES)
    app = create_app(Settings(clock=ClockMode.MANUAL))
    served = {f"{method} {rule.rule[len(PREFIX):]}" for rule in app.url_map.iter_rules()
              if rule.rule.startswith(PREFIX + "/") for method in (rule.methods or ()) - {"HEAD", "OPTIONS"}}
    assert set(EPBX.operations) == served


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app(Settings(clock=ClockMode.MANUAL))


@pytest.mark.parametrize("action", [a for a, op in sorted(PBXWARE.operations.items()) if op.required])
def test_pbxware_refuses_each_derived_required_parameter_when_missing(app: Flask, action: str) -> None:
    """A required parameter is one the vendor refuses the request without (never a guess)."""
    world = PbxWorld.create(app.extensions["mockpbx"], seed=1)
    try:
        answer = app.test_client().get(f"/?apikey={world.key('pbxware')}&action={action}&server=2")
        assert answer.status_code == 200 and answer.data.startswith(b'{"error":'), answer.data
    finally:
        world.registry.delete(world.id)


@pytest.mark.parametrize("reqtype", [r for r, op in sorted(PBXCLOUD.operations.items()) if op.required])
def test_mirta_answers_nothing_without_a_derived_required_parameter(app: Flask, reqtype: str) -> None:
    world = PbxWorld.create(app.extensions["mockpbx"], seed=1)
    try:
        before = world.world.snapshot()
        answer = app.test_client().get(
            f"/pbx/proxyapi.php?key={world.key('pbxcloud', 'admin')}&reqtype={reqtype}&tenant=100")
        assert (answer.status_code, answer.data) == (200, b"")
        assert world.world.snapshot() == before
    finally:
        world.registry.delete(world.id)


def test_bicoms_own_collection_is_conformant() -> None:
    """No false alarm on the vendor's documentation: every one of its 256 requests passes, but
    for values that are still Postman variables (``{{TrunkIDs}}``), which no pattern matches."""
    requests = derive_operations.collection_requests(require_bicom_collection())
    assert len(requests) == 256
    wrong = [(params.get("action"), issue) for method, params in requests
             for issue in PBXWARE.check(params.get("action", ""), method, params, "")
             if not (issue.kind == "bad_value" and params[issue.parameter].startswith("{{"))]
    assert wrong == []


def test_every_name_mirtas_help_lists_is_known() -> None:
    documented = derive_operations.help_names()
    assert len(documented) == 41  # the reqtypes HELP lists, CHANSIPPEERS and GETCURRENTCALLS included
    for reqtype, names in documented.items():
        params = {"key": "k", "reqtype": reqtype, **dict.fromkeys(names, "1")}
        unknown = [i for i in PBXCLOUD.check(reqtype, "GET", params, "") if i.kind == "unknown_parameter"]
        assert unknown == [], reqtype
