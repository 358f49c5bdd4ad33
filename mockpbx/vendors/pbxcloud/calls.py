"""Calls: DIAL, HANGUP, the live channel views, COUNTCALLS and the CDR userfield."""

from __future__ import annotations

from ...core import errors as core
from ...core.entities import Call, CallState, Tenant
from ...core.world import World
from .answers import AS_PLAIN, ONE_ROW, Answer, Layout, Record, Table
from .context import Context
from .errors import Nothing
from .params import Params
from .reply import EMPTY, Reply
from .rows import call_state, cdr_userfield, channel_name, lookup_id

DIAL_QUEUED = "Originate successfully queued"
# CLIENT: the text a DIAL from an unknown extension (or another tenant's account) gets back.
NO_EXTENSION = "Extension does not exist."
# Undocumented: MiRTA's other originate failure text is unknown; this one is the mock's choice.
DIAL_FAILED = "Originate failed"
HANGUP_DONE = "Success|Hangup successfully queued|"
CDR_UPDATED = "Success|CDR updated|"
_RECORDING = {"YES": True, "YESCHANGE": True, "NO": False, "NOCHANGE": False}
CHANNEL_COLUMNS = ("Channel", "State", "CallerIDNum", "CallerIDName", "Extension", "Duration", "UniqueID",
                   "Tenant")
# The channel views print a pipe table whatever csv or xml ask for; CHANNEL's json is one object.
CHANNEL_LAYOUT = Layout(csv=AS_PLAIN, xml=AS_PLAIN)


def local_number(value: str, tenant: Tenant) -> str:
    """``402`` from ``402`` or the username form ``402-DEMO``."""
    suffix = f"-{tenant.code}"
    return value[: -len(suffix)] if value.endswith(suffix) else value


def _seconds(params: Params, name: str) -> int | None:
    value = params.optional_number(name)
    if value is not None and not 0 < value <= 86_400:
        raise Nothing()
    return value


def _variables(params: Params, tenant: Tenant) -> dict[str, str]:
    variables: dict[str, str] = {}
    for assignment in params.all("var"):
        if assignment == "":
            continue
        name, sep, value = assignment.partition("=")
        if not sep or not name.strip():
            raise Nothing()
        variables[f"{tenant.code}-{name.strip()}"] = value
    return variables


def _dialling_tenant(ctx: Context) -> Tenant:
    """The request's tenant; an admin key may leave it out when ``account`` names it (``402-DEMO``)."""
    if ctx.tenant is not None:
        return ctx.tenant
    _, sep, code = ctx.params.get("account").rpartition("-")
    if not sep or not code:
        raise Nothing()
    try:
        return ctx.world.tenancy.tenant_by_code(code)
    except core.TenantNotFound:
        raise Nothing() from None


def dial_answer(response: str, message: str, originate_id: str | None = None) -> Record:
    """DIAL's answer: an AMI-style pipe line, or with ``format=json`` the same fields as an object
    (CLIENT: ``{"Response":"Success","Message":…,"ID":…}``; a refusal has no ``ID``)."""
    fields = {"Response": response, "Message": message}
    if originate_id is not None:
        fields["ID"] = originate_id
    return Record(fields)


def _foreign_account(account: str, tenant: Tenant) -> bool:
    """``101-OTHER`` dialled through tenant DEMO: an account is ``<number>-<TENANT>``, and only
    the request's own tenant's accounts may place its calls."""
    number, sep, code = account.rpartition("-")
    return bool(sep and number and code) and code.upper() != tenant.code.upper()


def dial(ctx: Context) -> Answer:
    tenant = _dialling_tenant(ctx)
    params = ctx.params
    source = params.get("source") or params.get("exten")
    account = params.get("account").strip()
    if source.upper() == "ACCOUNT":
        source = account
    dest = (params.get("dest") or params.get("phone")).strip()
    if not source.strip() or not dest:
        raise Nothing()
    if _foreign_account(account, tenant) or _foreign_account(source.strip(), tenant):
        return dial_answer("Error", NO_EXTENSION)
    source = local_number(source.strip(), tenant)
    if account.upper() == "SOURCE" or not account:
        account = f"{source}-{tenant.code}"
    recording_word = params.enum("recording")
    if recording_word and recording_word not in _RECORDING:
        raise Nothing()
    ring_timeout, max_seconds = _seconds(params, "dialtimeout"), _seconds(params, "timeout")
    variables = _variables(params, tenant)
    try:
        call = ctx.world.telephony.originate_call(
            tenant.id, source, dest, caller_name=params.get("destclid"), account=account,
            record=_RECORDING.get(recording_word), autoanswer=params.enum("autoanswer") == "YES",
            ring_timeout=ring_timeout, max_seconds=max_seconds, variables=variables,
        )
    except core.ExtensionNotFound:
        return dial_answer("Error", NO_EXTENSION)
    except core.DomainError:
        return dial_answer("Error", DIAL_FAILED)
    return dial_answer("Success", DIAL_QUEUED, call.originate_id)


