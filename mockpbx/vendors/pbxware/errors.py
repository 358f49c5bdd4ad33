"""Core refusals in PBXware's words.

PBXware's public material quotes only a few error texts (``Invalid API key.``, the
``Required field`` family, ``In tenant mode, make sure server=1.``, ``No tenant packages
present on system.``); the rest follow its ``Invalid <object> ID.`` pattern and are recorded
as inferences in ``contracts/pbxware/CATALOGUE.md``.
"""

from __future__ import annotations

from ...core import errors as e
from ..base import ErrorTable

INVALID_API_KEY = "Invalid API key."
PERMISSION_DENIED = "Permission denied for this API key."
UNKNOWN_ACTION = "Invalid action."
INVALID_SERVER = "Invalid server ID."
INTERNAL_ERROR = "Internal error."

ERRORS: ErrorTable[str] = ErrorTable({
    e.DomainError: "Operation failed.",
    e.NotFound: "Object not found.",
    e.TenantNotFound: INVALID_SERVER,
    e.ExtensionNotFound: "Invalid extension ID.",
    e.DidNotFound: "Invalid DID ID.",
    e.TrunkNotFound: "Invalid trunk ID.",
    e.ProviderNotFound: "Invalid provider ID.",
    e.PackageNotFound: "Invalid tenant package ID.",
    e.QueueNotFound: "Invalid queue ID.",
    e.CallNotFound: "No calls have been updated.",
    e.RecordingNotFound: "Invalid recording ID.",
    e.VoicemailNotFound: "Invalid voicemail ID.",
    e.MediaFileNotFound: "Invalid sound file ID.",
    e.FeatureNotFound: "Invalid object ID.",
    e.CustomDestinationNotFound: "Invalid custom destination ID.",
    e.PhonebookEntryNotFound: "Invalid phonebook entry ID.",
    e.WalletNotFound: "Invalid account.",
    e.KycNotFound: "Object not found.",
    e.DidRequestNotFound: "Object not found.",
    e.ResellerNotFound: "Object not found.",
    e.FaxNotFound: "Object not found.",
    e.UserNotFound: "Object not found.",
    e.UserProfileNotFound: "Object not found.",
    e.AlreadyExists: "Object already exists.",
    e.TenantCodeTaken: "Tenant code is already in use.",
    e.EmailTaken: "E-mail address is already in use.",
    e.ExtensionExists: "Extension number {number} is already reserved.",
    e.DidExists: "DID number is already reserved.",
    e.QueueMemberExists: "Member already exists.",
    e.UsernameTaken: "Object already exists.",
    e.InvalidArgument: "Invalid data.",
    e.InvalidAmount: "Invalid amount.",
    e.InvalidExtensionNumber: "Invalid extension number.",
    e.InvalidState: "Operation not allowed.",
    e.TenantSuspended: "Tenant is suspended.",
    e.ExtensionDisabled: "Extension is disabled.",
    e.KycNotPending: "Operation not allowed.",
    e.KycAlreadyApproved: "Operation not allowed.",
    e.DidRequestNotPending: "Operation not allowed.",
    e.CallAlreadyEnded: "No calls have been updated.",
    e.NoNumberAvailable: "No number available.",
    e.InvalidCredentials: "Operation failed.",
    e.InsufficientFunds: "Insufficient funds.",
    e.LimitExceeded: "Limit exceeded.",
    e.CallLimitReached: "Call limit reached.",
})


class _Context(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def message_for(error: e.DomainError) -> str:
    """The vendor's wording, with the error's context filled in where the wording names it."""
    return ERRORS.lookup(error).format_map(_Context(error.context))
