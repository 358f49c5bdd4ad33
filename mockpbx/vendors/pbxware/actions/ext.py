"""``pbxware.ext.*`` (not ``ext.es.*`` or billing): extensions on the core's directory.

Options the domain does not model are kept in ``Extension.attributes`` under PBXware's
parameter names, so ``ext.edit`` followed by ``ext.configuration`` agrees.
"""

from __future__ import annotations

from ....core.entities import Extension, ExtensionStatus, Tech, Tenant
from ....core.errors import ExtensionNotFound
from ....core.world import World
from ._extension import target_extensions
from .common import EMAIL, PRINTABLE, collect, invalid, keyed, matches, require_match
from .registry import ActionContext, ActionTable, PbxwareError

PROTOCOLS = {"sip": Tech.SIP, "iax": Tech.IAX}
PROTOCOL_NAMES = {Tech.SIP: "sip", Tech.PJSIP: "sip", Tech.IAX: "iax"}
STATUSES = {"1": ExtensionStatus.ACTIVE, "0": ExtensionStatus.DISABLED, "2": ExtensionStatus.SUSPENDED}
STATUS_NAMES = {ExtensionStatus.ACTIVE: "enabled", ExtensionStatus.DISABLED: "disabled",
                ExtensionStatus.SUSPENDED: "suspended"}
LOCATIONS = {"1": "local", "2": "remote"}
# User agent devices by id; 50 is PBXware's Generic SIP. [INF beyond 50]
USER_AGENTS = {"50": ("generic_sip", "Generic SIP"), "51": ("generic_iax", "Generic IAX"),
               "60": ("yealink_t4x", "Yealink T4x"), "70": ("polycom_vvx", "Polycom VVX")}
