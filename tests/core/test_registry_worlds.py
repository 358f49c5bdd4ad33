"""The registry: world ids, keys selecting worlds, and keys unique across worlds."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockpbx.core import DEFAULT_WORLD, DEMO_KEYS, ClockMode, Registry, errors
from mockpbx.core.entities import KeyScope, Vendor


@pytest.fixture
def registry() -> Registry:
    return Registry(clock_mode=ClockMode.MANUAL)


def test_default_world_answers_to_the_documented_demo_keys(registry: Registry) -> None:
    world = registry.create_world("default", world_id=DEFAULT_WORLD)
    expected = {
        "epbx_reseller": (Vendor.EPBX, KeyScope.RESELLER),
        "epbx_second_reseller": (Vendor.EPBX, KeyScope.RESELLER),
        "pbxcloud_admin": (Vendor.PBXCLOUD, KeyScope.ADMIN),
        "pbxcloud_demo_rw": (Vendor.PBXCLOUD, KeyScope.TENANT_READ_WRITE),
        "pbxcloud_demo_ro": (Vendor.PBXCLOUD, KeyScope.TENANT_READ_ONLY),
        "pbxware_master": (Vendor.PBXWARE, KeyScope.MASTER),
    }
    assert set(expected) == set(DEMO_KEYS)
    for name, (vendor, scope) in expected.items():
        found = registry.resolve(DEMO_KEYS[name], vendor)
        assert found is not None, name
        assert (found.world, found.key.scope) == (world, scope)
    demo = world.tenancy.tenant_by_code("DEMO")
    rw = registry.resolve(DEMO_KEYS["pbxcloud_demo_rw"], Vendor.PBXCLOUD)
    assert rw is not None and rw.key.tenant_id == demo.id


def test_keys_select_their_own_world(registry: Registry) -> None:
    first, second = registry.create_world("demo", size=1), registry.create_world("demo", size=1)
    assert (first.id, second.id) == ("w2", "w3")
    for world in (first, second):
        for key in world.keys():
            found = registry.resolve(key.key, key.vendor)
            assert found is not None and found.world is world and found.key == key
            assert key.key.startswith(f"{world.id}-")


def test_a_key_only_opens_its_own_vendor(registry: Registry) -> None:
    registry.create_world("default", world_id=DEFAULT_WORLD)
    assert registry.resolve(DEMO_KEYS["pbxware_master"], Vendor.PBXCLOUD) is None
    assert registry.resolve(DEMO_KEYS["epbx_reseller"], Vendor.PBXWARE) is None
    assert registry.resolve("", Vendor.EPBX) is None
    assert registry.resolve("no-such-key", Vendor.EPBX) is None


def test_revoked_and_deleted(registry: Registry) -> None:
    world = registry.create_world("default", world_id=DEFAULT_WORLD)
    world.revoke_key(DEMO_KEYS["pbxcloud_admin"])
    assert registry.resolve(DEMO_KEYS["pbxcloud_admin"], Vendor.PBXCLOUD) is None
    registry.delete(DEFAULT_WORLD)
    assert registry.resolve(DEMO_KEYS["pbxware_master"], Vendor.PBXWARE) is None
    with pytest.raises(errors.NotFound):
        registry.delete(DEFAULT_WORLD)


def test_world_ids(registry: Registry) -> None:
    named = registry.create_world("default", world_id="ci-job_7")
    assert registry.get("ci-job_7") is named
    with pytest.raises(errors.AlreadyExists):
        registry.create_world("default", world_id="ci-job_7")
    for bad in ("", "has space", "slash/y", "dot.x"):
        with pytest.raises(errors.InvalidArgument):
            registry.create_world("default", world_id=bad)
    with pytest.raises(errors.NotFound):
        registry.get("missing")
    generated = registry.create_world("default")
    assert generated.id == "w2"
    assert registry.create_world("default", world_id="w3").id == "w3"
    assert registry.create_world("default").id == "w4"  # generated ids skip taken ones
    assert [w.id for w in registry.worlds()] == ["ci-job_7", "w2", "w3", "w4"]


def test_two_worlds_cannot_share_a_key(registry: Registry, tmp_path: Path) -> None:
    path = tmp_path / "fixed.yaml"
    path.write_text("name: fixed\nkeys:\n  - {vendor: pbxware, scope: master, key: fixed-master}\n", encoding="utf-8")
    first = registry.create_world(str(path), world_id="one")
    with pytest.raises(errors.AlreadyExists):
        registry.create_world(str(path), world_id="two")
    assert [w.id for w in registry.worlds()] == ["one"]
    found = registry.resolve("fixed-master", Vendor.PBXWARE)
    assert found is not None and found.world is first


def test_a_second_default_world_gets_generated_keys(registry: Registry) -> None:
    registry.create_world("default", world_id=DEFAULT_WORLD)
    other = registry.create_world("default", world_id="copy")
    assert not set(DEMO_KEYS.values()) & {k.key for k in other.keys()}


def test_worlds_in_one_registry_are_isolated(registry: Registry) -> None:
    one, two = registry.create_world("default", world_id="one"), registry.create_world("default", world_id="two")
    tenant = one.tenancy.tenant_by_code("DEMO")
    one.directory.create_extension(tenant.id, "105")
    with pytest.raises(errors.ExtensionNotFound):
        two.directory.extension_by_number(two.tenancy.tenant_by_code("DEMO").id, "105")


def test_registry_clock_settings_reach_new_worlds() -> None:
    registry = Registry(clock_mode=ClockMode.REALTIME, clock_scale=30.0)
    world = registry.create_world("default")
    assert (world.clock.mode, world.clock.scale) == (ClockMode.REALTIME, 30.0)
    manual = registry.create_world("default", clock_mode=ClockMode.MANUAL)
    assert manual.clock.now() == manual.scenario.epoch


def test_concurrent_creations_with_the_same_key_admit_exactly_one(registry: Registry, tmp_path: Path) -> None:
    import threading

    path = tmp_path / "fixed.yaml"
    path.write_text("name: fixed\nkeys:\n  - {vendor: pbxware, scope: master, key: race-master}\n", encoding="utf-8")
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def create(n: int) -> None:
        barrier.wait()
        try:
            registry.create_world(str(path), world_id=f"r{n}")
            outcomes.append("created")
        except errors.AlreadyExists:
            outcomes.append("refused")

    threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created"] + ["refused"] * 7
    assert len(registry.worlds()) == 1


def test_add_world_refuses_a_world_whose_keys_are_taken(registry: Registry) -> None:
    from mockpbx.core import World
    from mockpbx.core.clock import Clock
    from mockpbx.core.scenarios import load_scenario

    registry.create_world("default", world_id=DEFAULT_WORLD)
    twin = World(DEFAULT_WORLD + "2", load_scenario("default"), seed=1, clock=Clock())
    twin.issue_key(Vendor.PBXWARE, KeyScope.MASTER, key="twin-master")
    twin.issue_key(Vendor.PBXWARE, KeyScope.MASTER, key=DEMO_KEYS["pbxware_master"])
    with pytest.raises(errors.AlreadyExists):
        registry.add_world(twin)
    assert [w.id for w in registry.worlds()] == [DEFAULT_WORLD]
