"""A customer's extensions: list, and create one with its SIP secret."""

from __future__ import annotations

from .. import resources, schemas
from ..table import CUSTOMER, Call, Endpoint, Input
from ..validation import Validator


def list_extensions(call: Call) -> object:
    tenant = call.customer
    extensions = call.caller.world.directory.list_extensions(tenant.id)
    return [resources.extension(e, tenant) for e in sorted(extensions, key=lambda e: e.id)]


def create_extension(call: Call) -> object:
    check = call.body
    world = call.caller.world
    tenant = call.customer
    if check.passed("extension"):
        number = str(check.values["extension"])
        if any(e.number == number for e in world.directory.list_extensions(tenant.id)):
            check.fail("extension", "The extension has already been taken.")
    check.raise_if_failed()
    body = schemas.CreateExtension.model_validate(check.values)
    created = world.directory.create_extension(tenant.id, body.extension, secret=body.password)
    return resources.extension(created, tenant)


def _extension(given: Input) -> Validator:
    # The number's length is the customer's own, so the schema needs the customer.
    return schemas.check_extension(given.fields, given.tenant.ext_length if given.tenant else 0)


ENDPOINTS = (
    Endpoint("GET", f"{CUSTOMER}/extensions", list_extensions),
    Endpoint("POST", f"{CUSTOMER}/extensions", create_extension, schema=_extension, model=schemas.CreateExtension,
             patterns={"extension": "[0-9]+"}, status=201, outcome="extension_created"),
)
