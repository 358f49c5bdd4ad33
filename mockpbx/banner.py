"""The start-up banner: where each vendor answers, and which keys open the default world."""

from __future__ import annotations

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
    lines.append(f"mockpbx listening on {url}")
    return "\n".join(lines)


def _key_lines(registry: Registry) -> list[str]:
    default = next((w for w in registry.worlds() if w.id == DEFAULT_WORLD), None)
    if default is None:
        return []
    issued = {k.key: k for k in default.keys()}
    documented = {name: key for name, key in DEMO_KEYS.items() if key in issued}
    lines = [f'keys of world "{DEFAULT_WORLD}":']
    if documented:
        width = max(len(n) for n in documented) + 2
        lines.extend(f"  {name:<{width}}{key}" for name, key in documented.items())
        return lines
    keys = list(issued.values())
    for key in keys[:KEYS_SHOWN]:
        owner = f" tenant {key.tenant_id}" if key.tenant_id is not None else (
            f" reseller {key.reseller_id}" if key.reseller_id is not None else "")
        lines.append(f"  {key.vendor}/{key.scope}{owner}: {key.key}")
    if len(keys) > KEYS_SHOWN:
        lines.append(f"  ... and {len(keys) - KEYS_SHOWN} more: GET /_mockpbx/worlds/{DEFAULT_WORLD}")
    return lines
