"""The single endpoint: authorise the key, dispatch on ``reqtype``, render MiRTA's bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, Response, request

from ...core.entities import Vendor
from ...core.errors import DomainError
from ...core.registry import Credential
from ..base import Exchange, exchange, in_world
from . import (
    callcontrol,
    calls,
    campaign,
    configuration,
    flows,
    info,
    messaging,
    peers,
    phonebook,
    queues,
    responsepath,
    users,
    voicemail,
)
from . import help as usage
from .answers import Answer
from .context import Context, Need, authorise
from .errors import ERRORS, KeyRejected, Nothing, ProxyApiRefusal
from .managedb import managedb
from .params import Params, Upload, part_file_name
from .renderers import jsonp, render
from .reply import Reply, to_response

Handler = Callable[[Context], Answer]
# Media files are prompts and music on hold; anything larger is refused as MiRTA's upload limit would.
MAX_UPLOAD_BYTES = 16 * 1024 * 1024


def _read(_: Params) -> Need:
    return Need.READ


def _write(_: Params) -> Need:
    return Need.WRITE


def _admin(_: Params) -> Need:
    return Need.ADMIN


def _write_unless(*reads: str, option: str = "action", default: str = "") -> Callable[[Params], Need]:
    def need(params: Params) -> Need:
        return Need.READ if params.enum(option, default) in reads else Need.WRITE

    return need


@dataclass(frozen=True, slots=True)
class Route:
    handler: Handler
    need: Callable[[Params], Need] = _read
    wildcard: Callable[[Params], bool] = lambda params: False
    tenant_optional: bool = False
    help: usage.Help = field(kw_only=True)


# In the order HELP prints them: each entry carries its HELP block, so none can be left out.
REQTYPES: dict[str, Route] = {
    "COUNTPEERS": Route(peers.count_peers, help=usage.COUNTPEERS),
    "COUNTCHANNELS": Route(peers.count_channels, help=usage.COUNTCHANNELS),
    "CHANSIPPEERS": Route(peers.peers, help=usage.CHANSIPPEERS),
    "PEERS": Route(peers.peers, help=usage.PEERS),
    "BLFS": Route(flows.blfs, help=usage.BLFS),
    "FLOWS": Route(flows.flows, help=usage.FLOWS),
    "CHANNEL": Route(calls.channel, help=usage.CHANNEL),
    "CHANNELS": Route(calls.channels, help=usage.CHANNELS),
    "GETCURRENTCALLS": Route(calls.current_calls, help=usage.GETCURRENTCALLS),
    "PHONEBOOKS": Route(phonebook.phonebooks, help=usage.PHONEBOOKS),
    "PHONEBOOK": Route(phonebook.phonebook, phonebook.phonebook_need, help=usage.PHONEBOOK),
    "DND": Route(phonebook.dnd, phonebook.dnd_need, help=usage.DND),
    "INFO": Route(info.info, wildcard=lambda params: params.enum("info") in info.WILDCARD_INFO, help=usage.INFO),
    "AGENT": Route(queues.agent, _write_unless("LISTQUEUES"), help=usage.AGENT),
    "ATXTRANSFER": Route(callcontrol.attended_transfer, _write, help=usage.ATXTRANSFER),
    "CAMPAIGN": Route(campaign.campaign, _write_unless("LIST"), help=usage.CAMPAIGN),
    "DIAL": Route(calls.dial, _write, help=usage.DIAL),
    "FAX": Route(messaging.fax, messaging.fax_need, help=usage.FAX),
    "HANGUP": Route(calls.hangup, _write, help=usage.HANGUP),
    "MEDIAFILE": Route(voicemail.media_file, help=usage.MEDIAFILE),
    "QUEUE": Route(queues.queue, _write_unless("LIST", default="LIST"), help=usage.QUEUE),
    "QUEUERESET": Route(callcontrol.queue_reset, _write, help=usage.QUEUERESET),
    "REBOOT": Route(callcontrol.reboot, _write, help=usage.REBOOT),
    "RESPONSEPATH": Route(responsepath.response_path, help=usage.RESPONSEPATH),
    "SETFLOW": Route(flows.set_flow, _write, help=usage.SETFLOW),
    "SMS": Route(messaging.sms, _write, help=usage.SMS),
    "TRANSFER": Route(callcontrol.transfer, _write, help=usage.TRANSFER),
    "UNREGISTER": Route(callcontrol.unregister, _write, help=usage.UNREGISTER),
    "USERGROUP": Route(users.user_groups, help=usage.USERGROUP),
    "VIRTUALEXT": Route(flows.virtual_extension, _write_unless("LIST", default="LIST"), help=usage.VIRTUALEXT),
    "VOICEMAIL": Route(voicemail.voicemail, lambda params: voicemail.voicemail_need(params.enum("action", "LIST")),
                       help=usage.VOICEMAIL),
    "SETTING": Route(configuration.setting, configuration.setting_need, help=usage.SETTING),
    "COUNTCALLS": Route(calls.count_calls, help=usage.COUNTCALLS),
    "LICENSEDAYS": Route(configuration.licence_days, tenant_optional=True, help=usage.LICENSEDAYS),
    "BALANCE": Route(info.balance, help=usage.BALANCE),
    "CDR": Route(calls.cdr, _write_unless("GET", default="GET"), help=usage.CDR),
    "MANAGEDB": Route(managedb, _admin, help=usage.MANAGEDB),
    "CHECKAUTH": Route(users.check_auth, users.login_need, help=usage.CHECKAUTH),
    "AUTHTOKEN": Route(users.auth_token, _write, help=usage.AUTHTOKEN),
    "GETWEBRTCAUTH": Route(users.webrtc_auth, users.login_need, help=usage.GETWEBRTCAUTH),
    "HELP": Route(lambda ctx: Reply.text(help_text()), tenant_optional=True, help=usage.HELP),
}


def help_text() -> str:
    """HELP's answer, printed from the table (a reqtype added at run time is listed too)."""
    return usage.help_text((name, route.help) for name, route in REQTYPES.items())


