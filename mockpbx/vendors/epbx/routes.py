"""The /api/v2 blueprint: the protocol around every endpoint (protocol.py), then the route table
(``endpoints/``) registered by its one installer (table.py)."""

from __future__ import annotations

from flask import Blueprint

from .endpoints import build_table
from .protocol import install as install_protocol
from .table import install


def build_blueprint(prefix: str) -> Blueprint:
    bp = Blueprint("epbx", __name__, url_prefix=prefix)
    install_protocol(bp)
    install(bp, build_table())
    return bp
