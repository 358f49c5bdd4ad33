"""Consumer side: the reference clients against Pact's mock server write the pact files.

The committed files in ``contracts/pacts/`` must equal what these tests write; set
``MOCKPBX_UPDATE_PACTS=1`` to rewrite them after an intended change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pact import Pact, match

from mockpbx.contracts import clients

PACTS = Path(__file__).resolve().parents[2] / "contracts" / "pacts"
KEY_REJECTED = "Too bad... you mistaken the security api key.\n"


def _interactions(path: Path) -> list[dict[str, object]]:
    document = json.loads(path.read_text())
    return sorted(document["interactions"], key=lambda i: str(i["description"]))


def _write_and_compare(pact: Pact, tmp_path: Path) -> None:
    pact.write_file(tmp_path, overwrite=True)
    written = next(tmp_path.glob("*.json"))
    committed = PACTS / written.name
    if os.environ.get("MOCKPBX_UPDATE_PACTS") == "1":
        PACTS.mkdir(parents=True, exist_ok=True)
        committed.write_text(written.read_text())
    assert committed.exists(), f"{committed.name} is not committed; run with MOCKPBX_UPDATE_PACTS=1"
    assert _interactions(written) == _interactions(committed)


def test_billing_portal_against_epbx(tmp_path: Path) -> None:
    pact = Pact("billing-portal", "mockpbx-epbx").with_specification("V4")
    (pact.upon_receiving("a request for the first page of customers")
     .given("reseller Demo Reseller with customers Acme Corp and Globex Ltd")
     .with_request("GET", "/api/v2/customers").with_query_parameters({"page": "1"})
     .with_header("Authorization", "Bearer demo-reseller-token")
     .will_respond_with(200)
     .with_body({
         "status": "success",
         "data": match.each_like({"id": match.int(2), "company_name": match.str("Acme Corp"),
                                  "domain": match.regex("acme.epbx.bd", regex=r"^[a-z0-9-]+\.epbx\.bd$")},
                                 min=2),
     }, content_type="application/json"))
    (pact.upon_receiving("a request for customers with a revoked token")
     .given("the default world")
     .with_request("GET", "/api/v2/customers").with_query_parameters({"page": "1"})
     .with_header("Authorization", "Bearer revoked-token")
     .will_respond_with(401)
     .with_body({"status": "error", "message": match.str("Unauthenticated.")}, content_type="application/json"))
    (pact.upon_receiving("a request for the reseller wallet balance")
     .given("the default world")
     .with_request("GET", "/api/v2/wallet")
     .with_header("Authorization", "Bearer demo-reseller-token")
     .will_respond_with(200)
     .with_body({"status": "success",
                 "data": match.like({"balance": match.regex("100000.00", regex=r"^-?\d+\.\d{2}$"),
                                     "currency": "BDT"})},
                content_type="application/json"))
    with pact.serve() as server:
        status, body = clients.epbx_customers(str(server.url), "demo-reseller-token")
        assert status == 200 and [c["company_name"] for c in body["data"]] == ["Acme Corp"]
        status, body = clients.epbx_customers(str(server.url), "revoked-token")
        assert status == 401
        status, body = clients.epbx_wallet(str(server.url), "demo-reseller-token")
        assert (status, body["data"]["currency"]) == (200, "BDT")
    _write_and_compare(pact, tmp_path)


def test_crm_dialer_against_pbxcloud(tmp_path: Path) -> None:
    pact = Pact("crm-dialer", "mockpbx-pbxcloud").with_specification("V4")
    (pact.upon_receiving("a DIAL from extension 402 to an outside number")
     .given("tenant DEMO with extension 402")
     .with_request("GET", "/pbx/proxyapi.php")
     .with_query_parameters({"key": "demo-DEMO-rw", "reqtype": "DIAL", "source": "402", "dest": "9922323232",
                             "tenant": "DEMO", "account": "402-DEMO"})
     .will_respond_with(200)
     .with_body("Success|Originate successfully queued|15a4cfe6429054|", content_type="text/html; charset=UTF-8")
     .with_matching_rules({"body": {"$": {"combine": "AND", "matchers": [
         {"match": "regex", "regex": r"^Success\|Originate successfully queued\|[0-9a-f]{14}\|$"}]}}}))
    (pact.upon_receiving("a COUNTCALLS with an unknown key")
     .given("the default world")
     .with_request("GET", "/pbx/proxyapi.php").with_query_parameters({"key": "not-a-key", "reqtype": "COUNTCALLS"})
     .will_respond_with(200)
     .with_body(KEY_REJECTED, content_type="text/html; charset=UTF-8"))
    with pact.serve() as server:
        assert clients.pbxcloud_dial(str(server.url), "demo-DEMO-rw", tenant="DEMO", source="402",
                                     dest="9922323232") == "15a4cfe6429054"
        assert clients.pbxcloud_key_rejected(str(server.url), "not-a-key") is True
    _write_and_compare(pact, tmp_path)


def test_sync_job_against_pbxware(tmp_path: Path) -> None:
    pact = Pact("pbx-sync", "mockpbx-pbxware").with_specification("V4")
    tenant = {"name": match.str("t1.dot.com"), "tenantcode": match.regex("344", regex=r"^\d{3}$"),
              "package_id": match.int(1), "package": match.str("Package 1"), "ext_length": match.int(3)}
    (pact.upon_receiving("a tenant list with the master key")
     .given("tenants t1.dot.com and Demo Company")
     .with_request("GET", "/").with_query_parameters({"apikey": "Test123456789", "action": "pbxware.tenant.list"})
     .will_respond_with(200)
     .with_body(match.each_key_matches(match.each_value_matches({"2": tenant}, rules=match.like(tenant)),
                                       rules=match.regex("2", regex=r"^\d+$")),
                content_type="application/json"))
    (pact.upon_receiving("any action with a wrong apikey")
     .given("the default world")
     .with_request("GET", "/index.php").with_query_parameters({"apikey": "wrong", "action": "pbxware.ext.list"})
     .will_respond_with(200)
     .with_body({"error": "Invalid API key."}, content_type="application/json"))
    with pact.serve() as server:
        assert clients.pbxware_tenants(str(server.url), "Test123456789")["2"]["name"] == "t1.dot.com"
        assert clients.pbxware_error(str(server.url), "wrong", "pbxware.ext.list") == "Invalid API key."
    _write_and_compare(pact, tmp_path)


@pytest.mark.parametrize("name", ["billing-portal-mockpbx-epbx.json", "crm-dialer-mockpbx-pbxcloud.json",
                                  "pbx-sync-mockpbx-pbxware.json"])
def test_every_pact_is_committed(name: str) -> None:
    assert (PACTS / name).exists()