SECRET = r"^[a-zA-Z0-9%\$\*!@\_\-]+$"
IPV4 = r"^\d{1,3}.\d{1,3}.\d{1,3}.\d{1,3}$"
YES_NO = r"^(1|0)$"
YES_NO_NOTSET = r"^(1|0|2)$"
TRUNK = PRINTABLE
# Documented optional parameters and their regexes ("" = no documented rule).
OPTIONS: dict[str, str] = {
    "password": SECRET, "title": r"^.{1,60}$", "uad_sipheaders": "", "label": r"^.{1,60}$",
    "user_location": r"^.{1,60}$", "user_language": r"^.{1,60}$", "department": r"^[\d,]+$",
    "dtmfmode": r"^(auto|inband|rfc2833|info)$", "authname": r"^\w+$", "auth": r"^(\S+)(:\S+)?@\S+$",
    "sso_enabled": YES_NO, "billing": YES_NO, "call_rating": YES_NO, "creditlimit": r"^\d{1,12}$",
    "reminderbalance": r"^\d{1,5}$", "service_plan": r"^\d+$", "nat": YES_NO_NOTSET, "canreinvite": YES_NO,
    "qualify": r"^\d{1,4}$", "ringtime": r"^\d{0,2}$", "incoming_dialoptions": r"^[0tTr]+$",
    "outgoing_dialoptions": r"^[tTr]+$", "autoprovisiong": YES_NO, "dhcp": YES_NO, "staticip": IPV4,
    "netmask": IPV4, "gateway": IPV4, "dns1": IPV4, "dns2": IPV4, "macaddress": r"^[0-9a-fA-F]{12}$",
    "voicemail_timezone": r"^[\w\s]+$", "vm_greeting_message": r"^(0|1|2)$", "setcallerid": YES_NO,
    "acodecs": r"^[\w.]+(:[\w.]+)*$", "page": r"^(|2|4|5|6)$", "page_custom": r"^[\w\s]+$",
    "recordcalls": YES_NO, "recordsilent": YES_NO, "vmailsend": YES_NO, "vmailattach": YES_NO,
    "vmaildelete": YES_NO, "acc_slave": YES_NO, "slave_accountcode": r"^\d{3}$", "send_email": YES_NO,
    "service_plan_date": r"^\d{2}-\d{2}-\d{4}$", "limitenable": YES_NO, "limittype": r"^(Daily|Monthly)$",
    "softlimit": r"^\d{1,5}$", "hardlimit": r"^\d{1,5}$", "notification_email": EMAIL,
    "cf_billing_disable": YES_NO_NOTSET, "cf_call_rating_disable": YES_NO_NOTSET, "webrtc": YES_NO_NOTSET,
    "defaultip": IPV4, "max_contacts": r"^\d{1,2}$", "encryption": r"^(yes|offer)$",
    "directrtpsetup": YES_NO_NOTSET, "callingpres": (
        r"^(allowed_not_screened|allowed_passed_screen|allowed_failed_screen|allowed|prohib_not_screened"
        r"|prohib_passed_screen|prohib_failed_screen|prohib|unavailable)$"),
    "cid_anon": YES_NO_NOTSET, "ringtoneforlocalcalls": r"^[a-zA-Z0-9._-]+$",
    "ringtonefortransferredcalls": r"^[a-zA-Z0-9._-]+$", "cidmatchdid": YES_NO_NOTSET,
    "dropanonymous": YES_NO_NOTSET, "trustrpid": YES_NO_NOTSET, "sendrpid": r"^(rpid|pai)$",
    "trust_id_outbound": YES_NO_NOTSET, "rpid_connectedline": YES_NO_NOTSET, "rpid_update": YES_NO_NOTSET,
    "pai_header": r"^\w{1,64}$", "callgroup": r"^([0-9]|[1-5][0-9]|6[0-3])(,([0-9]|[1-5][0-9]|6[0-3]))*$",
    "pickupgroup": r"^([0-9]|[1-5][0-9]|6[0-3])(,([0-9]|[1-5][0-9]|6[0-3]))*$", "primary_trunk": TRUNK,
    "secondary_trunk": TRUNK, "tertiary_trunk": TRUNK, "primary_emerg_trunk": TRUNK,
    "secondary_emerg_trunk": TRUNK, "tertiary_emerg_trunk": TRUNK, "override_lcr": YES_NO_NOTSET,
    "busylevel": r"^\d{1,2}$", "limit_notify_play_sound": YES_NO_NOTSET, "limit_notify_send_email": YES_NO_NOTSET,
    "busyvoicemail": YES_NO_NOTSET, "mailboxes": r"^[0-9,]+$", "vmailpager": EMAIL,
    "vmailskipinst": YES_NO_NOTSET, "vmailskippin": YES_NO_NOTSET, "vmailsaycid": YES_NO_NOTSET,
    "vmailreview": YES_NO_NOTSET, "vmailoperator": YES_NO_NOTSET, "vmailenvelope": YES_NO_NOTSET,
    "vmailhidefromdir": YES_NO_NOTSET, "videosupport": YES_NO_NOTSET, "autoframing": YES_NO_NOTSET,
    "vmaildelay": r"^[0-9]+$", "vmailopext": r"^[0-9]+$", "vmailnrings": r"^\d{1,3}$", "force_codec": "",
    "hd_logout_time": r"^\d$", "record_beep_ext": r"^\d{1,3}$", "pbd_pin": r"^\d{1,5}$", "areacode": r"^\d{1,3}$",
    "busylevel_incoming": YES_NO_NOTSET, "jbimpl": r"^(inherit|disabled|fixed|adaptive)$",
    "jbmaxsize": r"^\d{1,4}$", "jbresyncthreshold": r"^\d{1,5}$", "jbtargetextra": r"^\d{1,4}$",
    "show_in_dir": YES_NO, "show_in_app": YES_NO, "app_default_client_phone": r"^(|softphone|deskphone)$",
    "additional_config": "", "ua_autoprov": "", "rating_info_osc": YES_NO, "disable_fax_for_app": YES_NO_NOTSET,
    "disable_my_dialer_for_app": YES_NO_NOTSET,
}
# The core fields, with the wire rules that apply on add (required, in this order) and edit.
CORE: dict[str, str] = {
    "name": PRINTABLE, "email": EMAIL, "ext": "", "location": r"^(1|2)$", "ua": r"^\d+$", "secret": SECRET,
    "pin": r"^\d{4,4}$", "prot": r"^(sip|iax)$", "status": r"^(1|0|2)$", "incominglimit": r"^\d{1,4}$",
    "outgoinglimit": r"^\d{1,4}$", "voicemail": YES_NO,
}
# DOC: Bicom's collection does not mark ``ext`` "(Required)" on add; CLIENT: production clients
# leave it out and read the number PBXware chose from the answer.
OPTIONAL_ON_ADD = frozenset({"ext"})
EDITIONS = ("office", "business", "web", "mobile")
MODULES = ("call popup", "skype", "crm")


