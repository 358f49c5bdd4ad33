"""The admin token: every /_mockpbx path but health needs it, refusals change nothing."""

from __future__ import annotations

import pytest
from flask import Blueprint, Flask, jsonify
from flask.testing import FlaskClient

from mockpbx import create_app
from mockpbx.control.serialize import world_json
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings

TOKEN = "t0ken-for-the-admin-only"
GOOD = {"Authorization": f"Bearer {TOKEN}"}
REFUSAL = {"error": "the control plane needs 'Authorization: Bearer <admin token>'", "code": "unauthorized"}


@pytest.fixture
def app() -> Flask:
    return create_app(Settings(clock=ClockMode.MANUAL, admin_token=TOKEN))


def _control_rules(app: Flask) -> list[tuple[str, str]]:
    rules = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/_mockpbx") or rule.rule == "/_mockpbx/health":
            continue
        if rule.rule.startswith("/_mockpbx/ui") and (rule.methods or set()) <= {"GET", "HEAD", "OPTIONS"}:
            continue  # the dashboard's page and files: open, see the test below
        path = (rule.rule.replace("<world_id>", "default").replace("<int:kyc_id>", "1")
                .replace("<int:request_id>", "1").replace("<call_ref>", "1"))
        path = path.replace("<", "").replace(">", "")  # any other converter: a literal is enough here
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            rules.append((method, path))
    return rules


@pytest.mark.parametrize("header", [None, "Bearer wrong-token-of-some-length", f"Basic {TOKEN}", f"bearer{TOKEN}",
                                    f"Bearer {TOKEN}x", "Bearer ", f"Token {TOKEN}"])
def test_every_control_route_refuses_without_the_token(app: Flask, client: FlaskClient, header: str | None) -> None:
    before = client.get("/_mockpbx/worlds/default/state", headers=GOOD).data
    headers = {} if header is None else {"Authorization": header}
    rules = _control_rules(app)
    assert len(rules) >= 20  # the listing really walks the control plane
    for method, path in rules:
        response = client.open(path, method=method, headers=headers, json={"advance": 60})
        assert (response.status_code, response.get_json()) == (401, REFUSAL), (method, path)
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="mockpbx"'
    assert client.get("/_mockpbx/worlds/default/state", headers=GOOD).data == before
    assert client.get("/_mockpbx/health").get_json()["worlds"] == 1


def test_an_unknown_control_path_is_refused_before_it_is_looked_up(client: FlaskClient) -> None:
    response = client.get("/_mockpbx/no/such/route")
    assert (response.status_code, response.get_json()) == (401, REFUSAL)
    assert client.get("/_mockpbx/no/such/route", headers=GOOD).status_code == 404


def test_health_stays_open(client: FlaskClient) -> None:
    response = client.get("/_mockpbx/health")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_the_token_opens_every_route(client: FlaskClient) -> None:
    assert client.get("/_mockpbx/worlds", headers=GOOD).status_code == 200
    created = client.post("/_mockpbx/worlds", json={"id": "mine"}, headers=GOOD)
    assert created.status_code == 201
    assert len(created.get_json()["keys"]) == 6
    assert client.delete("/_mockpbx/worlds/mine", headers=GOOD).status_code == 204


def test_a_route_added_later_by_another_blueprint_is_locked_too(app: Flask) -> None:
    extra = Blueprint("later", __name__)

    @extra.get("/")
    def page() -> object:
        return jsonify(secret="every key")

    app.register_blueprint(extra, url_prefix="/_mockpbx/later")
    client = app.test_client()
    assert (client.get("/_mockpbx/later/").status_code, client.get("/_mockpbx/later/").get_json()) == (401, REFUSAL)
    assert client.get("/_mockpbx/later/", headers=GOOD).get_json() == {"secret": "every key"}


