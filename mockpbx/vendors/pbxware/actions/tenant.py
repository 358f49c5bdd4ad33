"""``pbxware.tenant.{list,configuration,add,edit,delete}``, backed by the core's tenants.

Options PBXware keeps per tenant but the domain does not model live in
``Tenant.attributes`` under their PBXware names, so edit-then-configuration agrees.
"""

from __future__ import annotations

from ....core.entities import Tenant, TenantStatus
from ....core.errors import TenantNotFound
from ....core.numerals import whole_number
from .common import EMAIL, collect, keyed, master_only, number, require_id, require_match
from .registry import ActionContext, ActionTable, PbxwareError

# Route (country) ids as route.list numbers them, with the country's calling code. [INF]
COUNTRIES: dict[str, tuple[int, int]] = {
    "US": (869, 1), "CA": (204, 1), "GB": (858, 44), "DE": (348, 49), "DK": (298, 45), "BD": (226, 880),
    "BA": (234, 387), "FR": (340, 33), "IT": (440, 39), "ES": (774, 34), "AU": (212, 61), "IN": (420, 91),
}
COUNTRY_BY_ID = {route: iso for iso, (route, _) in COUNTRIES.items()}

YES_NO_NOTSET = r"^(1|0|2)$"
OPTIONS: dict[str, str] = {
    "area_code": r"^\d{1,50}$", "glocom_dns_srv_lookup": YES_NO_NOTSET, "glocomproxy": r"^.+$",
    "apusername": r"^.+$", "appassword": r"^\S.+\S$", "defaultserver": YES_NO_NOTSET,
    "announcetrunks": YES_NO_NOTSET, "absolutetimeout": r"^\d{1,5}$", "cdrvoicemail": YES_NO_NOTSET,
    "faxformat": r"^(letter|legal|A4|auto)$", "faxfiletype": r"^(1|2|3)$", "default_location": r"^(1|2)$",
    "enabletcalls": YES_NO_NOTSET, "disabletcid": YES_NO_NOTSET, "tenantcid": r"^.+$", "tenant_faxcid": r"^.+$",
    "usedefaultcid": YES_NO_NOTSET, "usedidcid": YES_NO_NOTSET, "finde164": YES_NO_NOTSET,
    "recordlimit": r"^\d{1,3}$", "showdirosc": YES_NO_NOTSET, "recordglobal": YES_NO_NOTSET,
    "recordsilent": YES_NO_NOTSET, "mp3_auto_conv": r"^(yes|keep|no)$", "recordbeep": r"^\d{1,3}$",
    "recordformat": r"^(gsm|wav|wav49|g729|ogg)$", "audiolang": r"^.+$", "cpark_timeout": r"^\d{1,3}$",
    "cpark_dial": r"^\d{3}$", "cpark_goto": r"^\d{3}$", "limitsound": YES_NO_NOTSET,
    "limitemail": YES_NO_NOTSET, "notifyemail": EMAIL, "leavenational": YES_NO_NOTSET,
    "currency": r"^.{1,3}$", "currencypos": r"^(left|right)$", "dialed_num_minimum_length": r"^\d{1,4}$",
    "pstn_mode": YES_NO_NOTSET, "callgroups": r"^[0-9]+(,[0-9]+)*$", "hdcheck": YES_NO_NOTSET,
    "hdlockext": r"^\d{1}$", "hdlockdevice": r"^\d{1}$", "hdautologout": YES_NO_NOTSET,
    "hdlogoutinactive": r"^\d{1}$", "ringtonelocal": r"^.+$", "hidecallerid": YES_NO_NOTSET,
    "allowescallerid": YES_NO_NOTSET, "enablecnamlookup": YES_NO_NOTSET, "setcidforgrouphunt": YES_NO_NOTSET,
    "cidmatchdid": YES_NO_NOTSET, "dropanonymous": YES_NO_NOTSET, "didsaveupdatecid": YES_NO_NOTSET,
    "forceunknown": YES_NO_NOTSET, "hideextnodir": YES_NO_NOTSET, "custompresencetime": r"^\d{1,4}$",
    "usedynfeatures": YES_NO_NOTSET, "nobillingfwd": YES_NO_NOTSET, "cf_call_rating_disable": YES_NO_NOTSET,
    "allowextipauth": YES_NO_NOTSET, "voiceskippin": r"^(1|0)$", "email_from": EMAIL, "vm_email_from": EMAIL,
    "local_channels": r"^\d{1,5}$", "remote_channels": r"^\d{1,5}$", "conferences": r"^\d{1,5}$",
    "queues": r"^\d{1,5}$", "auto_attendants": r"^\d{1,5}$", "dahdi": r"^\d{1,5}$",
    "es_ambulance": r"^\d{3,16}$", "es_fire": r"^\d{3,16}$", "es_police": r"^\d{3,16}$",
    "es_notification_email": r"^([a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,30};?)+$",
    "emergency_callerid_tenant": r"^.+$", "max_contacts": r"^\d{1,2}$",
}
# tenant.configuration reports the channel limits under other names than add/edit take (OBS).
CHANNELS = {"incominglimit": "local_channels", "outgoinglimit": "remote_channels", "conch": "conferences",
            "quech": "queues", "ergch": "enhanced_ring_groups", "aach": "auto_attendants", "zapch": "dahdi"}
