"""Domain values as ePBX's JSON resources (Laravel API resources, in spirit)."""

from __future__ import annotations

from ...core.entities import DidRequest, Extension, KycSubmission, Tenant
from .wire import timestamp


def customer_summary(tenant: Tenant) -> dict[str, object]:
    """The list item, exactly as the vendor's sample shows it."""
    return {"id": tenant.id, "company_name": tenant.name, "domain": tenant.domain}


def customer(tenant: Tenant) -> dict[str, object]:
    return {
        "id": tenant.id,
        "company_name": tenant.name,
        "domain": tenant.domain,
        "email": tenant.email,
        "package_id": tenant.package_id,
        "status": str(tenant.status),
        "created_at": timestamp(tenant.created_at),
    }


def extension(ext: Extension, tenant: Tenant) -> dict[str, object]:
    # The SIP secret is write-only: the reseller set it and the API never echoes it.
    return {
        "id": ext.id,
        "extension": ext.number,
        "name": ext.name,
        "tech": str(ext.tech),
        "username": ext.number,
        "sip_domain": tenant.domain,
        "status": str(ext.status),
        "created_at": timestamp(ext.created_at),
    }


def number_request(req: DidRequest, number: str | None) -> dict[str, object]:
    return {
        "id": req.id,
        "customer_id": req.tenant_id,
        "preferred_digits": req.preferred_digits,
        "provider_id": req.provider_id,
        "requested_channels": req.channels,
        "notes": req.notes,
        "status": str(req.status),
        "number": number,
        "trunk_id": req.trunk_id,
        "reason": req.reason or None,
        "created_at": timestamp(req.created_at),
        "decided_at": timestamp(req.decided_at),
    }


def kyc(submission: KycSubmission) -> dict[str, object]:
    return {
        "id": submission.id,
        "customer_id": submission.tenant_id,
        "status": str(submission.status),
        "nid_number": submission.fields.get("nid_number"),
        "address": submission.fields.get("address"),
        "documents": [
            {"field": f.field, "filename": f.filename, "content_type": f.content_type, "size": f.size,
             "sha256": f.sha256}
            for f in submission.files
        ],
        "reason": submission.reason or None,
        "submitted_at": timestamp(submission.submitted_at),
        "decided_at": timestamp(submission.decided_at),
    }
