"""Bicom PBXware API v1: one endpoint, action=pbxware.object.method, JSON or PHP-serialized."""

from __future__ import annotations

from flask import Blueprint, Response, request

from ...core.entities import Vendor
from ..base import VendorSpec, param_reader
from .errors import INTERNAL_ERROR, INVALID_API_KEY
from .render import render_error, wants_php
from .routes import ENDPOINTS, install

PATHS = ("/", "/index.php")


def _requested_php() -> bool:
    return wants_php(request.values.get("apiformat"))


def _not_found() -> Response:
    return render_error(INVALID_API_KEY, php=_requested_php())


def _internal_error() -> Response:
    return render_error(INTERNAL_ERROR, php=_requested_php())


def spec() -> VendorSpec:
    blueprint = Blueprint("pbxware", __name__)
    install(blueprint)
    return VendorSpec(
        vendor=Vendor.PBXWARE,
        title="Bicom PBXware API v1",
        blueprint=blueprint,
        owns=lambda path: path in ENDPOINTS,
        not_found=_not_found,
        internal_error=_internal_error,
        paths=PATHS,
        hosts=(),
        key_of=param_reader("apikey"),
        operation_of=param_reader("action"),
    )