def _params(record: Exchange) -> Params:
    values = record.merged_params()
    files: dict[str, Upload] = {}
    if record.form is not None:  # only a form body can carry files
        for name, stored in request.files.items():
            data = stored.read(MAX_UPLOAD_BYTES + 1)
            if len(data) <= MAX_UPLOAD_BYTES:
                raw_name = part_file_name(stored.headers.get("Content-Disposition", ""))
                files[name] = Upload(raw_name or stored.filename or "", stored.mimetype or "", data)
    return Params(values, record.repeated_params(), files)


def answer(params: Params, record: Exchange | None = None) -> Reply:
    """The whole request, minus HTTP: any refusal is a vendor-shaped reply, never an exception."""
    credential = (record or exchange()).resolve_key(params.get("key"), Vendor.PBXCLOUD)
    if credential is None:
        raise KeyRejected()
    route = REQTYPES.get(params.enum("reqtype"))
    if route is None:
        raise Nothing()
    # One transaction for the key's scope check and the handler: INFO CDRS's several reads see one instant.
    return in_world(credential.world, _serve, route, credential, params, record or exchange())


def _serve(route: Route, credential: Credential, params: Params, record: Exchange) -> Reply:
    ctx = authorise(credential.world, credential.key, params, route.need(params), wildcard=route.wildcard(params),
                    tenant_optional=route.tenant_optional)
    try:
        return render(route.handler(ctx), params.fmt())
    except DomainError as error:
        record.refuse(error)
        return ERRORS.lookup(error)


def proxyapi() -> Response:
    record = exchange()  # fetched once: every helper lookup goes through a context proxy
    params = _params(record)
    try:
        reply = jsonp(answer(params, record), params.fmt(), params.get("callback"))
        if not reply.body and record.refusal is None:
            record.outcome = "empty"
    except ProxyApiRefusal as refusal:
        # Refusals are printed before any JSONP wrapping would happen.
        reply = refusal.reply
        record.outcome = "refused" if isinstance(refusal, KeyRejected) else "empty"
    return to_response(reply, params.fmt())


def install(blueprint: Blueprint, paths: tuple[str, ...]) -> None:
    for path in paths:
        endpoint = path.strip("/").replace("/", "_").replace(".", "_")
        blueprint.add_url_rule(path, endpoint, proxyapi, methods=["GET", "POST"])


__all__ = ["REQTYPES", "answer", "install"]
