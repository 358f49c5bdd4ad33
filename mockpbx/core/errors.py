"""Domain errors: a stable code and a neutral message, never HTTP or vendor wording.

Each vendor adapter keeps one table from these classes to its own rendering, looked up
along the MRO, so a new subclass falls back to its parent's rendering until a vendor
gives it a specific one.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of everything the core refuses to do."""

    code = "domain_error"

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context


class NotFound(DomainError):
    code = "not_found"


class TenantNotFound(NotFound):
    code = "tenant_not_found"


class ExtensionNotFound(NotFound):
    code = "extension_not_found"


class DidNotFound(NotFound):
    code = "did_not_found"


class TrunkNotFound(NotFound):
    code = "trunk_not_found"


class ProviderNotFound(NotFound):
    code = "provider_not_found"


class PackageNotFound(NotFound):
    code = "package_not_found"


class QueueNotFound(NotFound):
    code = "queue_not_found"


class CallNotFound(NotFound):
    code = "call_not_found"


class RecordingNotFound(NotFound):
    code = "recording_not_found"


class VoicemailNotFound(NotFound):
    code = "voicemail_not_found"


class MediaFileNotFound(NotFound):
    code = "media_file_not_found"


class FeatureNotFound(NotFound):
    code = "feature_not_found"


class CustomDestinationNotFound(NotFound):
    code = "custom_destination_not_found"


class PhonebookEntryNotFound(NotFound):
    code = "phonebook_entry_not_found"


class WalletNotFound(NotFound):
    code = "wallet_not_found"


class KycNotFound(NotFound):
    code = "kyc_not_found"


class DidRequestNotFound(NotFound):
    code = "did_request_not_found"


class FaxNotFound(NotFound):
    code = "fax_not_found"


class UserNotFound(NotFound):
    code = "user_not_found"


class UserProfileNotFound(NotFound):
    code = "user_profile_not_found"


class InvalidCredentials(DomainError):
    """A username and password (or a token) that do not open any portal account."""

    code = "invalid_credentials"


class ResellerNotFound(NotFound):
    code = "reseller_not_found"


class AlreadyExists(DomainError):
    code = "already_exists"


class TenantCodeTaken(AlreadyExists):
    code = "tenant_code_taken"


class EmailTaken(AlreadyExists):
    code = "email_taken"


class ExtensionExists(AlreadyExists):
    code = "extension_exists"


class DidExists(AlreadyExists):
    code = "did_exists"


class QueueMemberExists(AlreadyExists):
    code = "queue_member_exists"


class UsernameTaken(AlreadyExists):
    code = "username_taken"


class InvalidArgument(DomainError):
    """A value that is well-formed on the wire but makes no sense in the domain."""

    code = "invalid_argument"

    def __init__(self, message: str, *, field: str | None = None, **context: Any) -> None:
        super().__init__(message, field=field, **context)
        self.field = field


class InvalidAmount(InvalidArgument):
    code = "invalid_amount"


class InvalidExtensionNumber(InvalidArgument):
    code = "invalid_extension_number"


class InvalidState(DomainError):
    """The entity exists but is not in a state that allows the operation."""

    code = "invalid_state"


class TenantSuspended(InvalidState):
    code = "tenant_suspended"


class ExtensionDisabled(InvalidState):
    code = "extension_disabled"


class KycNotPending(InvalidState):
    code = "kyc_not_pending"


class KycAlreadyApproved(InvalidState):
    code = "kyc_already_approved"


class DidRequestNotPending(InvalidState):
    code = "did_request_not_pending"


class CallAlreadyEnded(InvalidState):
    code = "call_already_ended"


class NoNumberAvailable(InvalidState):
    code = "no_number_available"


class InsufficientFunds(DomainError):
    code = "insufficient_funds"


class LimitExceeded(DomainError):
    code = "limit_exceeded"


class CallLimitReached(LimitExceeded):
    code = "call_limit_reached"


def all_domain_errors() -> list[type[DomainError]]:
    """Every DomainError class, so tests can prove each vendor maps all of them."""
    found: list[type[DomainError]] = []
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.__name__)
