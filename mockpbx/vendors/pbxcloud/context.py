"""Who is asking and for which tenant: the key's scope checked against the request."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ...core import errors as core
from ...core.entities import ApiKey, KeyScope, Tenant
from ...core.world import World
from .errors import KeyRejected, Nothing
from .params import Params

WILDCARD = "%"


class Need(Enum):
    """What a request does, hence which keys may make it."""

    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Context:
    """One authorised request: the world, the key, and the tenant it is about.

    ``tenant`` is None for an admin key that named no tenant (system-wide) or used the
    ``%`` wildcard (``every_tenant``).
    """

    world: World
    key: ApiKey
    params: Params
    tenant: Tenant | None
    every_tenant: bool = False

    @property
    def fmt(self) -> str:
        return self.params.fmt()

    @property
    def tenant_id(self) -> int | None:
        return None if self.tenant is None else self.tenant.id

    def the_tenant(self) -> Tenant:
        """The tenant a tenant-only request needs; an admin that named none gets nothing."""
        if self.tenant is None:
            raise Nothing()
        return self.tenant

    def is_admin(self) -> bool:
        return self.key.scope is KeyScope.ADMIN


def authorise(world: World, key: ApiKey, params: Params, need: Need, *, wildcard: bool = False,
              tenant_optional: bool = False) -> Context:
    """Check the key's scope and its tenant; every failure is the same security-key text.

    ``tenant_optional`` lets a tenant key leave ``tenant`` out (HELP is about no tenant).
    """
    if key.scope not in (KeyScope.ADMIN, KeyScope.TENANT_READ_WRITE, KeyScope.TENANT_READ_ONLY):
        raise KeyRejected()
    if need is Need.ADMIN and key.scope is not KeyScope.ADMIN:
        raise KeyRejected()
    if need is Need.WRITE and key.scope is KeyScope.TENANT_READ_ONLY:
        raise KeyRejected()
    code = params.get("tenant").strip()
    if key.scope is KeyScope.ADMIN:
        if code == "":
            return Context(world, key, params, None)
        if code == WILDCARD and wildcard:
            return Context(world, key, params, None, every_tenant=True)
        return Context(world, key, params, _tenant(world, code))
    if code == "" and tenant_optional and key.tenant_id is not None:
        return Context(world, key, params, world.tenancy.get_tenant(key.tenant_id))
    tenant = _tenant(world, code)
    if tenant.id != key.tenant_id:
        raise KeyRejected()
    return Context(world, key, params, tenant)


def _tenant(world: World, code: str) -> Tenant:
    if code == "":
        raise KeyRejected()
    try:
        return world.tenancy.tenant_by_code(code)
    except core.TenantNotFound:
        pass
    # MiRTA looks the code up in MySQL, whose default collation ignores case.
    folded = code.casefold()
    for tenant in world.tenancy.list_tenants():
        if tenant.code.casefold() == folded:
            return tenant
    raise KeyRejected()
