"""POST /_mockpbx/pact/provider-states: the Pact state-change protocol, for any Pact verifier.

pact-python, pact-js, pact-jvm and ``pact_verifier_cli --state-change-url`` post
``{"state": ..., "params": {...}, "action": "setup" | "teardown"}`` (or send the same as query
parameters when told not to use a body) and read the JSON object answered as the values of
``fromProviderState`` expressions. The sentences are in mockpbx/pact/states.py.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, jsonify, request
from pydantic import BaseModel, ConfigDict, Field

from ..core.registry import DEFAULT_WORLD
from ..pact.states import StateError, change_state
from .bodies import checked_world_id, json_body
from .context import world
from .errors import ControlError
from .guard import QUERY_TOKEN


class StateChange(BaseModel):
    model_config = ConfigDict(extra="ignore")  # verifiers add fields of their own (consumer, ...)
    state: str = Field("", max_length=1000)
    params: dict[str, Any] = Field(default_factory=dict)
    action: str = Field("setup", max_length=16)


# The query's own words, not a state's params: ``token`` is the admin token (see control/guard.py).
_NOT_PARAMS = frozenset({"state", "action", "params", "world", QUERY_TOKEN})


def _world_id() -> str:
    raw = request.args.get("world", DEFAULT_WORLD)
    return checked_world_id(raw)


def _change() -> StateChange:
    if request.get_data(cache=True).strip():
        return StateChange.model_validate(json_body())
    # Verifiers told to send no body put state, action and params in the query string.
    params_text = request.args.get("params")
    try:
        params = json.loads(params_text) if params_text else {}
    except ValueError:
        raise ControlError(400, "params must be a JSON object", "malformed_json") from None
    extra = {k: v for k, v in request.args.items() if k not in _NOT_PARAMS}
    merged = params if isinstance(params, dict) else {}
    return StateChange.model_validate({"state": request.args.get("state", ""),
                                       "action": request.args.get("action", "setup"),
                                       "params": {**extra, **merged}})


def register(bp: Blueprint) -> None:
    @bp.post("/pact/provider-states")
    def provider_state() -> Response:
        """Set a Pact provider state up (or tear it down) in a world.

        Query:
            ``world=<id>`` (default ``default``); without a body, also ``state``, ``action``
            and the params (each as its own parameter, or ``params`` as a JSON object).

        Body:
            ``{"state": "tenant ACME has 3 CDRs", "params": {...}, "action": "setup"}``.

        Returns:
            200 with the values for ``fromProviderState`` (``{}`` for a teardown, which resets
            the world); 422 ``unknown_state`` for a sentence mockpbx does not know, 422
            ``invalid_state`` for one it cannot set up (the world is then unchanged).
        """
        change = _change()
        found = world(_world_id())
        try:
            values = change_state(found, change.state, change.params, change.action)
        except StateError as exc:
            raise ControlError(422, exc.message, exc.code) from None
        return jsonify(values)
