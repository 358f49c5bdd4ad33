"""``pbxware.destination.*``: call destinations and destination groups (a read-only catalogue)."""

from __future__ import annotations

from .common import keyed, optional_match
from .registry import ActionContext, ActionTable, PbxwareError
from .tenant import COUNTRIES

GROUPS: dict[int, str] = {1: "Fixed", 2: "Mobile", 3: "Premium", 4: "Special Services"}

_COUNTRY_NAMES = {
    "US": "United States", "CA": "Canada", "GB": "United Kingdom", "DE": "Germany", "DK": "Denmark",
    "BD": "Bangladesh", "BA": "Bosnia and Herzegovina", "FR": "France", "IT": "Italy", "ES": "Spain",
    "AU": "Australia", "IN": "India",
}


def country_name(iso: str) -> str:
    return _COUNTRY_NAMES.get(iso, iso)


def _destinations() -> dict[int, dict[str, str]]:
    rows: dict[int, dict[str, str]] = {}
    for index, (iso, (route_id, code)) in enumerate(sorted(COUNTRIES.items(), key=lambda item: item[1][0])):
        for group_id in (1, 2):
            rows[index * 2 + group_id] = {
                "route": country_name(iso), "route_id": str(route_id), "destination": f"{country_name(iso)} "
                f"{GROUPS[group_id]}", "destination_group": GROUPS[group_id], "group_id": str(group_id),
                "code": f"{code}{group_id + 1}",
            }
    return rows


DESTINATIONS = _destinations()


def register(table: ActionTable) -> None:
    @table.action("pbxware.destination.list")
    def destination_list(ctx: ActionContext) -> object:
        route = optional_match(ctx, "route", r"^\d+$")
        group = optional_match(ctx, "dgroup", r"^\d+$")
        if group is not None and route is None:
            raise PbxwareError("Required field 'route' is missing")
        rows = {
            destination_id: {
                "route": row["route"], "destination": row["destination"], "destination_group": row["destination_group"],
                "codes": [{"code1": row["code"], "code2": ""}],
            }
            for destination_id, row in DESTINATIONS.items()
            if (route is None or row["route_id"] == route) and (group is None or row["group_id"] == group)
        }
        return keyed(rows)

    @table.action("pbxware.destination.groups")
    def destination_groups(ctx: ActionContext) -> object:
        return keyed(dict(GROUPS))
