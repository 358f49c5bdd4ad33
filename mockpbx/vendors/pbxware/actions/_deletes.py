"""Where PBXware keeps an object, and so where a ``*.delete`` request can remove it.

DIDs and tenant packages are system records: Bicom's docs say of ``did.delete`` "In Tenant
Mode make sure this is always set to 1" and of ``package.delete`` "Server ID which must be
set to 1" [DOC]. Extensions live in their tenant. A delete whose ``server`` is not that place
removes nothing and still answers success, as ``tenant.delete`` answers success and keeps the
tenant [OBS swarmdialer]. [INF] It is the one behaviour under which Bicom's collection passes
in its own order: it deletes ``{{DID-IDs}}``, ``{{TenantPackageID}}`` and ``{{ExtensionIDs}}``
with ``server={{Srv/Tenant-ID}}`` and keeps using them afterwards.
"""

from __future__ import annotations

from .registry import MASTER_SERVER, ActionContext


def kept_here(ctx: ActionContext) -> bool:
    """Whether ``server`` names the system, where DIDs and packages are kept (absent means 1)."""
    return ctx.server() == MASTER_SERVER

