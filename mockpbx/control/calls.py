"""Live calls: place one (from an extension, or from outside to a DID), list them, hang up."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from ..core import errors
from ..core.entities import Call
from ..core.world import World
from .bodies import Originate, json_body
from .context import world
from .serialize import call_json, cdr_json


def _tenant_id(found: World, tenant: int | str) -> int:
    # A JSON number is a tenant id; a string is a tenant code (PBXware codes are digits too).
    if isinstance(tenant, int):
        return found.tenancy.get_tenant(tenant).id
    return found.tenancy.tenant_by_code(tenant).id


def _live_call(found: World, call_ref: str) -> Call:
    """A live call by its id, uniqueid or originate id."""
    for call in found.telephony.live_calls():
        if call_ref in (str(call.id), call.uniqueid, call.originate_id):
            return call
    raise errors.CallNotFound("no such live call", call=call_ref)


def register(bp: Blueprint) -> None:
    @bp.post("/worlds/<world_id>/calls")
    def originate_call(world_id: str) -> Response:
        """Place a call.

        Body:
            outbound or internal: ``{"tenant": "DEMO" | 2, "from": "102", "to": "5550005"}``;
            inbound: ``{"did": "4535150000", "from": "4520304050"}``. Optional: ``caller_name``,
            ``outcome`` (answered, busy, no_answer, failed) and ``talk_seconds`` force how the
            call plays out; otherwise the magic numbers and the world's seed decide.

        Returns:
            201 with the call (state ``queued``); 404 for an unknown tenant, extension or DID;
            409 if the tenant is suspended or the extension is at its call limit; 422 for a
            bad field.
        """
        body = Originate.model_validate(json_body())
        found = world(world_id)
        with found.transaction():
            if body.did is not None:
                call = found.telephony.receive_call(body.did, body.caller, caller_name=body.caller_name,
                                                    outcome=body.outcome, talk_seconds=body.talk_seconds)
            else:
                assert body.tenant is not None and body.to is not None
                call = found.telephony.originate_call(_tenant_id(found, body.tenant), body.caller, body.to,
                                                      caller_name=body.caller_name, outcome=body.outcome,
                                                      talk_seconds=body.talk_seconds)
        response = jsonify(call_json(call))
        response.status_code = 201
        return response

    @bp.get("/worlds/<world_id>/calls")
    def list_calls(world_id: str) -> Response:
        """Live calls, oldest first; ``?tenant=CODE`` narrows to one tenant.

        Returns:
            200 ``{"calls": [...]}``; 404 for an unknown tenant code.
        """
        found = world(world_id)
        code = request.args.get("tenant")
        tenant_id = found.tenancy.tenant_by_code(code).id if code else None
        return jsonify(calls=[call_json(c) for c in found.telephony.live_calls(tenant_id)])

    @bp.get("/worlds/<world_id>/calls/<call_ref>")
    def read_call(world_id: str, call_ref: str) -> Response:
        """One live call by id, uniqueid or originate id; 404 once it has ended."""
        return jsonify(call_json(_live_call(world(world_id), call_ref)))

    @bp.delete("/worlds/<world_id>/calls/<call_ref>")
    def hangup_call(world_id: str, call_ref: str) -> Response:
        """Hang up a live call now.

        Returns:
            200 with the CDR it left (an unanswered call ends as no_answer, a queued one as
            failed); 404 if the call is not live.
        """
        found = world(world_id)
        with found.transaction():
            cdr = found.telephony.hangup_call(_live_call(found, call_ref).id)
        return jsonify(cdr_json(cdr))
