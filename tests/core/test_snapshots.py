"""Determinism and snapshots: same scenario and seed give the same bytes; restore is all or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from mockpbx.core import World, errors
from mockpbx.core.entities import Disposition, OwnerKind, TenantStatus

WorldFactory = Callable[..., World]


def drive(world: World) -> None:
    """A fixed sequence of verbs touching every kind of state."""
    demo = world.tenancy.tenant_by_code("DEMO")
    tenant = world.tenancy.create_tenant("777", "Snapshot Ltd", package_id=2, email="snap@example.com")
    ext = world.directory.create_extension(tenant.id, "201", name="Snap")
    world.numbering.create_did("3312345678", tenant_id=tenant.id)
    reseller_wallet = world.billing.wallet_of(OwnerKind.RESELLER, 1)
    tenant_wallet = world.billing.wallet_of(OwnerKind.TENANT, tenant.id)
    world.billing.transfer(reseller_wallet.id, tenant_wallet.id, "12.34", memo="top-up")
    world.billing.debit(tenant_wallet.id, 2, memo="fee")
    world.telephony.originate_call(demo.id, "104", "5550005")
    world.telephony.originate_call(tenant.id, "201", "4520304050")
    world.telephony.receive_call("4535150000", "5550002")
    world.advance_clock(45)
    world.telephony.originate_call(demo.id, "102", "402", outcome=Disposition.NO_ANSWER)
    world.messaging.send_fax(demo.id, "4535150000", "4520304050", b"%PDF-1.4 snapshot\n", filename="a.pdf")
    world.messaging.send_sms(demo.id, "102", "4520304050", "hi")
    profile = world.accounts.create_user_profile("Snapshot users")
    user = world.accounts.create_user("snap.user", "pw", profile.id, tenant_id=tenant.id, extension_id=ext.id)
    world.accounts.issue_auth_token(user.id)
    world.accounts.set_tenant_setting(demo.id, "VMAUTORECOVER", "yes")
    world.directory.update_extension(ext.id, record_calls=True)
    world.tenancy.set_tenant_status(tenant.id, TenantStatus.SUSPENDED)
    world.set_traffic(6)
    world.advance_clock(30)


@pytest.mark.parametrize("scenario", ["default", "demo"])
def test_two_worlds_from_the_same_scenario_and_seed_are_byte_identical(make_world: WorldFactory,
                                                                       scenario: str) -> None:
    first, second = make_world(scenario, size=2, seed=7), make_world(scenario, size=2, seed=7)
    assert first.snapshot() == second.snapshot()


def test_the_same_verbs_keep_them_identical(make_world: WorldFactory) -> None:
    first, second = make_world(), make_world()
    drive(first)
    drive(second)
    assert first.snapshot() == second.snapshot()


def test_a_different_seed_gives_a_different_world(make_world: WorldFactory) -> None:
    assert make_world("demo", size=1, seed=1).snapshot() != make_world("demo", size=1, seed=2).snapshot()


def test_snapshot_restore_snapshot_is_identical(world: World) -> None:
    drive(world)
    data = world.snapshot()
    world.advance_clock(500)
    world.tenancy.create_tenant("778", "Later")
    world.restore(data)
    assert world.snapshot() == data


def test_a_restored_world_carries_on_exactly_like_the_original(world: World, make_world: WorldFactory) -> None:
    drive(world)
    copy = make_world(world_id="t")
    copy.restore(world.snapshot())
    for each in (world, copy):
        demo = each.tenancy.tenant_by_code("DEMO")
        each.advance_clock(120)
        each.directory.create_extension(demo.id, "105")  # ids, secrets and PINs continue the same sequence
        each.telephony.originate_call(demo.id, "105", "402", outcome=Disposition.BUSY)
        each.advance_clock(600)
    assert copy.snapshot() == world.snapshot()


def test_snapshot_is_json_with_the_whole_state(world: World) -> None:
    body = json.loads(world.snapshot())
    assert body["format"] == 1
    assert body["clock"] == {"now": 1767603600.0, "mode": "manual", "scale": 1.0}
    assert {"tenants", "extensions", "cdrs", "wallets", "ledger", "events"} <= set(body["state"])


GARBAGE: list[bytes | str] = [
    b"",
    b"not json",
    b"{}",
    b"[]",
    b"\xff\xfe",
    '{"format": 1}',
    '{"format": 1, "state": {}, "clock": {}, "ids": {}}',
]


@pytest.mark.parametrize("data", GARBAGE)
def test_restoring_garbage_raises_and_changes_nothing(world: World, data: bytes | str) -> None:
    drive(world)
    before = world.snapshot()
    with pytest.raises(errors.InvalidArgument):
        world.restore(data)
    assert world.snapshot() == before


def test_restoring_a_damaged_snapshot_raises_and_changes_nothing(world: World) -> None:
    before = world.snapshot()
    body = json.loads(before)
    body["state"]["tenants"]["2"]["ext_length"] = "three"
    with pytest.raises(errors.InvalidArgument):
        world.restore(json.dumps(body))
    body = json.loads(before)
    body["format"] = 99
    with pytest.raises(errors.InvalidArgument):
        world.restore(json.dumps(body))
    assert world.snapshot() == before


def test_reset_returns_the_world_to_its_scenario(world: World, make_world: WorldFactory) -> None:
    pristine = make_world().snapshot()
    drive(world)
    world.reset()
    assert world.snapshot() == pristine
