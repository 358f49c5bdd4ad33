"""``pbxware.uads.*``: user agent descriptions (phone models) and whether each is enabled.

The catalogue is fixed; activation is per tenant, kept in ``Tenant.attributes`` as
``uad.<id>.enabled``. On the master server (server=1) the system-wide defaults are shown
and cannot be changed here.
"""

from __future__ import annotations

from ....core.entities import Tenant
from .common import keyed, require_id
from .registry import MASTER_SERVER, ActionContext, ActionTable, PbxwareError

# id -> (name, full name, enabled by default)
UADS: dict[int, tuple[str, str, bool]] = {
    50: ("generic_sip", "Generic SIP", True),
    51: ("generic_iax", "Generic IAX", True),
    52: ("generic_pjsip", "Generic PJSIP", True),
    60: ("gxp2170", "Grandstream GXP2170", True),
    61: ("grp2614", "Grandstream GRP2614", False),
    70: ("t46u", "Yealink T46U", True),
    71: ("t54w", "Yealink T54W", True),
    72: ("w76p", "Yealink W76P", False),
    80: ("vvx450", "Polycom VVX 450", False),
    90: ("glocom_desktop", "gloCOM Desktop", True),
    91: ("glocom_go", "gloCOM GO", True),
}


def _enabled(tenant: Tenant | None, uad_id: int) -> bool:
    default = UADS[uad_id][2]
    if tenant is None:
        return default
    return tenant.attributes.get(f"uad.{uad_id}.enabled", "1" if default else "0") == "1"


def _tenant_or_master(ctx: ActionContext) -> Tenant | None:
    return None if ctx.server() == MASTER_SERVER else ctx.tenant()


def _switch(ctx: ActionContext, enabled: bool) -> object:
    uad_id = require_id(ctx)
    tenant = _tenant_or_master(ctx)
    if uad_id not in UADS:
        raise PbxwareError("Invalid UAD ID.")
    if tenant is None:
        raise PbxwareError("In tenant mode, make sure server is a tenant ID.")
    current = ctx.world.tenancy.get_tenant(tenant.id)
    flag = "1" if enabled else "0"
    ctx.world.tenancy.update_tenant(tenant.id, attributes={**current.attributes, f"uad.{uad_id}.enabled": flag})
    state = "activated" if enabled else "deactivated"
    return {"success": f"UAD {state} successfully.", "id": str(uad_id)}


def register(table: ActionTable) -> None:
    @table.action("pbxware.uads.list")
    def uads_list(ctx: ActionContext) -> object:
        tenant = _tenant_or_master(ctx)
        return keyed({
            uad_id: {"name": name, "fullname": fullname, "enabled": _enabled(tenant, uad_id)}
            for uad_id, (name, fullname, _) in UADS.items()
        })

    @table.action("pbxware.uads.activate")
    def uads_activate(ctx: ActionContext) -> object:
        return _switch(ctx, True)

    @table.action("pbxware.uads.deactivate")
    def uads_deactivate(ctx: ActionContext) -> object:
        return _switch(ctx, False)