def ext_regex(tenant: Tenant) -> str:
    return rf"^\d{{{tenant.ext_length}}}$"


def strong_secret(secret: str) -> bool:
    """PBXware's unwritten rule (OBS): 8+ characters with upper, lower, digit and one of %*!_-."""
    return (len(secret) >= 8 and any(c.isupper() for c in secret) and any(c.islower() for c in secret)
            and any(c.isdigit() for c in secret) and any(c in "%*!_-" for c in secret))


def _core_fields(ctx: ActionContext, tenant: Tenant, *, required: bool) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, regex in CORE.items():
        rule = ext_regex(tenant) if name == "ext" else regex
        if required and name not in OPTIONAL_ON_ADD:
            found[name] = require_match(ctx, name, rule)
        else:
            found.update(collect(ctx, {name: rule}))
    secret = found.get("secret")
    if secret is not None and not strong_secret(secret):
        raise PbxwareError("Secret must be at least 8 characters long and contain at least one uppercase letter, "
                           "one lowercase letter, one number and one of the following characters: %*!_-")
    return found


def _changes(fields: dict[str, str]) -> dict[str, object]:
    """Wire fields to the core's extension fields."""
    moves: dict[str, object] = {}
    simple = {"name": "name", "email": "email", "ext": "number", "secret": "secret", "pin": "pin"}
    for wire, core in simple.items():
        if wire in fields:
            moves[core] = fields[wire]
    if "prot" in fields:
        moves["tech"] = PROTOCOLS[fields["prot"]]
    if "status" in fields:
        moves["status"] = STATUSES[fields["status"]]
    if "incominglimit" in fields:
        moves["incoming_limit"] = int(fields["incominglimit"])
    if "outgoinglimit" in fields:
        moves["outgoing_limit"] = int(fields["outgoinglimit"])
    if "voicemail" in fields:
        moves["voicemail"] = fields["voicemail"] == "1"
    if "recordcalls" in fields:
        moves["record_calls"] = fields["recordcalls"] == "1"
    return moves


def targets(ctx: ActionContext, *, by_number: bool = True) -> tuple[Tenant, list[Extension]]:
    """The ``server`` tenant and the extensions the request names (see ``target_extensions``)."""
    return ctx.tenant(), target_extensions(ctx, by_number=by_number)


def user_agent(ext: Extension) -> tuple[str, str, str]:
    ua = ext.attributes.get("ua", "50")
    name, fullname = USER_AGENTS.get(ua, (f"ua_{ua}", f"User Agent {ua}"))
    return ua, name, fullname


def summary(ext: Extension) -> dict[str, str]:
    ua, ua_name, ua_fullname = user_agent(ext)
    return {"name": ext.name, "protocol": PROTOCOL_NAMES[ext.tech], "ext": ext.number,
            "location": LOCATIONS.get(ext.attributes.get("location", "1"), "local"), "ua_id": ua,
            "ua_name": ua_name, "ua_fullname": ua_fullname, "status": STATUS_NAMES[ext.status]}


def listing(ext: Extension) -> dict[str, str]:
    row = summary(ext)
    attrs = ext.attributes
    return {"name": row["name"], "email": ext.email, **{k: v for k, v in row.items() if k != "name"},
            "macaddress": attrs.get("macaddress", ""), "sn": attrs.get("sn", ""),
            "linenum": attrs.get("linenum", "1"), "user_location": attrs.get("user_location", ""),
            "department": attrs.get("department", "")}


def configuration(tenant: Tenant, ext: Extension) -> dict[str, object]:
    attrs = ext.attributes
    ua, ua_name, ua_fullname = user_agent(ext)
    username = f"{tenant.code}{ext.number}"
    options: dict[str, object] = {
        "type": "friend", "dtmfmode": attrs.get("dtmfmode", "rfc2833"), "context": f"t-{tenant.code}",
        "canreinvite": attrs.get("canreinvite", "0"), "qualify": attrs.get("qualify", "8000"), "host": "dynamic",
        "cid_enable": "yes", "callerid": f"{ext.name} <{ext.number}>", "voicemail": "1" if ext.voicemail else "0",
        "incominglimit": str(ext.incoming_limit), "outgoinglimit": str(ext.outgoing_limit), "username": username,
        "secret": ext.secret, "disallow": "all", "allow": attrs.get("acodecs", "ulaw:alaw").split(":"),
        "recordcalls": "1" if ext.record_calls else "0",
    }
    return {"name": ext.name, "email": ext.email, "pin": ext.pin, "protocol": PROTOCOL_NAMES[ext.tech],
            "ext": ext.number, "location": LOCATIONS.get(attrs.get("location", "1"), "local"),
            "user_language": attrs.get("user_language", "en"), "ua_id": ua, "ua_name": ua_name,
            "ua_fullname": ua_fullname, "status": STATUS_NAMES[ext.status], "smuser": username, "options": options}


