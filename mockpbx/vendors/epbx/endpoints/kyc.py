"""A customer's KYC: submit the documents, and read the latest submission."""

from __future__ import annotations

from .. import resources, schemas
from ..errors import ApiError, ValidationFailed
from ..table import CUSTOMER, Call, Endpoint, Input


def submit_kyc(call: Call) -> object:
    upload: schemas.KycUpload = call.body
    world = call.caller.world
    tenant = call.customer
    latest = world.kyc.latest_kyc(tenant.id)
    if latest is not None and str(latest.status) == "approved":
        raise ValidationFailed({"kyc": ["KYC has already been approved for this customer."]})
    submission = world.kyc.submit_kyc(
        tenant.id, {"nid_number": upload.nid_number, "address": upload.address},
        (upload.nid_front, upload.trade_license),
    )
    return resources.kyc(submission)


def show_kyc(call: Call) -> object:
    submission = call.caller.world.kyc.latest_kyc(call.customer.id)
    if submission is None:
        raise ApiError(404, "No KYC submission found for this customer.")
    return resources.kyc(submission)


def _documents(given: Input) -> schemas.KycUpload:
    # The documents are read (and sniffed) here, before the world is held.
    return schemas.parse_kyc(given.fields, given.files())


ENDPOINTS = (
    Endpoint("POST", f"{CUSTOMER}/kyc", submit_kyc, schema=_documents, model=schemas.KycUpload,
             patterns={"nid_number": r"[0-9]{10}|[0-9]{13}|[0-9]{17}"}, status=201),
    Endpoint("GET", f"{CUSTOMER}/kyc", show_kyc),
)
