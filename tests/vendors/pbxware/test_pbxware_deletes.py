"""Where a delete removes its object: tenant.delete keeps the tenant (OBS); DIDs and packages go
only with server=1, extensions only from their own tenant; elsewhere success, nothing removed."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from pbxware_client import body, raw

from mockpbx.core.errors import DidNotFound, ExtensionNotFound, PackageNotFound
from mockpbx.core.world import World
from mockpbx.vendors.pbxware.postman import environment_values

HOME, SPARE = 6, 7  # tenants 344 and 345 in the default world
DID_12345, EXT_530, EXT_200 = 3, 7, 9


def test_tenant_delete_answers_success_and_keeps_the_tenant(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert raw(client, "tenant.delete", server=1, id=SPARE) == b'{"success":"Deleted Tenant ID 7 successfully."}'
    assert world.snapshot() == before
    assert body(client, "tenant.list")["7"]["tenantcode"] == "345"
    assert body(client, "apps.templates.list", server=SPARE)[0] == {
        "department_id": 0, "department_name": None, "editions": "none", "modules": "none"}
    assert raw(client, "tenant.delete", server=1, id=99) == b'{"error":"Invalid tenant ID."}'
    assert raw(client, "tenant.delete", server=HOME, id=SPARE) == b'{"error":"In tenant mode, make sure server=1."}'


def test_did_delete_removes_only_with_server_1(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    kept = raw(client, "did.delete", server=HOME, id=DID_12345)
    assert kept == b'{"success":"Deleted DID ID 3 successfully."}'
    assert world.numbering.get_did(DID_12345).tenant_id == HOME
    added = body(client, "did.clirouting.add", server=HOME, id=DID_12345, callerid="38761555123", dest_type="0",
                 destination="531", matchexplicitly="1")
    assert added == {"success": "CLI Routing successfully added!", "id": 1}
    assert raw(client, "did.delete", server=SPARE, id=DID_12345) == b'{"error":"Invalid DID ID."}'
    assert raw(client, "did.delete", server=1, id=DID_12345) == b'{"success":"Deleted DID ID 3 successfully."}'
    with pytest.raises(DidNotFound):
        world.numbering.get_did(DID_12345)
    assert raw(client, "did.list", server=HOME) == b"[]"
    assert raw(client, "did.delete", server=1, id=DID_12345) == b'{"error":"Invalid DID ID."}'


def test_package_delete_removes_only_with_server_1(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    # Package 1 is in use; a tenant's server finds it, answers success and removes nothing.
    assert raw(client, "package.delete", server=HOME, id=1) == (
        b'{"success":"Deleted Tenant package ID 1 successfully.","id":"1"}')
    assert world.tenancy.get_package(1).name == "Package 1"
    assert raw(client, "package.delete", server=1, id=1) == b'{"error":"Tenant package is in use by a tenant."}'
    assert raw(client, "package.delete", server=HOME, id=99) == b'{"error":"Invalid tenant package ID."}'
    assert raw(client, "package.delete", server=1, id=3) == (
        b'{"success":"Deleted Tenant package ID 3 successfully.","id":"3"}')
    with pytest.raises(PackageNotFound):
        world.tenancy.get_package(3)


def test_ext_delete_keeps_another_tenants_extension(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert raw(client, "ext.delete", server=HOME, id=EXT_200) == b'{"success":"Deleted Extension ID 9 successfully."}'
    assert world.directory.get_extension(EXT_200).number == "200"
    assert body(client, "ext.es.dnd.get", server=HOME, id=EXT_200) == {"state": "no"}
    # Its own tenant removes it; an extension a DID routes to is still refused.
    assert raw(client, "ext.delete", server=HOME, id=EXT_530) == (
        b'{"error":"Extension 530 is the destination of DID 12345."}')
    assert raw(client, "ext.delete", server=SPARE, id=EXT_200) == b'{"success":"Deleted Extension ID 9 successfully."}'
    with pytest.raises(ExtensionNotFound):
        world.directory.get_extension(EXT_200)
    assert raw(client, "ext.list", server=SPARE) == b"[]"


def test_environment_names_the_extension_the_collection_adds(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    values = environment_values(world, "127.0.0.1:1")
    added = body(client, "ext.add", server=values["tenantID"], name="API User", email="api.user@example.com",
                 ext=values["extension"], location="2", ua="50", secret="Mock!Secret9", pin="1234", prot="sip",
                 status="1", incominglimit="2", outgoinglimit="2", voicemail="1")
    assert added == {"success": f"Extension ID: {values['ExtensionIDs']}", "id": values["ExtensionIDs"], "ext": 530}
    deleted = body(client, "ext.delete", server=values["Srv/Tenant-ID"], id=values["ExtensionIDs"])
    assert deleted == {"success": f"Deleted Extension ID {values['ExtensionIDs']} successfully."}
    assert world.directory.get_extension(int(values["ExtensionIDs"])).tenant_id == SPARE
