"""Trunk ids PBXware checks by form, not by existence.

PBXware's API validates a request's fields by regex (every refusal quotes one); it keeps no
foreign key from a DID or a tenant to the trunk it names [INF]. So ``did.add``/``did.edit``
``trunk``, ``tenant.trunks.set``'s trunk fields and ``sms.trunks.tenants.set``'s ``id`` accept
the id of a trunk deleted since, and keep it: a DID goes on naming it (inbound calls still
reach the DID's destination) while ``trunk.list`` and ``trunk.configuration`` say it is gone.
Bicom's own collection relies on it: it deletes every trunk it listed and then adds a DID on,
and sets an SMS trunk to, the ids it deleted. An id the world never issued is still refused,
so a mistyped id is not silently stored.
"""

from __future__ import annotations

from ....core.errors import TrunkNotFound
from .registry import ActionContext, PbxwareError

TRUNK = "trunk"
SMS_TRUNK = "sms_trunk"
# The SMS trunk a tenant was set to after that trunk was deleted (the core links only live ones).
GONE_SMS_TRUNK = "sms_trunk_gone"


def was_issued(ctx: ActionContext, kind: str, trunk_id: int) -> bool:
    """Whether a trunk of ``kind`` (``trunk``/``sms_trunk``) has or once had ``trunk_id``."""
    return 1 <= trunk_id < ctx.world.peek_id(kind)


def trunk_reference(ctx: ActionContext, trunk_id: int) -> int:
    """``trunk_id`` if a trunk has it now or had it once; ``Invalid trunk ID.`` otherwise."""
    if not was_issued(ctx, TRUNK, trunk_id):
        raise PbxwareError("Invalid trunk ID.")
    return trunk_id


def live_trunk(ctx: ActionContext, trunk_id: int) -> bool:
    """Whether ``trunk_id`` (already known to be well formed) names a trunk that exists now."""
    try:
        ctx.world.numbering.get_trunk(trunk_id)
    except TrunkNotFound:
        return False
    return True
