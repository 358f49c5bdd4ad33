"""Golden exchanges: ping and customers (list, create, show, status)."""

from __future__ import annotations

import pytest
from epbx_harness import ACME, AUTH, INITECH, OTHER_AUTH, Harness, assert_exchange, rate_headers

from mockpbx.core import errors
from mockpbx.core.entities import OwnerKind, TenantStatus
from mockpbx.vendors.epbx.slug import laravel_slug


def test_ping_reports_the_reseller_and_its_permissions(h: Harness) -> None:
    assert_exchange(
        h.get("/ping"), 200,
        b'{"status":"success","data":{"reseller_id":1,"reseller_name":"Demo Reseller","white_label":true,'
        b'"permissions":["customers","kyc","extensions","numbers","wallet"],"rate_limit_per_minute":60},'
        b'"message":"pong"}',
        rate_headers(59),
    )


def test_list_customers_shows_only_the_callers_own(h: Harness) -> None:
    assert_exchange(
        h.get("/customers"), 200,
        b'{"status":"success","data":[{"id":2,"company_name":"Acme Corp","domain":"acme-corp.epbx.bd"},'
        b'{"id":3,"company_name":"Globex Ltd","domain":"globex-ltd.epbx.bd"}],'
        b'"meta":{"current_page":1,"per_page":15,"total":2,"last_page":1,"from":1,"to":2}}',
    )
    assert_exchange(
        h.get("/customers", headers=OTHER_AUTH), 200,
        b'{"status":"success","data":[{"id":4,"company_name":"Initech","domain":"initech.epbx.bd"}],'
        b'"meta":{"current_page":1,"per_page":15,"total":1,"last_page":1,"from":1,"to":1}}',
    )


def test_list_customers_pages(h: Harness) -> None:
    assert_exchange(
        h.get("/customers?page=2&per_page=1"), 200,
        b'{"status":"success","data":[{"id":3,"company_name":"Globex Ltd","domain":"globex-ltd.epbx.bd"}],'
        b'"meta":{"current_page":2,"per_page":1,"total":2,"last_page":2,"from":2,"to":2}}',
    )
    assert_exchange(
        h.get("/customers?page=9"), 200,
        b'{"status":"success","data":[],'
        b'"meta":{"current_page":9,"per_page":15,"total":2,"last_page":1,"from":null,"to":null}}',
    )


@pytest.mark.parametrize(("query", "body"), [
    ("per_page=101", b'{"status":"error","message":"The per page field must not be greater than 100.",'
                     b'"errors":{"per_page":["The per page field must not be greater than 100."]}}'),
    ("page=0", b'{"status":"error","message":"The page field must be at least 1.",'
               b'"errors":{"page":["The page field must be at least 1."]}}'),
    ("page=x&per_page=1.5", b'{"status":"error","message":"The page field must be an integer. (and 1 more error)",'
                            b'"errors":{"page":["The page field must be an integer."],'
                            b'"per_page":["The per page field must be an integer."]}}'),
])
def test_list_customers_refuses_bad_paging(h: Harness, query: str, body: bytes) -> None:
    assert_exchange(h.get(f"/customers?{query}"), 422, body)


def test_create_customer_provisions_a_tenant(h: Harness) -> None:
    # Other vendors add tenants to the default world, so the new id is whatever comes next.
    new_id = max(t.id for t in h.world.tenancy.list_tenants()) + 1
    code = h.world.tenancy.next_tenant_code()
    response = h.post("/customers", {"company_name": "Example Corp", "email": "admin@example.com", "package_id": 1})
    assert_exchange(
        response, 201,
        b'{"status":"success","data":{"id":%d,"company_name":"Example Corp","domain":"example-corp.epbx.bd",'
        b'"email":"admin@example.com","package_id":1,"status":"active","created_at":"2026-01-05T09:00:00.000000Z"}}'
        % new_id,
        rate_headers(59),
    )
    tenant = h.world.tenancy.get_tenant(new_id)
    assert (tenant.reseller_id, tenant.code, tenant.ext_length, tenant.package_id) == (1, code, 3, 1)
    assert (tenant.name, tenant.email, tenant.domain) == ("Example Corp", "admin@example.com", "example-corp.epbx.bd")
    assert h.world.billing.wallet_of(OwnerKind.TENANT, new_id).balance == 0


