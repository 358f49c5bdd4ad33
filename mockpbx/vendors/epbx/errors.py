"""Every refusal the adapter sends, and the one table from domain errors to ePBX answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import Response

from ...core import errors as domain
from ..base import ErrorTable
from .wire import failure

UNAUTHENTICATED = "Unauthenticated."
TOO_MANY_ATTEMPTS = "Too Many Attempts."
CUSTOMER_NOT_FOUND = "Customer not found."
SERVER_ERROR = "Server Error"
POST_TOO_LARGE = "The POST data is too large."
MALFORMED_JSON = "The request body is not valid JSON."


class ApiError(Exception):
    """A refusal the adapter renders as-is: status, message, and field errors for a 422."""

    def __init__(self, status: int, message: str, errors: Mapping[str, list[str]] | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = dict(errors or {})
        self.headers = dict(headers or {})

    def render(self) -> Response:
        return failure(self.status, self.message, self.errors or None, self.headers)


def summary(errors: Mapping[str, list[str]]) -> str:
    """Laravel's ValidationException message: the first error, then how many more there are."""
    messages = [m for field_messages in errors.values() for m in field_messages]
    first, rest = messages[0], len(messages) - 1
    if rest:
        return f"{first} (and {rest} more {'error' if rest == 1 else 'errors'})"
    return first


class ValidationFailed(ApiError):
    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__(422, summary(errors), errors)


def invalid(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed({field_name: [message]})


@dataclass(frozen=True, slots=True)
class Rendering:
    """How one domain error reads on the wire; ``field`` makes it a 422 field error."""

    status: int
    message: str
    field: str | None = None


# Most domain refusals are caught by validation first; these are what reaches a client when
# a race or a control-plane change gets there before the adapter's own checks.
DOMAIN_ERRORS: ErrorTable[Rendering] = ErrorTable({
    domain.DomainError: Rendering(422, "The request could not be processed."),
    domain.NotFound: Rendering(404, "Resource not found."),
    domain.TenantNotFound: Rendering(404, CUSTOMER_NOT_FOUND),
    domain.PackageNotFound: Rendering(422, "The selected package id is invalid.", "package_id"),
    domain.ProviderNotFound: Rendering(422, "The selected provider id is invalid.", "provider_id"),
    domain.AlreadyExists: Rendering(422, "The resource already exists."),
    domain.EmailTaken: Rendering(422, "The email has already been taken.", "email"),
    domain.TenantCodeTaken: Rendering(422, "The customer could not be provisioned; please retry."),
    domain.ExtensionExists: Rendering(422, "The extension has already been taken.", "extension"),
    domain.InvalidArgument: Rendering(422, "The given data was invalid."),
    domain.InvalidAmount: Rendering(422, "The amount field must be greater than 0.", "amount"),
    domain.InvalidExtensionNumber: Rendering(422, "The extension field format is invalid.", "extension"),
    domain.InvalidState: Rendering(422, "The request cannot be processed in the current state."),
    domain.KycAlreadyApproved: Rendering(422, "KYC has already been approved for this customer.", "kyc"),
    domain.TenantSuspended: Rendering(422, "The customer is suspended."),
    domain.InsufficientFunds: Rendering(422, "Insufficient wallet balance.", "amount"),
    domain.LimitExceeded: Rendering(422, "A limit of the customer's package has been reached."),
})


def domain_failure(error: domain.DomainError) -> ApiError:
    rendering = DOMAIN_ERRORS.lookup(error)
    if rendering.field is None or rendering.status != 422:
        return ApiError(rendering.status, rendering.message)
    return ValidationFailed({rendering.field: [rendering.message]})
