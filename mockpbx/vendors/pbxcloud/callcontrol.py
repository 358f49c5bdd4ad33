"""Live-call and phone control: TRANSFER, ATXTRANSFER, REBOOT, UNREGISTER, QUEUERESET."""

from __future__ import annotations

from ...core import errors as core
from ...core.entities import Extension
from .calls import call_on_channel
from .context import Context
from .errors import Nothing
from .queues import find_extension, find_queue
from .reply import Reply

TRANSFERRED = "Success|Transfer successfully queued|"
ATTENDED_TRANSFERRED = "Success|Attended transfer successfully queued|"
REBOOTED = "Success|Reboot successfully queued|"
UNREGISTERED = "Success|Unregister successfully queued|"
QUEUE_RESET = "Success|Queue statistics reset|"
ALL_PEERS = "ALL"


def transfer(ctx: Context) -> Reply:
    """``extrachannel`` is accepted and ignored: a mock call is one channel, its far end moves with it."""
    return _transfer(ctx, attended=False)


def attended_transfer(ctx: Context) -> Reply:
    return _transfer(ctx, attended=True)


def _transfer(ctx: Context, *, attended: bool) -> Reply:
    wanted = ctx.params.require("channel").strip()
    dest = ctx.params.require("dest").strip()
    world = ctx.world
    call = call_on_channel(ctx, wanted)
    if call is None:
        raise Nothing()
    # ``dest`` may be a username (``102-DEMO``) of the call's own tenant.
    suffix = f"-{world.tenancy.get_tenant(call.tenant_id).code}"
    number = dest[: -len(suffix)] if dest.endswith(suffix) else dest
    world.telephony.transfer_call(call.id, number, attended=attended)
    return Reply.text(ATTENDED_TRANSFERRED if attended else TRANSFERRED)


def _peers(ctx: Context) -> list[Extension]:
    """``peer`` as a number or ``<number>-<TENANT>``, or ALL; an admin without tenant names it by username."""
    peer = ctx.params.require("peer").strip()
    if peer.upper() == ALL_PEERS:
        return ctx.world.directory.list_extensions(ctx.tenant_id)
    tenant = ctx.tenant
    if tenant is None:
        _, sep, code = peer.rpartition("-")
        try:
            tenant = ctx.world.tenancy.tenant_by_code(code) if sep else None
        except core.TenantNotFound:
            tenant = None
        if tenant is None:
            raise Nothing()
    return [find_extension(ctx.world, tenant, peer)]


def reboot(ctx: Context) -> Reply:
    """A phone that is not registered cannot be told to reboot: a single such peer prints nothing."""
    found = _peers(ctx)
    online = [e for e in found if e.registered]
    if not online and ctx.params.get("peer").strip().upper() != ALL_PEERS:
        raise Nothing()
    for extension in online:
        ctx.world.directory.reboot_extension(extension.id)
    return Reply.text(REBOOTED)


def unregister(ctx: Context) -> Reply:
    for extension in _peers(ctx):
        ctx.world.directory.unregister_extension(extension.id)
    return Reply.text(UNREGISTERED)


def queue_reset(ctx: Context) -> Reply:
    queue = find_queue(ctx.world, ctx.tenant, ctx.params.require("queueid"))
    ctx.world.directory.reset_queue_stats(queue.id)
    return Reply.text(QUEUE_RESET)
