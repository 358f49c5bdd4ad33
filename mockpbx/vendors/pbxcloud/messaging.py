"""FAX (send, list, download) and SMS: what a tenant sends out, as MiRTA prints it."""

from __future__ import annotations

import re

from ...core import errors as core
from ...core.entities import DeliveryStatus, Fax, Tenant
from ...core.messaging import PDF_MAGIC
from .answers import Answer, Table
from .calls import local_number
from .context import Context, Need
from .errors import Nothing
from .params import Params, parse_instant
from .reply import Reply
from .rows import Row, when

FAX_QUEUED = "Success|Fax successfully queued|{id}|"
SMS_QUEUED = "Success|SMS successfully queued|{id}|"
PDF = "application/pdf"
# One SMS carries 160 GSM characters; MiRTA's gateways concatenate up to ten.
MAX_SMS_TEXT = 1600
_NUMBER = re.compile(r"^\+?[0-9]{3,20}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[A-Za-z]{2,}$")
_QUALITIES = ("", "204X98", "204X196", "204X392")
_PAGE_SIZES = ("", "A4", "LETTER", "LEGAL")
_ROTATIONS = {"": "", "E": "E", "W": "W", "NO": "no"}
_SWITCH = {"": False, "ON": True, "YES": True, "1": True, "OFF": False, "NO": False, "0": False}
_STATUS = {DeliveryStatus.QUEUED: "QUEUED", DeliveryStatus.SENDING: "SENDING", DeliveryStatus.SENT: "SENT",
           DeliveryStatus.FAILED: "FAILED"}
FAX_COLUMNS = ("fx_id", "fx_te_id", "fx_date", "fx_source", "fx_destination", "fx_pages", "fx_status",
               "fx_senddate", "fx_donedate", "fx_error", "fx_filename", "fx_quality", "fx_pagesize", "fx_rotate",
               "fx_deleteaftersend", "fx_statusemail", "fx_document")


def fax_need(params: Params) -> Need:
    return Need.WRITE if params.enum("action") == "SEND" else Need.READ


def _phone(params: Params, *names: str) -> str:
    value = next((params.get(n).strip() for n in names if params.has(n)), "")
    if not _NUMBER.match(value):
        raise Nothing()
    return value


def _choice(params: Params, name: str, options: tuple[str, ...]) -> str:
    value = params.enum(name)
    if value not in options:
        raise Nothing()
    return value.lower()


def _file_name(name: str) -> str:
    """The upload's name as listed: no path, no control characters, no column separator."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable() and ch not in "|,")[:255]


def fax_row(fax: Fax) -> Row:
    return dict(zip(FAX_COLUMNS, (
        str(fax.id), str(fax.tenant_id), when(fax.submitted_at), fax.source, fax.destination, str(fax.pages),
        _STATUS[fax.status], when(fax.send_at), when(fax.done_at), fax.failure, fax.filename, fax.quality,
        fax.page_size, fax.rotate, "on" if fax.delete_after_send else "", fax.status_email,
        "yes" if fax.document is not None else "",
    ), strict=True))


def fax(ctx: Context) -> Answer:
    tenant = ctx.the_tenant()
    action = ctx.params.enum("action")
    if action == "SEND":
        return _send_fax(ctx, tenant)
    if action == "LIST":
        return _list_faxes(ctx, tenant)
    if action == "DOWNLOAD":
        found = _fax(ctx, tenant)
        if found.document is None:
            raise Nothing()
        return Reply(found.document, PDF)
    raise Nothing()


def _fax(ctx: Context, tenant: Tenant) -> Fax:
    try:
        found = ctx.world.messaging.get_fax(ctx.params.number("id"))
    except core.FaxNotFound:
        raise Nothing() from None
    if found.tenant_id != tenant.id:
        raise Nothing()
    return found


def _send_fax(ctx: Context, tenant: Tenant) -> Reply:
    params = ctx.params
    source = _phone(params, "source_number")
    destination = _phone(params, "dest_number", "number")
    upload = params.upload("filename")
    if not upload.data.startswith(PDF_MAGIC):
        raise Nothing()
    send_at = None
    if params.has("schedule"):
        send_at = parse_instant(params.get("schedule"))
        if send_at is None:
            raise Nothing()
    email = params.get("statusemail").strip()
    if email and not _EMAIL.match(email):
        raise Nothing()
    rotate = _ROTATIONS.get(params.enum("rotate"))
    delete_after_send = _SWITCH.get(params.enum("deleteaftersend"))
    if rotate is None or delete_after_send is None:
        raise Nothing()
    quality, page_size = _choice(params, "quality", _QUALITIES), _choice(params, "pagesize", _PAGE_SIZES)
    sent = ctx.world.messaging.send_fax(tenant.id, source, destination, upload.data,
                                        filename=_file_name(upload.filename),
                                        send_at=send_at, quality=quality, page_size=page_size, rotate=rotate,
                                        delete_after_send=delete_after_send, status_email=email)
    return Reply.text(FAX_QUEUED.format(id=sent.id))


def _list_faxes(ctx: Context, tenant: Tenant) -> Table:
    """The fax table: pipe, csv, json records (``[]`` for none), no xml."""
    return Table(FAX_COLUMNS, [list(fax_row(f).values()) for f in ctx.world.messaging.list_faxes(tenant.id)])


def sms(ctx: Context) -> Reply:
    """Source and account resolve as DIAL's do (``ACCOUNT``/``SOURCE``, ``402`` or ``402-DEMO``)."""
    tenant = ctx.the_tenant()
    params = ctx.params
    source = params.get("source") or params.get("exten")
    account = params.get("account").strip()
    if source.upper() == "ACCOUNT":
        source = account
    source = local_number(source.strip(), tenant)
    if not _NUMBER.match(source):
        raise Nothing()
    if account.upper() == "SOURCE" or not account:
        account = f"{source}-{tenant.code}"
    destination = _phone(params, "dest")
    text = params.get("message")
    if not text or len(text) > MAX_SMS_TEXT or "\x00" in text:
        raise Nothing()
    message = ctx.world.messaging.send_sms(tenant.id, source, destination, text, account=account[:80],
                                           caller_id=params.get("destclid")[:80])
    return Reply.text(SMS_QUEUED.format(id=message.message_id))