def test_create_customer_domain_gets_a_collision_suffix(h: Harness) -> None:
    first = h.post("/customers", {"company_name": "Acme Corp!", "email": "x@acme2.example", "package_id": 2})
    second = h.post("/customers", {"company_name": "ACME  corp", "email": "y@acme3.example", "package_id": 2})
    assert first.json["data"]["domain"] == "acme-corp-2.epbx.bd"  # type: ignore[index]
    assert second.json["data"]["domain"] == "acme-corp-3.epbx.bd"  # type: ignore[index]


def test_create_customer_domain_folds_accents(h: Harness) -> None:
    response = h.post("/customers", {"company_name": "Öko Strøm Café", "email": "o@oko.example", "package_id": 1})
    assert response.json["data"]["domain"] == "oko-strom-cafe.epbx.bd"  # type: ignore[index]
    assert response.json["data"]["company_name"] == "Öko Strøm Café"  # type: ignore[index]
    assert b'"company_name":"\\u00d6ko Str\\u00f8m Caf\\u00e9"' in response.data

    response = h.post("/customers", {"company_name": "Smith & Sons", "email": "s@s.example", "package_id": 1})
    assert response.json["data"]["domain"] == "smith-sons.epbx.bd"  # type: ignore[index]


@pytest.mark.parametrize(("name", "slug"), [
    ("Acme Corp!", "acme-corp"), ("A.B. Corp", "ab-corp"), ("info@home", "info-at-home"),
    ("Under_score  Co", "under-score-co"), ("--Dash--", "dash"), ("Straße Café", "strasse-cafe"),
    ("ঢাকা টেলিকম", ""), ("!!!", ""),
])
def test_laravel_slug(name: str, slug: str) -> None:
    assert laravel_slug(name) == slug


def test_a_name_with_nothing_sluggable_gets_customer(h: Harness) -> None:
    response = h.post("/customers", {"company_name": "ঢাকা টেলিকম", "email": "d@d.example", "package_id": 1})
    assert response.json["data"]["domain"] == "customer.epbx.bd"  # type: ignore[index]


def test_create_customer_accepts_a_form_body_with_text_numbers(h: Harness) -> None:
    response = h.post("/customers", data={"company_name": "Form Co", "email": "f@form.example", "package_id": "3"})
    assert response.status_code == 201
    assert response.json["data"]["package_id"] == 3  # type: ignore[index]


@pytest.mark.parametrize(("payload", "body"), [
    ({}, b'{"status":"error","message":"The company name field is required. (and 2 more errors)",'
         b'"errors":{"company_name":["The company name field is required."],'
         b'"email":["The email field is required."],"package_id":["The package id field is required."]}}'),
    ({"company_name": "  ", "email": "not-an-email", "package_id": "1"},
     b'{"status":"error","message":"The company name field is required. (and 2 more errors)",'
     b'"errors":{"company_name":["The company name field is required."],'
     b'"email":["The email field must be a valid email address."],'
     b'"package_id":["The package id field must be an integer."]}}'),
    ({"company_name": 5, "email": "a@b.example", "package_id": 99},
     b'{"status":"error","message":"The company name field must be a string. (and 1 more error)",'
     b'"errors":{"company_name":["The company name field must be a string."],'
     b'"package_id":["The selected package id is invalid."]}}'),
    ({"company_name": "x" * 256, "email": "ADMIN@ACME.example", "package_id": 1},
     b'{"status":"error","message":"The company name field must not be greater than 255 characters. '
     b'(and 1 more error)","errors":{"company_name":["The company name field must not be greater than 255 '
     b'characters."],"email":["The email has already been taken."]}}'),
])
def test_create_customer_refusals_change_nothing(h: Harness, payload: dict[str, object], body: bytes) -> None:
    before = h.world.snapshot()
    assert_exchange(h.post("/customers", payload), 422, body)
    assert h.world.snapshot() == before


