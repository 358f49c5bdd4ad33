"""The bare Flask baseline: one constant JSON answer, no state. Served by every WSGI server compared."""

from __future__ import annotations

import json

from flask import Flask, Response

BODY = json.dumps({"status": "ok", "extension": {"number": "530", "name": "User 530"}}).encode()

app = Flask("bare")


@app.get("/json")
def bare_json() -> Response:
    return Response(BODY, mimetype="application/json")
