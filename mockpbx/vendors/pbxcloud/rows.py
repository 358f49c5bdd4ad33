"""Domain entities as MiRTA's database rows: its column names, its strings, its codes.

MySQL hands PHP every column as a string (NULL as null), so every value here is one.
The real tables are wider (an extension row has 148 ``ex_*`` columns); these carry the
columns the mock has data for, in the real ones' order where it is known.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache

from ...core.entities import (
    Call,
    CallState,
    Cdr,
    CustomDestination,
    CustomDestinationType,
    Did,
    Direction,
    Disposition,
    Extension,
    Feature,
    MediaFile,
    PhonebookEntry,
    Queue,
    Tenant,
    TenantStatus,
    VoicemailBox,
    VoicemailMessage,
)

Row = dict[str, str | None]

DIRECTIONS = {Direction.INBOUND: "IN", Direction.OUTBOUND: "OUT", Direction.INTERNAL: "LOCAL"}
DISPOSITIONS = {
    Disposition.ANSWERED: "ANSWERED",
    Disposition.NO_ANSWER: "NO ANSWER",
    Disposition.BUSY: "BUSY",
    Disposition.FAILED: "FAILED",
}
_NODE_PREFIX = re.compile(r"^.*-(?=[0-9]+\.[0-9]+$)")


def when(epoch: float | None) -> str | None:
    """Server-local time as MySQL prints a DATETIME; the mock's server runs on UTC."""
    if epoch is None:
        return None
    # Every CDR row prints two of these: the date part is remembered per day, the clock part is
    # arithmetic, where gmtime + strftime per call was a large share of a CDR page.
    days, seconds = divmod(int(epoch), 86_400)
    hours, seconds = divmod(seconds, 3_600)
    minutes, seconds = divmod(seconds, 60)
    return f"{_day(days)} {hours:02d}:{minutes:02d}:{seconds:02d}"


@lru_cache(maxsize=4_096)
def _day(days: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(days * 86_400))


def uniqueid(value: str) -> str:
    """The mock is a single-node system, so uniqueids carry no ``<node>-`` prefix."""
    return value


def lookup_id(value: str) -> str:
    """Accept ``pbx4fl-1767603600.12`` as well as ``1767603600.12``: strip any node name."""
    return _NODE_PREFIX.sub("", value.strip())


def yes(flag: bool, word: str = "yes") -> str:
    return word if flag else ""


def username(extension: Extension, tenant: Tenant) -> str:
    return f"{extension.number}-{tenant.code}"