CONFIGURATION_FIELDS = (
    "glocom_dns_srv_lookup", "glocomproxy", "absolutetimeout", "cdrvoicemail", "faxformat", "faxfiletype",
    "status", "default_location", "recordbeep", "recordformat", "ringtonelocal", "didsaveupdatecid", "enabletcalls",
    "tenantcid", "tenant_faxcid", "recordlimit", "area_code", "es_ambulance", "es_fire", "es_police",
    "es_notification_email", "emergency_callerid_tenant", "audiolang", "apusername", "appassword",
    *CHANNELS, "notifyemail", "cpark_timeout", "cpark_dial", "cpark_goto", "hdlockext", "hdlockdevice",
    "hdlogoutinactive", "custompresencetime", "dialed_num_minimum_length", "announcetrunks", "recordglobal",
    "recordsilent", "hidecallerid", "allowescallerid", "enablecnamlookup", "setcidforgrouphunt", "cidmatchdid",
    "dropanonymous", "forceunknown", "hideextnodir", "usedynfeatures", "nobillingfwd", "cf_call_rating_disable",
    "allowextipauth", "voiceskippin", "usedefaultcid", "usedidcid", "finde164", "showdirosc", "leavenational",
    "limitsound", "limitemail", "pstn_mode", "hdcheck", "hdautologout",
)
CODECS = {"local_codecs": "localcodecs", "remote_codecs": "remotecodecs", "network_codecs": "networkcodecs"}
CODEC_REGEX = (r"^(:|ulaw|alaw|g722|opus|g723.1|g726|g726aal2|g729|gsm|ilbc|speex|speex16|speex32|lpc10|h261|h263"
               r"|h263p|h264)+$")
STATUS = {"1": TenantStatus.ACTIVE, "0": TenantStatus.SUSPENDED, "2": TenantStatus.SUSPENDED}


def country_of(tenant: Tenant) -> tuple[int, int]:
    route = tenant.attributes.get("country")
    country_id = whole_number(route) if route is not None else None
    if country_id is not None:
        iso = COUNTRY_BY_ID.get(country_id)
        return country_id, COUNTRIES[iso][1] if iso else 0
    return COUNTRIES.get(tenant.country, (0, 0))


def listing(ctx: ActionContext, tenant: Tenant) -> dict[str, object]:
    package = ctx.world.tenancy.get_package(tenant.package_id).name if tenant.package_id else ""
    country_id, country_code = country_of(tenant)
    return {"name": tenant.name, "tenantcode": tenant.code, "package_id": tenant.package_id or 0,
            "package": package, "ext_length": tenant.ext_length, "country_id": country_id,
            "country_code": country_code}


# Columns PBXware fills with a default when a tenant is created (the rest stay NULL). [INF values]
DEFAULTS = {"absolutetimeout": "7200", "default_location": "1", "recordformat": "wav", "es_ambulance": "911",
            "es_fire": "911", "es_police": "911", "es_notification_email": "", "incominglimit": "0",
            "outgoinglimit": "0", "conch": "0", "quech": "0", "ergch": "0", "aach": "0", "zapch": "0",
            "announcetrunks": "2"}


def configuration(tenant: Tenant) -> dict[str, object]:
    attrs = tenant.attributes
    country_id, country_code = country_of(tenant)
    row: dict[str, object] = {"server_name": tenant.name, "tenantcode": tenant.code,
                              "package_id": str(tenant.package_id or "")}
    for name in CONFIGURATION_FIELDS:
        # Options never set are NULL columns in PBXware's tenant table.
        row[name] = attrs.get(CHANNELS.get(name, name), DEFAULTS.get(name))
    row["country"] = str(country_id)
    row["national"] = attrs.get("national", str(country_code or 0))
    row["international"] = attrs.get("international", "011" if country_code == 1 else "00")
    for shown, field in CODECS.items():
        row[shown] = [c for c in attrs.get(field, "").split(":") if c]
    return row