@pytest.mark.parametrize(("raw", "content_type", "status", "body"), [
    (b'{"company_name": ', "application/json", 400,
     b'{"status":"error","message":"The request body is not valid JSON."}'),
    (b'["Example Corp"]', "application/json", 400,
     b'{"status":"error","message":"The request body is not valid JSON."}'),
    (b'{"amount": NaN}', "application/json", 400,
     b'{"status":"error","message":"The request body is not valid JSON."}'),
    (b"[" * 100_000, "application/json", 400,
     b'{"status":"error","message":"The request body is not valid JSON."}'),
    (b'{"package_id": 1' + b"0" * 5000 + b"}", "application/json", 400,
     b'{"status":"error","message":"The request body is not valid JSON."}'),
    (b'\xff\xfe', "application/json", 400,
     b'{"status":"error","message":"The request body is not valid JSON."}'),
    (b'{"company_name":"A","email":"a@a.example","package_id":1}', "text/plain", 422,
     b'{"status":"error","message":"The company name field is required. (and 2 more errors)",'
     b'"errors":{"company_name":["The company name field is required."],'
     b'"email":["The email field is required."],"package_id":["The package id field is required."]}}'),
], ids=["truncated", "array", "nan", "deep-nesting", "huge-number", "not-utf8", "text-plain"])
def test_unreadable_bodies(h: Harness, raw: bytes, content_type: str, status: int, body: bytes) -> None:
    before = h.world.snapshot()
    assert_exchange(h.post("/customers", data=raw, content_type=content_type), status, body)
    assert h.world.snapshot() == before


def test_show_customer(h: Harness) -> None:
    assert_exchange(
        h.get(f"/customers/{ACME}"), 200,
        b'{"status":"success","data":{"id":2,"company_name":"Acme Corp","domain":"acme-corp.epbx.bd",'
        b'"email":"admin@acme.example","package_id":1,"status":"active","created_at":"2026-01-05T09:00:00.000000Z"}}',
    )


@pytest.mark.parametrize("path", [f"/customers/{INITECH}", "/customers/5", "/customers/6", "/customers/999",
                                  "/customers/abc", "/customers/0", "/customers/-2", f"/customers/{INITECH}/extensions",
                                  f"/customers/{INITECH}/numbers", f"/customers/{INITECH}/kyc"])
def test_someone_elses_customer_is_not_found(h: Harness, path: str) -> None:
    assert_exchange(h.get(path), 404, b'{"status":"error","message":"Customer not found."}')


def test_no_write_reaches_another_resellers_customer(h: Harness) -> None:
    before = h.world.snapshot()
    for response in (
        h.put(f"/customers/{INITECH}/status", {"status": "suspended"}),
        h.post(f"/customers/{INITECH}/extensions", {"extension": "105", "password": "SecurePassword123"}),
        h.post(f"/customers/{INITECH}/numbers", {"preferred_digits": "096", "provider_id": 1,
                                                 "requested_channels": 2}),
        h.post(f"/customers/{INITECH}/wallet", {"amount": "1.00", "action": "add"}),
        h.kyc(INITECH),
    ):
        assert_exchange(response, 404, b'{"status":"error","message":"Customer not found."}')
    assert h.world.snapshot() == before


def test_suspend_and_reactivate(h: Harness) -> None:
    assert_exchange(
        h.put(f"/customers/{ACME}/status", {"status": "suspended"}), 200,
        b'{"status":"success","data":{"id":2,"company_name":"Acme Corp","domain":"acme-corp.epbx.bd",'
        b'"email":"admin@acme.example","package_id":1,"status":"suspended",'
        b'"created_at":"2026-01-05T09:00:00.000000Z"}}',
    )
    assert h.world.tenancy.get_tenant(ACME).status is TenantStatus.SUSPENDED
    with pytest.raises(errors.TenantSuspended):
        h.world.telephony.originate_call(ACME, "101", "0123456789")
    assert h.put(f"/customers/{ACME}/status", {"status": "active"}).json["data"]["status"] == "active"  # type: ignore[index]
    assert h.world.telephony.originate_call(ACME, "101", "0123456789").tenant_id == ACME


@pytest.mark.parametrize("payload", [{}, {"status": "deleted"}, {"status": "Active"}, {"status": 1}])
def test_status_must_be_active_or_suspended(h: Harness, payload: dict[str, object]) -> None:
    before = h.world.snapshot()
    expected = (b'{"status":"error","message":"The status field is required.",'
                b'"errors":{"status":["The status field is required."]}}' if not payload else
                b'{"status":"error","message":"The selected status is invalid.",'
                b'"errors":{"status":["The selected status is invalid."]}}')
    assert_exchange(h.put(f"/customers/{ACME}/status", payload), 422, expected)
    assert h.world.snapshot() == before


def test_headers_carry_the_token_case_insensitively(h: Harness) -> None:
    assert h.get("/ping", headers={"Authorization": "bearer demo-reseller-token"}).status_code == 200
    assert h.get("/ping", headers=AUTH).status_code == 200
