"""Who owns what: resellers, packages and tenants (the API keys that reach them are the world's)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from . import errors
from .base import IndexedAggregate, WorldBase, verb
from .billing import Billing
from .entities import Attributes, OwnerKind, Package, Reseller, Tenant, TenantStatus
from .state import WorldState
from .uniqueness import taken

_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    slug = _SLUG.sub("-", text.lower()).strip("-")
    return slug or "customer"


@dataclass(slots=True)
class TenancyIndexes:
    """Lookups over tenants; never snapshotted, always rebuildable."""

    tenant_by_code: dict[str, int] = field(default_factory=dict)
    # Id sets kept in ascending id order, so one reseller's tenants list, or one page of them,
    # in id order without a scan or a sort of every tenant.
    tenants_by_reseller: dict[int, dict[int, None]] = field(default_factory=dict)

    @classmethod
    def build(cls, state: WorldState) -> TenancyIndexes:
        ix = cls()
        ix.tenant_by_code = {t.code: t.id for t in state.tenants.values()}
        for tenant in sorted(state.tenants.values(), key=lambda t: t.id):
            if tenant.reseller_id is not None:
                ix.tenants_by_reseller.setdefault(tenant.reseller_id, {})[tenant.id] = None
        return ix


class Tenancy(IndexedAggregate[TenancyIndexes]):
    """Resellers, packages and tenants.

    Owns ``WorldState.resellers``, ``packages`` and ``tenants`` and :class:`TenancyIndexes`.
    Deleting a tenant is the world's orchestration (``World.delete_tenant``): each owner
    forgets the tenant's records, then :meth:`remove_tenant` drops the tenant itself.
    """


    def __init__(self, world: WorldBase, billing: Billing) -> None:
        super().__init__(world, TenancyIndexes.build)
        self._billing = billing  # every reseller and tenant opens its wallet there

    # -- resellers ------------------------------------------------------------------------

    @verb
    def create_reseller(self, name: str, *, currency: str = "BDT", opening_balance: Decimal = Decimal("0")) -> Reseller:
        reseller = Reseller(self._ids.next("reseller"), name, currency)
        self._state.resellers[reseller.id] = reseller
        wallet = self._billing.open_wallet(OwnerKind.RESELLER, reseller.id, currency)
        if opening_balance:
            self._billing.post_entry(wallet.id, opening_balance, kind="opening", memo="opening balance")
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
        if reseller_id is not None:
            group = self._ix.tenants_by_reseller.setdefault(reseller_id, {})
            if group and next(reversed(group)) > tenant.id:
                self._regroup(reseller_id)  # an explicit id below the reseller's last: rare
            else:
                group[tenant.id] = None
        self._billing.open_wallet(OwnerKind.TENANT, tenant.id, self._state.settings.currency)
        return tenant

    @verb
    def tenant_email_taken(self, email: str, *, except_tenant: int | None = None) -> bool:
        """Whether another tenant has this e-mail address, compared without case (core/uniqueness.py)."""
        return taken(email, (t.email for t in self._state.tenants.values() if t.id != except_tenant))

    def _require_free_email(self, email: str | None, except_tenant: int | None = None) -> None:
        if email and self.tenant_email_taken(email, except_tenant=except_tenant):
            raise errors.EmailTaken("email already in use", field="email", email=email)

    def _domain_taken(self, domain: str, except_tenant: int | None = None) -> bool:
        return taken(domain, (t.domain for t in self._state.tenants.values() if t.id != except_tenant))

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
        """Every tenant in creation order, or one reseller's in id order at O(its tenants)."""
        tenants = self._state.tenants
        if reseller_id is None:
            return list(tenants.values())
        return [tenants[t] for t in self._ix.tenants_by_reseller.get(reseller_id, ())]

    @verb
    def reseller_tenants(self, reseller_id: int, start: int, count: int) -> tuple[list[Tenant], int]:
        """One page of a reseller's tenants in id order, and how many it has: O(start + count)."""
        group = self._ix.tenants_by_reseller.get(reseller_id, {})
        tenants = self._state.tenants
        return [tenants[t] for t in islice(group, start, start + count)], len(group)

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
        if tenant.reseller_id != current.reseller_id:
            self._regroup(current.reseller_id)
            self._regroup(tenant.reseller_id)
        return tenant

    def _regroup(self, reseller_id: int | None) -> None:
        """Rebuild one reseller's tenant set in id order (a tenant changed reseller: rare)."""
        if reseller_id is None:
            return
        mine = {t: None for t in sorted(t.id for t in self._state.tenants.values() if t.reseller_id == reseller_id)}
        if mine:
            self._ix.tenants_by_reseller[reseller_id] = mine
        else:
            self._ix.tenants_by_reseller.pop(reseller_id, None)

    @verb
    def set_tenant_status(self, tenant_id: int, status: TenantStatus) -> Tenant:
        return self.update_tenant(tenant_id, status=status)

    @verb
    def remove_tenant(self, tenant_id: int) -> Tenant:
        """Drop the tenant record and its index entries; ``World.delete_tenant`` first has every
        other owner forget the tenant's records."""
        tenant = self.get_tenant(tenant_id)
        del self._state.tenants[tenant_id]
        del self._ix.tenant_by_code[tenant.code]
        reseller_id = tenant.reseller_id
        group = self._ix.tenants_by_reseller.get(reseller_id) if reseller_id is not None else None
        if reseller_id is not None and group is not None:
            del group[tenant_id]
            if not group:
                del self._ix.tenants_by_reseller[reseller_id]
        return tenant
