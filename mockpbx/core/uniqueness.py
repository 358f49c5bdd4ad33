"""The one rule for names that must be unique but ignore case: a tenant's e-mail address and
domain, and a portal user's username.

:func:`folded` is the rule. :func:`taken` is the check every create and edit makes (tenancy
for e-mail and domain, accounts for usernames, and ePBX's validation through
``Tenancy.tenant_email_taken``); :func:`state_duplicates` is the check a snapshot restore and a
state file make. Both compare through :func:`folded`, so no door applies another rule.

Real systems compare e-mail addresses and host names without case (an INF choice, recorded in
``contracts/epbx/EMULATION.md``), so ``Admin@X.com`` and ``admin@x.com`` are the same address
whichever door a request comes through: a vendor adapter, a scenario, or a restored snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable

from .state import WorldState

__all__ = ["folded", "taken", "duplicates", "state_duplicates"]


def folded(name: str) -> str:
    """The form in which two such names are compared."""
    return name.casefold()


def taken(wanted: str | None, held: Iterable[str | None]) -> bool:
    """Whether ``wanted`` equals, once folded, one of the names already ``held``: the check
    every create and edit makes (the caller leaves out the record being edited)."""
    if not wanted:
        return False
    key = folded(wanted)
    return any(name and folded(name) == key for name in held)


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