def _codes(world: World) -> dict[int, str]:
    return {t.id: t.code for t in world.tenancy.list_tenants()}


def _live(ctx: Context) -> list[Call]:
    """Calls with a channel up: a queued originate has none until the PBX starts dialling."""
    return [c for c in ctx.world.telephony.live_calls(ctx.tenant_id) if c.state is not CallState.QUEUED]


def _channel_row(call: Call, code: str, now: float) -> dict[str, str]:
    return {
        "Channel": channel_name(call, f"{call.src}-{code}"),
        "State": call_state(call),
        "CallerIDNum": call.src,
        "CallerIDName": call.caller_name,
        "Extension": call.dst,
        "Duration": str(max(0, int(now - call.created_at))),
        "UniqueID": call.uniqueid,
        "Tenant": code,
    }


def channel_rows(ctx: Context) -> list[dict[str, str]]:
    codes = _codes(ctx.world)
    now = ctx.world.clock.now()
    return [_channel_row(call, codes.get(call.tenant_id, ""), now) for call in _live(ctx)]


def channels(ctx: Context) -> Table:
    return _channel_table(channel_rows(ctx))


def _channel_table(rows: list[dict[str, str]], layout: Layout = CHANNEL_LAYOUT) -> Table:
    return Table(CHANNEL_COLUMNS, [list(r.values()) for r in rows], layout)


def current_calls(ctx: Context) -> Table:
    """GETCURRENTCALLS: CHANNELS' rows for the calls ``phone`` (number or username) is in, only the
    first unless ``multiple=yes`` (DOC, captured HELP); without ``phone``, every channel (INF)."""
    phone = ctx.params.get("phone").strip()
    if not phone:
        return channels(ctx)
    codes = _codes(ctx.world)
    now = ctx.world.clock.now()
    rows = []
    for call in _live(ctx):
        code = codes.get(call.tenant_id, "")
        if phone in (call.src, call.dst, f"{call.src}-{code}", f"{call.dst}-{code}"):
            rows.append(_channel_row(call, code, now))
    if ctx.params.enum("multiple") != "YES":
        rows = rows[:1]
    return _channel_table(rows)


def channel(ctx: Context) -> Answer:
    wanted = ctx.params.require("channel")
    rows = [r for r in channel_rows(ctx) if r["Channel"] == wanted]
    if not rows:
        return EMPTY
    return _channel_table(rows[:1], ONE_ROW)


def count_calls(ctx: Context) -> Reply:
    return Reply.text(str(len(_live(ctx))))


def call_on_channel(ctx: Context, wanted: str) -> Call | None:
    """The live call whose channel CHANNELS prints as ``wanted``, within the request's tenant."""
    codes = _codes(ctx.world)
    for call in _live(ctx):
        if channel_name(call, f"{call.src}-{codes.get(call.tenant_id, '')}") == wanted:
            return call
    return None


def hangup(ctx: Context) -> Reply:
    wanted_channel = ctx.params.get("channel").strip()
    wanted_extension = ctx.params.get("extension").strip()
    if not wanted_channel and not wanted_extension:
        raise Nothing()
    codes = _codes(ctx.world)
    for call in ctx.world.telephony.live_calls(ctx.tenant_id):
        code = codes.get(call.tenant_id, "")
        ends = (call.src, call.dst, f"{call.src}-{code}", f"{call.dst}-{code}")
        if (wanted_channel and wanted_channel == channel_name(call, f"{call.src}-{code}")) or (
            wanted_extension and wanted_extension in ends
        ):
            ctx.world.telephony.hangup_call(call.id)
            return Reply.text(HANGUP_DONE)
    return EMPTY


def cdr(ctx: Context) -> Reply:
    """CDR GET prints the raw field whatever ``format`` says; only ``userfield`` is exposed."""
    action = ctx.params.enum("action", "GET")
    if ctx.params.get("field", "userfield").lower() != "userfield":
        raise Nothing()
    identifier = lookup_id(ctx.params.require("uniqueid"))
    try:
        found = ctx.world.telephony.find_cdr(identifier)
    except core.NotFound:
        return EMPTY
    if ctx.tenant is not None and found.tenant_id != ctx.tenant.id:
        return EMPTY
    if action == "GET":
        return Reply.text(cdr_userfield(found))
    if action == "UPDATE":
        ctx.world.telephony.set_cdr_userfield(found.uniqueid, ctx.params.get("value"))
        return Reply.text(CDR_UPDATED)
    return EMPTY