def next_free_number(world: World, tenant: Tenant) -> str:
    """INF: the number after the tenant's highest extension, else the lowest free one, within the
    tenant's range (``ext_length`` digits, no leading zero); PBXware's own rule is unpublished."""
    first, last = 10 ** (tenant.ext_length - 1), 10 ** tenant.ext_length - 1
    used = {int(e.number) for e in world.directory.list_extensions(tenant.id) if len(e.number) == tenant.ext_length}
    after_highest = max(used, default=first - 1) + 1
    if after_highest <= last:
        return str(max(after_highest, first))
    for number in range(first, last + 1):
        if number not in used:
            return str(number)
    raise PbxwareError(f"There are no free extension numbers left ({first}-{last}).")


def _add(ctx: ActionContext) -> object:
    tenant = ctx.tenant()
    fields = _core_fields(ctx, tenant, required=True)
    options = collect(ctx, OPTIONS)
    attributes = {"location": fields["location"], "ua": fields["ua"], **options}
    moves = _changes({**fields, **options})
    chosen = moves.pop("number", None)
    # The request's one transaction (vendors/base.py) holds the world from here to the create, so a
    # number allocated here cannot be taken by a concurrent add before it is used.
    number = str(chosen) if chosen is not None else next_free_number(ctx.world, tenant)
    extension = ctx.world.directory.create_extension(tenant.id, number, attributes=attributes,
                                                     **moves)  # type: ignore[arg-type]
    return {"success": f"Extension ID: {extension.id}", "id": str(extension.id), "ext": int(extension.number)}


def _edit(ctx: ActionContext) -> object:
    _, extensions = targets(ctx, by_number=False)
    tenant = ctx.world.tenancy.get_tenant(extensions[0].tenant_id)
    fields = _core_fields(ctx, tenant, required=False)
    options = collect(ctx, OPTIONS)
    number = fields.get("ext")
    if number is not None:
        # Check before writing, so a refused edit of several extensions changes none of them.
        if len(extensions) > 1:
            raise PbxwareError(f"Extension number {number} is already reserved.")
        try:
            holder = ctx.world.directory.extension_by_number(tenant.id, str(number))
        except ExtensionNotFound:
            holder = None
        if holder is not None and holder.id != extensions[0].id:
            raise PbxwareError(f"Extension number {number} is already reserved.")
    moves = _changes({**fields, **options})
    wire = {k: v for k, v in fields.items() if k in ("location", "ua")}
    for extension in extensions:
        attributes = {**extension.attributes, **wire, **options}
        ctx.world.directory.update_extension(extension.id, attributes=attributes, **moves)
    first = ctx.world.directory.get_extension(extensions[0].id)
    return {"success": f"Extension ID: {first.id}", "id": str(first.id), "ext": int(first.number)}


