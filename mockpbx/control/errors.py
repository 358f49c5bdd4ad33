"""How the control plane refuses: a status and ``{"error": ..., "code": ...}``, never a traceback."""

from __future__ import annotations

from flask import Response, jsonify
from pydantic import ValidationError

from ..core import errors

# Most specific first along the MRO; DomainError is the fallback.
STATUS_BY_ERROR: dict[type[errors.DomainError], int] = {
    errors.NotFound: 404,
    errors.AlreadyExists: 409,
    errors.InvalidState: 409,
    errors.InsufficientFunds: 409,
    errors.LimitExceeded: 409,
    errors.InvalidArgument: 422,
    errors.DomainError: 400,
}


class ControlError(Exception):
    """A refusal that belongs to the control plane itself (bad JSON, a protected world, ...)."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def status_for(error: errors.DomainError) -> int:
    for klass in type(error).__mro__:
        if klass in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[klass]
    return 400


def error_response(status: int, message: str, code: str) -> Response:
    response = jsonify(error=message, code=code)
    response.status_code = status
    return response


def render_domain_error(error: errors.DomainError) -> Response:
    return error_response(status_for(error), error.message, error.code)


def render_control_error(error: ControlError) -> Response:
    return error_response(error.status, error.message, error.code)


def render_validation_error(error: ValidationError) -> Response:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or "body"
    return error_response(422, f"{location}: {first['msg']}", "invalid_argument")
