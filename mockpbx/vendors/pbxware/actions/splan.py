"""``pbxware.splan.*``: service plans and their rates (a read-only catalogue).

Extensions without a plan of their own are on plan 1; its inclusive minutes are what
``ext.call_rating_info`` counts down as the extension makes outbound calls.
"""

from __future__ import annotations

from .common import keyed, optional_match, require_id
from .destination import DESTINATIONS
from .registry import ActionContext, ActionTable, PbxwareError

DEFAULT_PLAN = 1

SERVICE_PLANS: dict[int, dict[str, str]] = {
    1: {"name": "Default", "tbd": "60", "min_charge": "0.00", "connection_charge": "0.00", "inclusive": "100",
        "grace_period": "0", "billing": "postpaid", "call_rating": "yes"},
    2: {"name": "Prepaid Basic", "tbd": "60", "min_charge": "0.05", "connection_charge": "0.02", "inclusive": "0",
        "grace_period": "5", "billing": "prepaid", "call_rating": "yes"},
    3: {"name": "Unlimited Local", "tbd": "1", "min_charge": "0.00", "connection_charge": "0.00", "inclusive": "1000",
        "grace_period": "0", "billing": "postpaid", "call_rating": "no"},
}

# Per plan, per minute, by destination: (inbound, outbound).
RATES: dict[int, tuple[str, str]] = {1: ("0.00", "0.50"), 2: ("0.00", "0.80"), 3: ("0.00", "0.00")}


def inclusive_minutes(plan_id: int) -> int:
    return int(SERVICE_PLANS.get(plan_id, SERVICE_PLANS[DEFAULT_PLAN])["inclusive"])


def _rate(plan_id: int, destination_id: int) -> dict[str, str | None]:
    plan = SERVICE_PLANS[plan_id]
    inbound, outbound = RATES[plan_id]
    step = f"{destination_id % 5 * 0.01:.2f}"
    return {
        "inbound": inbound,
        "outbound": f"{float(outbound) + float(step):.2f}",
        "inclusives": plan["inclusive"],
        "billing": plan["billing"],
        "call_rating": plan["call_rating"],
        "min_charge": plan["min_charge"],
        "connection_charge": plan["connection_charge"],
    }


def register(table: ActionTable) -> None:
    @table.action("pbxware.splan.list")
    def splan_list(ctx: ActionContext) -> object:
        return keyed({plan_id: dict(plan) for plan_id, plan in SERVICE_PLANS.items()})

    @table.action("pbxware.splan.rates")
    def splan_rates(ctx: ActionContext) -> object:
        """Rates by route, then destination id; ``dgroup`` narrows a route to one destination group."""
        plan_id = require_id(ctx)
        if plan_id not in SERVICE_PLANS:
            raise PbxwareError("Invalid service plan ID.")
        route = optional_match(ctx, "route", r"^\d+$")
        group = optional_match(ctx, "dgroup", r"^\d+$")
        if group is not None and route is None:
            raise PbxwareError("Required field 'route' is missing")
        rows: dict[str, dict[str, object]] = {}
        for destination_id, destination in DESTINATIONS.items():
            if route is not None and destination["route_id"] != route:
                continue
            if group is not None and destination["group_id"] != group:
                continue
            rows.setdefault(str(destination["route"]), {})[str(destination_id)] = _rate(plan_id, destination_id)
        return keyed(rows)
