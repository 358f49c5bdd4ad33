"""Extension call rating (``ext.call_rating*``, ``ext.balance``, inclusive minutes) and the
deprecated ``ext.billing*`` aliases, backed by the extension's wallet and ledger.

Call-rating settings (service plan, limits, reminder) are ``Extension.attributes``; the
balance is the wallet's; inclusive minutes are the plan's allowance less the outbound
minutes the extension talked since its last reset.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, tzinfo
from decimal import Decimal

from ....core.entities import Direction, Disposition, Extension, LedgerEntry, OwnerKind
from ....core.errors import InsufficientFunds
from ....core.patterns import LinearRegex, UnsupportedPattern
from ._dates import window
from ._extension import target_extensions
from .common import invalid, matches, optional_match
from .registry import ActionContext, ActionTable, PbxwareError
from .splan import DEFAULT_PLAN, inclusive_minutes

AMOUNT = r"^([0-9]+|[0-9]+\.[0-9]+)$"
RESET_AT = "inclusive_reset_at"
KIND_BY_TYPE = {"credit": ("credit",), "debit": ("debit", "call")}


def _rating(ext: Extension) -> dict[str, object]:
    attrs = ext.attributes
    return {
        "splan": attrs.get("splan", str(DEFAULT_PLAN)),
        "slave": "no",
        "master_code": None,
        "reminder_balance": attrs.get("reminder_balance", "0.00"),
        "credit_limit": attrs.get("credit_limit", "0.00"),
        "splan_date": attrs.get("splan_date"),
        "limits": attrs.get("limits", "no"),
        "limit_type": attrs.get("limit_type", ""),
        "soft_limit": attrs.get("soft_limit", ""),
        "hard_limit": attrs.get("hard_limit", ""),
        "email": ext.email or None,
    }


def _minutes_left(ctx: ActionContext, ext: Extension) -> int:
    since = int(ext.attributes.get(RESET_AT, "0"))
    used = ctx.world.telephony.query_cdrs(
        ext.tenant_id, start=since,
        where=lambda c: c.src_extension_id == ext.id and c.direction is Direction.OUTBOUND
        and c.disposition is Disposition.ANSWERED,
    )
    minutes = sum(math.ceil(c.billsec / 60) for c in used)
    return max(0, inclusive_minutes(int(ext.attributes.get("splan", DEFAULT_PLAN))) - minutes)


def _balance(ctx: ActionContext, ext: Extension) -> Decimal:
    # Reading never opens a wallet: an extension that never had one simply holds nothing.
    wallet = ctx.world.billing.find_wallet(OwnerKind.EXTENSION, ext.id)
    return Decimal("0.00") if wallet is None else wallet.balance


def _info(ctx: ActionContext, ext: Extension) -> dict[str, object]:
    balance = _balance(ctx, ext)
    limit = Decimal(ext.attributes.get("credit_limit", "0.00"))
    return {
        "account_balance": f"{balance:.2f}",
        "available_funds": f"{balance + limit:.2f}",
        "inclusive_minutes": str(_minutes_left(ctx, ext)),
    }


def _amount(ctx: ActionContext) -> str | None:
    """The amount to move, or None when Bicom's own request sends mode and amount empty."""
    for name in ("mode", "amount"):
        if name not in ctx.params:
            raise PbxwareError(f"Required field '{name}' is missing")
    mode, amount = ctx.params["mode"], ctx.params["amount"]
    if mode == "" and amount == "":
        return None
    if mode not in ("credit", "debit"):
        raise invalid("mode", mode, r"^(credit|debit)$")
    if not matches(AMOUNT, amount) or Decimal(amount) <= 0 or Decimal(amount) != round(Decimal(amount), 2):
        raise invalid("amount", amount, AMOUNT)
    return amount


def _entry_row(entry: LedgerEntry, where: tzinfo) -> dict[str, str]:
    return {
        "entry_date": datetime.fromtimestamp(entry.created_at, UTC).astimezone(where).strftime("%Y-%m-%d %H:%M:%S"),
        "refno": entry.reference,
        "notes": entry.memo,
        "amount": f"{abs(entry.amount):.2f}",
        "type": "credit" if entry.amount > 0 else "debit",
    }


