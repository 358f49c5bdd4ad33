"""Money: the reseller's wallet, and moving funds to or from a customer's."""

from __future__ import annotations

from ....core.entities import OwnerKind
from .. import schemas
from ..errors import ValidationFailed
from ..table import CUSTOMER, Call, Endpoint, Input
from ..wire import money


def wallet(call: Call) -> object:
    who = call.caller
    found = who.world.billing.wallet_of(OwnerKind.RESELLER, who.reseller.id)
    return {"balance": money(found.balance), "currency": found.currency}


def move_funds(call: Call) -> object:
    body: schemas.WalletMove = call.body
    who = call.caller
    world = who.world
    tenant = call.customer
    reseller_wallet = world.billing.wallet_of(OwnerKind.RESELLER, who.reseller.id)
    customer_wallet = world.billing.wallet_of(OwnerKind.TENANT, tenant.id)
    if body.action == "add":
        source, target, short = reseller_wallet, customer_wallet, "reseller"
    else:
        source, target, short = customer_wallet, reseller_wallet, "customer"
    if source.balance < body.amount:
        call.say("insufficient_funds")
        raise ValidationFailed({"amount": [f"Insufficient {short} wallet balance."]})
    memo = f"{'Top-up' if body.action == 'add' else 'Deduction'} via API"
    out, into = world.billing.transfer(source.id, target.id, body.amount, memo=memo)
    customer_entry = into if body.action == "add" else out
    call.say(f"wallet_{body.action}")
    return {
        "customer_id": tenant.id,
        "action": body.action,
        "amount": money(body.amount),
        "currency": reseller_wallet.currency,
        "reseller_balance": money(world.billing.get_wallet(reseller_wallet.id).balance),
        "customer_balance": money(world.billing.get_wallet(customer_wallet.id).balance),
        "transaction_id": customer_entry.id,
    }


def _move(given: Input) -> schemas.WalletMove:
    return schemas.parse_wallet_move(given.fields)


ENDPOINTS = (
    Endpoint("GET", "/wallet", wallet),
    Endpoint("POST", f"{CUSTOMER}/wallet", move_funds, schema=_move, model=schemas.WalletMove,
             patterns={"action": "add|deduct"}),
)
