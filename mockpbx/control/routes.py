"""The /_mockpbx blueprint: health plus the route modules, and how refusals render."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from pydantic import ValidationError

from ..core.entities import Vendor
from ..core.errors import DomainError
from . import (
    activity,
    approvals,
    calls,
    clock,
    conformance,
    faults,
    guard,
    journal,
    keys,
    listings,
    money,
    pact_states,
    postman,
    sketches,
    streams,
    truth,
    world_settings,
    worlds,
)
from .context import the_registry
from .errors import ControlError, render_control_error, render_domain_error, render_validation_error


def control_blueprint() -> Blueprint:
    blueprint = Blueprint("control", __name__)
    guard.install(blueprint)  # the admin token and body bounds, for every /_mockpbx path but health

    @blueprint.get("/health")
    def health() -> Response:
        """Liveness and a one-line inventory.

        Returns:
            200 ``{"status": "ok", "version": "0.1.0", "vendors": ["epbx", "pbxcloud",
            "pbxware"], "worlds": n}``.
        """
        from .. import __version__  # the package imports this module, so import the version late

        return jsonify(status="ok", version=__version__, vendors=[str(v) for v in Vendor],
                       worlds=len(the_registry().worlds()))

    for module in (worlds, keys, clock, calls, approvals, world_settings, journal, postman, faults, conformance,
                   listings, money, activity, streams, sketches, truth, pact_states):
        module.register(blueprint)
    blueprint.register_error_handler(DomainError, render_domain_error)
    blueprint.register_error_handler(ControlError, render_control_error)
    blueprint.register_error_handler(ValidationError, render_validation_error)
    return blueprint
