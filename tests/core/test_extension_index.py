"""A tenant's extensions come from an index; it must always agree with a full scan."""

from __future__ import annotations

from mockpbx.core import ClockMode, Registry, World


def scan(world: World, tenant_id: int) -> list[int]:
    return [e.id for e in world.directory.list_extensions() if e.tenant_id == tenant_id]


def indexed(world: World, tenant_id: int) -> list[int]:
    return [e.id for e in world.directory.list_extensions(tenant_id)]


def test_index_follows_create_delete_restore_and_tenant_deletion() -> None:
    world = Registry(clock_mode=ClockMode.MANUAL).create_world("default", world_id="index")
    demo = world.tenancy.tenant_by_code("DEMO")
    added = world.directory.create_extension(demo.id, "777", name="Index")
    assert indexed(world, demo.id) == scan(world, demo.id) and indexed(world, demo.id)[-1] == added.id
    world.directory.delete_extension(world.directory.extension_by_number(demo.id, "104").id)
    assert indexed(world, demo.id) == scan(world, demo.id)
    snapshot = world.snapshot()
    world.restore(snapshot)
    assert indexed(world, demo.id) == scan(world, demo.id)
    other = world.tenancy.tenant_by_code("344")
    world.delete_tenant(other.id)
    world.tenancy.create_tenant("344", "again", ext_length=3)
    again = world.tenancy.tenant_by_code("344")
    assert indexed(world, again.id) == [] == scan(world, again.id)
