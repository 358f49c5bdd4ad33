"""INFO: one function per ``info=`` value; an unknown value prints nothing."""

from __future__ import annotations

from collections.abc import Callable

from ...core import errors as core
from ...core.audio import MP3_CONTENT_TYPE
from ...core.entities import Call, OwnerKind, Recording, Tenant
from ...core.world import World
from . import cdrs, flows, queues, reports
from .answers import NOTHING, ONE_ROW, Answer, Layout, Pairs, Table
from .context import Context
from .errors import KeyRejected, Nothing
from .reply import EMPTY, Reply
from .rows import DIRECTIONS, DISPOSITIONS, Row, did_row, extension_row, lookup_id, tenant_row, uniqueid, username, when

EXTENSION_COLUMNS = ("Number", "Name", "Tech", "State", "Username", "Password")
DID_COLUMNS = ("Country", "Area", "Number", "Tenant", "Comment", "Recording", "Faxstation ID", "FAX Email",
               "Max Channels", "Recording EMail", "SMS Email")

InfoHandler = Callable[[Context], Answer]
# EXTENSIONS and DIDS: a pipe table with its header even when empty; json the database rows
# (DIDS' joined with the tenant's, under both keys); csv and xml nothing.
DIRECTORY_LAYOUT = Layout(csv=NOTHING, xml=NOTHING, header_when_empty=True)
DIDS_LAYOUT = Layout(csv=NOTHING, xml=NOTHING, json="doubled", header_when_empty=True)


def _tenants(world: World) -> dict[int, Tenant]:
    return {t.id: t for t in world.tenancy.list_tenants()}


def extensions(ctx: Context) -> Table:
    # A tenant's request lists only that tenant's extensions: no need to read every tenant.
    tenants = _tenants(ctx.world) if ctx.tenant is None else {ctx.tenant.id: ctx.tenant}
    found = ctx.world.directory.list_extensions(ctx.tenant_id)
    live = ctx.world.telephony.live_calls(ctx.tenant_id)
    calls_by_tenant: dict[int, list[Call]] = {}
    for call in live:
        calls_by_tenant.setdefault(call.tenant_id, []).append(call)
    states = {e.id: queues.device_state(ctx.world, e, calls_by_tenant.get(e.tenant_id, ())) for e in found}
    return Table(EXTENSION_COLUMNS, [
        (e.number, e.name, e.tech.value, states[e.id], username(e, tenants[e.tenant_id]), e.secret)
        for e in found
    ], DIRECTORY_LAYOUT, records=lambda: [
        {**extension_row(e), "password": e.secret, "st_state": states[e.id]} for e in found])


def extension_states(ctx: Context) -> Answer:
    tenant = ctx.the_tenant()
    wanted = ctx.params.get("ext").strip()
    found = [e for e in ctx.world.directory.list_extensions(tenant.id) if not wanted or e.number == wanted]
    if not found:
        return EMPTY
    states: dict[str, dict[str, str]] = {}
    for extension in found:
        partner = ""
        for call in ctx.world.telephony.live_calls(tenant.id):
            if call.src_extension_id == extension.id:
                partner = call.dst
            elif call.dst_extension_id == extension.id:
                partner = call.src
        states[extension.number] = {"state": queues.device_state(ctx.world, extension), "with": partner}
    return Pairs(states, lambda state: f"{state['state']}:{state['with']}")


def dids(ctx: Context) -> Table:
    tenants = _tenants(ctx.world)
    found = ctx.world.numbering.list_dids(ctx.tenant_id)

    def joined() -> list[Row]:
        rows = []
        for did in found:
            tenant = tenants.get(did.tenant_id) if did.tenant_id is not None else None
            rows.append({**did_row(did), **(tenant_row(tenant) if tenant else {})})
        return rows

    return Table(DID_COLUMNS, [
        (did.attributes.get("country", ""), did.attributes.get("area", ""), did.number,
         tenants[did.tenant_id].code if did.tenant_id in tenants else "", did.comment,
         "yes" if did.record_calls else "", "", "", did.attributes.get("maxchannels", "0"), "", "")
        for did in found
    ], DIDS_LAYOUT, records=joined)


def config(ctx: Context) -> Table:
    row = tenant_row(ctx.the_tenant())
    return Table(list(row), [list(row.values())], ONE_ROW)


