"""``pbxware.otimes.*``: operation times of DIDs, IVRs, dial groups, ERGs, queues, servers
and routes.

Only DID operation times can be set through the API; they live in ``Did.attributes``
(``ot.status``, ``ot.greeting``, ... and the three schedules as JSON). Everything else
reports its inherited default. ``id`` filters the listing; ids that no longer exist are
left out rather than refused, as a listing does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from ....core.entities import Attributes, FeatureKind
from ._scope import scope
from .common import invalid, keyed, matches, optional_match, parse_ids
from .registry import ActionContext, ActionTable, PbxwareError
from .tenant import COUNTRIES

PREFIX = "ot."
TIME = r"^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
DAY = r"^\d{4}-\d{2}-\d{2}$"
DAYS = r"^[1-7](,[1-7])*$"
# schedule -> its row fields, each with the request array it comes from and that array's regex
SCHEDULES: dict[str, dict[str, tuple[str, str]]] = {
    "closed_dates": {
        "description": ("closed_dates_desc", r"^.*$"), "destination": ("closed_dates_dest", r"^\d*$"),
        "date_from": ("closed_dates_date_from", DAY), "date_to": ("closed_dates_date_to", DAY),
        "time_from": ("closed_dates_time_from", TIME), "time_to": ("closed_dates_time_to", TIME),
    },
    "custom_destinations": {
        "destination": ("custom_destinations_dest", r"^\d+$"),
        "is_open_range": ("custom_destinations_is_open", r"^(yes|no)$"),
        "days": ("custom_destinations_days", DAYS), "time_from": ("custom_destinations_time_from", TIME),
        "time_to": ("custom_destinations_time_to", TIME),
    },
    "open_days": {
        "description": ("open_days_desc", r"^.*$"), "days": ("open_days", DAYS),
        "time_from": ("open_days_time_from", TIME), "time_to": ("open_days_time_to", TIME),
    },
}
SCALARS = {
    "status": (r"^(on|off|inherit)$", "inherit"),
    "greeting": (r"^greeting\-([\w\-]+)$", ""),
    "default_dest_ext": (r"^\d+$", ""),
    "default_dest_is_vm": (r"^(yes|no)$", "no"),
}


def operation_times(attributes: Mapping[str, str]) -> dict[str, object]:
    row: dict[str, object] = {name: attributes.get(PREFIX + name, default) for name, (_, default) in SCALARS.items()}
    for schedule in SCHEDULES:
        row[schedule] = json.loads(attributes.get(PREFIX + schedule, "[]"))
    return row


def _array(params: Mapping[str, str], name: str) -> list[str] | None:
    """``name[]=a`` (one value) or ``name[0]=a&name[1]=b``; None when the array is not sent."""
    indexed = sorted(
        ((int(m.group(1)), value) for key, value in params.items()
         # An index past 18 digits is no index (Python's int() refuses 4300+ digits): the key is ignored.
         if (m := re.fullmatch(re.escape(name) + r"\[(\d{1,18})\]", key, re.ASCII)) is not None),
    )
    if indexed:
        return [value for _, value in indexed]
    if f"{name}[]" in params:
        return [params[f"{name}[]"]]
    return None


def _schedule_changes(params: Mapping[str, str]) -> Attributes:
    changes: Attributes = {}
    for schedule, fields in SCHEDULES.items():
        arrays = {field: _array(params, param) for field, (param, _) in fields.items()}
        sent = {field: values for field, values in arrays.items() if values is not None}
        if not sent:
            continue
        if len(sent) != len(fields) or len({len(v) for v in sent.values()}) != 1:
            names = ", ".join(f"{param}[]" for param, _ in fields.values())
            raise PbxwareError(f"Fields {names} must match in size")
        rows = []
        for index in range(len(next(iter(sent.values())))):
            row = {}
            for field, (param, regex) in fields.items():
                value = sent[field][index]
                if not matches(regex, value):
                    raise invalid(f"{param}[{index}]", value, regex)
                row[field] = value
            rows.append(row)
        changes[PREFIX + schedule] = json.dumps(rows)
    return changes


def _wanted(ctx: ActionContext) -> set[int] | None:
    raw = ctx.params.get("id", "")
    return set(parse_ids(raw)) if raw else None


def _listing(ctx: ActionContext, rows: Iterable[tuple[int, Mapping[str, str]]]) -> object:
    wanted = _wanted(ctx)
    return keyed({key: operation_times(attrs) for key, attrs in rows if wanted is None or key in wanted})


def _features(ctx: ActionContext, kind: FeatureKind) -> object:
    tenant_id = scope(ctx)
    features = sorted(ctx.world.directory.list_features(kind, tenant_id), key=lambda f: f.id)
    return _listing(ctx, ((f.id, f.attributes) for f in features))


def register(table: ActionTable) -> None:
    @table.action("pbxware.otimes.did.list")
    def did_list(ctx: ActionContext) -> object:
        dids = sorted(ctx.world.numbering.list_dids(scope(ctx)), key=lambda d: d.id)
        return _listing(ctx, ((d.id, d.attributes) for d in dids))

    @table.action("pbxware.otimes.did.set")
    def did_set(ctx: ActionContext) -> object:
        tenant_id = scope(ctx)
        ids = parse_ids(ctx.require("id"))
        changes: Attributes = {}
        for name, (regex, _) in SCALARS.items():
            value = optional_match(ctx, name, regex)
            if value is not None:
                changes[PREFIX + name] = value
        changes.update(_schedule_changes(ctx.params))
        dids = [ctx.world.numbering.get_did(did_id) for did_id in ids]
        for did in dids:
            if tenant_id is not None and did.tenant_id != tenant_id:
                raise PbxwareError("Invalid DID ID.")
        for did in dids:
            ctx.world.numbering.update_did(did.id, attributes={**did.attributes, **changes})
        return {"success": "Operation Times updated successfully."}

    @table.action("pbxware.otimes.ivr.list")
    def ivr_list(ctx: ActionContext) -> object:
        return _features(ctx, FeatureKind.IVR)

    @table.action("pbxware.otimes.dial_group.list")
    def dial_group_list(ctx: ActionContext) -> object:
        return _features(ctx, FeatureKind.RING_GROUP)

    @table.action("pbxware.otimes.erg.list")
    def erg_list(ctx: ActionContext) -> object:
        return _features(ctx, FeatureKind.ENHANCED_RING_GROUP)

    @table.action("pbxware.otimes.queues.list")
    def queues_list(ctx: ActionContext) -> object:
        queues = sorted(ctx.world.directory.list_queues(scope(ctx)), key=lambda q: q.id)
        return _listing(ctx, ((q.id, {}) for q in queues))

    @table.action("pbxware.otimes.servers.list")
    def servers_list(ctx: ActionContext) -> object:
        tenant_id = scope(ctx)
        tenants = [t for t in ctx.world.tenancy.list_tenants() if tenant_id is None or t.id == tenant_id]
        return _listing(ctx, ((t.id, t.attributes) for t in sorted(tenants, key=lambda t: t.id)))

    @table.action("pbxware.otimes.routes.list")
    def routes_list(ctx: ActionContext) -> object:
        routes = sorted(route for route, _ in COUNTRIES.values())
        return _listing(ctx, ((route, {}) for route in routes))