# MiRTA's extension table, in its column order (as observed joined into a queue-log row).
EXTENSION_COLUMNS = (
    "ex_id", "ex_te_id", "ex_name", "ex_tech", "ex_number", "ex_trunk", "ex_tech_id", "ex_cidnum", "ex_cidname",
    "ex_cidusage", "ex_blockcid", "ex_prefix", "ex_mindigitprefix", "ex_maxdigitprefix", "ex_fmfmstatus",
    "ex_fmfmnumber", "ex_fmfmdialtimeout", "ex_fmfmdialmethod", "ex_fmfmcallerid", "ex_fmfmnumprefix",
    "ex_fmfmnameprefix", "ex_recording", "ex_dialtimeout", "ex_callgroup", "ex_pickupgroup",
    "ex_unconditionalstatus", "ex_onbusystatus", "ex_onofflinestatus", "ex_onnoanswerstatus", "ex_callallowed",
    "ex_destallowregex", "ex_rp_id", "ex_dnd", "ex_emergencycidnum", "ex_webpassword", "ex_token",
    "ex_token_validity", "ex_up_id", "ex_userpanel", "ex_datecreation", "ex_emailrecording", "ex_fmfmconfirm",
    "ex_fmfmconfirmmessage_id", "ex_minemailrecording", "ex_branch", "ex_department", "ex_autocallerid",
    "ex_trunkcidoverride", "ex_trunkemergencycidoverride", "ex_cr_id", "ex_trunkcidsource", "ex_description",
    "ex_fmfmholdmessage_id", "ex_notifymissingemail", "ex_webuseldap", "ex_webuser", "ex_txvolume", "ex_rxvolume",
    "ex_mu_id", "ex_faxgateway", "ex_faxalert", "ex_trunkdid", "ex_fmfmdelay", "ex_includeindbn",
    "ex_abusedetection", "ex_referenceid", "ex_notes", "ex_callwaiting", "ex_costlimits", "ex_dailycostlimit",
    "ex_dailycostlimitdom", "ex_dailycostlimitint", "ex_routecostlimit", "ex_dailycostwarning",
    "ex_dailycostwarningdom", "ex_dailycostwarningint", "ex_lastcostalert", "ex_cl_id", "ex_alertemail",
    "ex_includeinpb", "ex_onconditionstatus", "ex_oncondition_id", "ex_autoanswer", "ex_autocidname",
    "ex_regexprefix", "ex_fromfilterregex", "ex_ignoreemptyemergcallerid", "ex_overridesippermit",
    "ex_webrtcsupport", "ex_blockanonymous", "ex_dn_me_id", "ex_spygroups", "ex_email", "ex_inboundblockcid",
    "ex_inboundblockcidname", "ex_applyalwaysrpid", "ex_mailbox", "ex_outboundtimeout", "ex_smscidnum",
    "ex_useragentsecurity", "ex_useragentallowed", "ex_sms_rp_id", "ex_callallowedreason", "ex_permit",
    "ex_permit_fqdn", "ex_calleridregexsamesms", "ex_ignoreinternalmissed", "ex_webphone", "ex_prefixdefault",
    "ex_regexprefixdefault", "ex_alertwhenoffline", "ex_lastofflinealert", "ex_emergencynotes", "ex_parkinglot",
    "ex_monthlycostlimit", "ex_monthlycostlimitdom", "ex_monthlycostlimitint", "ex_monthlycostwarning",
    "ex_monthlycostwarningdom", "ex_monthlycostwarningint", "ex_workinghours", "ex_enableworkinghours",
    "ex_useextcallerid", "ex_pushnotification", "ex_ignorequeuemissed", "ex_fmfmonconditionid", "ex_transcript",
    "ex_outboundrecordingmessage", "ex_sw_id", "ex_overridecidnum", "ex_overridecidname", "ex_privacyrecording",
    "ex_userapp", "ex_ipfilter", "ex_useipfilter", "ex_switchboard", "ex_aisummary", "ex_aisentiment", "ex_2fatype",
    "ex_2fa_param1", "ex_2fa_param2", "ex_2fa_param3", "ex_lastchange", "ex_neverexpire", "ex_passwordlocked",
    "ex_lockpin", "ex_pinlocked",
)


def extension_row(extension: Extension) -> Row:
    """All 147 ``ex_*`` columns; those the mock has no data for are NULL."""
    attrs = extension.attributes
    dnd = extension.services.get("dnd")
    known: Row = {
        "ex_id": str(extension.id),
        "ex_te_id": str(extension.tenant_id),
        "ex_name": extension.name,
        "ex_tech": extension.tech.value,
        "ex_number": extension.number,
        "ex_cidnum": extension.number,
        "ex_cidname": extension.name,
        "ex_recording": yes(extension.record_calls),
        "ex_callgroup": attrs.get("callgroup", ""),
        "ex_pickupgroup": attrs.get("pickupgroup", ""),
        "ex_callallowed": attrs.get("callallowed", "all"),
        "ex_dnd": yes(dnd is not None and dnd.enabled, "on"),
        "ex_datecreation": when(extension.created_at),
        "ex_email": extension.email,
        "ex_mailbox": extension.number if extension.voicemail else "",
        "ex_pinlocked": "",
    }
    return {column: known.get(column) for column in EXTENSION_COLUMNS}


