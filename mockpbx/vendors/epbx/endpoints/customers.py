"""The caller's customers: list, create, show, and suspend or reactivate."""

from __future__ import annotations

from ....core import errors as domain
from ....core.entities import TenantStatus
from .. import resources, schemas
from ..slug import laravel_slug
from ..table import CUSTOMER, Answer, Call, Endpoint, Input
from ..validation import Validator
from .patterns import INTEGER, PAGE_PATTERNS

DOMAIN_SUFFIX = "epbx.bd"


def list_customers(call: Call) -> Answer:
    page: schemas.Page = call.body
    who = call.caller
    start = (page.page - 1) * page.per_page
    items, total = who.world.tenancy.reseller_tenants(who.reseller.id, start, page.per_page)
    last_page = max(1, -(-total // page.per_page))
    return Answer([resources.customer_summary(t) for t in items], {"meta": {
        "current_page": page.page,
        "per_page": page.per_page,
        "total": total,
        "last_page": last_page,
        "from": start + 1 if items else None,
        "to": start + len(items) if items else None,
    }})


def create_customer(call: Call) -> object:
    check = call.body
    world = call.caller.world
    # The schema checked the formats; ``exists`` and ``unique`` need the world, held since.
    if check.passed("email"):
        if world.tenancy.tenant_email_taken(str(check.values["email"])):
            check.fail("email", "The email has already been taken.")
    if check.passed("package_id"):
        try:
            world.tenancy.get_package(int(str(check.values["package_id"])))
        except domain.PackageNotFound:
            check.fail("package_id", "The selected package id is invalid.")
    check.raise_if_failed()
    body = schemas.CreateCustomer.model_validate(check.values)
    tenant = world.tenancy.create_tenant(
        world.tenancy.next_tenant_code(), body.company_name, package_id=body.package_id,
        reseller_id=call.caller.reseller.id, email=body.email,
        domain=world.tenancy.unique_domain(laravel_slug(body.company_name), DOMAIN_SUFFIX), country="BD",
    )
    return resources.customer(tenant)


def show_customer(call: Call) -> object:
    return resources.customer(call.customer)


def customer_status(call: Call) -> object:
    body: schemas.CustomerStatus = call.body
    updated = call.caller.world.tenancy.set_tenant_status(call.customer.id, TenantStatus(body.status))
    return resources.customer(updated)


def _page(given: Input) -> schemas.Page:
    return schemas.parse_page(given.fields)


def _new_customer(given: Input) -> Validator:
    return schemas.check_create_customer(given.fields)


def _status(given: Input) -> schemas.CustomerStatus:
    return schemas.parse_customer_status(given.fields)


ENDPOINTS = (
    Endpoint("GET", "/customers", list_customers, schema=_page, model=schemas.Page, patterns=PAGE_PATTERNS),
    Endpoint("POST", "/customers", create_customer, schema=_new_customer, model=schemas.CreateCustomer,
             patterns={"package_id": INTEGER}, status=201, outcome="customer_created"),
    Endpoint("GET", CUSTOMER, show_customer),
    Endpoint("PUT", f"{CUSTOMER}/status", customer_status, schema=_status, model=schemas.CustomerStatus,
             patterns={"status": "active|suspended"}),
)
