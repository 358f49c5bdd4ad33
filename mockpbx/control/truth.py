"""Ground truth: what a world holds, in vendor-neutral JSON, for checking a client's output.

A client under test reads a vendor API; its test reads this view of the same world and
compares ("my CRM shows N calls costing C"). Every view is one locked read.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask import Blueprint, Response, jsonify, request

from ..core.entities import OwnerKind, Tenant
from ..core.world import World
from .context import world
from .errors import ControlError
from .serialize import Json, iso


def _cdrs(found: World, tenants: dict[int, Tenant], only: Tenant | None) -> Json:
    rows = found.telephony.query_cdrs(None if only is None else only.id, newest_first=False)
    rows.sort(key=lambda c: (c.start, c.uniqueid))
    cdrs = [{
        "tenant": tenants[c.tenant_id].code, "uniqueid": c.uniqueid, "originate_id": c.originate_id,
        "start": c.start, "start_iso": iso(c.start), "answer": c.answer, "end": c.end,
        "duration": c.duration, "billsec": c.billsec, "src": c.src, "dst": c.dst,
        "direction": str(c.direction), "disposition": str(c.disposition), "caller_name": c.caller_name,
        "recording": c.recording_id is not None, "cost": str(c.cost),
    } for c in rows]
    return {"count": len(cdrs), "billsec": sum(c.billsec for c in rows),
            "cost": str(sum((c.cost for c in rows), start=Decimal("0.00"))), "cdrs": cdrs}


def _extensions(found: World, tenants: dict[int, Tenant], only: Tenant | None) -> Json:
    rows = sorted(found.directory.list_extensions(None if only is None else only.id),
                  key=lambda e: (tenants[e.tenant_id].code, e.number))
    return {"count": len(rows), "extensions": [{
        "tenant": tenants[e.tenant_id].code, "number": e.number, "name": e.name, "email": e.email,
        "status": str(e.status),
    } for e in rows]}


def _billing(found: World, tenants: dict[int, Tenant], only: Tenant | None) -> Json:
    def balance(kind: OwnerKind, owner_id: int) -> str:
        wallet = found.billing.find_wallet(kind, owner_id)
        return "0.00" if wallet is None else str(wallet.balance)

    chosen = [only] if only is not None else sorted(tenants.values(), key=lambda t: t.code)
    resellers = [] if only is not None else [
        {"id": r.id, "name": r.name, "currency": r.currency, "balance": balance(OwnerKind.RESELLER, r.id)}
        for r in found.tenancy.list_resellers()]
    return {"currency": found.settings.currency, "resellers": resellers, "tenants": [
        {"code": t.code, "name": t.name, "status": str(t.status), "balance": balance(OwnerKind.TENANT, t.id)}
        for t in chosen]}


def _calls(found: World, tenants: dict[int, Tenant], only: Tenant | None) -> Json:
    rows = found.telephony.live_calls(None if only is None else only.id)
    return {"count": len(rows), "calls": [{
        "tenant": tenants[c.tenant_id].code, "uniqueid": c.uniqueid, "originate_id": c.originate_id,
        "src": c.src, "dst": c.dst, "direction": str(c.direction), "state": str(c.state),
        "caller_name": c.caller_name,
    } for c in rows]}


VIEWS: dict[str, Callable[[World, dict[int, Tenant], Tenant | None], Json]] = {
    "cdrs": _cdrs, "billing": _billing, "extensions": _extensions, "calls": _calls,
}


def truth(found: World, view: str, tenant_code: str | None) -> Json:
    if view not in VIEWS:
        raise ControlError(422, f"view must be one of {', '.join(VIEWS)}", "invalid_argument")
    with found.transaction():
        tenants = {t.id: t for t in found.tenancy.list_tenants()}
        only = None
        if tenant_code is not None:
            only = next((t for t in tenants.values() if t.code == tenant_code), None)
            if only is None:
                raise ControlError(404, f"no tenant with code {tenant_code!r}", "not_found")
        body = VIEWS[view](found, tenants, only)
    return {"world": found.id, "view": view, "tenant": tenant_code, **body}


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/truth")
    def read_truth(world_id: str) -> Response:
        """What the world holds, vendor-neutral: ``view=cdrs|billing|extensions|calls``, ``tenant=<code>``.

        Returns:
            200 ``{"world", "view", "tenant", ...}`` (docs/control-plane.md, "Ground truth");
            404 for an unknown world or tenant code; 422 for a missing or unknown view.
        """
        found = world(world_id)
        return jsonify(truth(found, request.args.get("view", ""), request.args.get("tenant")))
