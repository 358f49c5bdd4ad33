"""The one-file claims of docs/contributing.md, checked mechanically.

* A PBXware action is one new module in ``mockpbx/vendors/pbxware/actions/`` with
  ``register(table)``: the module is written to a temporary directory that joins the actions
  package's search path, so no file of the repository changes, and the app answers it.
* A MiRTA reqtype is one entry in ``REQTYPES`` (``vendors/pbxcloud/routes.py``) plus its
  handler; HELP is a hand-written text (``help.py``) that is *not* derived from the table, so a
  test checks the two agree instead. (Both also need the derived operation table regenerated:
  docs/contributing.md.)
* A vendor is its package plus one line in ``mockpbx/vendors/__init__.py``: the app serves
  whatever ``vendor_specs()`` returns.

Where the session app can serve the case, the tests use the project's own plugin fixtures
(``pbx_world``, ``pbx_client``), so the plugin runs in its own suite too.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Blueprint, Response
from flask.testing import FlaskClient

import mockpbx.app
import mockpbx.vendors.pbxware.actions as pbxware_actions
from mockpbx.app import create_app
from mockpbx.core import ClockMode, Registry
from mockpbx.core.entities import Vendor
from mockpbx.testing import PbxWorld
from mockpbx.vendors import vendor_specs
from mockpbx.vendors.base import VendorSpec
from mockpbx.vendors.pbxcloud.context import Context
from mockpbx.vendors.pbxcloud.help import HELP_TEXT
from mockpbx.vendors.pbxcloud.reply import Reply
from mockpbx.vendors.pbxcloud.routes import REQTYPES, Route

PBXWARE_KEY = "Test123456789"  # the default world's PBXware master key
MODULE = "contributed_greeting"
GREETING = '''\
"""``pbxware.greeting.hello``: a contributed action, added as this one file."""

from __future__ import annotations

from .registry import ActionContext, ActionTable


def register(table: ActionTable) -> None:
    @table.action("pbxware.greeting.hello")
    def greeting_hello(ctx: ActionContext) -> object:
        return {"hello": ctx.require("name"), "tenants": len(ctx.world.tenancy.list_tenants())}
'''


def _registry() -> Registry:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    registry.create_world("default", world_id="default")
    return registry


@pytest.fixture
def contributed_action(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / f"{MODULE}.py").write_text(GREETING, encoding="utf-8")
    monkeypatch.setattr(pbxware_actions, "__path__", [*pbxware_actions.__path__, str(tmp_path)])
    yield tmp_path
    sys.modules.pop(f"{pbxware_actions.__name__}.{MODULE}", None)


def test_one_new_pbxware_module_is_a_new_action(contributed_action: Path) -> None:
    registry = _registry()
    tenants = len(registry.get("default").tenancy.list_tenants())
    client = create_app(registry=registry).test_client()
    answered = client.get("/", query_string={"apikey": PBXWARE_KEY, "action": "pbxware.greeting.hello", "name": "Ann"})
    assert (answered.status_code, answered.data) == (200, b'{"hello":"Ann","tenants":%d}' % tenants)
    refused = client.get("/", query_string={"apikey": PBXWARE_KEY, "action": "pbxware.greeting.hello"})
    assert refused.data == b'{"error":"Required field \'name\' is missing"}'


def test_without_the_module_the_action_is_unknown(pbx_world: PbxWorld, pbx_client: FlaskClient) -> None:
    # The project's own plugin fixtures: a fresh world in the session app, and its test client.
    key = pbx_world.key("pbxware")
    answered = pbx_client.get("/", query_string={"apikey": key, "action": "pbxware.greeting.hello"})
    assert answered.data == b'{"error":"Invalid action."}'


def test_one_reqtypes_entry_is_a_new_mirta_reqtype(monkeypatch: pytest.MonkeyPatch, pbx_world: PbxWorld,
                                                  pbx_client: FlaskClient) -> None:
    def greeting(ctx: Context) -> Reply:
        return Reply.text(f"Hello|{ctx.tenant.code if ctx.tenant else ''}|")

    monkeypatch.setitem(REQTYPES, "GREETING", Route(greeting))
    key = pbx_world.key("pbxcloud", "admin")
    answered = pbx_client.get("/pbx/proxyapi.php", query_string={"key": key, "reqtype": "greeting", "tenant": "DEMO"})
    assert (answered.status_code, answered.data) == (200, b"Hello|DEMO|")


def test_help_lists_exactly_the_reqtypes_of_the_table() -> None:
    """HELP is written by hand, not generated from REQTYPES: this catches a reqtype added to
    one and not the other."""
    printed = set(re.findall(r"^([A-Z]+)\s*-", HELP_TEXT, re.MULTILINE))
    assert sorted(set(REQTYPES) - printed) == []
    assert sorted(printed - set(REQTYPES)) == []


def test_a_vendor_is_its_spec_in_vendor_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    blueprint = Blueprint("toyvendor", __name__)
    blueprint.add_url_rule("/toy/api", "api", lambda: Response(b"toy", mimetype="text/plain"))
    toy = VendorSpec(vendor=Vendor.EPBX, title="Toy", blueprint=blueprint, owns=lambda path: path.startswith("/toy/"),
                     not_found=lambda: Response(b"no such toy", 404, mimetype="text/plain"),
                     internal_error=lambda: Response(b"toy broke", 500, mimetype="text/plain"), paths=("/toy/api",))
    monkeypatch.setattr(mockpbx.app, "vendor_specs", lambda: [*vendor_specs(), toy])
    client = create_app(registry=_registry()).test_client()
    assert client.get("/toy/api").data == b"toy"
    assert (client.get("/toy/missing").status_code, client.get("/toy/missing").data) == (404, b"no such toy")


def test_the_module_tested_here_is_the_one_contributing_md_shows() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert f"```python\n{GREETING}```" in guide
