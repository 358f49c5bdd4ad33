"""16 threads add to and deduct from one customer at once; afterwards every balance equals its ledger."""

from __future__ import annotations

import threading
from decimal import Decimal

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.entities import OwnerKind
from mockpbx.core.registry import Registry

THREADS = 16
MOVES_PER_THREAD = 40
AUTH = {"Authorization": "Bearer demo-reseller2-token"}  # reseller 2: 5000.00 BDT, owns customer 4
CUSTOMER = 4


def test_concurrent_adds_and_deducts_keep_the_ledger_exact() -> None:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world("default", world_id="default")
    world.configure(rate_limit_per_minute=0)
    app = create_app(registry=registry)
    start = threading.Barrier(THREADS)
    outcomes: list[tuple[str, Decimal, int]] = []
    lock = threading.Lock()
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        client = app.test_client()
        try:
            start.wait()
            for n in range(MOVES_PER_THREAD):
                action = "add" if (index + n) % 3 else "deduct"
                amount = Decimal(f"{(index * 7 + n) % 50 + 1}.{n % 100:02d}")
                response = client.post(f"/api/v2/customers/{CUSTOMER}/wallet", headers=AUTH,
                                       json={"amount": str(amount), "action": action})
                assert response.status_code in (200, 422), response.data
                with lock:
                    outcomes.append((action, amount, response.status_code))
        except BaseException as exc:  # surfaced in the main thread below
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert len(outcomes) == THREADS * MOVES_PER_THREAD

    reseller = world.billing.wallet_of(OwnerKind.RESELLER, 2)
    customer = world.billing.wallet_of(OwnerKind.TENANT, CUSTOMER)
    for wallet in (reseller, customer):
        entries = world.billing.ledger(wallet.id)
        assert sum((e.amount for e in entries), Decimal("0")) == wallet.balance
        running = Decimal("0")
        for entry in entries:  # each running balance follows from the one before
            running += entry.amount
            assert entry.balance_after == running
    moved = sum((a if act == "add" else -a for act, a, status in outcomes if status == 200), Decimal("0"))
    assert customer.balance == moved
    assert reseller.balance == Decimal("5000.00") - moved
    assert customer.balance >= 0 and reseller.balance >= 0
    assert len(world.billing.ledger(customer.id)) == sum(1 for *_, status in outcomes if status == 200)
