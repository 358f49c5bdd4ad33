"""The start-up banner: where each vendor answers, and which keys open the default world."""

from __future__ import annotations

import ipaddress

from .core.entities import ApiKey
from .core.registry import DEFAULT_WORLD, Registry
from .core.scenarios import DEMO_KEYS
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
    """The default world's keys in issue order: documented demo keys by name, others by scope."""
    default = next((w for w in registry.worlds() if w.id == DEFAULT_WORLD), None)
    if default is None:
        return []
    names = {key: name for name, key in DEMO_KEYS.items()}
    keys = default.keys()
    labels = [names.get(k.key) or f"{k.vendor}/{k.scope}{_owner(k)}" for k in keys[:KEYS_SHOWN]]
    width = max((len(label) for label in labels), default=0) + 2
    lines = [f'keys of world "{DEFAULT_WORLD}":']
    lines.extend(f"  {label:<{width}}{key.key}" for label, key in zip(labels, keys, strict=False))
    if len(keys) > KEYS_SHOWN:
        lines.append(f"  ... and {len(keys) - KEYS_SHOWN} more: GET /_mockpbx/worlds/{DEFAULT_WORLD}")
    return lines


def _owner(key: ApiKey) -> str:
    if key.tenant_id is not None:
        return f" tenant {key.tenant_id}"
    return f" reseller {key.reseller_id}" if key.reseller_id is not None else ""
