"""Request bodies with ePBX's field names: validated at the edge, typed for the handlers.

Each ``parse_*`` runs the Laravel-style rules of :mod:`.validation` (which own the wire's
error messages) and returns a frozen pydantic model; nothing unvalidated reaches the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from werkzeug.datastructures import FileStorage

from ...core.entities import KycFile
from . import validation as v
from .uploads import document

DEFAULT_PER_PAGE = 15
MAX_PER_PAGE = 100
NID_LENGTHS = (10, 13, 17)


class _Request(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class Page(_Request):
    page: int = Field(default=1, ge=1)
    per_page: int = Field(default=DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE)


class CreateCustomer(_Request):
    company_name: str = Field(min_length=1, max_length=255)
    email: str = Field(max_length=255)
    package_id: int


class CustomerStatus(_Request):
    status: Literal["active", "suspended"]


class CreateExtension(_Request):
    extension: str = Field(pattern=r"^[0-9]+$")
    password: str = Field(min_length=8, max_length=64)


class NumberRequest(_Request):
    preferred_digits: str = Field(pattern=r"^[0-9]{1,8}$")
    provider_id: int
    requested_channels: int = Field(ge=1, le=30)
    notes: str = Field(default="", max_length=1000)


class WalletMove(_Request):
    amount: Decimal = Field(gt=0, decimal_places=2)
    action: Literal["add", "deduct"]


class KycUpload(_Request):
    nid_number: str
    address: str
    nid_front: KycFile
    trade_license: KycFile


def parse_page(data: Mapping[str, object]) -> Page:
    check = v.Validator(data)
    page = check.field("page", lambda n, x: 1 if x is None else v.integer(n, x, minimum=1))
    per_page = check.field("per_page", lambda n, x: DEFAULT_PER_PAGE if x is None
                           else v.integer(n, x, minimum=1, maximum=MAX_PER_PAGE))
    check.raise_if_failed()
    return Page(page=page, per_page=per_page)


def check_create_customer(data: Mapping[str, object]) -> v.Validator:
    """Format rules only; the caller adds ``exists`` and ``unique`` under the world's lock."""
    check = v.Validator(data)
    check.field("company_name", v.string)
    check.field("email", v.email)
    check.field("package_id", v.integer)
    return check


def parse_customer_status(data: Mapping[str, object]) -> CustomerStatus:
    check = v.Validator(data)
    status = check.field("status", v.one_of("active", "suspended"))
    check.raise_if_failed()
    return CustomerStatus(status=status)


def check_extension(data: Mapping[str, object], ext_length: int) -> v.Validator:
    check = v.Validator(data)
    check.field("extension", lambda n, x: v.digits_string(n, x, length=ext_length))
    check.field("password", v.password)
    return check


def check_number_request(data: Mapping[str, object]) -> v.Validator:
    check = v.Validator(data)
    check.field("preferred_digits", lambda n, x: v.digits_string(n, x, min_length=1, max_length=8))
    check.field("provider_id", v.integer)
    check.field("requested_channels", lambda n, x: v.integer(n, x, minimum=1, maximum=30))
    check.field("notes", lambda n, x: v.optional_string(n, x, max_length=1000))
    return check


def parse_wallet_move(data: Mapping[str, object]) -> WalletMove:
    check = v.Validator(data)
    amount = check.field("amount", v.money)
    action = check.field("action", v.one_of("add", "deduct"))
    check.raise_if_failed()
    return WalletMove(amount=amount, action=action)


def _nid_number(name: str, value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = v.string(name, value)
    if not (text.isascii() and text.isdigit() and len(text) in NID_LENGTHS):
        raise v.RuleFailed(f"The {v.label(name)} field format is invalid.")
    return text


def parse_kyc(data: Mapping[str, object], files: Mapping[str, FileStorage]) -> KycUpload:
    check = v.Validator(data)
    nid_number = check.field("nid_number", _nid_number)
    nid_front = check.field("nid_front", document(files))
    trade_license = check.field("trade_license", document(files))
    address = check.field("address", lambda n, x: v.string(n, x, max_length=500))
    check.raise_if_failed()
    return KycUpload(nid_number=nid_number, address=address, nid_front=nid_front,
                     trade_license=trade_license)
