"""The one rule for names that must be unique but ignore case: a tenant's e-mail address and
domain, and a portal user's username.

Real systems compare e-mail addresses and host names without case (an INF choice, recorded in
``contracts/epbx/EMULATION.md``), so ``Admin@X.com`` and ``admin@x.com`` are the same address
whichever door a request comes through: a vendor adapter, a scenario, or a restored snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable

from .state import WorldState

__all__ = ["folded", "duplicates", "state_duplicates"]


def folded(name: str) -> str:
    """The form in which two such names are compared."""
    return name.casefold()


def duplicates(names: Iterable[str | None]) -> list[str]:
    """Names (as first seen) that another, earlier name equals once folded; empty names never clash."""
    seen: set[str] = set()
    clashing: list[str] = []
    for name in names:
        if not name:
            continue
        key = folded(name)
        if key in seen:
            clashing.append(name)
        seen.add(key)
    return clashing


def state_duplicates(state: WorldState) -> dict[str, list[str]]:
    """Per field, the names a whole state holds twice: what a snapshot must not bring in."""
    found = {
        "email": duplicates(t.email for t in state.tenants.values()),
        "domain": duplicates(t.domain for t in state.tenants.values()),
        "username": duplicates(u.username for u in state.users.values()),
    }
    return {field: names for field, names in found.items() if names}
