"""The one-file claims of docs/contributing.md, checked mechanically.

* A PBXware action is one new module in ``mockpbx/vendors/pbxware/actions/`` with
  ``register(table)``: the module is written to a temporary directory that joins the actions
  package's search path, so no file of the repository changes, and the app answers it.
* An ePBX endpoint is one ``Endpoint`` row in a module of ``mockpbx/vendors/epbx/endpoints/``
  (here a new module, joined the same way): the app serves it behind the token, the customer
  check, its schema and the request's one transaction, and conformance reads the same row.
* A MiRTA reqtype is one entry in ``REQTYPES`` (``vendors/pbxcloud/routes.py``) plus its
  handler. The entry carries the reqtype's HELP block (``Route(..., help=Help(...))``) and HELP
  is printed from the table, so the new reqtype is in HELP with nothing else changed. (Both also
  need the derived operation table regenerated: docs/contributing.md.)
* A vendor is its package plus one line in ``mockpbx/vendors/__init__.py``: the app serves
  whatever ``vendor_specs()`` returns, and ``vendors/base.py`` gives its view the shared request
  path (key to world, the request's one transaction, the journal).

Where the session app can serve the case, the tests use the project's own plugin fixtures
(``pbx_world``, ``pbx_client``), so the plugin runs in its own suite too.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from flask import Blueprint, Response, request
from flask.testing import FlaskClient

import mockpbx.app
import mockpbx.vendors.epbx.endpoints as epbx_endpoints
import mockpbx.vendors.pbxware.actions as pbxware_actions
from mockpbx.app import create_app
from mockpbx.core import ClockMode, Registry
from mockpbx.core.entities import Vendor
from mockpbx.core.world import World
from mockpbx.testing import PbxWorld
from mockpbx.vendors import vendor_specs
from mockpbx.vendors.base import VendorSpec, exchange, in_world
from mockpbx.vendors.optable import Operation
from mockpbx.vendors.pbxcloud.answers import Record
from mockpbx.vendors.pbxcloud.context import Context
from mockpbx.vendors.pbxcloud.help import Help
from mockpbx.vendors.pbxcloud.reply import Reply
from mockpbx.vendors.pbxcloud.routes import REQTYPES, Route, help_text

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


ENDPOINT_MODULE = "contributed_greeting"
ENDPOINT = '''\
"""``GET /customers/<customer_id>/greeting``: a contributed endpoint, added as this one file."""

from __future__ import annotations

from pydantic import BaseModel

from ..table import CUSTOMER, Call, Endpoint, Input
from ..validation import Validator, string


class Greeting(BaseModel):
    name: str


def _greeting(given: Input) -> Greeting:
    check = Validator(given.fields)
    name = check.field("name", string)
    check.raise_if_failed()
    return Greeting(name=name)


def greeting(call: Call) -> object:
    tenant = call.customer
    extensions = call.caller.world.directory.list_extensions(tenant.id)
    return {"hello": call.body.name, "customer": tenant.name, "extensions": len(extensions)}


ENDPOINTS = (
    Endpoint("GET", f"{CUSTOMER}/greeting", greeting, schema=_greeting, model=Greeting,
             patterns={"name": ".+"}),
)
'''


def _registry() -> Registry:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    registry.create_world("default", world_id="default")
    return registry


def _contribute(package: ModuleType, module: str, source: str, folder: Path,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``source`` as one new module of ``package``, written outside the repository and found by
    the package's own discovery; forgotten again afterwards."""
    (folder / f"{module}.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(folder)])
    yield folder
    sys.modules.pop(f"{package.__name__}.{module}", None)


@pytest.fixture
def contributed_action(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from _contribute(pbxware_actions, MODULE, GREETING, tmp_path, monkeypatch)


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


@pytest.fixture
def contributed_endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from _contribute(epbx_endpoints, ENDPOINT_MODULE, ENDPOINT, tmp_path, monkeypatch)


def test_one_new_endpoint_row_is_a_new_epbx_endpoint(contributed_endpoint: Path) -> None:
    registry = _registry()
    world = registry.get("default")
    token = next(k.key for k in world.keys() if k.vendor is Vendor.EPBX and k.reseller_id == 1)
    mine = next(t for t in world.tenancy.list_tenants() if t.reseller_id == 1)
    theirs = next(t for t in world.tenancy.list_tenants() if t.reseller_id not in (None, 1))
    extensions = len(world.directory.list_extensions(mine.id))
    client = create_app(registry=registry).test_client()
    bearer = {"Authorization": f"Bearer {token}"}
    answered = client.get(f"/api/v2/customers/{mine.id}/greeting?name=Ann", headers=bearer)
    assert (answered.status_code, answered.data) == (200, b'{"status":"success","data":{"hello":"Ann","customer":'
                                                          b'"%s","extensions":%d}}' % (mine.name.encode(), extensions))
    refused = client.get(f"/api/v2/customers/{mine.id}/greeting", headers=bearer)
    assert (refused.status_code, refused.data) == (422, b'{"status":"error","message":"The name field is required.",'
                                                        b'"errors":{"name":["The name field is required."]}}')
    other = client.get(f"/api/v2/customers/{theirs.id}/greeting?name=Ann", headers=bearer)
    assert (other.status_code, other.data) == (404, b'{"status":"error","message":"Customer not found."}')
    anonymous = client.get(f"/api/v2/customers/{mine.id}/greeting?name=Ann")
    assert (anonymous.status_code, anonymous.data) == (401, b'{"status":"error","message":"Unauthenticated."}')
    assert [(e.path, e.status, e.outcome) for e in world.journal()] == [
        (f"/api/v2/customers/{mine.id}/greeting", 200, "ok"), (f"/api/v2/customers/{mine.id}/greeting", 422,
                                                               "refused:422"),
        (f"/api/v2/customers/{theirs.id}/greeting", 404, "refused:404")]
    row = next(e for e in epbx_endpoints.build_table() if e.name == "GET /customers/<customer_id>/greeting")
    assert row.operation == Operation(("name",), required=("name",), patterns={"name": ".+"}, methods=("GET", "HEAD"))


def test_without_the_module_the_endpoint_is_not_found(pbx_world: PbxWorld, pbx_client: FlaskClient) -> None:
    answered = pbx_client.get("/api/v2/customers/2/greeting", headers={
        "Authorization": f"Bearer {pbx_world.key('epbx')}"})
    assert (answered.status_code, answered.data) == (
        404, b'{"status":"error","message":"The route api\\/v2\\/customers\\/2\\/greeting could not be found."}')


def test_one_reqtypes_entry_is_a_new_mirta_reqtype(monkeypatch: pytest.MonkeyPatch, pbx_world: PbxWorld,
                                                  pbx_client: FlaskClient) -> None:
    def greeting(ctx: Context) -> Record:
        return Record({"greeting": "Hello", "tenant": ctx.tenant.code if ctx.tenant else ""})

    usage = Help("Say hello\n             tenant - whom to greet\n")
    monkeypatch.setitem(REQTYPES, "GREETING", Route(greeting, help=usage))
    key = pbx_world.key("pbxcloud", "admin")
    query = {"key": key, "reqtype": "greeting", "tenant": "DEMO"}
    answered = pbx_client.get("/pbx/proxyapi.php", query_string=query)
    assert (answered.status_code, answered.data) == (200, b"Hello|DEMO|")
    # The renderers give it every format, and HELP lists it last, from the same entry.
    as_json = pbx_client.get("/pbx/proxyapi.php", query_string={**query, "format": "json"})
    assert as_json.data == b'{"greeting":"Hello","tenant":"DEMO"}'
    helped = pbx_client.get("/pbx/proxyapi.php", query_string={"key": key, "reqtype": "HELP"})
    assert helped.data.endswith(b"HELP         - Show this help\n"
                                b"GREETING     - Say hello\n             tenant - whom to greet\n")


def test_help_is_printed_from_the_table_in_its_order() -> None:
    """Every REQTYPES entry carries its HELP block (a Route without one cannot be built), and
    HELP prints exactly the table's reqtypes in the table's order."""
    printed = re.findall(r"^([A-Z]+)\s*- ", help_text(), re.MULTILINE)
    assert printed == list(REQTYPES)
    with pytest.raises(TypeError):
        Route(lambda ctx: Reply.text(""))  # type: ignore[call-arg]


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


def test_a_new_vendor_gets_the_shared_request_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Key to world, one transaction around the handler and the journal's outcome rule come from
    ``vendors/base.py``: a new vendor's view is a few calls, and its requests are journalled."""
    def tenants(world: World) -> bytes:
        return b"%d tenants" % len(world.tenancy.list_tenants())

    def view() -> Response:
        record = exchange()
        credential = record.resolve_key(request.args.get("key"), Vendor.EPBX)
        if credential is None:
            return Response(b"bad key", 403, mimetype="text/plain")
        return Response(in_world(credential.world, tenants, credential.world), mimetype="text/plain")

    blueprint = Blueprint("toyvendor", __name__)
    blueprint.add_url_rule("/toy/api", "api", view)
    toy = VendorSpec(vendor=Vendor.EPBX, title="Toy", blueprint=blueprint, owns=lambda path: path.startswith("/toy/"),
                     not_found=lambda: Response(b"no such toy", 404, mimetype="text/plain"),
                     internal_error=lambda: Response(b"toy broke", 500, mimetype="text/plain"), paths=("/toy/api",))
    monkeypatch.setattr(mockpbx.app, "vendor_specs", lambda: [*vendor_specs(), toy])
    registry = _registry()
    world = registry.get("default")
    key = next(k.key for k in world.keys() if k.vendor is Vendor.EPBX)
    client = create_app(registry=registry).test_client()
    assert client.get("/toy/api", query_string={"key": key}).data == b"%d tenants" % len(world.tenancy.list_tenants())
    assert client.get("/toy/api", query_string={"key": "nope"}).status_code == 403
    assert [(e.path, e.status, e.outcome) for e in world.journal()] == [("/toy/api", 200, "ok")]


def test_the_modules_tested_here_are_the_ones_contributing_md_shows() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert f"```python\n{GREETING}```" in guide
    assert f"```python\n{ENDPOINT}```" in guide
