"""Flask apps used by the WSGI server benchmark (``bench.wsgi_servers``).

* ``GET /json``  -- bare endpoint, constant ~300-byte JSON body.
* ``GET /state`` -- "stateful-ish": takes a process-wide ``threading.RLock``, scans a dict of
  10 000 records (filter on one field, like a vendor "list with filter" call) and renders 20 of
  them as JSON, all while holding the lock -- so every request serialises on the lock.
"""

from __future__ import annotations

import json
import random
import threading
from typing import Any

from flask import Flask, Response, request

app = Flask(__name__)

_JSON_BODY = {
    "status": "ok",
    "vendor": "pbxware",
    "server": "bench",
    "tenant": {"id": 4211, "name": "acme-telecom", "package": "business-pro", "country": "GB"},
    "extension": {"number": "1001", "name": "Reception desk", "email": "reception@example.invalid"},
    "flags": {"voicemail": True, "recording": False, "dnd": False, "call_waiting": True},
    "ts": "2026-11-22T12:00:00Z",
}
_JSON_BYTES = json.dumps(_JSON_BODY, separators=(",", ":")).encode()

_LOCK = threading.RLock()
_N_TENANTS = 50
_rng = random.Random(1234)
_STORE: dict[str, dict[str, Any]] = {
    f"ext-{i:05d}": {
        "id": f"ext-{i:05d}",
        "tenant": i % _N_TENANTS,
        "number": str(1000 + i),
        "name": f"User {i}",
        "email": f"user{i}@example.invalid",
        "status": _rng.choice(["active", "suspended"]),
        "voicemail": bool(i % 3),
    }
    for i in range(10_000)
}
_counter = 0


@app.get("/json")
def bare_json() -> Response:
    return Response(_JSON_BYTES, mimetype="application/json")


@app.get("/state")
def stateful() -> Response:
    global _counter
    tenant = int(request.args.get("tenant", "-1"))
    with _LOCK:
        _counter += 1
        t = tenant if tenant >= 0 else _counter % _N_TENANTS
        page = [rec for rec in _STORE.values() if rec["tenant"] == t and rec["status"] == "active"][:20]
        body = json.dumps({"tenant": t, "count": len(page), "items": page})
    return Response(body, mimetype="application/json")


if __name__ == "__main__":  # pragma: no cover
    print(len(_JSON_BYTES), "bytes for /json")
