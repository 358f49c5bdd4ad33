"""``jsondata`` bodies of the provider, routing, phone and conference objects, in MiRTA's column names.

Kept apart from ``schemas.py`` so each object family's columns live next to its handlers; the
rules are the same (unknown column or wrong type: refused before the core sees anything).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..schemas import _Columns as Columns

Flag = Literal["yes", "no", ""]
DIGITS = r"^[0-9]{1,16}$"


class ProviderColumns(Columns):
    pr_id: int | None = None
    pr_name: str | None = Field(default=None, min_length=1)
    pr_peername: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.\-]{1,64}$")
    pr_tech: Literal["SIP", "PJSIP", "IAX", "sip", "pjsip", "iax"] | None = None
    pr_userealtime: Flag | None = None
    allow: str | None = Field(default=None, pattern=r"^[A-Za-z0-9,&!]{0,128}$")
    host: str | None = Field(default=None, pattern=r"^[A-Za-z0-9.\-:\[\]]{0,253}$")


class RoutingProfileColumns(Columns):
    rp_id: int | None = None
    rp_te_id: int | None = None
    rp_name: str | None = Field(default=None, min_length=1)
    rp_type: Literal["VOICE", "SMS", "voice", "sms"] | None = None


class RouteColumns(Columns):
    dl_id: int | None = None
    dl_rp_id: int | None = None
    dl_name: str | None = Field(default=None, min_length=1)
    dl_regex: str | None = Field(default=None, min_length=1)
    dl_pr_id: int | None = None
    dl_order: int | None = Field(default=None, ge=0, le=9999)
    dl_emergencyroute: Flag | None = None
    dl_usepin: Flag | None = None


class PhoneColumns(Columns):
    ph_id: int | None = None
    ph_te_id: int | None = None
    ph_name: str | None = Field(default=None, min_length=1)
    ph_mac: str | None = Field(default=None, max_length=17)
    ph_pm_id: int | None = None


class ConferenceColumns(Columns):
    cr_id: int | None = None
    cr_te_id: int | None = None
    cr_number: str | None = Field(default=None, pattern=DIGITS)
    cr_name: str | None = Field(default=None, min_length=1)
    pin: str | None = Field(default=None, pattern=r"^[0-9]{0,16}$")
