"""In-process interception: the vendors' real hosts answered by the app, other traffic untouched."""

from __future__ import annotations

import pytest
import requests
from flask import Flask

from mockpbx.testing import MockPbx, mock_pbx


def test_pbxware_on_a_configured_host_including_the_double_slash(app: Flask) -> None:
    with mock_pbx(app, hosts={"pbxware": ["pbx.customer.example"]}):
        refused = requests.get("https://pbx.customer.example//?apikey=wrong&action=pbxware.tenant.list")
        assert (refused.status_code, refused.text) == (200, '{"error":"Invalid API key."}')
        listed = requests.post("https://pbx.customer.example/index.php",
                               data={"apikey": "Test123456789", "action": "pbxware.tenant.list"})
        assert listed.status_code == 200 and '"tenantcode":"344"' in listed.text


def test_requests_are_journalled_in_the_keys_world(app: Flask) -> None:
    with mock_pbx(app, hosts={"pbxware": ["pbx.customer.example"]}):
        requests.get("https://pbx.customer.example/?apikey=Test123456789&action=pbxware.tenant.list")
    entries = app.extensions["mockpbx"].get("default").journal()
    assert [(e.vendor, e.method, e.path, e.params) for e in entries] == [
        ("pbxware", "GET", "/", {"apikey": "Test123456789", "action": "pbxware.tenant.list"})]


def test_known_hosts_and_a_foreign_path_gets_the_vendors_own_refusal(app: Flask) -> None:
    with mock_pbx(app) as mock:
        assert mock.hosts == ["epbx.bd", "www.epbx.bd", "portal.pbxcloud.eu"]
        foreign = requests.get("https://portal.pbxcloud.eu/api/v2/tenants")
        assert (foreign.status_code, foreign.content) == (200, b"")
        epbx = requests.get("https://epbx.bd/api/v2/", headers={"Authorization": "Bearer nope"})
        assert epbx.status_code in (401, 404) and epbx.headers["Content-Type"] == "application/json"


def test_other_traffic_passes_through() -> None:
    with mock_pbx(), pytest.raises(requests.ConnectionError) as refused:
        requests.get("http://127.0.0.1:9/not-a-vendor", timeout=2)
    assert "Responses" not in str(refused.value)  # a real connection attempt, not "no mock matched"


def test_nested_starts_are_counted_and_stop_unpatches(app: Flask) -> None:
    original = requests.adapters.HTTPAdapter.send
    mock = MockPbx(app, hosts={"pbxware": ["pbx.customer.example"]})
    with mock:
        with mock:
            pass
        assert requests.adapters.HTTPAdapter.send is not original
        assert requests.get("https://pbx.customer.example/?apikey=x&action=y").status_code == 200
    # Checked on the patch itself: a real request to that host would leave this machine.
    assert requests.adapters.HTTPAdapter.send is original


def test_decorator_form(app: Flask) -> None:
    @mock_pbx(app, hosts={"pbxware": ["pbx.customer.example"]})
    def fetch() -> str:
        return requests.get("https://pbx.customer.example/?apikey=wrong&action=pbxware.ext.list").text

    assert fetch() == '{"error":"Invalid API key."}'
