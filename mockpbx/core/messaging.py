"""Faxes and text messages a tenant sends out, delivered on the world's clock.

A fax waits until its scheduled time, is sent at ``FAX_SECONDS_PER_PAGE`` a page, and ends
sent or failed; a text message is handed to the carrier ``SMS_DELIVERY_SECONDS`` later. A
destination ending in one of telephony's failing magic numbers (busy, no answer, failed)
fails, the same as a call to it would.
"""

from __future__ import annotations

import dataclasses
import re

from . import errors
from .base import Aggregate, WorldBase, of_tenant, verb
from .entities import DeliveryStatus, Disposition, Fax, SmsMessage, TenantStatus
from .telephony import magic_for

PDF_MAGIC = b"%PDF-"
FAX_DIAL_SECONDS = 5
FAX_SECONDS_PER_PAGE = 30
SMS_DELIVERY_SECONDS = 1
# A page object, not the /Pages tree that holds them.
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(document: bytes) -> int:
    """How many pages a PDF declares; at least one, as a fax machine would send a blank."""
    return max(1, len(_PDF_PAGE.findall(document)))


def _failure(destination: str) -> str:
    """Why delivery to this number fails ('' when it goes through): telephony's magic numbers."""
    magic = magic_for(destination)
    if magic is None or magic.outcome is Disposition.ANSWERED:
        return ""
    return magic.outcome.value


def _number(value: str, field: str) -> str:
    if not (value.isascii() and value.lstrip("+").isdigit() and 3 <= len(value.lstrip("+")) <= 20):
        raise errors.InvalidArgument(f"{field} must be a phone number", field=field)
    return value


class Messaging(Aggregate):
    """Faxes and text messages. Owns ``WorldState.faxes`` and ``sms_messages``."""


    def __init__(self, world: WorldBase) -> None:
        super().__init__(world)
        world.on_event("fax", self._on_fax)
        world.on_event("sms", self._on_sms)

    def _sending_tenant(self, tenant_id: int) -> None:
        tenant = self._state.tenants.get(tenant_id)
        if tenant is None:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        if tenant.status is TenantStatus.SUSPENDED:
            raise errors.TenantSuspended("tenant is suspended", tenant_id=tenant_id)

    # -- faxes ----------------------------------------------------------------------------

    @verb
    def send_fax(self, tenant_id: int, source: str, destination: str, document: bytes, *, filename: str = "",
                 send_at: int | None = None, quality: str = "", page_size: str = "", rotate: str = "",
                 delete_after_send: bool = False, status_email: str = "") -> Fax:
        """Queue a PDF for sending now, or at ``send_at`` if that is later."""
        self._sending_tenant(tenant_id)
        _number(source, "source")
        _number(destination, "destination")
        if not document.startswith(PDF_MAGIC):
            raise errors.InvalidArgument("a fax document must be a PDF", field="document")
        now = self._stamp()
        fax = Fax(self._ids.next("fax"), tenant_id, source, destination, filename, pdf_pages(document), now,
                  max(now, send_at or now), quality=quality, page_size=page_size, rotate=rotate,
                  delete_after_send=delete_after_send, status_email=status_email, document=document)
        self._state.faxes[fax.id] = fax
        self._schedule(fax.send_at - now + FAX_DIAL_SECONDS, "fax", fax.id)
        return fax

    def _on_fax(self, fax_id: int) -> None:
        fax = self._state.faxes.get(fax_id)
        if fax is None:
            return
        if fax.status is DeliveryStatus.QUEUED:
            self._state.faxes[fax_id] = dataclasses.replace(fax, status=DeliveryStatus.SENDING)
            self._schedule(fax.pages * FAX_SECONDS_PER_PAGE, "fax", fax_id)
        elif fax.status is DeliveryStatus.SENDING:
            failure = _failure(fax.destination)
            status = DeliveryStatus.FAILED if failure else DeliveryStatus.SENT
            drop = status is DeliveryStatus.SENT and fax.delete_after_send
            self._state.faxes[fax_id] = dataclasses.replace(
                fax, status=status, done_at=self._stamp(), failure=failure,
                document=None if drop else fax.document)

    @verb
    def list_faxes(self, tenant_id: int | None = None) -> list[Fax]:
        return of_tenant(self._state.faxes.values(), tenant_id)

    @verb
    def get_fax(self, fax_id: int) -> Fax:
        try:
            return self._state.faxes[fax_id]
        except KeyError:
            raise errors.FaxNotFound("no such fax", fax_id=fax_id) from None

    # -- text messages --------------------------------------------------------------------

    @verb
    def send_sms(self, tenant_id: int, source: str, destination: str, text: str, *, account: str = "",
                 caller_id: str = "") -> SmsMessage:
        self._sending_tenant(tenant_id)
        _number(destination, "destination")
        if not text:
            raise errors.InvalidArgument("a text message needs text", field="text")
        seq = self._ids.next("sms")
        message = SmsMessage(seq, self._ids.hex(14), tenant_id, source, destination, text, self._stamp(),
                             account=account, caller_id=caller_id)
        self._state.sms_messages[seq] = message
        self._schedule(SMS_DELIVERY_SECONDS, "sms", seq)
        return message

    def _on_sms(self, seq: int) -> None:
        message = self._state.sms_messages.get(seq)
        if message is None or message.status is not DeliveryStatus.QUEUED:
            return
        failure = _failure(message.destination)
        self._state.sms_messages[seq] = dataclasses.replace(
            message, status=DeliveryStatus.FAILED if failure else DeliveryStatus.SENT, done_at=self._stamp(),
            failure=failure)

    @verb
    def list_sms(self, tenant_id: int | None = None) -> list[SmsMessage]:
        return of_tenant(self._state.sms_messages.values(), tenant_id)
