"""A user's own pact, with provider states and fromProviderState, verified against mockpbx:
through verify-pact (pact-python's Verifier) and through the pact CLI's state-change URL."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pact import Pact, generate, match
from pact.match.matcher import GenericMatcher

from mockpbx.cli import main
from mockpbx.pact.lint import lint_pact
from mockpbx.pact.verify import verify_pacts
from mockpbx.testing.server import ThreadedServer

STATES = "/_mockpbx/pact/provider-states"
PACTS = Path(__file__).resolve().parents[2] / "contracts" / "pacts"


def _from_state(example: object, expression: str, kind: str = "type", **extra: str) -> GenericMatcher[object]:
    return GenericMatcher(kind, value=example, generator=generate.provider_state(expression),  # type: ignore[arg-type]
                          extra_fields=extra or None)


def _crm_pact() -> Pact:
    """The pact of a CRM that reads a customer and its CDRs by the ids the states made."""
    pact = Pact("crm-sync", "mockpbx-epbx").with_specification("V4")
    (pact.upon_receiving("a read of the customer the state created")
     .given("tenant {code} exists with extensions {list}", {"code": "ACME9", "list": ["201", "202"]})
     .with_request("GET", _from_state("/api/v2/customers/2", "/api/v2/customers/${customerId}", "regex",
                                      regex=r"^/api/v2/customers/\d+$"))
     .with_header("Authorization", "Bearer demo-reseller-token")
     .will_respond_with(200)
     .with_body({"status": "success", "data": {
         "id": _from_state(2, "${customerId}", "integer"), "company_name": "ACME9",
         "domain": match.regex("acme9.epbx.bd", regex=r"^acme9(-\d+)?\.epbx\.bd$")}},
         content_type="application/json"))
    (pact.upon_receiving("a read of the wallet the state filled")
     .given("the reseller wallet holds 12.34")
     .with_request("GET", "/api/v2/wallet")
     .with_header("Authorization", "Bearer demo-reseller-token")
     .will_respond_with(200)
     .with_body({"status": "success", "data": match.like({"balance": "12.34", "currency": "BDT"})},
                content_type="application/json"))
    return pact


def _pbx_pact() -> Pact:
    pact = Pact("crm-sync", "mockpbx-pbxware").with_specification("V4")
    (pact.upon_receiving("a CDR download of the tenant the state filled")
     .given("tenant T3 has 3 CDRs")
     .given("key crm-ci-key is a pbxware master key")
     .with_request("GET", "/")
     .with_query_parameters({"apikey": "crm-ci-key", "action": "pbxware.cdr.download", "start": "Jan-01-2025",
                             "end": "Dec-31-2026", "server": _from_state("6", "${tenantId}")})
     .will_respond_with(200)
     .with_body({"success": "CDRs downloaded successfully.", "next_page": False, "records": 3,
                 # A tenant's download has no Tenant column: 7.x prints ten (From ... Recording Available).
                 "csv": match.each_like(match.each_like("", min=10), min=3)}, content_type="application/json"))
    return pact


def _write(pact: Pact, directory: Path, exercise: list[tuple[str, dict[str, str], dict[str, str]]]) -> Path:
    with pact.serve() as mock:
        for path, params, headers in exercise:
            requests.get(f"{mock.url}{path}", params=params, headers=headers, timeout=10)
    pact.write_file(directory, overwrite=True)
    return next(directory.glob(f"*-{pact.provider}.json"))


@pytest.fixture(scope="module")
def user_pacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("pacts")
    bearer = {"Authorization": "Bearer demo-reseller-token"}
    _write(_crm_pact(), directory, [("/api/v2/customers/2", {}, bearer), ("/api/v2/wallet", {}, bearer)])
    _write(_pbx_pact(), directory, [("/", {"apikey": "crm-ci-key", "action": "pbxware.cdr.download",
                                           "start": "Jan-01-2025", "end": "Dec-31-2026", "server": "6"}, {})])
    return directory


@pytest.fixture
def server() -> Iterator[ThreadedServer]:
    from mockpbx.core.clock import ClockMode
    from mockpbx.settings import Settings

    with ThreadedServer(settings=Settings(clock=ClockMode.MANUAL), tick=False) as running:
        yield running


def test_the_pact_records_states_with_params_and_provider_state_generators(user_pacts: Path) -> None:
    document = json.loads((user_pacts / "crm-sync-mockpbx-epbx.json").read_text())
    first = next(i for i in document["interactions"] if i["description"] == "a read of the customer the state created")
    assert first["providerStates"] == [{"name": "tenant {code} exists with extensions {list}",
                                        "params": {"code": "ACME9", "list": ["201", "202"]}}]
    assert first["request"]["generators"] == {"path": {"expression": "/api/v2/customers/${customerId}",
                                                       "type": "ProviderState"}}


def test_a_users_pact_verifies_through_verify_pact(user_pacts: Path, server: ThreadedServer) -> None:
    report = verify_pacts([str(user_pacts)], url=server.url)
    assert [(r.provider, r.passed) for r in report.results] == [("mockpbx-epbx", True), ("mockpbx-pbxware", True)]
    assert report.findings == []
    assert report.text().endswith("lint: no problems\nverify-pact: passed\n")
    # Every state was torn down: the world is its scenario again.
    assert "ACME9" not in [t.code for t in server.registry.get("default").tenancy.list_tenants()]


ADMIN_TOKEN = "locked-for-pact-states-only"


def test_verify_pact_passes_against_a_token_locked_server_with_the_token_on_the_state_url(
        user_pacts: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from mockpbx.core.clock import ClockMode
    from mockpbx.settings import Settings

    with ThreadedServer(settings=Settings(clock=ClockMode.MANUAL, admin_token=ADMIN_TOKEN), tick=False) as locked:
        # Without the token every state change is refused, so the pact cannot pass.
        refused = verify_pacts([str(user_pacts / "crm-sync-mockpbx-epbx.json")], url=locked.url)
        assert [(r.provider, r.passed) for r in refused.results] == [("mockpbx-epbx", False)]
        monkeypatch.setenv("MOCKPBX_ADMIN_TOKEN", ADMIN_TOKEN)
        assert main(["verify-pact", "--url", locked.url, str(user_pacts)]) == 0
        out = capsys.readouterr().out
        assert out.endswith("lint: no problems\nverify-pact: passed\n")
        assert ADMIN_TOKEN not in out
        assert "ACME9" not in [t.code for t in locked.registry.get("default").tenancy.list_tenants()]


def test_verify_pact_locks_its_own_server_with_the_token_flag(user_pacts: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-pact", "--admin-token", ADMIN_TOKEN, str(user_pacts / "crm-sync-mockpbx-epbx.json")]) == 0
    assert capsys.readouterr().out.endswith("verify-pact: passed\n")
    assert main(["verify-pact", "--admin-token", "short", str(user_pacts)]) == 2
    assert capsys.readouterr().err == "mockpbx: error: admin_token must be 16 to 512 characters\n"


def test_verify_pact_starts_its_own_server_when_given_no_url(user_pacts: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-pact", str(user_pacts / "crm-sync-mockpbx-epbx.json")]) == 0
    out = capsys.readouterr().out
    assert out.endswith(f"mockpbx-epbx: passed ({user_pacts / 'crm-sync-mockpbx-epbx.json'})\n"
                        "lint: no problems\nverify-pact: passed\n")


@pytest.mark.skipif(shutil.which("pact") is None, reason="the pact CLI (pip install pact-python-cli) is absent")
def test_the_same_pacts_verify_through_the_pact_cli_state_change_url(user_pacts: Path,
                                                                    server: ThreadedServer) -> None:
    for provider in ("mockpbx-epbx", "mockpbx-pbxware"):
        done = subprocess.run(
            ["pact", "verifier", "--file", str(user_pacts / f"crm-sync-{provider}.json"), "--hostname", "127.0.0.1",
             "--port", str(server.port), "--state-change-url", f"{server.url}{STATES}", "--state-change-teardown"],
            capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "There were" not in done.stdout


def test_a_wrong_pact_fails_with_the_interaction_and_the_mismatch(tmp_path: Path, server: ThreadedServer) -> None:
    pact = Pact("wrong-client", "mockpbx-pbxware").with_specification("V4")
    (pact.upon_receiving("a tenant list that names a tenant mockpbx has not")
     .given("the default world")
     .with_request("GET", "/").with_query_parameters({"apikey": "Test123456789", "action": "pbxware.tenant.list"})
     .will_respond_with(200).with_body({"99": {"name": "Nope"}}, content_type="application/json"))
    path = _write(pact, tmp_path, [("/", {"apikey": "Test123456789", "action": "pbxware.tenant.list"}, {})])
    report = verify_pacts([str(path)], url=server.url)
    assert not report.passed
    assert report.text() == (
        f"mockpbx-pbxware: FAILED ({path})\n"
        "    1) Verifying a pact between wrong-client and mockpbx-pbxware Given the default world - "
        "a tenant list that names a tenant mockpbx has not\n"
        "    1.1) has a matching body\n"
        "      $ -> Actual map is missing the following keys: 99\n"
        "lint: no problems\nverify-pact: FAILED\n")


def test_the_lint_flags_an_error_text_the_vendor_never_sends_even_under_a_type_matcher(tmp_path: Path) -> None:
    pact = Pact("lax-client", "mockpbx-pbxware").with_specification("V4")
    (pact.upon_receiving("a bad key")
     .with_request("GET", "/").with_query_parameters({"apikey": "nope", "action": "pbxware.tenant.list"})
     .will_respond_with(200).with_body({"error": match.str("API key not found.")}, content_type="application/json"))
    (pact.upon_receiving("a bad key, as PBXware words it")
     .with_request("GET", "/").with_query_parameters({"apikey": "nope2", "action": "pbxware.tenant.list"})
     .will_respond_with(200).with_body({"error": "Invalid API key."}, content_type="application/json"))
    path = _write(pact, tmp_path, [("/", {"apikey": "nope", "action": "pbxware.tenant.list"}, {}),
                                   ("/", {"apikey": "nope2", "action": "pbxware.tenant.list"}, {})])
    assert [f.line() for f in lint_pact(path)] == [
        'lax-client-mockpbx-pbxware.json: "a bad key" expects the pbxware error text \'API key not found.\', '
        'which pbxware never sends (the vendor says "Object not found.")']
    assert verify_pacts([str(path)]).passed is False  # verification passes, the lint does not


def test_the_committed_example_pacts_lint_clean() -> None:
    assert [f for path in sorted(PACTS.glob("*.json")) for f in lint_pact(path)] == []


def test_a_broker_source_needs_a_provider_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-pact", "http://127.0.0.1:9/pacts"]) == 2
    assert capsys.readouterr().err == "mockpbx: error: a broker source needs --provider NAME\n"


def test_a_missing_source_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-pact", str(tmp_path / "nope.json")]) == 2
    assert capsys.readouterr().err == f"mockpbx: error: {tmp_path / 'nope.json'}: no such file or directory\n"


def test_the_example_pacts_installed_with_the_package_verify(capsys: pytest.CaptureFixture[str]) -> None:
    from mockpbx.pact.verify import example_pacts

    assert example_pacts().resolve() == PACTS.resolve()  # one copy: the package reads contracts/
    assert main(["verify-pact", "--example-pacts"]) == 0
    assert capsys.readouterr().out.endswith("lint: no problems\nverify-pact: passed\n")
