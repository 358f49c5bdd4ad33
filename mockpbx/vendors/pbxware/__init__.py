"""Bicom PBXware API v1: one endpoint, action=pbxware.object.method, JSON or PHP-serialized."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from ...core.entities import Vendor
from ..base import VendorSpec

PATHS = ("/", "/index.php")


def _error(message: str) -> Response:
    # PBXware reports every failure inside an HTTP 200.
    return jsonify(error=message)


def spec() -> VendorSpec:
    blueprint = Blueprint("pbxware", __name__)
    return VendorSpec(
        vendor=Vendor.PBXWARE,
        title="Bicom PBXware API v1",
        blueprint=blueprint,
        owns=lambda path: path in ("/", "//", "/index.php"),
        not_found=lambda: _error("Invalid API key."),
        internal_error=lambda: _error("Internal error."),
        paths=PATHS,
        hosts=(),
    )
