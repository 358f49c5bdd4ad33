"""Provider states for the pact verification: sentences backed by the built-in scenarios."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from mockpbx.core.registry import DEFAULT_WORLD, Registry

StateHandler = Callable[[Literal["setup", "teardown"], dict[str, Any] | None], None]


def state_handlers(registry: Registry) -> dict[str, StateHandler]:
    """Every state a committed pact may name, bound to the registry the server serves."""

    def default_world(action: Literal["setup", "teardown"], parameters: dict[str, Any] | None = None) -> None:
        if action == "setup":
            registry.get(DEFAULT_WORLD).reset()

    return {
        "the default world": default_world,
        "reseller Demo Reseller with customers Acme Corp and Globex Ltd": default_world,
        "tenant DEMO with extension 402": default_world,
        "tenants t1.dot.com and Demo Company": default_world,
    }
