"""Laravel-style input and validation rules, with Laravel's own English messages.

Input is what ``$request->all()`` would hold: the query string, then a JSON object or a
form body on top, with empty strings turned into null (ConvertEmptyStringsToNull).
Strings are kept as sent; a whitespace-only value counts as missing. Each field reports
its first failing rule only, as if every rule list began with ``bail``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TypeVar

from flask import request
from werkzeug.datastructures import FileStorage

from .errors import MALFORMED_JSON, ApiError, ValidationFailed

T = TypeVar("T")

# The contract's own pattern, so "valid email" means one thing in openapi.yaml and here.
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
_EMAIL = re.compile(EMAIL_PATTERN)
# The contract's password pattern: printable ASCII with a lower-case letter, an upper-case letter
# and a digit in any of the six orders (no look-ahead in JSON Schema). password() below checks the
# same rules one at a time, to name the one that failed as Laravel does; a test proves they agree.
_ORDERS = ("[a-z]", "[A-Z]", "[0-9]")
PASSWORD_PATTERN = "^[!-~]*(?:" + "|".join(
    "[!-~]*".join((a, b, c)) for a in _ORDERS for b in _ORDERS for c in _ORDERS if len({a, b, c}) == 3
) + ")[!-~]*$"
_INTEGER = re.compile(r"^[0-9]{1,18}$")
_AMOUNT = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")
_NUMERIC = re.compile(r"^[0-9]+(\.[0-9]+)?$")


class FormText(str):
    """A value that arrived as text (query string or form body), where numbers are spelled out.

    JSON bodies are typed: an integer field needs a JSON integer there. Text inputs have no
    types, so their integer fields accept digit strings, as Laravel's rules do.
    """


class RuleFailed(Exception):
    """One rule's message for one field."""


def label(name: str) -> str:
    return name.replace("_", " ")


def _reject_constant(name: str) -> object:
    raise ValueError(name)


def _clean(value: object) -> object:
    """ConvertEmptyStringsToNull: an empty string counts as absent."""
    return None if value == "" else value


def request_input() -> dict[str, object]:
    """The request's input fields; a malformed JSON body is refused with a 400."""
    data: dict[str, object] = {k: FormText(v) for k, v in request.args.items()}
    mimetype = request.mimetype
    if mimetype == "application/json" or mimetype.endswith("+json"):
        raw = request.get_data(cache=True)
        if raw.strip():
            try:
                body = json.loads(raw.decode("utf-8"), parse_float=Decimal, parse_constant=_reject_constant)
            except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurd nesting
                raise ApiError(400, MALFORMED_JSON) from None
            if not isinstance(body, dict):
                raise ApiError(400, MALFORMED_JSON)
            data.update(body)
    elif mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        data.update((k, FormText(v)) for k, v in request.form.items())
    return {name: _clean(value) for name, value in data.items()}


def uploaded_files() -> Mapping[str, FileStorage]:
    if request.mimetype != "multipart/form-data":
        return {}
    return {name: storage for name, storage in request.files.items()}


