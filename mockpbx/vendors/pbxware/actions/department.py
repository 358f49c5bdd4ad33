"""``pbxware.department.list``: the departments every tenant starts with (read-only here)."""

from __future__ import annotations

from ._scope import scope
from .common import keyed
from .registry import ActionContext, ActionTable

DEPARTMENTS: dict[int, str] = {1: "Sales", 2: "Support", 3: "Accounting", 4: "Management", 5: "Operations"}


def register(table: ActionTable) -> None:
    @table.action("pbxware.department.list")
    def department_list(ctx: ActionContext) -> object:
        scope(ctx)
        return keyed({department_id: {"name": name} for department_id, name in DEPARTMENTS.items()})
