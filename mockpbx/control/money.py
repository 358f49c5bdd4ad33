"""Money for the dashboard: every tenant's and reseller's wallet, and one wallet's ledger."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from ..core.entities import LedgerEntry, OwnerKind, Wallet
from .context import world
from .query import whole_number
from .serialize import Json, iso


def wallet_json(wallet: Wallet | None) -> Json | None:
    if wallet is None:
        return None
    return {"id": wallet.id, "currency": wallet.currency, "balance": str(wallet.balance)}


def ledger_json(entry: LedgerEntry) -> Json:
    return {
        "id": entry.id,
        "amount": str(entry.amount),
        "balance_after": str(entry.balance_after),
        "kind": entry.kind,
        "memo": entry.memo,
        "created_at": entry.created_at,
        "iso": iso(entry.created_at),
        "reference": entry.reference,
    }


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/wallets")
    def list_wallets(world_id: str) -> Response:
        """Resellers and tenants with their wallets, read in one locked step.

        Returns:
            200 ``{"resellers": [{"id", "name", "wallet"}], "tenants": [{"id", "code", "name",
            "status", "reseller_id", "wallet"}]}``; ``wallet`` is ``{"id", "currency",
            "balance"}`` or null when none was opened.
        """
        found = world(world_id)
        with found.transaction():
            resellers = [{"id": r.id, "name": r.name,
                          "wallet": wallet_json(found.billing.find_wallet(OwnerKind.RESELLER, r.id))}
                         for r in found.tenancy.list_resellers()]
            tenants = [{"id": t.id, "code": t.code, "name": t.name, "status": str(t.status),
                        "reseller_id": t.reseller_id,
                        "wallet": wallet_json(found.billing.find_wallet(OwnerKind.TENANT, t.id))}
                       for t in found.tenancy.list_tenants()]
        return jsonify(resellers=resellers, tenants=tenants)

    @bp.get("/worlds/<world_id>/wallets/<int:wallet_id>/ledger")
    def wallet_ledger(world_id: str, wallet_id: int) -> Response:
        """A wallet and its newest ledger entries, oldest first; ``limit`` (1..1000, default 200).

        Returns:
            200 ``{"wallet": {"id", "currency", "balance"}, "entries": [{"id", "amount",
            "balance_after", "kind", "memo", "created_at", "iso", "reference"}, ...]}``; 404
            for an unknown wallet.
        """
        limit = whole_number("limit", 200, 1, 1000)
        found = world(world_id)
        with found.transaction():
            wallet = found.billing.get_wallet(wallet_id)
            entries = found.billing.ledger(wallet_id)[-limit:]
        return jsonify(wallet=wallet_json(wallet), entries=[ledger_json(e) for e in entries])
