"""The wire: one package per vendor. Adding a vendor is one package and one line here."""

from __future__ import annotations

from .base import VendorSpec


def vendor_specs() -> list[VendorSpec]:
    from . import epbx, pbxcloud, pbxware

    return [epbx.spec(), pbxcloud.spec(), pbxware.spec()]
