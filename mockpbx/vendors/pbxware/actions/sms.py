"""``pbxware.sms.*``: SMS trunks (core ``SmsTrunk``), their tenants, and SMS reports.

Provider credentials are trunk attributes under their PBXware names. Reports come from a
fixed history (the emulator sends no messages), dated like Bicom's own example requests.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ....core.entities import SmsTrunk, Tenant
from ....core.errors import TrunkNotFound
from ._dates import moment, zone
from ._references import GONE_SMS_TRUNK, SMS_TRUNK, was_issued
from .common import invalid, keyed, number, optional_match, parse_ids, require_match
from .registry import ActionContext, ActionTable, PbxwareError

PROVIDERS: dict[str, tuple[str, ...]] = {
    "telnyx": ("api_key", "public_key", "messaging_profile_id"),
    "bandwidth": ("username", "password", "user_id", "app_id"),
    "twilio": ("account_sid", "auth_token"),
    "vi": ("secret", "login"),
    "ozsms": ("api_key", "username"),
}
PROVIDER = r"^(telnyx|bandwidth|twilio|vi|ozsms)$"
# Credentials Bicom marks "(Required for <provider>)"; OZ SMS lists its own as optional.
REQUIRED_CREDENTIALS = {name: fields for name, fields in PROVIDERS.items() if name != "ozsms"}

# (epoch, server, provider, from, to, direction, status, error, type)
SMS_HISTORY: tuple[tuple[int, str, str, str, str, str, str, str, str], ...] = (
    (1697707500, "2", "telnyx", "12025550143", "12025550199", "Outbound", "delivered", "", "SMS"),
    (1697707530, "2", "telnyx", "12025550199", "12025550143", "Inbound", "received", "", "SMS"),
    (1697707545, "2", "twilio", "12025550143", "12025550123", "Outbound", "failed", "30003 Unreachable handset",
     "MMS"),
)
# (epoch start, epoch end, name, sent, failed, from, csv, status, message)
BULK_HISTORY: tuple[tuple[int, int, str, str, str, str, str, str, str], ...] = (
    (1697707320, 1697707500, "October promo", "148", "2", "12025550143", "october-promo.csv", "Completed",
     "Our October offers are live."),
)


def _configuration(trunk: SmsTrunk) -> dict[str, object]:
    row: dict[str, object] = {
        "id": trunk.id, "enabled": int(trunk.enabled), "name": trunk.name, "provider": trunk.provider,
        "description": trunk.description,
    }
    row.update({name: trunk.attributes.get(name, "") for name in PROVIDERS.get(trunk.provider, ())})
    return row


def _live(ctx: ActionContext, trunk_id: int) -> bool:
    try:
        ctx.world.numbering.get_sms_trunk(trunk_id)
    except TrunkNotFound:
        return False
    return True


def _tenant_trunk(tenant: Tenant, trunk: SmsTrunk | None) -> dict[str, str]:
    """A tenant's SMS trunk; one deleted since it was set shows by its id alone."""
    if trunk is None:
        gone = tenant.attributes.get(GONE_SMS_TRUNK)
        return {"id": gone or str(tenant.id), "enabled": "0", "name": "", "provider": ""}
    return {"id": str(trunk.id), "enabled": str(int(trunk.enabled)), "name": trunk.name, "provider": trunk.provider}


def _fields(ctx: ActionContext, provider: str, *, creating: bool) -> dict[str, str]:
    found = {}
    for name in PROVIDERS[provider]:
        value = ctx.params.get(name, "")
        if not value and creating and name in REQUIRED_CREDENTIALS.get(provider, ()):
            raise PbxwareError(f"Required field '{name}' is missing")
        if value:
            found[name] = value
    return found


def _one_trunk(ctx: ActionContext) -> SmsTrunk:
    """The first trunk ``id`` names: Bicom's collection passes the whole listed set here."""
    return ctx.world.numbering.get_sms_trunk(parse_ids(ctx.require("id"))[0])


def _date_window(ctx: ActionContext) -> tuple[int, int]:
    where = zone(ctx)
    first = moment(ctx, "start_date", "start_time", "00:00:00", where)
    return first, moment(ctx, "end_date", "end_time", "23:59:59", where)