class Validator:
    """Runs one field's rules and collects the first failure of each field, in order."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = data
        self.errors: dict[str, list[str]] = {}
        self.values: dict[str, object] = {}

    def field(self, name: str, check: Callable[[str, object], T]) -> T | None:
        try:
            value = check(name, self.data.get(name))
        except RuleFailed as failed:
            self.errors.setdefault(name, []).append(str(failed))
            return None
        self.values[name] = value
        return value

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def passed(self, name: str) -> bool:
        return name not in self.errors

    def raise_if_failed(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


# -- rules: each takes the field name and raw value, returns the clean value or raises ------


def required(name: str, value: object) -> object:
    # Whitespace alone is empty too: Laravel trims strings before this rule sees them.
    if value is None or value == [] or value == {} or (isinstance(value, str) and not value.strip()):
        raise RuleFailed(f"The {label(name)} field is required.")
    return value


def string(name: str, value: object, *, max_length: int = 255) -> str:
    required(name, value)
    if not isinstance(value, str):
        raise RuleFailed(f"The {label(name)} field must be a string.")
    if len(value) > max_length:
        raise RuleFailed(f"The {label(name)} field must not be greater than {max_length} characters.")
    return value


def optional_string(name: str, value: object, *, max_length: int = 255) -> str | None:
    return None if value is None else string(name, value, max_length=max_length)


def email(name: str, value: object) -> str:
    text = string(name, value)
    if not _EMAIL.match(text):
        raise RuleFailed(f"The {label(name)} field must be a valid email address.")
    return text


def integer(name: str, value: object, *, minimum: int | None = None, maximum: int | None = None) -> int:
    required(name, value)
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, FormText) and _INTEGER.match(value):
        number = int(value)
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        number = int(value)  # PHP's filter_var accepts 2.0 as the integer 2
    if number is None:
        raise RuleFailed(f"The {label(name)} field must be an integer.")
    if minimum is not None and number < minimum:
        raise RuleFailed(f"The {label(name)} field must be at least {minimum}.")
    if maximum is not None and number > maximum:
        raise RuleFailed(f"The {label(name)} field must not be greater than {maximum}.")
    return number


def one_of(*choices: str) -> Callable[[str, object], str]:
    def check(name: str, value: object) -> str:
        required(name, value)
        if not isinstance(value, str) or value not in choices:
            raise RuleFailed(f"The selected {label(name)} is invalid.")
        return value

    return check


def digits_string(name: str, value: object, *, length: int | None = None, min_length: int = 1,
                  max_length: int = 32) -> str:
    """Digits only, given as a string or a JSON integer (Laravel's ``digits`` accepts both)."""
    required(name, value)
    if not isinstance(value, str):
        raise RuleFailed(f"The {label(name)} field must be a string.")
    if not (value.isascii() and value.isdigit()):
        if length is not None:
            raise RuleFailed(f"The {label(name)} field must be {length} digits.")
        raise RuleFailed(f"The {label(name)} field must only contain digits.")
    if length is not None and len(value) != length:
        raise RuleFailed(f"The {label(name)} field must be {length} digits.")
    if length is None and not min_length <= len(value) <= max_length:
        raise RuleFailed(f"The {label(name)} field must be between {min_length} and {max_length} digits.")
    return value


def money(name: str, value: object) -> Decimal:
    """``required|numeric|gt:0|decimal:0,2``: a JSON number, or a plain decimal string."""
    required(name, value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise RuleFailed(f"The {label(name)} field must be a number.")
    if isinstance(value, str):
        if not _NUMERIC.match(value):
            raise RuleFailed(f"The {label(name)} field must be a number.")
        amount, places = Decimal(value), len(value.partition(".")[2])
    else:
        amount = Decimal(value)
        exponent = amount.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    if amount <= 0:
        raise RuleFailed(f"The {label(name)} field must be greater than 0.")
    if places > 2:
        raise RuleFailed(f"The {label(name)} field must have 0-2 decimal places.")
    if amount >= Decimal("1e12") or (isinstance(value, str) and not _AMOUNT.match(value)):
        raise RuleFailed(f"The {label(name)} field must be less than 1000000000000.")
    return amount.quantize(Decimal("0.01"))


def password(name: str, value: object) -> str:
    """Laravel's ``Password::min(8)->mixedCase()->numbers()``, plus a SIP-safe character set."""
    required(name, value)
    if not isinstance(value, str):
        raise RuleFailed(f"The {label(name)} field must be a string.")
    if len(value) > 64:
        raise RuleFailed(f"The {label(name)} field must not be greater than 64 characters.")
    if len(value) < 8:
        raise RuleFailed(f"The {label(name)} field must be at least 8 characters.")
    if not (value.isascii() and value.isprintable()) or " " in value:
        raise RuleFailed(f"The {label(name)} field format is invalid.")
    if not (any(c.islower() for c in value) and any(c.isupper() for c in value)):
        raise RuleFailed(f"The {label(name)} field must contain at least one uppercase and one lowercase letter.")
    if not any(c.isdigit() for c in value):
        raise RuleFailed(f"The {label(name)} field must contain at least one number.")
    return value
