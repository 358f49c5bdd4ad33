"""The start-up banner: where each vendor answers, and every world's keys as a request sends them."""

from __future__ import annotations

import ipaddress

from .core.entities import ApiKey, KeyScope, Vendor
from .core.registry import Registry
from .core.world import World
from .settings import Settings
from .vendors.base import VendorSpec

KEYS_SHOWN = 12


def base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def banner(settings: Settings, registry: Registry, specs: list[VendorSpec], *, host: str, port: int,
           version: str) -> str:
    url = base_url(host, port)
    worlds = registry.worlds()
    lines = [f"mockpbx {version}: {len(worlds)} world(s), clock {settings.clock} x{settings.clock_scale:g}, "
             f"{settings.threads} threads"]
    width = max(len(s.title) for s in specs) + 2
    for spec in specs:
        for n, path in enumerate(spec.paths):
            lines.append(f"  {(spec.title if n == 0 else ''):<{width}}{url}{path}")
    lines.append(f"  {'control plane':<{width}}{url}/_mockpbx/health")
    lines.append(f"  {'dashboard':<{width}}{url}/_mockpbx/ui/")
    lines.extend(_key_lines(registry))
    if host in ("0.0.0.0", "::"):
        lines.append(f"(listening on all interfaces; use this machine's address instead of {host})")
    if settings.admin_token is not None:
        lines.append("control plane: locked; send 'Authorization: Bearer <admin token>' (health stays open)")
    elif not is_loopback(host):
        lines.append(f"WARNING: the control plane is open to anyone who reaches {url}: they can read every key, "
                     "overwrite and delete worlds. Set --admin-token or MOCKPBX_ADMIN_TOKEN.")
    lines.append(f"mockpbx listening on {url}")
    return "\n".join(lines)


def is_loopback(host: str) -> bool:
    """Only this machine can connect (127.0.0.0/8, ::1, localhost)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def _key_lines(registry: Registry) -> list[str]:
    """Every world's keys in issue order, each with exactly what a request sends with it."""
    lines: list[str] = []
    for world in registry.worlds():
        keys = world.keys()
        rows = [(VENDOR_NAMES.get(k.vendor, str(k.vendor)), _scope(world, k), _credential(world, k))
                for k in keys[:KEYS_SHOWN]]
        lines.append(f'world "{world.id}" (scenario {world.scenario.name}): {len(keys)} key(s)')
        vendor_width = max((len(r[0]) for r in rows), default=0) + 2
        scope_width = max((len(r[1]) for r in rows), default=0) + 2
        lines.extend(f"  {vendor:<{vendor_width}}{scope:<{scope_width}}{credential}"
                     for vendor, scope, credential in rows)
        if len(keys) > KEYS_SHOWN:
            lines.append(f"  ... and {len(keys) - KEYS_SHOWN} more: GET /_mockpbx/worlds/{world.id}/keys")
    return lines


VENDOR_NAMES = {Vendor.EPBX: "ePBX", Vendor.PBXCLOUD: "MiRTA", Vendor.PBXWARE: "PBXware"}
_SCOPES = {KeyScope.RESELLER: "reseller", KeyScope.ADMIN: "admin, every tenant", KeyScope.TENANT_READ_WRITE:
           "read/write", KeyScope.TENANT_READ_ONLY: "read-only", KeyScope.MASTER: "master, every tenant",
           KeyScope.RESTRICTED: "restricted"}


def _scope(world: World, key: ApiKey) -> str:
    scope = _SCOPES.get(key.scope, str(key.scope))
    if key.vendor is Vendor.EPBX and key.reseller_id is not None:
        return f'{scope} "{world.tenancy.get_reseller(key.reseller_id).name}"'
    if key.allowed_actions is not None:
        return f"{scope} to {len(key.allowed_actions)} action(s)"
    return scope


def _credential(world: World, key: ApiKey) -> str:
    """The key as a request carries it: the header, or the query parameters with the tenant's code."""
    if key.vendor is Vendor.EPBX:
        return f"Authorization: Bearer {key.key}"
    if key.vendor is Vendor.PBXCLOUD:
        if key.tenant_id is None:
            return f"key={key.key}&tenant=<any tenant code>"
        return f"key={key.key}&tenant={world.tenancy.get_tenant(key.tenant_id).code}"
    if key.tenant_id is not None:  # PBXware names a tenant by its server id
        return f"apikey={key.key}&server={key.tenant_id}"
    return f"apikey={key.key}"
