"""Deleting an extension leaves nothing pointing at it: queues, portal users, virtual extensions."""

from __future__ import annotations

import pytest

from mockpbx.core import ClockMode, Registry, World
from mockpbx.core.errors import NotFound


def _world() -> World:
    return Registry(clock_mode=ClockMode.MANUAL).create_world("default", world_id="default")


def test_a_deleted_extension_leaves_users_and_virtual_extensions() -> None:
    world = _world()
    demo = world.tenancy.tenant_by_code("DEMO")
    reception = world.directory.extension_by_number(demo.id, "102")
    assert world.accounts.find_user("demo.reception").extension_id == reception.id
    assert world.dialplan.virtual_extension(demo.id, "701").extension_ids == (
        reception.id, world.directory.extension_by_number(demo.id, "104").id)
    world.directory.delete_extension(reception.id)
    assert world.accounts.find_user("demo.reception").extension_id is None
    agent = world.directory.extension_by_number(demo.id, "104")
    assert world.dialplan.virtual_extension(demo.id, "701").extension_ids == (agent.id,)
    assert all(m.extension_id != reception.id for q in world.directory.list_queues(demo.id) for m in q.members)


def test_a_virtual_extension_goes_with_its_last_member() -> None:
    world = _world()
    demo = world.tenancy.tenant_by_code("DEMO")
    for number in ("102", "104"):
        world.directory.delete_extension(world.directory.extension_by_number(demo.id, number).id)
    with pytest.raises(NotFound):
        world.dialplan.virtual_extension(demo.id, "701")
