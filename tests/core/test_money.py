"""Money: amounts at the edge of the domain, and wallet moves that happen whole or not at all."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mockpbx.core import World, errors
from mockpbx.core.billing import call_charge, to_money
from mockpbx.core.entities import LedgerEntry, OwnerKind, Wallet


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "1.00"),
        ("1.5", "1.50"),
        ("0.01", "0.01"),
        ("1.000", "1.00"),  # trailing zeros are not a third decimal place
        (500.1, "500.10"),  # a float means its shortest repr, not its binary value
        (0.1 + 0.2, None),  # ... which is 0.30000000000000004: too many places
        (Decimal("12.30"), "12.30"),
        ("1e2", "100.00"),
        (" 7 ", "7.00"),
        ("999999999999.99", "999999999999.99"),
    ],
)
def test_to_money_accepts(value: object, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(errors.InvalidAmount):
            to_money(value)
    else:
        amount = to_money(value)
        assert (str(amount), amount.as_tuple().exponent) == (expected, -2)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "amount must be greater than zero"),
        ("0.00", "amount must be greater than zero"),
        (-1, "amount must be greater than zero"),
        ("-0.01", "amount must be greater than zero"),
        ("1.005", "amount must have at most two decimal places"),
        ("0.001", "amount must have at most two decimal places"),
        (float("nan"), "amount must be a number"),
        ("NaN", "amount must be a number"),
        ("sNaN", "amount must be a number"),
        (float("inf"), "amount must be a number"),
        ("-Infinity", "amount must be a number"),
        ("abc", "amount must be a number"),
        ("", "amount must be a number"),
        ("1,5", "amount must be a number"),
        (None, "amount must be a number"),
        ([1], "amount must be a number"),
        (True, "amount must be a number"),
        (False, "amount must be a number"),
        (1e12, "amount is too large"),
        (10**12, "amount is too large"),
        ("1000000000000.00", "amount is too large"),
    ],
)
def test_to_money_refuses(value: object, message: str) -> None:
    with pytest.raises(errors.InvalidAmount) as caught:
        to_money(value, field="credit")
    assert (caught.value.message, caught.value.field, caught.value.code) == (message, "credit", "invalid_amount")


@pytest.mark.parametrize(
    ("rate", "billsec", "expected"),
    [("0.50", 0, "0.00"), ("0.50", 1, "0.50"), ("0.50", 60, "0.50"), ("0.50", 61, "1.00"), ("0.333", 60, "0.33"),
     ("0.335", 60, "0.34"), ("0", 600, "0.00")],
)
def test_call_charge_per_started_minute(rate: str, billsec: int, expected: str) -> None:
    assert str(call_charge(Decimal(rate), billsec)) == expected


# -- wallets --------------------------------------------------------------------------------------


@pytest.fixture
def wallets(world: World) -> tuple[Wallet, Wallet]:
    reseller = world.billing.wallet_of(OwnerKind.RESELLER, 2)  # "Second Reseller", opened with 5000.00
    tenant = world.billing.wallet_of(OwnerKind.TENANT, world.tenancy.tenant_by_code("DEMO").id)
    return reseller, tenant


def ledger_sum(world: World, wallet_id: int) -> Decimal:
    return sum((e.amount for e in world.billing.ledger(wallet_id)), Decimal("0.00"))


def test_transfer_moves_both_sides_together(world: World, wallets: tuple[Wallet, Wallet]) -> None:
    reseller, tenant = wallets
    out, into = world.billing.transfer(reseller.id, tenant.id, "1234.56", memo="top-up", reference="R1")
    assert (out.kind, str(out.amount), str(out.balance_after), out.counterparty_wallet_id) == (
        "transfer_out", "-1234.56", "3765.44", tenant.id)
    assert (into.kind, str(into.amount), str(into.balance_after), into.counterparty_wallet_id) == (
        "transfer_in", "1234.56", "1234.56", reseller.id)
    assert (out.reference, into.reference, out.memo) == ("R1", "R1", "top-up")
    assert into.id == out.id + 1
    for wallet_id in (reseller.id, tenant.id):
        assert world.billing.get_wallet(wallet_id).balance == ledger_sum(world, wallet_id)


def test_exact_balance_can_be_moved_but_not_a_cent_more(world: World, wallets: tuple[Wallet, Wallet]) -> None:
    reseller, tenant = wallets
    before = world.snapshot()
    with pytest.raises(errors.InsufficientFunds):
        world.billing.transfer(reseller.id, tenant.id, "5000.01", memo="too much")
    with pytest.raises(errors.InsufficientFunds):
        world.billing.debit(tenant.id, "0.01", memo="empty")
    assert world.snapshot() == before
    world.billing.transfer(reseller.id, tenant.id, "5000.00", memo="all of it")
    assert str(world.billing.get_wallet(reseller.id).balance) == "0.00"


@pytest.mark.parametrize(
    ("source", "target", "amount", "error"),
    [
        ("reseller", "reseller", "1", errors.InvalidArgument),
        ("reseller", "tenant", "1.001", errors.InvalidAmount),
        ("reseller", "tenant", "-5", errors.InvalidAmount),
        ("reseller", "missing", "1", errors.WalletNotFound),
        ("missing", "tenant", "1", errors.WalletNotFound),
    ],
)
def test_refused_transfers_change_nothing(world: World, wallets: tuple[Wallet, Wallet], source: str, target: str,
                                          amount: str, error: type[errors.DomainError]) -> None:
    ids = {"reseller": wallets[0].id, "tenant": wallets[1].id, "missing": 999}
    before = world.snapshot()
    with pytest.raises(error):
        world.billing.transfer(ids[source], ids[target], amount, memo="x")
    assert world.snapshot() == before


def test_transfer_between_currencies_is_refused(world: World, wallets: tuple[Wallet, Wallet]) -> None:
    euro = world.tenancy.create_reseller("Euro Reseller", currency="EUR", opening_balance=Decimal("10"))
    euro_wallet = world.billing.wallet_of(OwnerKind.RESELLER, euro.id)
    before = world.snapshot()
    with pytest.raises(errors.InvalidArgument):
        world.billing.transfer(euro_wallet.id, wallets[1].id, "1", memo="fx")
    assert world.snapshot() == before


def test_credit_and_debit_keep_balance_equal_to_the_ledger(world: World, wallets: tuple[Wallet, Wallet]) -> None:
    _, tenant = wallets
    entries: list[LedgerEntry] = [
        world.billing.credit(tenant.id, "10.10", memo="c1"),
        world.billing.debit(tenant.id, 3, memo="d1"),
        world.billing.credit(tenant.id, 0.05, memo="c2"),
    ]
    assert [str(e.balance_after) for e in entries] == ["10.10", "7.10", "7.15"]
    assert world.billing.get_wallet(tenant.id).balance == ledger_sum(world, tenant.id) == Decimal("7.15")
    assert world.billing.ledger(tenant.id) == entries


def test_extension_wallets_open_lazily_and_others_do_not(world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO")
    ext = world.directory.extension_by_number(demo.id, "102")
    wallet = world.billing.wallet_of(OwnerKind.EXTENSION, ext.id)
    assert wallet == world.billing.wallet_of(OwnerKind.EXTENSION, ext.id)
    assert str(wallet.balance) == "0.00"
    with pytest.raises(errors.WalletNotFound):
        world.billing.wallet_of(OwnerKind.TENANT, 999)
    with pytest.raises(errors.WalletNotFound):
        world.billing.wallet_of(OwnerKind.EXTENSION, 999)
