"""Desk phones the PBX provisions: one per MAC address in the whole world."""

from __future__ import annotations

import dataclasses

from . import errors
from .base import Aggregate, of_tenant, verb
from .entities import Attributes, Phone

MAC_DIGITS = 12


def normal_mac(text: str) -> str:
    """``00:15:65:AB:CD:EF``, ``0015.65ab.cdef`` or ``001565abcdef`` as ``001565abcdef``."""
    digits = "".join(ch for ch in text if ch not in ":-. ").lower()
    if len(digits) != MAC_DIGITS or any(ch not in "0123456789abcdef" for ch in digits):
        raise errors.InvalidArgument("a MAC address is 12 hex digits", field="mac")
    return digits


class Phones(Aggregate):
    """Provisioned desk phones. Owns ``WorldState.phones``."""


    @verb
    def create_phone(self, tenant_id: int, name: str, mac: str, model_id: int, *,
                     attributes: Attributes | None = None) -> Phone:
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        mac = self._free_mac(mac, None)
        phone = Phone(self._ids.next("phone"), tenant_id, name, mac, model_id, dict(attributes or {}))
        self._state.phones[phone.id] = phone
        return phone

    def _free_mac(self, mac: str, phone_id: int | None) -> str:
        mac = normal_mac(mac)
        if any(p.mac == mac and p.id != phone_id for p in self._state.phones.values()):
            raise errors.AlreadyExists("MAC address already provisioned", field="mac", mac=mac)
        return mac

    @verb
    def get_phone(self, phone_id: int) -> Phone:
        phone = self._state.phones.get(phone_id)
        if phone is None:
            raise errors.NotFound("no such phone", phone_id=phone_id)
        return phone

    @verb
    def list_phones(self, tenant_id: int | None = None) -> list[Phone]:
        return of_tenant(self._state.phones.values(), tenant_id)

    @verb
    def update_phone(self, phone_id: int, **changes: object) -> Phone:
        phone = dataclasses.replace(self.get_phone(phone_id), **changes)  # type: ignore[arg-type]
        phone = dataclasses.replace(phone, mac=self._free_mac(phone.mac, phone_id))
        self._state.phones[phone_id] = phone
        return phone