def tenant_row(tenant: Tenant) -> Row:
    return {
        "te_id": str(tenant.id),
        "te_code": tenant.code,
        "te_name": tenant.name,
        "te_country": tenant.country,
        "te_extlength": str(tenant.ext_length),
        "te_disabled": yes(tenant.status is TenantStatus.SUSPENDED, "on"),
    }


def did_row(did: Did) -> Row:
    return {
        "di_id": str(did.id),
        "di_te_id": None if did.tenant_id is None else str(did.tenant_id),
        "di_number": did.number,
        "di_comment": did.comment,
        "di_recording": yes(did.record_calls),
        "di_fax": "no",
        "di_maxchannels": did.attributes.get("maxchannels", "0"),
        "di_disabled": yes(not did.enabled, "on"),
    }


def custom_row(custom: CustomDestination) -> Row:
    return {
        "cu_id": str(custom.id),
        "cu_te_id": str(custom.tenant_id),
        "cu_name": custom.name,
        "cu_ct_id": str(custom.type_id),
        "cu_param1": custom.params[0],
        "cu_param2": custom.params[1],
        "cu_param3": custom.params[2],
    }


def custom_type_row(custom_type: CustomDestinationType) -> Row:
    return {"ct_id": str(custom_type.id), "ct_name": custom_type.name, "ct_description": custom_type.description}


def queue_row(queue: Queue) -> Row:
    return {
        "qu_id": str(queue.id),
        "qu_te_id": str(queue.tenant_id),
        "qu_number": queue.number,
        "qu_name": queue.name,
        "qu_strategy": queue.strategy.upper(),
        "qu_timeout": str(queue.timeout),
    }


def voicemail_box_row(box: VoicemailBox) -> Row:
    return {
        "vm_id": str(box.id),
        "vm_te_id": str(box.tenant_id),
        "vm_mailbox": box.mailbox,
        "vm_password": box.password,
        "vm_fullname": box.fullname,
        "vm_email": box.email,
    }


def voicemail_message_row(message: VoicemailMessage, tenant: Tenant) -> Row:
    """The fields of Asterisk's msgNNNN.txt that MiRTA clients read."""
    return {
        "Msgid": message.msgid,
        "CallerID": message.caller_id,
        "Duration": str(message.seconds),
        "DateTime": when(message.created_at),
        "Dir": f"/var/spool/asterisk/voicemail/{tenant.code}/{message.mailbox}/{message.folder.value}",
    }


def media_row(media: MediaFile) -> Row:
    return {
        "me_id": str(media.id),
        "me_te_id": str(media.tenant_id),
        "me_name": media.name,
        "me_seconds": str(media.seconds),
    }


def feature_row(prefix: str, feature: Feature) -> Row:
    return {
        f"{prefix}_id": str(feature.id),
        f"{prefix}_te_id": str(feature.tenant_id),
        f"{prefix}_number": feature.number,
        f"{prefix}_name": feature.name,
        f"{prefix}_disabled": yes(not feature.enabled, "on"),
    }


def phonebook_row(entry: PhonebookEntry) -> Row:
    return {"pe_id": str(entry.id), "pe_phonebook": entry.phonebook, **entry.fields}


def channel_name(call: Call, account: str) -> str:
    return f"PJSIP/{account}-{call.id:08x}"


def call_state(call: Call) -> str:
    return {CallState.QUEUED: "Down", CallState.RINGING: "Ringing", CallState.ANSWERED: "Up"}.get(call.state, "Down")


# CLIENT: MiRTA tags the CDR userfield with the call's direction; an internal call has no tag.
USERFIELD_TAGS = {Direction.INBOUND: "[inbound]", Direction.OUTBOUND: "[outbound]", Direction.INTERNAL: ""}


def cdr_userfield(cdr: Cdr) -> str:
    """The userfield as MiRTA stores it: the direction tag, then what CDR UPDATE gave it."""
    return USERFIELD_TAGS[cdr.direction] + cdr.userfield


def cdr_disposition(cdr: Cdr) -> str:
    return DISPOSITIONS[cdr.disposition]