def system_configuration() -> dict[str, object]:
    """``id=1``: the master server's own record, which clients use as a health check."""
    row: dict[str, object] = {"server_name": "pbxware.local", "tenantcode": "", "package_id": ""}
    row.update({name: DEFAULTS.get(name) for name in CONFIGURATION_FIELDS})
    row.update({"country": "869", "national": "1", "international": "011"})
    row.update({shown: ["ulaw", "alaw"] for shown in CODECS})
    return row


def _options(ctx: ActionContext) -> dict[str, str]:
    found = collect(ctx, OPTIONS)
    found.update(collect(ctx, dict.fromkeys(CODECS.values(), CODEC_REGEX)))
    return found


def register(table: ActionTable) -> None:
    @table.action("pbxware.tenant.list")
    def tenant_list(ctx: ActionContext) -> object:
        return keyed({t.id: listing(ctx, t) for t in ctx.world.tenancy.list_tenants()})

    @table.action("pbxware.tenant.configuration")
    def tenant_configuration(ctx: ActionContext) -> object:
        tenant_id = require_id(ctx)
        if tenant_id == 1:
            return system_configuration()
        try:
            return configuration(ctx.world.tenancy.get_tenant(tenant_id))
        except TenantNotFound:
            raise PbxwareError("Invalid tenant ID.") from None

    @table.action("pbxware.tenant.add")
    def tenant_add(ctx: ActionContext) -> object:
        master_only(ctx)
        name = require_match(ctx, "tenant_name", r"^.+$")
        code = require_match(ctx, "tenant_code", r"^\d{3}$")
        package_id = number(require_match(ctx, "package", r"^\d+$"))
        ext_length = number(require_match(ctx, "ext_length", r"^([2-9]|(1[0-6]))$"))
        country = require_match(ctx, "country", r"^\d{1,10}$")
        national = require_match(ctx, "national", r"^\d{1,10}$")
        international = require_match(ctx, "international", r"^\d{1,10}$")
        attributes = {**_options(ctx), "country": country, "national": national, "international": international}
        iso = COUNTRY_BY_ID.get(int(country), "US")
        tenant = ctx.world.tenancy.create_tenant(code, name, package_id=package_id, ext_length=ext_length, country=iso,
                                                 domain=name, attributes=attributes)
        return {"success": f"Tenant ID: {tenant.id}", "id": tenant.id}

    @table.action("pbxware.tenant.edit")
    def tenant_edit(ctx: ActionContext) -> object:
        master_only(ctx)
        tenant = _target(ctx)
        changes: dict[str, object] = {}
        name = collect(ctx, {"tenant_name": r"^.+$"}).get("tenant_name")
        code = collect(ctx, {"tenant_code": r"^\d{3}$"}).get("tenant_code")
        package = collect(ctx, {"package": r"^\d+$"}).get("package")
        status = collect(ctx, {"status": r"^(1|0|2)$"}).get("status")
        collect(ctx, {"ext_length": r"^([2-9]|(1[0-6]))$"})  # validated, but fixed once the tenant exists
        attributes = {**tenant.attributes, **_options(ctx)}
        attributes.update(collect(ctx, {"country": r"^\d{1,10}$", "national": r"^\d{1,10}$",
                                        "international": r"^\d{1,10}$"}))
        if name is not None:
            changes["name"] = name
        if code is not None:
            changes["code"] = code
        if package is not None:
            changes["package_id"] = number(package)
        if status is not None:
            changes["status"] = STATUS[status]
            attributes["status"] = status
        if "country" in attributes and int(attributes["country"]) in COUNTRY_BY_ID:
            changes["country"] = COUNTRY_BY_ID[int(attributes["country"])]
        ctx.world.tenancy.update_tenant(tenant.id, attributes=attributes, **changes)
        return {"success": f"Tenant ID: {tenant.id}", "id": str(tenant.id)}

    @table.action("pbxware.tenant.delete")
    def tenant_delete(ctx: ActionContext) -> object:
        master_only(ctx)
        tenant = _target(ctx)
        # PBXware 8.1 answers success but keeps the tenant, as tenant.list shows afterwards [OBS
        # swarmdialer]; Bicom's collection relies on it (apps.templates use the tenant next).
        return {"success": f"Deleted Tenant ID {tenant.id} successfully."}


def _target(ctx: ActionContext) -> Tenant:
    tenant_id = require_id(ctx)
    try:
        return ctx.world.tenancy.get_tenant(tenant_id)
    except TenantNotFound:
        raise PbxwareError("Invalid tenant ID.") from None