def _stamp(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


def register(table: ActionTable) -> None:
    @table.action("pbxware.sms.trunks.list")
    def trunks_list(ctx: ActionContext) -> object:
        trunks = sorted(ctx.world.numbering.list_sms_trunks(), key=lambda t: t.id)
        return keyed({t.id: {"name": t.name, "provider": t.provider, "enabled": str(int(t.enabled))} for t in trunks})

    @table.action("pbxware.sms.trunks.configuration")
    def trunks_configuration(ctx: ActionContext) -> object:
        return _configuration(_one_trunk(ctx))

    @table.action("pbxware.sms.trunks.add")
    def trunks_add(ctx: ActionContext) -> object:
        enabled = require_match(ctx, "enabled", r"^(0|1)$")
        name = require_match(ctx, "name", r"^.{1,100}$")
        provider = require_match(ctx, "provider", PROVIDER)
        description = ctx.params.get("description", "")
        credentials = _fields(ctx, provider, creating=True)
        trunk = ctx.world.numbering.create_sms_trunk(name, provider, enabled=enabled == "1", description=description,
                                          attributes=credentials)
        return {"success": f"SMS Trunk ID: {trunk.id}", "id": trunk.id}

    @table.action("pbxware.sms.trunks.edit")
    def trunks_edit(ctx: ActionContext) -> object:
        ids = parse_ids(ctx.require("id"))
        changes: dict[str, object] = {}
        enabled = optional_match(ctx, "enabled", r"^(0|1)$")
        if enabled is not None:
            changes["enabled"] = enabled == "1"
        name = optional_match(ctx, "name", r"^.{1,100}$")
        if name is not None:
            changes["name"] = name
        provider = optional_match(ctx, "provider", PROVIDER)
        if provider is not None:
            changes["provider"] = provider
        if ctx.params.get("description"):
            changes["description"] = ctx.params["description"]
        trunks = [ctx.world.numbering.get_sms_trunk(i) for i in ids]
        for trunk in trunks:
            credentials = _fields(ctx, provider or trunk.provider, creating=False)
            ctx.world.numbering.update_sms_trunk(trunk.id, **changes, attributes={**trunk.attributes, **credentials})
        return {"success": f"SMS Trunk ID: {ids[0]}", "id": ids[0]}

    @table.action("pbxware.sms.trunks.delete")
    def trunks_delete(ctx: ActionContext) -> object:
        ids = parse_ids(ctx.require("id"))
        for trunk_id in ids:
            ctx.world.numbering.get_sms_trunk(trunk_id)
        for trunk_id in ids:
            ctx.world.numbering.delete_sms_trunk(trunk_id)
        return {"success": f"Deleted SMS Trunk ID {','.join(map(str, ids))} successfully."}

    @table.action("pbxware.sms.trunks.tenants.list")
    def tenants_list(ctx: ActionContext) -> object:
        """Every tenant with its SMS trunk; a tenant without one shows empty fields."""
        trunk_of = {tenant_id: trunk for trunk in ctx.world.numbering.list_sms_trunks()
                    for tenant_id in trunk.tenant_ids}
        rows = {tenant.id: _tenant_trunk(tenant, trunk_of.get(tenant.id))
                for tenant in sorted(ctx.world.tenancy.list_tenants(), key=lambda t: t.id)}
        return keyed(rows)

    @table.action("pbxware.sms.trunks.tenants.get")
    def tenants_get(ctx: ActionContext) -> object:
        """Caveat: a tenant without an SMS trunk answers with empty name/provider, not an error."""
        tenant = ctx.world.tenancy.get_tenant(number(require_match(ctx, "tenant", r"^\d+$")))
        trunks = ctx.world.numbering.list_sms_trunks(tenant.id)
        return _tenant_trunk(tenant, trunks[0] if trunks else None)

    @table.action("pbxware.sms.trunks.tenants.set")
    def tenants_set(ctx: ActionContext) -> object:
        tenant_id = number(require_match(ctx, "tenant", r"^\d+$"))
        raw = ctx.params.get("id", "")
        trunk_id = parse_ids(raw)[0] if raw else None
        tenant = ctx.world.tenancy.get_tenant(tenant_id)
        gone = trunk_id is not None and not _live(ctx, trunk_id)
        if gone and not was_issued(ctx, SMS_TRUNK, trunk_id or 0):
            raise PbxwareError("Invalid trunk ID.")
        ctx.world.numbering.assign_sms_trunk(tenant_id, None if gone else trunk_id)
        # A trunk deleted since is kept by id only (see _references): the core links live trunks.
        attributes = {k: v for k, v in tenant.attributes.items() if k != GONE_SMS_TRUNK}
        if gone:
            attributes[GONE_SMS_TRUNK] = str(trunk_id)
        if attributes != tenant.attributes:
            ctx.world.tenancy.update_tenant(tenant_id, attributes=attributes)
        return {"success": "SMS trunk set successfully."}

    @table.action("pbxware.sms.reports.list")
    def reports_list(ctx: ActionContext) -> object:
        first, last = _date_window(ctx)
        direction = optional_match(ctx, "direction", r"^(Inbound|Outbound)$")
        source = optional_match(ctx, "from_number", r"^\d{1,16}$")
        target = optional_match(ctx, "to_number", r"^\d{1,16}$")
        kind = ctx.params.get("type", "")
        if kind and kind.upper() not in ("SMS", "MMS"):
            raise invalid("type", kind, r"^(?i)(SMS|MMS)$")
        server = optional_match(ctx, "server", r"^\d+$")
        rows = {}
        for index, (at, srv, provider, frm, to, way, status, error, sort) in enumerate(SMS_HISTORY, start=1):
            if not first <= at <= last or (direction and way != direction) or (source and frm != source):
                continue
            if (target and to != target) or (kind and sort != kind.upper()) or (server and srv != server):
                continue
            rows[index] = {"server": srv, "provider": provider, "from": frm, "to": to, "direction": way,
                           "date/time": _stamp(at), "status": status, "error": error, "type": sort}
        return keyed(rows)

    @table.action("pbxware.sms.reports.bulk_list")
    def reports_bulk_list(ctx: ActionContext) -> object:
        first, last = _date_window(ctx)
        status = ctx.params.get("status", "")
        if status and status.title() not in ("Active", "Paused", "Stopped", "Completed"):
            raise invalid("status", status, r"^(?i)(Active|Paused|Stopped|Completed)$")
        name = optional_match(ctx, "name", r"^.{1,100}$")
        optional_match(ctx, "server", r"^\d+$")
        rows = {}
        for index, (start, end, title, sent, failed, frm, csv, state, message) in enumerate(BULK_HISTORY, start=1):
            if end < first or start > last or (status and state != status.title()) or (name and title != name):
                continue
            rows[index] = {"name": title, "sent": sent, "failed": failed, "time_start": _stamp(start),
                           "time_end": _stamp(end), "from": frm, "csv_file": csv, "status": state,
                           "message": message}
        return keyed(rows)
