"""32 threads x 500 wallet operations on one world: no lost update, no half-done transfer."""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from mockpbx.core import Scenario, World, errors
from mockpbx.core.clock import Clock, ClockMode
from mockpbx.core.entities import OwnerKind

THREADS = 32
OPERATIONS = 500
OPENING = Decimal("30000.00")
ZERO = Decimal("0.00")


def build(world: World) -> None:
    world.tenancy.create_reseller("Hammer Reseller", opening_balance=OPENING)
    world.tenancy.create_tenant("HAM", "Hammer Tenant")


@dataclass
class Tally:
    """What one thread saw succeed: the model's side of the books."""

    reseller: Decimal = ZERO
    tenant: Decimal = ZERO
    transfers: int = 0
    debits: int = 0
    refused: int = 0
    unexpected: list[BaseException] = field(default_factory=list)


@pytest.fixture
def fast_switching() -> Iterator[None]:
    # Hand the GIL over far more often than the default 5 ms, so unlocked read-modify-write
    # sequences would interleave and lose updates.
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


def hammer(world: World, reseller: int, tenant: int, seed: int, start: threading.Barrier, tally: Tally) -> None:
    rng = random.Random(seed)
    start.wait()
    for _ in range(OPERATIONS):
        amount = Decimal(rng.randint(1, 2_000)) / 100
        op = rng.choice((0, 0, 1, 1, 2, 3))  # transfers both ways, and debits that may fail
        try:
            if op == 0:
                world.billing.transfer(reseller, tenant, amount, memo="down")
                tally.reseller -= amount
                tally.tenant += amount
                tally.transfers += 1
            elif op == 1:
                world.billing.transfer(tenant, reseller, amount, memo="up")
                tally.tenant -= amount
                tally.reseller += amount
                tally.transfers += 1
            elif op == 2:
                world.billing.debit(tenant, amount, memo="usage")
                tally.tenant -= amount
                tally.debits += 1
            else:
                world.billing.debit(reseller, amount, memo="fee")
                tally.reseller -= amount
                tally.debits += 1
        except errors.InsufficientFunds:
            tally.refused += 1
        except BaseException as exc:  # surfaced in the test thread below
            tally.unexpected.append(exc)


def test_no_lost_update_under_contention(fast_switching: None) -> None:
    world = World("hammer", Scenario("hammer", build), seed=1, clock=Clock(start=0.0, mode=ClockMode.MANUAL))
    reseller = world.billing.wallet_of(OwnerKind.RESELLER, 1).id
    tenant = world.billing.wallet_of(OwnerKind.TENANT, world.tenancy.tenant_by_code("HAM").id).id
    start = threading.Barrier(THREADS)
    tallies = [Tally() for _ in range(THREADS)]
    threads = [threading.Thread(target=hammer, args=(world, reseller, tenant, n, start, tallies[n]))
               for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert [exc for t in tallies for exc in t.unexpected] == []

    transfers = sum(t.transfers for t in tallies)
    debits = sum(t.debits for t in tallies)
    refused = sum(t.refused for t in tallies)
    assert transfers + debits + refused == THREADS * OPERATIONS
    assert transfers > 1_000 and debits > 1_000 and refused > 100  # every path really ran

    expected_reseller = OPENING + sum((t.reseller for t in tallies), ZERO)
    expected_tenant = sum((t.tenant for t in tallies), ZERO)
    assert world.billing.get_wallet(reseller).balance == expected_reseller
    assert world.billing.get_wallet(tenant).balance == expected_tenant

    for wallet_id, opening_entries in ((reseller, 1), (tenant, 0)):
        entries = world.billing.ledger(wallet_id)
        assert world.billing.get_wallet(wallet_id).balance == sum((e.amount for e in entries), ZERO)
        # Every entry starts from the balance the previous one left: no entry saw a stale balance.
        running = ZERO
        for entry in entries:
            running += entry.amount
            assert entry.balance_after == running
            assert running >= ZERO
        assert len(entries) >= opening_entries
    total_entries = len(world.billing.ledger(reseller)) + len(world.billing.ledger(tenant))
    assert total_entries == 1 + 2 * transfers + debits
    # Both halves of each transfer sit next to each other: nothing slipped in between.
    ids = {e.id: e for w in (reseller, tenant) for e in world.billing.ledger(w)}
    for entry in ids.values():
        if entry.kind == "transfer_out":
            partner = ids[entry.id + 1]
            assert (partner.kind, partner.amount) == ("transfer_in", -entry.amount)