def register(table: ActionTable) -> None:
    table.action("pbxware.ext.add")(_add)
    table.action("pbxware.ext.edit")(_edit)

    @table.action("pbxware.ext.list")
    def ext_list(ctx: ActionContext) -> object:
        tenant = ctx.tenant()
        return keyed({e.id: listing(e) for e in ctx.world.directory.list_extensions(tenant.id)})

    @table.action("pbxware.ext.configuration")
    def ext_configuration(ctx: ActionContext) -> object:
        _, extensions = targets(ctx)
        return keyed({e.id: configuration(ctx.world.tenancy.get_tenant(e.tenant_id), e) for e in extensions})

    @table.action("pbxware.ext.delete")
    def ext_delete(ctx: ActionContext) -> object:
        tenant, extensions = targets(ctx)
        # Only the server tenant's own extensions go; another tenant's are found but kept (see _deletes).
        owned = [e for e in extensions if e.tenant_id == tenant.id]
        routed = {(d.tenant_id, d.destination.target): d.number for d in ctx.world.numbering.list_dids()
                  if d.destination is not None and d.destination.kind == "extension"}
        for extension in owned:
            # Checked for all before deleting any, so a refused delete changes nothing. [INF]
            if (extension.tenant_id, extension.number) in routed:
                raise PbxwareError(f"Extension {extension.number} is the destination of DID "
                                   f"{routed[(extension.tenant_id, extension.number)]}.")
        for extension in owned:
            ctx.world.directory.delete_extension(extension.id)
        ids = ",".join(str(e.id) for e in extensions)
        return {"success": f"Deleted Extension ID {ids} successfully."}

    @table.action("pbxware.ext.voicemail.delete")
    def ext_voicemail_delete(ctx: ActionContext) -> object:
        _, extensions = targets(ctx)
        deleted = 0
        for extension in extensions:
            for message in ctx.world.media.list_voicemail(extension.tenant_id, extension.number):
                ctx.world.media.delete_voicemail(extension.tenant_id, message.msgid)
                deleted += 1
        return {"success": f"Deleted {deleted} voicemail message(s) successfully."}

    @table.action("pbxware.ext.slaves")
    def ext_slaves(ctx: ActionContext) -> object:
        _, masters = targets(ctx)
        numbers = {(m.tenant_id, m.number) for m in masters}
        slaves = [e for e in ctx.world.directory.list_extensions()
                  if e.attributes.get("acc_slave") == "1"
                  and (e.tenant_id, e.attributes.get("slave_accountcode")) in numbers]
        return keyed({e.id: summary(e) for e in slaves})

    @table.action("pbxware.ext.additional_macs")
    def ext_additional_macs(ctx: ActionContext) -> object:
        _, extensions = targets(ctx)
        lists = {name: ctx.params.get(name, "") for name in ("values", "devices", "locations", "device_addresses")}
        sizes = {len(v.split(",")) for v in lists.values() if v}
        if len(sizes) > 1:
            raise PbxwareError("Fields values, devices, locations and device_addresses must match in size")
        for value in (v for v in lists["values"].split(",") if v):
            if not matches(r"[0-9a-fA-F]{12}", value):
                raise invalid("values", lists["values"], r"^[0-9a-fA-F]{12}$")
        _store_prefixed(ctx, extensions, "additional_macs", lists)
        return {"success": "Additional MAC addresses updated successfully.", "id": str(extensions[0].id)}

    @table.action("pbxware.ext.editions_modules.set")
    def ext_editions_modules_set(ctx: ActionContext) -> object:
        _, extensions = targets(ctx)
        names = r"^[\w ]+(,[\w ]+)*$"
        given = collect(ctx, {"editions": names, "modules": names, "use_department_templates": YES_NO})
        if "editions" in given and not set(given["editions"].split(",")) <= {"all", *EDITIONS}:
            raise invalid("editions", given["editions"], r"^(all|office|business|web|mobile)(,...)*$")
        if "modules" in given and not set(given["modules"].split(",")) <= {"all", *MODULES}:
            raise invalid("modules", given["modules"], r"^(all|call popup|skype|crm)(,...)*$")
        _store_prefixed(ctx, extensions, "apps", given)
        return {"success": "Editions and modules updated successfully.", "id": str(extensions[0].id)}

    @table.action("pbxware.ext.editions_modules.configuration")
    def ext_editions_modules_configuration(ctx: ActionContext) -> object:
        _, extensions = targets(ctx)
        attrs = extensions[0].attributes
        editions = attrs.get("apps.editions", "").split(",")
        modules = attrs.get("apps.modules", "").split(",")
        return {
            "id": str(extensions[0].id),
            "use_department_templates": attrs.get("apps.use_department_templates", "0"),
            "editions": {"all": int("all" in editions), **{e: int(e in editions or "all" in editions)
                                                            for e in EDITIONS}},
            "modules": {"all": int("all" in modules), **{m: int(m in modules or "all" in modules)
                                                          for m in MODULES}},
        }


def _store_prefixed(ctx: ActionContext, extensions: list[Extension], prefix: str, values: dict[str, str]) -> None:
    """Keep ``values`` on every targeted extension as ``<prefix>.<name>`` attributes."""
    for extension in extensions:
        attributes = {**extension.attributes, **{f"{prefix}.{name}": value for name, value in values.items()}}
        ctx.world.directory.update_extension(extension.id, attributes=attributes)
