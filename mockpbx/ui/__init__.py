"""The dashboard: one server-rendered page under ``/_mockpbx/ui/`` and the files it loads.

The page shell and its script and style load without the admin token (they hold no world
data); every data call the script makes goes to the control plane and sends the token.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, render_template
from werkzeug.wrappers import Response as BaseResponse

from .. import __version__
from ..core.faults import CATALOGUE
from ..core.telephony import MAGIC_NUMBERS

UI_PREFIX = "/_mockpbx/ui"
# What the create-world form offers; any scenario file path on the server works too.
SCENARIOS = ("default", "demo", "pbxware-box")


def ui_blueprint() -> Blueprint:
    blueprint = Blueprint("ui", __name__, static_folder="static", template_folder="templates",
                          static_url_path="/static")

    @blueprint.get("/")
    def page() -> Response:
        """The dashboard page: landmarks, forms and empty tables the script fills in."""
        settings = current_app.extensions.get("mockpbx.settings")
        html = render_template("dashboard.html", version=__version__, scenarios=SCENARIOS,
                               magic_numbers=MAGIC_NUMBERS, faults=tuple(CATALOGUE),
                               default_scenario=getattr(settings, "scenario", "default"))
        response = Response(html, status=200, mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; style-src 'self'; "
            "script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
        return response

    @blueprint.get("")
    def bare() -> BaseResponse:
        return redirect(f"{UI_PREFIX}/", code=308)

    return blueprint
