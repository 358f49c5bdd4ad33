"""Domain entities as MiRTA's database rows: its column names, its strings, its codes.

MySQL hands PHP every column as a string (NULL as null), so every value here is one.
The real tables are wider (an extension row has 148 ``ex_*`` columns); these carry the
columns the mock has data for, in the real ones' order where it is known.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

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
    ExtensionStatus,
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
    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d %H:%M:%S")


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


def extension_row(extension: Extension) -> Row:
    attrs = extension.attributes
    dnd = extension.services.get("dnd")
    return {
        "ex_id": str(extension.id),
        "ex_te_id": str(extension.tenant_id),
        "ex_name": extension.name,
        "ex_tech": extension.tech.value,
        "ex_number": extension.number,
        "ex_email": extension.email,
        "ex_voicemail": yes(extension.voicemail, "on"),
        "ex_vmpassword": extension.pin,
        "ex_recording": yes(extension.record_calls),
        "ex_dnd": yes(dnd is not None and dnd.enabled, "on"),
        "ex_pickupgroup": attrs.get("pickupgroup", ""),
        "ex_callgroup": attrs.get("callgroup", ""),
        "ex_callallowed": attrs.get("callallowed", "all"),
        "ex_maxcalls": str(extension.outgoing_limit),
        "ex_disabled": yes(extension.status is not ExtensionStatus.ACTIVE, "on"),
        "ex_pinlocked": "",
    }


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


def cdr_disposition(cdr: Cdr) -> str:
    return DISPOSITIONS[cdr.disposition]
