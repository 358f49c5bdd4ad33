"""``GET /ping``: who the token speaks for, and what it may do."""

from __future__ import annotations

from ..auth import PERMISSIONS
from ..table import Answer, Call, Endpoint


def ping(call: Call) -> Answer:
    who = call.caller
    return Answer({
        "reseller_id": who.reseller.id,
        "reseller_name": who.reseller.name,
        "white_label": True,
        "permissions": list(PERMISSIONS),
        "rate_limit_per_minute": who.world.settings.rate_limit_per_minute,
    }, {"message": "pong"})


ENDPOINTS = (Endpoint("GET", "/ping", ping),)
