"""Money: Decimal amounts with two places, wallets, a ledger with running balances, rating."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from . import errors
from .base import IndexedAggregate, WorldBase, verb
from .entities import LedgerEntry, OwnerKind, Wallet
from .state import WorldState

CENT = Decimal("0.01")


def to_money(value: object, *, field: str = "amount") -> Decimal:
    """A positive amount with at most two decimal places, or :class:`InvalidAmount`.

    Floats are accepted through their shortest repr, so ``500.1`` means 500.10 and not
    the binary approximation.
    """
    if isinstance(value, bool):
        raise errors.InvalidAmount("amount must be a number", field=field)
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise errors.InvalidAmount("amount must be a number", field=field) from None
    if not amount.is_finite():
        raise errors.InvalidAmount("amount must be a number", field=field)
    if amount <= 0:
        raise errors.InvalidAmount("amount must be greater than zero", field=field)
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise errors.InvalidAmount("amount must have at most two decimal places", field=field)
    if amount >= Decimal("1e12"):
        raise errors.InvalidAmount("amount is too large", field=field)
    return amount.quantize(CENT)


def call_charge(rate_per_minute: Decimal, billsec: int) -> Decimal:
    """Per started minute, the way most PBX rating tables bill."""
    if billsec <= 0 or rate_per_minute <= 0:
        return Decimal("0.00")
    return (rate_per_minute * math.ceil(billsec / 60)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(slots=True)
class BillingIndexes:
    """Lookups over wallets and the ledger; never snapshotted, always rebuildable."""

    wallet_by_owner: dict[tuple[OwnerKind, int], int] = field(default_factory=dict)
    ledger_by_wallet: dict[int, list[int]] = field(default_factory=dict)

    def add_ledger_entry(self, position: int, entry: LedgerEntry) -> None:
        self.ledger_by_wallet.setdefault(entry.wallet_id, []).append(position)

    @classmethod
    def build(cls, state: WorldState) -> BillingIndexes:
        ix = cls()
        ix.wallet_by_owner = {(w.owner_kind, w.owner_id): w.id for w in state.wallets.values()}
        for position, entry in enumerate(state.ledger):
            ix.add_ledger_entry(position, entry)
        return ix


class Billing(IndexedAggregate[BillingIndexes]):
    """Wallets and the ledger: the only place a balance changes.

    Owns ``WorldState.wallets`` and ``WorldState.ledger`` and :class:`BillingIndexes`.
    """


    def __init__(self, world: WorldBase) -> None:
        super().__init__(world, BillingIndexes.build)

    @verb
    def open_wallet(self, owner_kind: OwnerKind, owner_id: int, currency: str) -> Wallet:
        """The owner's wallet, opened empty in ``currency`` if it has none yet."""
        existing = self._ix.wallet_by_owner.get((owner_kind, owner_id))
        if existing is not None:
            return self._state.wallets[existing]
        wallet = Wallet(self._ids.next("wallet"), owner_kind, owner_id, currency)
        self._state.wallets[wallet.id] = wallet
        self._ix.wallet_by_owner[(owner_kind, owner_id)] = wallet.id
        return wallet

    @verb
    def post_entry(
        self,
        wallet_id: int,
        amount: Decimal,
        *,
        kind: str,
        memo: str,
        counterparty: int | None = None,
        reference: str = "",
    ) -> LedgerEntry:
        """The only place a balance changes: the entry and the new balance move together.

        Unchecked (a call's charge may take a balance below zero): :meth:`credit`,
        :meth:`debit` and :meth:`transfer` are the checked doors.
        """
        wallet = self._state.wallets[wallet_id]
        balance = (wallet.balance + amount).quantize(CENT)
        entry = LedgerEntry(
            id=self._ids.next("ledger"),
            wallet_id=wallet_id,
            amount=amount.quantize(CENT),
            balance_after=balance,
            kind=kind,
            memo=memo,
            created_at=self._stamp(),
            counterparty_wallet_id=counterparty,
            reference=reference,
        )
        self._state.wallets[wallet_id] = Wallet(wallet.id, wallet.owner_kind, wallet.owner_id, wallet.currency, balance)
        self._ix.add_ledger_entry(len(self._state.ledger), entry)
        self._state.ledger.append(entry)
        return entry

    @verb
    def wallet_of(self, owner_kind: OwnerKind, owner_id: int) -> Wallet:
        """The owner's wallet, opened empty on first use (extensions get theirs lazily)."""
        wallet_id = self._ix.wallet_by_owner.get((owner_kind, owner_id))
        if wallet_id is not None:
            return self._state.wallets[wallet_id]
        if owner_kind is OwnerKind.EXTENSION and owner_id in self._state.extensions:
            return self.open_wallet(owner_kind, owner_id, self._state.settings.currency)
        raise errors.WalletNotFound("no such wallet", owner_kind=str(owner_kind), owner_id=owner_id)

    @verb
    def find_wallet(self, owner_kind: OwnerKind, owner_id: int) -> Wallet | None:
        """The owner's wallet if it has been opened; unlike :meth:`wallet_of` this never opens one."""
        wallet_id = self._ix.wallet_by_owner.get((owner_kind, owner_id))
        return None if wallet_id is None else self._state.wallets[wallet_id]

    @verb
    def get_wallet(self, wallet_id: int) -> Wallet:
        try:
            return self._state.wallets[wallet_id]
        except KeyError:
            raise errors.WalletNotFound("no such wallet", wallet_id=wallet_id) from None

    @verb
    def ledger(self, wallet_id: int) -> list[LedgerEntry]:
        self.get_wallet(wallet_id)
        return [self._state.ledger[i] for i in self._ix.ledger_by_wallet.get(wallet_id, [])]

    @verb
    def credit(self, wallet_id: int, amount: object, *, memo: str, reference: str = "") -> LedgerEntry:
        self.get_wallet(wallet_id)
        return self.post_entry(wallet_id, to_money(amount), kind="credit", memo=memo, reference=reference)

    @verb
    def debit(self, wallet_id: int, amount: object, *, memo: str, reference: str = "") -> LedgerEntry:
        wallet = self.get_wallet(wallet_id)
        value = to_money(amount)
        if wallet.balance < value:
            raise errors.InsufficientFunds("insufficient funds", wallet_id=wallet_id, balance=str(wallet.balance))
        return self.post_entry(wallet_id, -value, kind="debit", memo=memo, reference=reference)

    @verb
    def transfer(
        self, source_id: int, target_id: int, amount: object, *, memo: str, reference: str = ""
    ) -> tuple[LedgerEntry, LedgerEntry]:
        """Move funds between two wallets: both entries or neither."""
        source, target = self.get_wallet(source_id), self.get_wallet(target_id)
        if source_id == target_id:
            raise errors.InvalidArgument("cannot transfer to the same wallet", field="wallet")
        if source.currency != target.currency:
            raise errors.InvalidArgument("wallets use different currencies", field="currency")
        value = to_money(amount)
        if source.balance < value:
            raise errors.InsufficientFunds("insufficient funds", wallet_id=source_id, balance=str(source.balance))
        out = self.post_entry(source_id, -value, kind="transfer_out", memo=memo, counterparty=target_id,
                              reference=reference)
        into = self.post_entry(target_id, value, kind="transfer_in", memo=memo, counterparty=source_id,
                               reference=reference)
        return out, into
