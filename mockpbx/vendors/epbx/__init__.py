"""ePBX White-Label Reseller API V2: JSON REST under /api/v2 with Bearer tokens."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from ...core.entities import Vendor
from ..base import VendorSpec

PREFIX = "/api/v2"


def _error(status: int, message: str) -> Response:
    response = jsonify(status="error", message=message)
    response.status_code = status
    return response


def spec() -> VendorSpec:
    blueprint = Blueprint("epbx", __name__, url_prefix=PREFIX)
    return VendorSpec(
        vendor=Vendor.EPBX,
        title="ePBX White-Label Reseller API V2",
        blueprint=blueprint,
        owns=lambda path: path == PREFIX or path.startswith(PREFIX + "/"),
        not_found=lambda: _error(404, "Not found."),
        internal_error=lambda: _error(500, "Server Error"),
        paths=(PREFIX,),
        hosts=("epbx.bd", "www.epbx.bd"),
    )