def test_the_dashboard_page_and_files_load_without_the_token_and_its_data_does_not(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/_mockpbx/ui/")
    assert (page.status_code, page.mimetype) == (200, "text/html")
    assert b"Bearer" not in page.data and b"every key" not in page.data
    assert client.get("/_mockpbx/ui").status_code == 308
    script = client.get("/_mockpbx/ui/static/dashboard.js")
    assert (script.status_code, script.mimetype) == (200, "text/javascript")
    assert client.get("/_mockpbx/ui/static/../../worlds").status_code == 404
    for data in ("/_mockpbx/worlds/default/cdrs", "/_mockpbx/worlds/default/events", "/_mockpbx/worlds"):
        assert (client.get(data).status_code, client.get(data).get_json()) == (401, REFUSAL), data
    assert client.post("/_mockpbx/ui/").status_code == 401


def test_vendor_apis_need_no_admin_token(client: FlaskClient) -> None:
    response = client.get("/?apikey=Test123456789&action=pbxware.tenant.list")
    assert response.status_code == 200 and response.data.startswith(b"{")


def test_without_a_token_the_control_plane_stays_open() -> None:
    client = create_app(Settings(clock=ClockMode.MANUAL)).test_client()
    assert client.get("/_mockpbx/worlds").status_code == 200


def test_keys_are_shown_only_to_the_admin(app: Flask) -> None:
    world = app.extensions["mockpbx"].get("default")
    from mockpbx.control.context import origins
    from mockpbx.control.guard import is_admin

    with app.test_request_context("/_mockpbx/worlds"):
        assert is_admin() is False  # no guard ran: nobody proved anything
        summary = world_json(world, origins().of(world), show_keys=is_admin())
        assert summary["keys"] is None
    with app.test_request_context("/_mockpbx/worlds", headers=GOOD):
        app.preprocess_request()
        assert is_admin() is True
        assert len(world_json(world, origins().of(world), show_keys=is_admin())["keys"]) == 6


STATES = "/_mockpbx/pact/provider-states"
WALLET = {"state": "the reseller wallet holds 12.34", "action": "setup"}


def _wallet(client: FlaskClient) -> object:
    response = client.get("/api/v2/wallet", headers={"Authorization": "Bearer demo-reseller-token"})
    return response.get_json()["data"]["balance"]


@pytest.mark.parametrize("query", ["", "?token=", "?token=t0ken-for-the-admin-onlyx", "?token=t0ken",
                                   "?world=default&Token=t0ken-for-the-admin-only",
                                   "?access_token=t0ken-for-the-admin-only"])
def test_the_state_change_route_refuses_a_missing_or_wrong_query_token(client: FlaskClient, query: str) -> None:
    before = client.get("/_mockpbx/worlds/default/state", headers=GOOD).data
    response = client.post(STATES + query, json=WALLET)
    assert (response.status_code, response.get_json()) == (401, REFUSAL)
    assert TOKEN.encode() not in response.data
    assert client.get("/_mockpbx/worlds/default/state", headers=GOOD).data == before


def test_the_state_change_route_takes_the_admin_token_as_a_query_parameter(client: FlaskClient) -> None:
    response = client.post(f"{STATES}?world=default&token={TOKEN}", json=WALLET)
    assert (response.status_code, response.get_json()) == (200, {"resellerId": 1, "walletId": 1, "balance": "12.34"})
    assert TOKEN.encode() not in response.data
    assert _wallet(client) == "12.34"
    # Without a body the verifier puts the state in the query: the token is not one of its params.
    bodiless = client.post(f"{STATES}?state=the+reseller+wallet+holds+5.00&action=setup&token={TOKEN}")
    assert (bodiless.status_code, bodiless.get_json()) == (200, {"resellerId": 1, "walletId": 1, "balance": "5.00"})
    assert _wallet(client) == "5.00"


def test_the_query_token_opens_no_other_control_route(app: Flask, client: FlaskClient) -> None:
    before = client.get("/_mockpbx/worlds/default/state", headers=GOOD).data
    rules = [(m, p) for m, p in _control_rules(app) if (m, p) != ("POST", STATES)]
    assert len(rules) >= 20
    for method, path in rules:
        response = client.open(f"{path}?token={TOKEN}", method=method, json={"advance": 60})
        assert (response.status_code, response.get_json()) == (401, REFUSAL), (method, path)
    # Nor does another method on the state-change path, or a path next to it.
    assert client.get(f"{STATES}?token={TOKEN}").status_code == 401
    assert client.post(f"{STATES}/?token={TOKEN}", json=WALLET).status_code == 401
    assert client.get("/_mockpbx/worlds/default/state", headers=GOOD).data == before
