"""Control-plane routes: a thin JSON layer over the registry and world verbs."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from ..vendors.base import registry

VERSION = "0.1.0"


def control_blueprint() -> Blueprint:
    blueprint = Blueprint("control", __name__)

    @blueprint.get("/health")
    def health() -> Response:
        return jsonify(status="ok", version=VERSION, vendors=["epbx", "pbxcloud", "pbxware"],
                       worlds=len(registry().worlds()))

    return blueprint
