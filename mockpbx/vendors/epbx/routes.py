"""The /api/v2 endpoints: parse, call the core, render. The protocol around them is in protocol.py."""

from __future__ import annotations

from flask import Blueprint, Response

from ...core import errors as domain
from ...core.entities import OwnerKind, TenantStatus
from ..base import set_outcome
from . import resources, schemas
from . import validation as v
from .auth import PERMISSIONS
from .errors import ApiError, ValidationFailed
from .protocol import caller, install, owned_customer
from .slug import laravel_slug
from .wire import money, success

DOMAIN_SUFFIX = "epbx.bd"


def build_blueprint(prefix: str) -> Blueprint:
    bp = Blueprint("epbx", __name__, url_prefix=prefix)
    install(bp)

    @bp.get("/ping")
    def ping() -> Response:
        who = caller()
        return success({
            "reseller_id": who.reseller.id,
            "reseller_name": who.reseller.name,
            "white_label": True,
            "permissions": list(PERMISSIONS),
            "rate_limit_per_minute": who.world.settings.rate_limit_per_minute,
        }, message="pong")

    # -- customers --------------------------------------------------------------------

    @bp.get("/customers")
    def list_customers() -> Response:
        page = schemas.parse_page(v.request_input())
        who = caller()
        mine = sorted(who.world.tenancy.list_tenants(reseller_id=who.reseller.id), key=lambda t: t.id)
        start = (page.page - 1) * page.per_page
        items = mine[start:start + page.per_page]
        last_page = max(1, -(-len(mine) // page.per_page))
        return success([resources.customer_summary(t) for t in items], meta={
            "current_page": page.page,
            "per_page": page.per_page,
            "total": len(mine),
            "last_page": last_page,
            "from": start + 1 if items else None,
            "to": start + len(items) if items else None,
        })

    @bp.post("/customers")
    def create_customer() -> Response:
        check = schemas.check_create_customer(v.request_input())
        world = caller().world
        with world.transaction():
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
                reseller_id=caller().reseller.id, email=body.email,
                domain=world.tenancy.unique_domain(laravel_slug(body.company_name), DOMAIN_SUFFIX), country="BD",
            )
        set_outcome("customer_created")
        return success(resources.customer(tenant), 201)

    @bp.get("/customers/<customer_id>")
    def show_customer(customer_id: str) -> Response:
        return success(resources.customer(owned_customer(customer_id)))

    @bp.put("/customers/<customer_id>/status")
    def customer_status(customer_id: str) -> Response:
        tenant = owned_customer(customer_id)
        body = schemas.parse_customer_status(v.request_input())
        updated = caller().world.tenancy.set_tenant_status(tenant.id, TenantStatus(body.status))
        return success(resources.customer(updated))

    # -- KYC --------------------------------------------------------------------------

    @bp.post("/customers/<customer_id>/kyc")
    def submit_kyc(customer_id: str) -> Response:
        tenant = owned_customer(customer_id)
        upload = schemas.parse_kyc(v.request_input(), v.uploaded_files())
        world = caller().world
        with world.transaction():
            latest = world.kyc.latest_kyc(tenant.id)
            if latest is not None and str(latest.status) == "approved":
                raise ValidationFailed({"kyc": ["KYC has already been approved for this customer."]})
            submission = world.kyc.submit_kyc(
                tenant.id, {"nid_number": upload.nid_number, "address": upload.address},
                (upload.nid_front, upload.trade_license),
            )
        return success(resources.kyc(submission), 201)

    @bp.get("/customers/<customer_id>/kyc")
    def show_kyc(customer_id: str) -> Response:
        tenant = owned_customer(customer_id)
        submission = caller().world.kyc.latest_kyc(tenant.id)
        if submission is None:
            raise ApiError(404, "No KYC submission found for this customer.")
        return success(resources.kyc(submission))

    # -- extensions -------------------------------------------------------------------

    @bp.get("/customers/<customer_id>/extensions")
    def list_extensions(customer_id: str) -> Response:
        tenant = owned_customer(customer_id)
        extensions = caller().world.directory.list_extensions(tenant.id)
        return success([resources.extension(e, tenant) for e in sorted(extensions, key=lambda e: e.id)])

    @bp.post("/customers/<customer_id>/extensions")
    def create_extension(customer_id: str) -> Response:
        tenant = owned_customer(customer_id)
        check = schemas.check_extension(v.request_input(), tenant.ext_length)
        world = caller().world
        with world.transaction():
            if check.passed("extension"):
                number = str(check.values["extension"])
                if any(e.number == number for e in world.directory.list_extensions(tenant.id)):
                    check.fail("extension", "The extension has already been taken.")
            check.raise_if_failed()
            body = schemas.CreateExtension.model_validate(check.values)
            created = world.directory.create_extension(tenant.id, body.extension, secret=body.password)
        set_outcome("extension_created")
        return success(resources.extension(created, tenant), 201)

    # -- DID requests -----------------------------------------------------------------

    def _number_of(did_id: int | None) -> str | None:
        return None if did_id is None else caller().world.numbering.get_did(did_id).number

    @bp.get("/customers/<customer_id>/numbers")
    def list_number_requests(customer_id: str) -> Response:
        tenant = owned_customer(customer_id)
        world = caller().world
        with world.transaction():
            found = sorted(world.numbering.list_did_requests(tenant.id), key=lambda r: r.id)
            data = [resources.number_request(r, _number_of(r.did_id)) for r in found]
        return success(data)

    @bp.post("/customers/<customer_id>/numbers")
    def request_number(customer_id: str) -> Response:
        tenant = owned_customer(customer_id)
        check = schemas.check_number_request(v.request_input())
        world = caller().world
        with world.transaction():
            if check.passed("provider_id"):
                try:
                    world.numbering.get_provider(int(str(check.values["provider_id"])))
                except domain.ProviderNotFound:
                    check.fail("provider_id", "The selected provider id is invalid.")
            check.raise_if_failed()
            body = schemas.NumberRequest.model_validate({**check.values, "notes": check.values.get("notes") or ""})
            created = world.numbering.request_did(tenant.id, preferred_digits=body.preferred_digits,
                                                  provider_id=body.provider_id, channels=body.requested_channels,
                                                  notes=body.notes)
        set_outcome("did_requested")
        return success(resources.number_request(created, None), 201)

    # -- wallet -----------------------------------------------------------------------

    @bp.get("/wallet")
    def wallet() -> Response:
        who = caller()
        found = who.world.billing.wallet_of(OwnerKind.RESELLER, who.reseller.id)
        return success({"balance": money(found.balance), "currency": found.currency})

    @bp.post("/customers/<customer_id>/wallet")
    def move_funds(customer_id: str) -> Response:
        tenant = owned_customer(customer_id)
        body = schemas.parse_wallet_move(v.request_input())
        who = caller()
        world = who.world
        with world.transaction():
            reseller_wallet = world.billing.wallet_of(OwnerKind.RESELLER, who.reseller.id)
            customer_wallet = world.billing.wallet_of(OwnerKind.TENANT, tenant.id)
            if body.action == "add":
                source, target, short = reseller_wallet, customer_wallet, "reseller"
            else:
                source, target, short = customer_wallet, reseller_wallet, "customer"
            if source.balance < body.amount:
                set_outcome("insufficient_funds")
                raise ValidationFailed({"amount": [f"Insufficient {short} wallet balance."]})
            memo = f"{'Top-up' if body.action == 'add' else 'Deduction'} via API"
            out, into = world.billing.transfer(source.id, target.id, body.amount, memo=memo)
            reseller_after = world.billing.get_wallet(reseller_wallet.id).balance
            customer_after = world.billing.get_wallet(customer_wallet.id).balance
        customer_entry = into if body.action == "add" else out
        set_outcome(f"wallet_{body.action}")
        return success({
            "customer_id": tenant.id,
            "action": body.action,
            "amount": money(body.amount),
            "currency": reseller_wallet.currency,
            "reseller_balance": money(reseller_after),
            "customer_balance": money(customer_after),
            "transaction_id": customer_entry.id,
        })

    return bp
