"""The ``pbxware-box`` scenario: a PBXware system in tenant mode with no trunks, and the Postman
environment for it, created like a CI job creates it (a world of its own, with its own key)."""

from __future__ import annotations

import json

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.entities import Destination, FeatureKind, KeyScope, Vendor
from mockpbx.core.registry import DEFAULT_WORLD, Registry
from mockpbx.core.world import World
from mockpbx.vendors.pbxware.postman import environment_values

HOME, SPARE = 2, 3  # tenants 344 and 345: nothing else is in the box


def _box(world_id: str = "box") -> World:
    return Registry(clock_mode=ClockMode.MANUAL).create_world("pbxware-box", world_id=world_id)


def test_the_box_holds_only_pbxware_and_no_trunks() -> None:
    world = _box()
    assert [(t.id, t.code, t.name) for t in world.tenancy.list_tenants()] == [
        (HOME, "344", "t1.dot.com"), (SPARE, "345", "t2.dot.com")]
    assert world.numbering.list_trunks() == [] and world.numbering.list_sms_trunks() == []
    assert [(k.vendor, k.scope) for k in world.keys()] == [(Vendor.PBXWARE, KeyScope.MASTER)]
    assert world.keys()[0].key != "Test123456789"  # the documented key is the default world's only
    assert [p.name for p in world.tenancy.list_packages()] == ["Package 1", "Package 2", "Package 3"]
    assert [p.name for p in world.numbering.list_providers()] == ["Generic SIP", "Generic Analog"]
    assert [e.number for e in world.directory.list_extensions(HOME)] == ["530", "531"]
    assert [e.number for e in world.directory.list_extensions(SPARE)] == ["200"]
    [did] = world.numbering.list_dids()
    assert (did.number, did.tenant_id, did.trunk_id, did.destination) == (
        "12345", HOME, None, Destination("extension", "530"))
    assert [(f.kind, f.number) for f in world.directory.list_features(tenant_id=HOME)] == [
        (FeatureKind.IVR, "700"), (FeatureKind.IVR, "701"), (FeatureKind.RING_GROUP, "600"),
        (FeatureKind.ENHANCED_RING_GROUP, "800")]
    assert len(world.telephony.query_cdrs(tenant_id=HOME)) == 3


def test_served_as_the_default_world_it_has_the_documented_key() -> None:
    world = _box(DEFAULT_WORLD)
    assert [k.key for k in world.keys()] == ["Test123456789"]


def test_environment_uses_the_worlds_own_key_and_the_trunks_the_collection_adds() -> None:
    world = _box()
    values = environment_values(world, "127.0.0.1:1")
    assert values["API_Key"] == world.keys()[0].key
    assert (values["Srv/Tenant-ID"], values["tenantID"], values["extension"]) == ("2", "3", "530")
    # No trunk before the run: tenant.trunks.set's primary trunks and the first SMS trunk edit
    # name the trunk and SMS trunk the collection's own adds are about to create.
    assert (values["Primary"], values["PrimaryEm"], values["SMSTrunkIDs"]) == ("1", "1", "1")
    assert world.peek_id("trunk") == 1 and world.peek_id("sms_trunk") == 1


def test_control_plane_creates_a_box_next_to_the_default_world() -> None:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    registry.create_world("default", world_id=DEFAULT_WORLD)
    client = create_app(registry=registry).test_client()
    created = client.post("/_mockpbx/worlds", json={"scenario": "pbxware-box", "id": "bicom"})
    assert created.status_code == 201 and created.json is not None
    [key] = [k["key"] for k in created.json["keys"]]
    served = client.get("/_mockpbx/worlds/bicom/pbxware/postman-environment?base_url=http://127.0.0.1:8080")
    assert served.status_code == 200
    values = {row["key"]: row["value"] for row in json.loads(served.data)["values"]}
    assert values["API_Key"] == key != "Test123456789"
    listed = client.get("/", query_string={"apikey": key, "action": "pbxware.trunk.list"})
    assert (listed.status_code, listed.data) == (200, b"[]")
