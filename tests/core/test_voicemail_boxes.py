"""Each voicemail-enabled extension has exactly one mailbox, however it got there."""

from __future__ import annotations

import pytest

from mockpbx.core import World, errors
from mockpbx.core.entities import Tenant


def boxes(world: World, tenant: Tenant, mailbox: str) -> int:
    return sum(1 for b in world.directory.list_voicemail_boxes(tenant.id) if b.mailbox == mailbox)


def test_extension_gets_one_box_and_updates_do_not_add_another(world: World, demo_tenant: Tenant) -> None:
    ext = world.directory.create_extension(demo_tenant.id, "105", name="New")
    assert boxes(world, demo_tenant, "105") == 1
    world.directory.update_extension(ext.id, name="Renamed")
    world.directory.update_extension(ext.id, voicemail=True)
    assert boxes(world, demo_tenant, "105") == 1


def test_deleted_box_comes_back_once(world: World, demo_tenant: Tenant) -> None:
    ext = world.directory.create_extension(demo_tenant.id, "105")
    [box] = [b for b in world.directory.list_voicemail_boxes(demo_tenant.id) if b.mailbox == "105"]
    world.directory.delete_voicemail_box(box.id)
    assert boxes(world, demo_tenant, "105") == 0
    world.directory.update_extension(ext.id, voicemail=True)
    world.directory.update_extension(ext.id, voicemail=True)
    assert boxes(world, demo_tenant, "105") == 1


def test_explicit_box_is_reused_by_a_later_extension(world: World, demo_tenant: Tenant) -> None:
    world.directory.create_voicemail_box(demo_tenant.id, "106", fullname="Shared")
    with pytest.raises(errors.AlreadyExists):
        world.directory.create_voicemail_box(demo_tenant.id, "106")
    world.directory.create_extension(demo_tenant.id, "106")
    assert boxes(world, demo_tenant, "106") == 1


def test_same_mailbox_number_in_two_tenants(world: World, demo_tenant: Tenant) -> None:
    other = world.tenancy.tenant_by_code("344")
    world.directory.create_extension(other.id, "102")
    assert (boxes(world, demo_tenant, "102"), boxes(world, other, "102")) == (1, 1)


def test_restored_world_still_knows_its_boxes(world: World, demo_tenant: Tenant) -> None:
    world.restore(world.snapshot())
    ext = world.directory.extension_by_number(demo_tenant.id, "102")
    world.directory.update_extension(ext.id, voicemail=True)
    assert boxes(world, demo_tenant, "102") == 1


def test_deleted_tenant_code_reused_gets_fresh_boxes(world: World) -> None:
    tenant = world.tenancy.create_tenant("900", "Gone Soon")
    world.directory.create_extension(tenant.id, "101")
    world.delete_tenant(tenant.id)
    again = world.tenancy.create_tenant("900", "Back Again")
    world.directory.create_extension(again.id, "101")
    assert boxes(world, again, "101") == 1
