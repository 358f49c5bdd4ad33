"""``pbxware.route.list``: routes (countries) as ``{id: [name, calling code]}``; the ids are
the ``country`` values tenant.add takes."""

from __future__ import annotations

from .common import keyed
from .destination import country_name
from .registry import ActionContext, ActionTable
from .tenant import COUNTRIES


def register(table: ActionTable) -> None:
    @table.action("pbxware.route.list")
    def route_list(ctx: ActionContext) -> object:
        routes = sorted(COUNTRIES.items(), key=lambda item: item[1][0])
        return keyed({route_id: [country_name(iso), str(code)] for iso, (route_id, code) in routes})