MAX_PATTERN = 100


def _reference_filter(pattern: str) -> LinearRegex:
    """``rrefno``: a regular expression over reference numbers, run on RE2 (linear time, as the
    match runs under the world's lock); what RE2 cannot run gets PBXware's invalid-data error."""
    try:
        return LinearRegex(pattern, max_length=MAX_PATTERN)
    except UnsupportedPattern:
        raise invalid("rrefno", pattern, r"^.+$") from None


def _history(ctx: ActionContext) -> object:
    extensions = target_extensions(ctx)
    first, last, where = window(ctx)
    kind = optional_match(ctx, "type", r"^(credit|debit)$")
    refno = ctx.params.get("refno", "")
    pattern = ctx.params.get("rrefno", "")
    reference = _reference_filter(pattern) if pattern else None
    summed = optional_match(ctx, "sum", r"^(0|1)$") == "1"
    entries: list[LedgerEntry] = []
    for ext in extensions:
        wallet = ctx.world.billing.find_wallet(OwnerKind.EXTENSION, ext.id)
        if wallet is None:
            continue
        entries.extend(
            e for e in ctx.world.billing.ledger(wallet.id)
            if first <= e.created_at <= last
            and (kind is None or e.kind in KIND_BY_TYPE[kind])
            and (not refno or e.reference == refno)
            and (reference is None or reference.search(e.reference))
        )
    if summed:
        credit = sum((e.amount for e in entries if e.amount > 0), Decimal("0.00"))
        debit = sum((-e.amount for e in entries if e.amount < 0), Decimal("0.00"))
        return [{"sum_credit": f"{credit:.2f}", "sum_debit": f"{debit:.2f}"}]
    return [_entry_row(e, where) for e in sorted(entries, key=lambda e: (e.created_at, e.id))]


def register(table: ActionTable) -> None:
    def rating(ctx: ActionContext) -> object:
        return {str(ext.id): _rating(ext) for ext in target_extensions(ctx)}

    def info(ctx: ActionContext) -> object:
        extensions = target_extensions(ctx)
        return {str(ext.id): _info(ctx, ext) for ext in extensions}

    for name, handler in (
        ("call_rating", rating), ("billing", rating), ("call_rating_info", info), ("billing_info", info),
        ("call_rating_history", _history), ("billing_history", _history),
    ):
        table.action(f"pbxware.ext.{name}")(handler)

    @table.action("pbxware.ext.balance")
    def balance(ctx: ActionContext) -> object:
        extensions = target_extensions(ctx)
        amount = _amount(ctx)
        notes = optional_match(ctx, "notes", r"^.+$") or ""
        refno = optional_match(ctx, "refno", r"^.+$") or ""
        if amount is None:
            return {"success": "Balance unchanged."}
        debit = ctx.params["mode"] == "debit"
        # All or nothing: one short wallet refuses the whole request before anything moves
        # (or any wallet is opened).
        if debit and any(_balance(ctx, ext) < Decimal(amount) for ext in extensions):
            raise InsufficientFunds("insufficient funds")
        wallets = [ctx.world.billing.wallet_of(OwnerKind.EXTENSION, ext.id) for ext in extensions]
        for wallet in wallets:
            move = ctx.world.billing.debit if debit else ctx.world.billing.credit
            move(wallet.id, amount, memo=notes, reference=refno)
        return {"success": "Balance updated successfully."}

    @table.action("pbxware.ext.reset_inclusive_minutes")
    def reset_inclusive_minutes(ctx: ActionContext) -> object:
        extensions = target_extensions(ctx)
        now = str(int(ctx.world.clock.now()))
        for ext in extensions:
            ctx.world.directory.update_extension(ext.id, attributes={**ext.attributes, RESET_AT: now})
        return {"success": "Inclusive minutes reset successfully."}
