"""The dashboard page and its files: served under /_mockpbx/ui/, offline, labelled, vendor paths untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

import mockpbx
from mockpbx.core.faults import CATALOGUE
from mockpbx.core.telephony import MAGIC_NUMBERS

UI = Path(mockpbx.__file__).parent / "ui"


def test_the_page_is_served_with_a_strict_policy(client: FlaskClient) -> None:
    page = client.get("/_mockpbx/ui/")
    assert (page.status_code, page.mimetype, page.headers["Cache-Control"]) == (200, "text/html", "no-store")
    assert page.headers["Content-Security-Policy"] == (
        "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; style-src 'self'; "
        "script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
    html = page.get_data(as_text=True)
    assert '<script src="/_mockpbx/ui/static/dashboard.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/_mockpbx/ui/static/dashboard.css">' in html
    assert f"mockpbx <small>{mockpbx.__version__}</small>" in html


def test_the_bare_prefix_redirects_to_the_page(client: FlaskClient) -> None:
    answer = client.get("/_mockpbx/ui")
    assert (answer.status_code, answer.headers["Location"]) == (308, "/_mockpbx/ui/")


@pytest.mark.parametrize(("name", "mimetype"), [("dashboard.js", "text/javascript"), ("dashboard.css", "text/css")])
def test_static_files_are_the_packaged_ones(client: FlaskClient, name: str, mimetype: str) -> None:
    answer = client.get(f"/_mockpbx/ui/static/{name}")
    assert (answer.status_code, answer.mimetype) == (200, mimetype)
    assert answer.data == (UI / "static" / name).read_bytes()
    answer.close()


def test_unknown_ui_paths_are_control_plane_404s(client: FlaskClient) -> None:
    answer = client.get("/_mockpbx/ui/static/nope.js")
    assert (answer.status_code, answer.get_json()["code"]) == (404, "not_found")


def test_nothing_leaves_the_server() -> None:
    """Works offline: no absolute URL to another host in the page, script or style."""
    for path in (UI / "templates" / "dashboard.html", UI / "static" / "dashboard.js", UI / "static" / "dashboard.css"):
        text = path.read_text()
        assert re.findall(r"https?://(?!www\.w3\.org/2000/svg)[^\s\"'`]+", text) == [], path.name
        assert "@import" not in text and "@font-face" not in text


def test_landmarks_labels_and_views(client: FlaskClient) -> None:
    html = client.get("/_mockpbx/ui/").get_data(as_text=True)
    for landmark in ('<header class="top" role="banner">', '<nav class="views" aria-label="Dashboard views">',
                     '<main id="main" tabindex="-1">', '<footer class="foot" role="contentinfo">',
                     '<a class="skip" href="#main">Skip to content</a>'):
        assert landmark in html
    views = re.findall(r'<section id="view-(\w+)" class="view"', html)
    assert views == ["live", "history", "money", "journal", "keys", "worlds"]
    assert re.findall(r'data-view="(\w+)"', html) == views
    # A view's hash must name no element, or following the link would scroll to it.
    assert set(views) & set(re.findall(r' id="([\w-]+)"', html)) == set()
    # Every form control has a label that names it.
    ids = re.findall(r'<(?:input|select)[^>]* id="([\w-]+)"', html)
    labelled = set(re.findall(r'<label for="([\w-]+)"', html))
    assert [i for i in ids if i not in labelled] == []
    assert len(ids) == 29


def test_the_magic_numbers_come_from_the_core(client: FlaskClient) -> None:
    html = client.get("/_mockpbx/ui/").get_data(as_text=True)
    assert re.findall(r'data-magic="(\d+)"', html) == [m.suffix for m in MAGIC_NUMBERS]


def test_the_fault_form_offers_the_core_catalogue(client: FlaskClient) -> None:
    html = client.get("/_mockpbx/ui/").get_data(as_text=True)
    form = html[html.index('<select id="fault-name"'):]
    form = form[:form.index("</select>")]
    assert re.findall(r'<option value="(\w+)"', form) == list(CATALOGUE)
    assert '<option value="status" selected>status</option>' in form
    vendors = html[html.index('<select id="fault-vendor"'):]
    assert re.findall(r'<option value="([\w*]+)"', vendors[:vendors.index("</select>")]) == [
        "pbxware", "pbxcloud", "epbx", "*"]


def test_vendor_paths_are_untouched(client: FlaskClient) -> None:
    assert client.get("/?apikey=Test123456789&action=pbxware.tenant.list").status_code == 200
    root = client.get("/")
    assert root.mimetype != "text/html" or b"mockpbx dashboard" not in root.data
