"""After any sequence of operations across aggregates, every index equals its rebuild.

Each aggregate keeps its indexes up to date verb by verb; a restore rebuilds them from the
collections. Hypothesis draws a list of operations (tenants, extensions, DIDs, calls that end
as CDRs with recordings, ledger moves, voicemail, portal users, reset and restore) and checks
that the live indexes equal the ones built from the collections, entry order included (a
tenant's extensions and a reseller's tenants list in creation order from them).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mockpbx.core import World, errors
from mockpbx.core.clock import Clock, ClockMode
from mockpbx.core.entities import OwnerKind
from mockpbx.core.scenarios import load_scenario

pick = st.integers(0, 50)  # an index into whatever exists when the operation runs
calls = st.tuples(st.just("call"), pick, st.sampled_from(["5550005", "104", "00486", "5551234"]), st.booleans())
advances = st.tuples(st.just("advance"), st.integers(1, 400))
operations = st.one_of(
    st.tuples(st.just("tenant"), st.integers(100, 140), st.sampled_from([None, 1, 2])),
    st.tuples(st.just("delete_tenant"), pick),
    st.tuples(st.just("recode"), pick, st.integers(100, 140)),
    st.tuples(st.just("move"), pick, st.sampled_from([None, 1, 2])),
    st.tuples(st.just("extension"), pick, st.integers(100, 130)),
    st.tuples(st.just("delete_extension"), pick),
    st.tuples(st.just("did"), st.integers(0, 20), st.one_of(st.none(), pick)),
    st.tuples(st.just("delete_did"), pick),
    calls,
    advances,
    st.tuples(st.just("credit"), pick, st.integers(1, 500)),
    st.tuples(st.just("transfer"), pick, pick, st.integers(1, 500)),
    st.tuples(st.just("voicemail"), pick, st.integers(800, 803)),
    st.tuples(st.just("user"), pick, st.integers(0, 5)),
    st.tuples(st.just("delete_user"), pick),
    st.tuples(st.just("save")),
    st.tuples(st.just("restore")),
    st.tuples(st.just("reset")),
)


def ordered(value: Any) -> Any:
    """The value with every insertion-ordered id set (a dict of None values) as its list of ids,
    so equality sees the order listings rely on; plain lookups compare as dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: ordered(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        if value and all(item is None for item in value.values()):
            return list(value)
        return {key: ordered(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [ordered(item) for item in value]
    return value


def make_world() -> World:
    scenario = load_scenario("default")
    return World("ix", scenario, seed=3, clock=Clock(start=scenario.epoch, mode=ClockMode.MANUAL))


def nth(items: list[Any], position: int) -> Any:
    return items[position % len(items)] if items else None


def apply(world: World, saved: list[bytes], op: tuple[Any, ...]) -> None:  # noqa: C901, PLR0912 - one branch per operation
    kind = op[0]
    tenants = world.tenancy.list_tenants()
    if kind == "tenant":
        world.tenancy.create_tenant(str(op[1]), f"Tenant {op[1]}", reseller_id=op[2], ext_length=3)
    elif kind == "delete_tenant" and tenants:
        world.delete_tenant(nth(tenants, op[1]).id)
    elif kind == "recode" and tenants:
        world.tenancy.update_tenant(nth(tenants, op[1]).id, code=str(op[2]))
    elif kind == "move" and tenants:
        world.tenancy.update_tenant(nth(tenants, op[1]).id, reseller_id=op[2])
    elif kind == "extension" and tenants:
        world.directory.create_extension(nth(tenants, op[1]).id, str(op[2]))
    elif kind == "delete_extension":
        extension = nth(world.directory.list_extensions(), op[1])
        if extension is not None:
            world.directory.delete_extension(extension.id)
    elif kind == "did":
        owner = None if op[2] is None or not tenants else nth(tenants, op[2]).id
        world.numbering.create_did(f"1555000{op[1]:04d}", tenant_id=owner)
    elif kind == "delete_did":
        did = nth(world.numbering.list_dids(), op[1])
        if did is not None:
            world.numbering.delete_did(did.id)
    elif kind == "call":
        extension = nth(world.directory.list_extensions(), op[1])
        if extension is not None:
            world.telephony.originate_call(extension.tenant_id, extension.number, op[2], record=op[3])
    elif kind == "advance":
        world.advance_clock(op[1])
    elif kind == "credit":
        wallet = world.billing.wallet_of(OwnerKind.RESELLER, 1 + op[1] % 2)
        world.billing.credit(wallet.id, Decimal(op[2]), memo="top up")
    elif kind == "transfer" and tenants:
        source = world.billing.wallet_of(OwnerKind.RESELLER, 1 + op[1] % 2)
        target = world.billing.wallet_of(OwnerKind.TENANT, nth(tenants, op[2]).id)
        world.billing.transfer(source.id, target.id, Decimal(op[3]), memo="move")
    elif kind == "voicemail" and tenants:
        tenant = nth(tenants, op[1])
        world.directory.create_voicemail_box(tenant.id, str(op[2]))
        world.media.deposit_voicemail(tenant.id, str(op[2]), "5550001", 12)
    elif kind == "user":
        profile = world.accounts.list_user_profiles() or [world.accounts.create_user_profile("staff")]
        tenant = nth(tenants, op[1])
        world.accounts.create_user(f"user{op[2]}", "Secret-123", profile[0].id,
                                   tenant_id=None if tenant is None else tenant.id)
    elif kind == "delete_user":
        user = nth(world.accounts.list_users(), op[1])
        if user is not None:
            world.accounts.delete_user(user.id)
    elif kind == "save":
        saved.append(world.snapshot())
    elif kind == "restore":
        world.restore(saved[-1] if saved else world.snapshot())
    elif kind == "reset":
        world.reset()


def assert_indexes_match(world: World) -> None:
    state = world._state  # noqa: SLF001 - the collections are what the indexes are rebuilt from
    for aggregate in world.aggregates:
        assert ordered(aggregate.held_indexes()) == ordered(aggregate.build_indexes(state)), type(aggregate).__name__


@given(st.lists(operations, max_size=25))
def test_every_index_equals_its_rebuild_after_any_operations(ops: list[tuple[Any, ...]]) -> None:
    world, saved = make_world(), []
    for op in ops:
        try:
            apply(world, saved, op)
        except errors.DomainError:
            pass  # a refused operation must leave the indexes as consistent as an accepted one
        assert_indexes_match(world)


# Calls turn into CDRs and recordings only as the clock passes: a mix weighted towards them.
call_traffic = st.one_of(calls, calls, advances, st.tuples(st.just("save")), st.tuples(st.just("restore")),
                         st.tuples(st.just("delete_tenant"), pick), st.tuples(st.just("extension"), pick,
                                                                              st.integers(100, 130)))


@given(st.lists(call_traffic, max_size=25))
def test_call_records_keep_their_indexes_whatever_the_traffic(ops: list[tuple[Any, ...]]) -> None:
    world, saved = make_world(), []
    for op in ops:
        try:
            apply(world, saved, op)
        except errors.DomainError:
            pass
        assert_indexes_match(world)


def test_a_reseller_lists_its_tenants_from_its_index_in_id_order() -> None:
    world = make_world()
    before = [t.id for t in world.tenancy.list_tenants(reseller_id=2)]
    made = [world.tenancy.create_tenant(code, code, reseller_id=2).id for code in ("501", "502", "503")]
    world.tenancy.update_tenant(made[1], reseller_id=1)
    world.tenancy.update_tenant(made[1], reseller_id=2)  # back again: listed by id, not by move
    world.delete_tenant(made[0])
    assert [t.id for t in world.tenancy.list_tenants(reseller_id=2)] == [*before, made[1], made[2]]
    everyone = [t.id for t in world.tenancy.list_tenants()]
    assert [t.id for t in world.tenancy.list_tenants(reseller_id=2)] == [
        t for t in everyone if world.tenancy.get_tenant(t).reseller_id == 2]
    assert world.tenancy.list_tenants(reseller_id=99) == []
    assert_indexes_match(world)


def test_a_tenant_given_a_lower_id_takes_its_place_in_its_resellers_order() -> None:
    world = make_world()
    before = [t.id for t in world.tenancy.list_tenants(reseller_id=2)]
    high = world.tenancy.create_tenant("601", "601", reseller_id=2, tenant_id=9000).id
    low = world.tenancy.create_tenant("602", "602", reseller_id=2, tenant_id=8000).id
    assert [t.id for t in world.tenancy.list_tenants(reseller_id=2)] == sorted([*before, high, low])
    assert_indexes_match(world)


def test_one_page_of_a_resellers_tenants_and_their_count() -> None:
    world = make_world()
    made = [world.tenancy.create_tenant(f"7{n:02d}", f"T{n}", reseller_id=2).id for n in range(5)]
    every = [t.id for t in world.tenancy.list_tenants(reseller_id=2)]
    page, total = world.tenancy.reseller_tenants(2, len(every) - 4, 3)
    assert ([t.id for t in page], total) == (made[1:4], len(every))
    assert world.tenancy.reseller_tenants(2, len(every), 3) == ([], len(every))
    assert world.tenancy.reseller_tenants(99, 0, 3) == ([], 0)
