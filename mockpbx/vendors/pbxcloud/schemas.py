"""MANAGEDB ``jsondata`` bodies, validated with MiRTA's own column names.

A column the object does not have, or a value of the wrong type, is refused before
anything reaches the core (MiRTA's SQL would fail and print nothing).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Columns(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_max_length=255)


class CustomColumns(_Columns):
    cu_id: int | None = None
    cu_te_id: int | None = None
    cu_name: str | None = Field(default=None, min_length=1)
    cu_ct_id: int | None = None
    cu_param1: str | None = None
    cu_param2: str | None = None
    cu_param3: str | None = None


class ExtensionColumns(_Columns):
    ex_id: int | None = None
    ex_number: str | None = Field(default=None, pattern=r"^[0-9]{2,16}$")
    ex_name: str | None = None
    ex_tech: Literal["SIP", "PJSIP", "sip", "pjsip"] | None = None
    ex_email: str | None = None
    ex_pickupgroup: str | None = None
    ex_callgroup: str | None = None
    ex_callallowed: Literal["none", "all", "NONE", "ALL"] | None = None
    ex_recording: Literal["yes", "no", ""] | None = None
    secret: str | None = Field(default=None, min_length=1)
    password: str | None = Field(default=None, min_length=1)


class DidColumns(_Columns):
    di_id: int | None = None
    di_number: str | None = Field(default=None, pattern=r"^[0-9]{3,20}$")
    di_comment: str | None = None
    di_recording: Literal["yes", "no", ""] | None = None
    di_maxchannels: int | None = Field(default=None, ge=0, le=10_000)


class TenantColumns(_Columns):
    te_id: int | None = None
    te_code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_]{1,32}$")
    te_name: str | None = Field(default=None, min_length=1)
    te_disabled: Literal["on", "off", ""] | None = None
    pk_start: int | None = Field(default=None, ge=0)
    pk_end: int | None = Field(default=None, ge=0)


class UserColumns(_Columns):
    """Portal users (``us_users``): a login, its password and its user group."""

    us_id: int | None = None
    us_te_id: int | None = None
    us_username: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._@+-]{1,64}$")
    us_password: str | None = Field(default=None, min_length=1)
    us_up_id: int | None = None
    us_ex_id: int | None = None
    us_email: str | None = None


class QueueColumns(_Columns):
    qu_name: str = Field(min_length=1)
    qu_number: str | None = Field(default=None, pattern=r"^[0-9]{1,16}$")
    strategy: str = Field(default="RINGALL", pattern=r"^[A-Za-z]{1,32}$")
    timeout: int = Field(default=30, ge=1, le=3600)


class VoicemailColumns(_Columns):
    mailbox: str = Field(pattern=r"^[0-9]{1,16}$")
    password: str = ""
    fullname: str = ""
    email: str = ""


class NameColumns(_Columns):
    """IVR, condition, hunt list and media file updates: the name is the editable column."""

    me_name: str | None = Field(default=None, min_length=1)
    iv_name: str | None = Field(default=None, min_length=1)
    co_name: str | None = Field(default=None, min_length=1)
    hu_name: str | None = Field(default=None, min_length=1)


class PhonebookColumns(_Columns):
    pe_phonebook: str = Field(min_length=1)
    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True, str_max_length=255)
