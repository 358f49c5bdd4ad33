"""A customer's DID requests: list them, and ask for a number."""

from __future__ import annotations

from ....core import errors as domain
from .. import resources, schemas
from ..table import CUSTOMER, Call, Endpoint, Input
from ..validation import Validator
from .patterns import INTEGER


def list_number_requests(call: Call) -> object:
    world = call.caller.world
    found = sorted(world.numbering.list_did_requests(call.customer.id), key=lambda r: r.id)
    return [resources.number_request(r, None if r.did_id is None else world.numbering.get_did(r.did_id).number)
            for r in found]


def request_number(call: Call) -> object:
    check = call.body
    world = call.caller.world
    if check.passed("provider_id"):
        try:
            world.numbering.get_provider(int(str(check.values["provider_id"])))
        except domain.ProviderNotFound:
            check.fail("provider_id", "The selected provider id is invalid.")
    check.raise_if_failed()
    body = schemas.NumberRequest.model_validate({**check.values, "notes": check.values.get("notes") or ""})
    created = world.numbering.request_did(call.customer.id, preferred_digits=body.preferred_digits,
                                          provider_id=body.provider_id, channels=body.requested_channels,
                                          notes=body.notes)
    return resources.number_request(created, None)


def _request(given: Input) -> Validator:
    return schemas.check_number_request(given.fields)


ENDPOINTS = (
    Endpoint("GET", f"{CUSTOMER}/numbers", list_number_requests),
    Endpoint("POST", f"{CUSTOMER}/numbers", request_number, schema=_request, model=schemas.NumberRequest,
             patterns={"preferred_digits": "[0-9]{1,8}", "provider_id": INTEGER, "requested_channels": INTEGER},
             status=201, outcome="did_requested"),
)
