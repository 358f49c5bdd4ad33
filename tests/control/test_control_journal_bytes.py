"""The journal read back is byte for byte what the same entries, built eagerly, would print."""

from __future__ import annotations

from io import BytesIO

from flask import jsonify

from mockpbx import create_app
from mockpbx.control.serialize import journal_json
from mockpbx.core.clock import ClockMode
from mockpbx.core.entities import JournalEntry
from mockpbx.settings import Settings

BASE = "/_mockpbx/worlds/default"
EPOCH = 1767603600.0


def test_journal_bytes_match_eagerly_built_entries() -> None:
    app = create_app(Settings(clock=ClockMode.MANUAL))
    client = app.test_client()
    client.get("/?apikey=Test123456789&action=pbxware.tenant.list&action=ignored")
    client.post("/pbx/proxyapi.php?reqtype=INFO&tenant=DEMO",
                data={"key": "demo-DEMO-ro", "info": "extensions", "upload": (BytesIO(b"x"), "a.wav")},
                content_type="multipart/form-data")
    client.get("/pbx/proxyapi.php?key=demo-DEMO-ro&reqtype=NOSUCH&tenant=DEMO")
    body = client.get(f"{BASE}/journal").data
    expected = [
        JournalEntry(EPOCH, "pbxware", "GET", "/", {"apikey": "Test123456789", "action": "pbxware.tenant.list"},
                     200, "ok"),
        JournalEntry(EPOCH, "pbxcloud", "POST", "/pbx/proxyapi.php",
                     {"reqtype": "INFO", "tenant": "DEMO", "key": "demo-DEMO-ro", "info": "extensions",
                      "upload": "<file 'a.wav'>"}, 200, "ok"),
        JournalEntry(EPOCH, "pbxcloud", "GET", "/pbx/proxyapi.php",
                     {"key": "demo-DEMO-ro", "reqtype": "NOSUCH", "tenant": "DEMO"}, 200, "empty"),
    ]
    with app.app_context():
        assert body == jsonify(entries=[journal_json(entry) for entry in expected]).data
