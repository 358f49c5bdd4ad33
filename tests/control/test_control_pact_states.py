"""POST /_mockpbx/pact/provider-states: the Pact state-change protocol, with exact bodies."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockpbx.pact.states import SENTENCES

STATES = "/_mockpbx/pact/provider-states"


def _setup(client: FlaskClient, state: str, params: dict[str, object] | None = None) -> tuple[int, object]:
    response = client.post(STATES, json={"state": state, "params": params or {}, "action": "setup"})
    return response.status_code, response.get_json()


def test_a_tenant_with_extensions_answers_the_ids_a_pact_reads(client: FlaskClient) -> None:
    assert _setup(client, "tenant ACME9 exists with extensions 201, 202") == (200, {
        "tenantId": 8, "customerId": 8, "tenantCode": "ACME9", "server": 8,
        "extension201Id": 10, "extension202Id": 11, "extensionId": 10})
    # The same state again changes nothing and answers the same ids.
    assert _setup(client, "tenant {code} exists with extensions {list}", {"code": "ACME9", "list": ["201", "202"]}) \
        == (200, {"tenantId": 8, "customerId": 8, "tenantCode": "ACME9", "server": 8,
                  "extension201Id": 10, "extension202Id": 11, "extensionId": 10})
    customer = client.get("/api/v2/customers/8", headers={"Authorization": "Bearer demo-reseller-token"})
    assert customer.get_json()["data"]["company_name"] == "ACME9"


def test_cdrs_wallet_busy_and_keys(client: FlaskClient, app: Flask) -> None:
    status, values = _setup(client, "tenant T3 has 3 CDRs")
    assert status == 200 and values == {"tenantId": 8, "customerId": 8, "tenantCode": "T3", "server": 8,
                                        "cdrCount": 3, "uniqueid": "1767517320.9"}
    assert _setup(client, "the reseller wallet holds 12.34") == (200, {"resellerId": 1, "walletId": 1,
                                                                       "balance": "12.34"})
    wallet = client.get("/api/v2/wallet", headers={"Authorization": "Bearer demo-reseller-token"}).get_json()
    assert wallet["data"]["balance"] == "12.34"
    status, busy = _setup(client, "extension 402 of tenant DEMO is busy")
    assert status == 200 and busy["tenantCode"] == "DEMO"  # type: ignore[index]
    world = app.extensions["mockpbx"].get("default")
    assert [(c.src, c.dst) for c in world.telephony.live_calls()] == [("402", "4555550004")]
    assert _setup(client, "key {key} is a {vendor} {scope} key", {"key": "ci-key", "vendor": "pbxware",
                                                                  "scope": "master"}) == (200, {"key": "ci-key"})
    listed = client.get("/", query_string={"apikey": "ci-key", "action": "pbxware.tenant.list"})
    assert "ACME" not in listed.text and '"tenantcode":"T3"' in listed.text


def test_teardown_resets_the_world(client: FlaskClient, app: Flask) -> None:
    before = client.get("/_mockpbx/worlds/default/state").data
    _setup(client, "tenant ZED exists")
    response = client.post(STATES, json={"state": "tenant ZED exists", "action": "teardown"})
    assert (response.status_code, response.get_json()) == (200, {})
    assert client.get("/_mockpbx/worlds/default/state").data == before


def test_the_query_string_form_without_a_body(client: FlaskClient) -> None:
    response = client.post(f"{STATES}?state=tenant%20{{code}}%20exists&action=setup&code=Q1")
    assert (response.status_code, response.get_json()) == (200, {"tenantId": 8, "customerId": 8,
                                                                 "tenantCode": "Q1", "server": 8})


def test_the_generic_empty_state_is_accepted_and_changes_nothing(client: FlaskClient) -> None:
    before = client.get("/_mockpbx/worlds/default/state").data
    assert _setup(client, "") == (200, {})
    assert client.get("/_mockpbx/worlds/default/state").data == before


@pytest.mark.parametrize(("body", "answer"), [
    ({"state": "the moon is full", "action": "setup"},
     {"error": "unknown provider state 'the moon is full'; mockpbx knows: "
               + "; ".join(s.template for s in SENTENCES), "code": "unknown_state"}),
    ({"state": "tenant DEMO has 1 CDRs", "action": "setup"},
     {"error": "tenant DEMO already has 3 CDRs; a state cannot remove CDRs (name a new tenant, or a scenario "
               "without them)", "code": "invalid_state"}),
    ({"state": "tenant {code} has {n} CDRs", "params": {"code": "X"}, "action": "setup"},
     {"error": "state 'tenant {code} has {n} CDRs' needs n (in the sentence or its params)",
      "code": "invalid_state"}),
    ({"state": "tenant NEW exists with extensions 1x", "action": "setup"},
     {"error": "extensions must be a list of 1 to 200 numbers, not '1x'", "code": "invalid_state"}),
    ({"state": "the reseller wallet holds lots", "action": "setup"},
     {"error": "amount must be a number like 500.00, not 'lots'", "code": "invalid_state"}),
    ({"state": "extension 999 is busy", "action": "setup"},
     {"error": "no tenant has extension '999'", "code": "invalid_state"}),
    ({"state": "key demo-admin-key is a pbxware master key", "action": "setup"},
     {"error": "key 'demo-admin-key' is already a pbxcloud admin key", "code": "invalid_state"}),
    ({"state": "the default world", "action": "explode"},
     {"error": "action must be setup or teardown, not 'explode'", "code": "invalid_argument"}),
])
def test_a_refused_state_changes_nothing(client: FlaskClient, body: dict[str, object],
                                         answer: dict[str, str]) -> None:
    before = client.get("/_mockpbx/worlds/default/state").data
    response = client.post(STATES, json=body)
    assert (response.status_code, response.get_json()) == (422, answer)
    assert client.get("/_mockpbx/worlds/default/state").data == before


def test_a_state_acts_on_the_world_named_in_the_query(client: FlaskClient) -> None:
    created = client.post("/_mockpbx/worlds", json={"id": "pact", "clock": "manual", "scenario": {
        "name": "fixed ids", "packages": [{"name": "P"}], "resellers": [{"name": "R", "token": "pact-token"}],
        "tenants": [{"id": 6, "code": "ACME", "name": "Acme", "reseller": "R", "package": "P"}]}})
    assert created.status_code == 201
    response = client.post(f"{STATES}?world=pact", json={"state": "tenant ACME exists", "action": "setup"})
    assert response.get_json() == {"tenantId": 6, "customerId": 6, "tenantCode": "ACME", "server": 6}
    missing = client.post(f"{STATES}?world=nope", json={"state": "", "action": "setup"})
    assert (missing.status_code, missing.get_json()) == (404, {"error": "no such world", "code": "not_found"})


def test_every_sentence_is_documented() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "verify-clients.md").read_text(encoding="utf-8")
    assert [s.template for s in SENTENCES if f"| `{s.template}` | {s.meaning} |" not in docs] == []
