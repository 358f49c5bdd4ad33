"""Who owns what: resellers, packages, tenants and the API keys that reach them."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from . import errors
from .base import WorldBase, verb
from .billing import Billing
from .entities import ApiKey, Attributes, KeyScope, OwnerKind, Package, Reseller, Tenant, TenantStatus, Vendor
from .uniqueness import folded

_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    slug = _SLUG.sub("-", text.lower()).strip("-")
    return slug or "customer"


class TenancyVerbs(WorldBase):
    billing: Billing  # the world's billing aggregate: every wallet opens there

    # -- keys -----------------------------------------------------------------------------

    @verb
    def issue_key(
        self,
        vendor: Vendor,
        scope: KeyScope,
        *,
        key: str | None = None,
        tenant_id: int | None = None,
        reseller_id: int | None = None,
        allowed_actions: tuple[str, ...] | None = None,
    ) -> ApiKey:
        value = key if key is not None else f"{self.id}-{self._ids.token(20)}"
        if value in self._state.keys:
            raise errors.AlreadyExists("key already issued", key=value)
        self._keyring.claim(self.id, value)
        api_key = ApiKey(value, vendor, scope, tenant_id, reseller_id, allowed_actions)
        self._state.keys[value] = api_key
        return api_key

    def find_key(self, key: str) -> ApiKey | None:
        # A plain dict read: safe without the lock, and keeps auth off the world's lock.
        return self._state.keys.get(key)

    @verb
    def keys(self) -> list[ApiKey]:
        return list(self._state.keys.values())

    @verb
    def revoke_key(self, key: str) -> None:
        if self._state.keys.pop(key, None) is None:
            raise errors.NotFound("no such key", key=key)
        self._keyring.release(self.id, (key,))

    # -- resellers ------------------------------------------------------------------------

    @verb
    def create_reseller(self, name: str, *, currency: str = "BDT", opening_balance: Decimal = Decimal("0")) -> Reseller:
        reseller = Reseller(self._ids.next("reseller"), name, currency)
        self._state.resellers[reseller.id] = reseller
        wallet = self.billing.open_wallet(OwnerKind.RESELLER, reseller.id, currency)
        if opening_balance:
            self.billing.post_entry(wallet.id, opening_balance, kind="opening", memo="opening balance")
        return reseller

    @verb
    def get_reseller(self, reseller_id: int) -> Reseller:
        try:
            return self._state.resellers[reseller_id]
        except KeyError:
            raise errors.ResellerNotFound("no such reseller", reseller_id=reseller_id) from None

    @verb
    def list_resellers(self) -> list[Reseller]:
        return list(self._state.resellers.values())

    # -- packages -------------------------------------------------------------------------

    @verb
    def create_package(
        self,
        name: str,
        *,
        rate_per_minute: Decimal = Decimal("0.00"),
        max_extensions: int = 100,
        attributes: Attributes | None = None,
    ) -> Package:
        package = Package(self._ids.next("package"), name, rate_per_minute, max_extensions, dict(attributes or {}))
        self._state.packages[package.id] = package
        return package

    @verb
    def get_package(self, package_id: int) -> Package:
        try:
            return self._state.packages[package_id]
        except KeyError:
            raise errors.PackageNotFound("no such package", package_id=package_id) from None

    @verb
    def list_packages(self) -> list[Package]:
        return list(self._state.packages.values())

    @verb
    def update_package(self, package_id: int, **changes: object) -> Package:
        package = dataclasses.replace(self.get_package(package_id), **changes)  # type: ignore[arg-type]
        self._state.packages[package_id] = package
        return package

    @verb
    def delete_package(self, package_id: int) -> None:
        self.get_package(package_id)
        if any(t.package_id == package_id for t in self._state.tenants.values()):
            raise errors.InvalidState("package is in use by a tenant", package_id=package_id)
        del self._state.packages[package_id]

    # -- tenants --------------------------------------------------------------------------

    @verb
    def create_tenant(
        self,
        code: str,
        name: str,
        *,
        package_id: int | None = None,
        ext_length: int = 3,
        country: str = "US",
        reseller_id: int | None = None,
        email: str | None = None,
        domain: str | None = None,
        attributes: Attributes | None = None,
        tenant_id: int | None = None,
    ) -> Tenant:
        """Create a tenant; ``tenant_id`` fixes its id (a scenario naming the ids a contract uses)."""
        if code in self._ix.tenant_by_code:
            raise errors.TenantCodeTaken("tenant code already in use", field="code", code=code)
        if package_id is not None:
            self.get_package(package_id)
        if reseller_id is not None:
            self.get_reseller(reseller_id)
        self._require_free_email(email)
        self._require_free_domain(domain)
        if not 2 <= ext_length <= 16:
            raise errors.InvalidArgument("extension length must be 2 to 16", field="ext_length")
        if tenant_id is not None and (tenant_id < 1 or tenant_id in self._state.tenants):
            raise errors.AlreadyExists("tenant id already in use", field="id", tenant_id=tenant_id)
        if tenant_id is not None:
            self._ids.ensure_above("tenant", tenant_id)
        tenant = Tenant(
            id=tenant_id if tenant_id is not None else self._ids.next("tenant"),
            code=code,
            name=name,
            package_id=package_id,
            ext_length=ext_length,
            country=country,
            reseller_id=reseller_id,
            email=email,
            domain=domain,
            created_at=self._stamp(),
            attributes=dict(attributes or {}),
        )
        self._state.tenants[tenant.id] = tenant
        self._ix.tenant_by_code[code] = tenant.id
        self.billing.open_wallet(OwnerKind.TENANT, tenant.id, self._state.settings.currency)
        return tenant

    @verb
    def tenant_email_taken(self, email: str, *, except_tenant: int | None = None) -> bool:
        """Whether another tenant has this e-mail address, compared without case (core/uniqueness.py)."""
        wanted = folded(email)
        return any(t.email is not None and folded(t.email) == wanted and t.id != except_tenant
                   for t in self._state.tenants.values())

    def _require_free_email(self, email: str | None, except_tenant: int | None = None) -> None:
        if email and self.tenant_email_taken(email, except_tenant=except_tenant):
            raise errors.EmailTaken("email already in use", field="email", email=email)

    def _domain_taken(self, domain: str, except_tenant: int | None = None) -> bool:
        wanted = folded(domain)
        return any(t.domain is not None and folded(t.domain) == wanted and t.id != except_tenant
                   for t in self._state.tenants.values())

    def _require_free_domain(self, domain: str | None, except_tenant: int | None = None) -> None:
        if domain and self._domain_taken(domain, except_tenant):
            raise errors.AlreadyExists("domain already in use", field="domain", domain=domain)

    @verb
    def unique_domain(self, company_name: str, suffix: str) -> str:
        """``<slug>.<suffix>``, with ``-2``, ``-3`` ... appended until no tenant has it."""
        base = slugify(company_name)
        candidate, n = f"{base}.{suffix}", 1
        while self._domain_taken(candidate):
            n += 1
            candidate = f"{base}-{n}.{suffix}"
        return candidate

    @verb
    def next_tenant_code(self, width: int = 3) -> str:
        """The lowest free numeric code of ``width`` digits, starting at 100 for three."""
        low = 10 ** (width - 1)
        for number in range(low, 10**width):
            if str(number) not in self._ix.tenant_by_code:
                return str(number)
        raise errors.LimitExceeded("no tenant code left", width=width)

    @verb
    def get_tenant(self, tenant_id: int) -> Tenant:
        try:
            return self._state.tenants[tenant_id]
        except KeyError:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id) from None

    @verb
    def tenant_by_code(self, code: str) -> Tenant:
        tenant_id = self._ix.tenant_by_code.get(code)
        if tenant_id is None:
            raise errors.TenantNotFound("no such tenant", code=code)
        return self._state.tenants[tenant_id]

    @verb
    def list_tenants(self, *, reseller_id: int | None = None) -> list[Tenant]:
        tenants = self._state.tenants.values()
        return [t for t in tenants if reseller_id is None or t.reseller_id == reseller_id]

    @verb
    def update_tenant(self, tenant_id: int, **changes: object) -> Tenant:
        current = self.get_tenant(tenant_id)
        if "code" in changes and changes["code"] != current.code:
            code = str(changes["code"])
            if code in self._ix.tenant_by_code:
                raise errors.TenantCodeTaken("tenant code already in use", field="code", code=code)
            del self._ix.tenant_by_code[current.code]
            self._ix.tenant_by_code[code] = tenant_id
        if changes.get("package_id") is not None:
            self.get_package(int(str(changes["package_id"])))
        if changes.get("email") is not None:
            self._require_free_email(str(changes["email"]), except_tenant=tenant_id)
        if changes.get("domain") is not None:
            self._require_free_domain(str(changes["domain"]), except_tenant=tenant_id)
        tenant = dataclasses.replace(current, **changes)  # type: ignore[arg-type]
        self._state.tenants[tenant_id] = tenant
        return tenant

    @verb
    def set_tenant_status(self, tenant_id: int, status: TenantStatus) -> Tenant:
        return self.update_tenant(tenant_id, status=status)

    @verb
    def delete_tenant(self, tenant_id: int) -> None:
        tenant = self.get_tenant(tenant_id)
        state = self._state
        if any(c.tenant_id == tenant_id for c in state.calls.values()):
            raise errors.InvalidState("tenant has live calls", tenant_id=tenant_id)
        for table in (state.extensions, state.queues, state.features, state.custom_destinations,
                      state.phonebook, state.media_files, state.voicemail_boxes, state.voicemail, state.flows,
                      state.virtual_extensions, state.response_paths, state.campaigns):
            for key in [k for k, v in table.items() if v.tenant_id == tenant_id]:
                del table[key]
        for did in [d for d in state.dids.values() if d.tenant_id == tenant_id]:
            state.dids[did.id] = dataclasses.replace(did, tenant_id=None, destination=None)
        self._ix.extension_by_number = {k: v for k, v in self._ix.extension_by_number.items() if k[0] != tenant_id}
        self._ix.extensions_by_tenant.pop(tenant_id, None)
        revoked = [k for k, v in state.keys.items() if v.tenant_id == tenant_id]
        for value in revoked:
            del state.keys[value]  # a tenant's keys die with it; its CDRs and ledger stay as history
        self._keyring.release(self.id, revoked)
        del state.tenants[tenant_id]
        del self._ix.tenant_by_code[tenant.code]
