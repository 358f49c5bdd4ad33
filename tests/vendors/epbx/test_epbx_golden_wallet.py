"""Golden exchanges: the reseller wallet and moves to and from a customer, with the ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from epbx_harness import ACME, OTHER_AUTH, Harness, assert_exchange, next_id

from mockpbx.core.entities import OwnerKind


def _balances(h: Harness, reseller_id: int = 1, customer: int = ACME) -> tuple[Decimal, Decimal]:
    return (h.world.billing.wallet_of(OwnerKind.RESELLER, reseller_id).balance,
            h.world.billing.wallet_of(OwnerKind.TENANT, customer).balance)


def test_wallet_balance(h: Harness) -> None:
    assert_exchange(h.get("/wallet"), 200, b'{"status":"success","data":{"balance":"100000.00","currency":"BDT"}}')
    assert_exchange(h.get("/wallet", headers=OTHER_AUTH), 200,
                    b'{"status":"success","data":{"balance":"5000.00","currency":"BDT"}}')


def test_add_then_deduct_writes_both_ledgers(h: Harness) -> None:
    first = next_id(h.world, "ledger")
    assert_exchange(
        h.post(f"/customers/{ACME}/wallet", {"amount": 500.00, "action": "add"}), 200,
        b'{"status":"success","data":{"customer_id":2,"action":"add","amount":"500.00","currency":"BDT",'
        b'"reseller_balance":"99500.00","customer_balance":"500.00","transaction_id":%d}}' % (first + 1),
    )
    assert_exchange(
        h.post(f"/customers/{ACME}/wallet", {"amount": "120.5", "action": "deduct"}), 200,
        b'{"status":"success","data":{"customer_id":2,"action":"deduct","amount":"120.50","currency":"BDT",'
        b'"reseller_balance":"99620.50","customer_balance":"379.50","transaction_id":%d}}' % (first + 2),
    )
    reseller = h.world.billing.wallet_of(OwnerKind.RESELLER, 1)
    customer = h.world.billing.wallet_of(OwnerKind.TENANT, ACME)
    assert [(e.amount, e.balance_after, e.kind) for e in h.world.billing.ledger(customer.id)] == [
        (Decimal("500.00"), Decimal("500.00"), "transfer_in"), (Decimal("-120.50"), Decimal("379.50"), "transfer_out")]
    assert [(e.amount, e.balance_after) for e in h.world.billing.ledger(reseller.id)][-2:] == [
        (Decimal("-500.00"), Decimal("99500.00")), (Decimal("120.50"), Decimal("99620.50"))]
    for wallet in (reseller, customer):
        assert sum(e.amount for e in h.world.billing.ledger(wallet.id)) == h.world.billing.get_wallet(wallet.id).balance
    assert_exchange(h.get("/wallet"), 200, b'{"status":"success","data":{"balance":"99620.50","currency":"BDT"}}')


def test_insufficient_funds_change_nothing(h: Harness) -> None:
    before = h.world.snapshot()
    assert_exchange(h.post(f"/customers/{ACME}/wallet", {"amount": "0.01", "action": "deduct"}), 422,
                    b'{"status":"error","message":"Insufficient customer wallet balance.",'
                    b'"errors":{"amount":["Insufficient customer wallet balance."]}}')
    assert_exchange(h.post(f"/customers/{ACME}/wallet", {"amount": 100000.01, "action": "add"}), 422,
                    b'{"status":"error","message":"Insufficient reseller wallet balance.",'
                    b'"errors":{"amount":["Insufficient reseller wallet balance."]}}')
    assert h.world.snapshot() == before
    assert h.post(f"/customers/{ACME}/wallet", {"amount": 100000, "action": "add"}).status_code == 200
    assert _balances(h) == (Decimal("0.00"), Decimal("100000.00"))


def test_insufficient_funds_is_journalled_as_such_not_as_a_bare_422(h: Harness) -> None:
    h.post(f"/customers/{ACME}/wallet", {"amount": "0.01", "action": "deduct"})
    h.post(f"/customers/{ACME}/wallet", {"amount": "0", "action": "add"})
    assert [(e.vendor, e.method, e.path, e.status, e.outcome) for e in h.world.journal()][-2:] == [
        ("epbx", "POST", f"/api/v2/customers/{ACME}/wallet", 422, "insufficient_funds"),
        ("epbx", "POST", f"/api/v2/customers/{ACME}/wallet", 422, "refused:422"),
    ]


def _err(message: str) -> bytes:
    return b'{"status":"error","message":"%s","errors":{"amount":["%s"]}}' % (message.encode(), message.encode())


@pytest.mark.parametrize(("amount", "body"), [
    (None, _err("The amount field is required.")),
    (0, _err("The amount field must be greater than 0.")),
    ("0.00", _err("The amount field must be greater than 0.")),
    (-5, _err("The amount field must be greater than 0.")),
    (1.005, _err("The amount field must have 0-2 decimal places.")),
    ("500.001", _err("The amount field must have 0-2 decimal places.")),
    ("5e2", _err("The amount field must be a number.")),
    (" 5", _err("The amount field must be a number.")),
    (True, _err("The amount field must be a number.")),
    ([5], _err("The amount field must be a number.")),
    (10**12, _err("The amount field must be less than 1000000000000.")),
])
def test_amount_rules(h: Harness, amount: object, body: bytes) -> None:
    before = h.world.snapshot()
    payload: dict[str, object] = {"action": "add"}
    if amount is not None:
        payload["amount"] = amount
    assert_exchange(h.post(f"/customers/{ACME}/wallet", payload), 422, body)
    assert h.world.snapshot() == before


def test_action_must_be_add_or_deduct(h: Harness) -> None:
    assert_exchange(
        h.post(f"/customers/{ACME}/wallet", {"amount": "1", "action": "topup"}), 422,
        b'{"status":"error","message":"The selected action is invalid.",'
        b'"errors":{"action":["The selected action is invalid."]}}',
    )


def test_json_number_with_trailing_zeros_and_exponent(h: Harness) -> None:
    response = h.client.post(f"/api/v2/customers/{ACME}/wallet", data=b'{"amount": 5.00e1, "action": "add"}',
                             content_type="application/json", headers={"Authorization": "Bearer demo-reseller-token"})
    assert response.json["data"]["amount"] == "50.00"  # type: ignore[index]