def balance(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    try:
        wallet = ctx.world.billing.wallet_of(OwnerKind.TENANT, tenant.id)
    except core.NotFound:
        return EMPTY
    return Reply.text(f"{wallet.balance:.2f}")


def _visible_recording(ctx: Context) -> Recording | None:
    """The recording ``id`` names (uniqueid or originate id), if this request may see it."""
    try:
        recording = ctx.world.telephony.find_recording(lookup_id(ctx.params.require("id")))
    except core.NotFound:
        return None
    if ctx.tenant is not None and recording.tenant_id != ctx.tenant.id:
        return None
    return recording


def _recording(ctx: Context) -> Reply:
    recording = _visible_recording(ctx)
    if recording is None:
        return EMPTY
    # Synthesis is pure and slow-ish: it runs here, outside the world's lock.
    return Reply(ctx.world.telephony.recording_audio(recording), MP3_CONTENT_TYPE)


def recording_metadata(ctx: Context) -> Reply:
    """``re_id|re_uniqueid|re_name|re_date|re_format|re_size`` (CLIENT): one pipe line, no header,
    no line break, pipe text whatever ``format`` says; ``re_size`` is the bytes INFO recording serves."""
    recording = _visible_recording(ctx)
    if recording is None:
        return EMPTY
    size = len(ctx.world.telephony.recording_audio(recording))
    fields = (str(recording.id), uniqueid(recording.uniqueid), recording_file_name(recording),
              when(recording.created_at) or "", "mp3", str(size))
    # The header still follows ``format`` (OBS: MiRTA sets it from the parameter, not the body).
    return Reply.text("|".join(fields))


def recording_file_name(recording: Recording) -> str:
    """INF: MiRTA's naming of recording files is unpublished; the mock names them by uniqueid."""
    return f"{uniqueid(recording.uniqueid)}.mp3"


def call_info(ctx: Context) -> Answer:
    """A call by originate id or uniqueid: live state while it lasts, its CDR once it ended."""
    identifier = lookup_id(ctx.params.require("id"))
    row: dict[str, str | None]
    try:
        call = ctx.world.telephony.find_live_call(identifier)
        tenant_id = call.tenant_id
        row = {"id": call.originate_id, "uniqueid": uniqueid(call.uniqueid), "status": call.state.value.upper(),
               "source": call.src, "dest": call.dst, "start": when(call.created_at),
               "answer": when(call.answered_at), "disposition": ""}
    except core.NotFound:
        try:
            cdr = ctx.world.telephony.find_cdr(identifier)
        except core.NotFound:
            return EMPTY
        tenant_id = cdr.tenant_id
        row = {"id": cdr.originate_id, "uniqueid": uniqueid(cdr.uniqueid), "status": "ENDED", "source": cdr.src,
               "dest": cdr.dst, "start": when(cdr.start), "answer": when(cdr.answer),
               "disposition": DISPOSITIONS[cdr.disposition], "direction": DIRECTIONS[cdr.direction]}
    if ctx.tenant is not None and tenant_id != ctx.tenant.id:
        return EMPTY
    return Table(list(row), [list(row.values())], ONE_ROW)


def call_variables(ctx: Context) -> Answer:
    """The variables DIAL's ``var`` gave a call (``TENANT-name``), live or ended, by originate id or uniqueid."""
    try:
        tenant_id, variables = ctx.world.telephony.call_variables(lookup_id(ctx.params.require("id")))
    except core.NotFound:
        return EMPTY
    if ctx.tenant is not None and tenant_id != ctx.tenant.id:
        return EMPTY
    return Pairs(variables)


def voicemail_audio(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    wanted = ctx.params.require("id").strip()
    for message in ctx.world.media.list_voicemail(tenant.id):
        if str(message.id) == wanted or message.msgid == wanted:
            return Reply(ctx.world.media.voicemail_audio(message), "audio/wav")
    return EMPTY


def tenants(ctx: Context) -> Pairs:
    if not ctx.is_admin():
        raise KeyRejected()
    found = ctx.world.tenancy.list_tenants()
    return Pairs({str(t.id): t.code for t in found})


def version(ctx: Context) -> Reply:
    if not ctx.is_admin():
        raise KeyRejected()
    return EMPTY


def _nothing(ctx: Context) -> Reply:
    return EMPTY


INFO: dict[str, InfoHandler] = {
    "QUEUES": queues.queues,
    "QUEUE": queues.queue_info,
    "AGENTS": queues.agents,
    "AGENTSCONNECTED": lambda ctx: queues.agents(ctx, connected_only=True),
    "AGENTSDELAY": reports.agents_delay,
    "OUTDIALED": reports.outdialed,
    "CALL": call_info,
    "INFORECORDING": recording_metadata,
    "RECORDING": _recording,
    "PLAYRECORDING": _recording,
    "VOICEMAIL": voicemail_audio,
    "VOICEMAILTRANSCRIPT": _nothing,
    "DIDS": dids,
    "EXTENSIONS": extensions,
    "EXTSTATE": extension_states,
    "CONFIG": config,
    "CDRS": cdrs.cdrs,
    "SIMPLECDRS": cdrs.simple_cdrs,
    "QUEUELOGS": cdrs.queue_logs,
    "BALANCE": balance,
    "FLOW": flows.flow_info,
    "VARIABLE": call_variables,
    "IVRLOGS": reports.ivr_logs,
    "TRANSCRIPT": _nothing,
    "TENANTS": tenants,
    "VERSION": version,
}
# Only these accept ``tenant=%``, as HELP says ("you can use wildcard % for the tenant code").
WILDCARD_INFO = frozenset({"CDRS", "SIMPLECDRS"})


def info(ctx: Context) -> Answer:
    handler = INFO.get(ctx.params.enum("info"))
    if handler is None:
        raise Nothing()
    return handler(ctx)


__all__ = ["INFO", "WILDCARD_INFO", "info"]
