"""PBXCloud = MiRTA PBX proxyapi.php: query-string key and reqtype, text/CSV/JSON/audio answers."""

from __future__ import annotations

from flask import Blueprint, Response

from ...core.entities import Vendor
from ..base import VendorSpec, param_reader
from .reply import HTML
from .routes import install

PATHS = ("/pbx/proxyapi.php", "/mirtapbx/proxyapi.php")


def _empty() -> Response:
    # MiRTA answers everything it does not understand with HTTP 200 and no body.
    return Response(b"", status=200, content_type=HTML)


def spec() -> VendorSpec:
    blueprint = Blueprint("pbxcloud", __name__)
    install(blueprint, PATHS)
    return VendorSpec(
        vendor=Vendor.PBXCLOUD,
        title="PBXCloud / MiRTA proxyapi",
        blueprint=blueprint,
        owns=lambda path: path.startswith(("/pbx/", "/mirtapbx/")),
        not_found=_empty,
        internal_error=_empty,
        paths=PATHS,
        key_of=param_reader("key"),
        operation_of=param_reader("reqtype", upper=True),
        hosts=("portal.pbxcloud.eu",),
    )
