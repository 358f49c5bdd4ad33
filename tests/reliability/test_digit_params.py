"""Unicode digits and very long numbers in id parameters get each vendor's own answer, never a 500.

``str.isdigit()`` accepts ``²``, which ``int()`` refuses, and ``int()`` refuses more than 4,300
digits; both used to escape as unhandled errors. ``core.numerals.whole_number`` reads every
such parameter now.
"""

from __future__ import annotations

import logging

import pytest
from flask.testing import FlaskClient

from mockpbx.core.numerals import TOO_LARGE, whole_number
from mockpbx.vendors.pbxware.routes import build_table

SUPERSCRIPT_TWO = "%C2%B2"
HUGE = "9" * 5000
REGEX_REFUSAL = b'{"error":"Required field \'server=\\u00b2\' contains invalid data (Regex: \\/^\\\\d+$\\/)"}'
NO_SUCH_SERVER = b'{"error":"Invalid server ID."}'
SERVER_ACTIONS = ["pbxware.ext.list", "pbxware.did.list", "pbxware.ivr.list", "pbxware.trunk.list",
                  "pbxware.ring_group.list", "pbxware.erg.list", "pbxware.uads.list", "pbxware.apps.list"]


@pytest.mark.parametrize(("text", "value"), [
    ("0", 0), ("007", 7), ("123456789012345678", 123456789012345678), ("1" + "0" * 18, TOO_LARGE),
    ("0" * 30 + "5", 5), (HUGE, TOO_LARGE), ("\u00b2", None), ("\u0663", None), ("", None), ("-1", None),
    ("+1", None), (" 1", None), ("1.0", None), ("１", None),
])
def test_whole_number_reads_ascii_digits_only(text: str, value: int | None) -> None:
    assert whole_number(text) == value


@pytest.mark.parametrize("path", ["/", "/index.php/"])
@pytest.mark.parametrize("action", SERVER_ACTIONS)
def test_pbxware_server_unicode_digit_is_the_regex_refusal(client: FlaskClient, path: str, action: str) -> None:
    response = client.get(f"{path}?apikey=Test123456789&action={action}&server={SUPERSCRIPT_TWO}")
    assert (response.status_code, response.data) == (200, REGEX_REFUSAL)


@pytest.mark.parametrize("path", ["/", "/index.php/"])
@pytest.mark.parametrize("action", SERVER_ACTIONS)
def test_pbxware_server_of_5000_digits_is_no_such_server(client: FlaskClient, path: str, action: str) -> None:
    response = client.get(f"{path}?apikey=Test123456789&action={action}&server={HUGE}")
    assert (response.status_code, response.data) == (200, NO_SUCH_SERVER)


def test_no_pbxware_action_fails_on_a_strange_server(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    failures = []
    with caplog.at_level(logging.ERROR, logger="mockpbx"):
        for action in sorted(build_table()._handlers):
            for path in ("/", "/index.php/"):
                for server in (SUPERSCRIPT_TWO, HUGE):
                    response = client.get(f"{path}?apikey=Test123456789&action={action}&server={server}")
                    if response.status_code >= 500:
                        failures.append((action, path, server[:6]))
    assert failures == []
    assert [r.message for r in caplog.records if r.exc_info] == []


ID_PARAMS = ("id", "tenant", "tenantid", "trunks", "cliroutingid", "package", "trunk", "trunkdst", "provider_id",
             "department_id", "status", "page", "limit", "ext", "destination", "country")


@pytest.mark.parametrize("hostile", [SUPERSCRIPT_TWO, HUGE])
def test_no_pbxware_action_fails_on_strange_ids(client: FlaskClient, caplog: pytest.LogCaptureFixture,
                                                hostile: str) -> None:
    """Every id-like parameter at once, with a valid server, so the action gets past it."""
    failures = []
    query = "&".join(f"{name}={hostile}" for name in ID_PARAMS)
    with caplog.at_level(logging.ERROR, logger="mockpbx"):
        for action in sorted(build_table()._handlers):
            for method in ("GET", "POST"):
                url = f"/?apikey=Test123456789&action={action}&server=2&{query}"
                if client.open(url, method=method).status_code >= 500:
                    failures.append((action, method))
    assert failures == []
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


@pytest.mark.parametrize("profile", [SUPERSCRIPT_TWO, HUGE, "99"])
def test_mirta_routingprofileid_unknown_or_unreadable_is_the_empty_answer(
        client: FlaskClient, profile: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="mockpbx"):
        response = client.get("/pbx/proxyapi.php?key=demo-admin-key&reqtype=MANAGEDB&object=route&action=list"
                              f"&tenant=DEMO&routingprofileid={profile}")
    assert (response.status_code, response.data) == (200, b"")
    # MiRTA's last-resort answer is also empty: only the log tells a refusal from a crash.
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


def test_journal_limit_unicode_digit_is_a_422(client: FlaskClient) -> None:
    response = client.get(f"/_mockpbx/worlds/default/journal?limit={SUPERSCRIPT_TWO}")
    assert (response.status_code, response.get_json()) == (
        422, {"error": "limit must be a whole number", "code": "invalid_argument"})


def test_journal_limit_of_5000_digits_keeps_every_entry(client: FlaskClient) -> None:
    client.get("/?apikey=Test123456789&action=pbxware.tenant.list")
    client.get("/?apikey=Test123456789&action=pbxware.ext.list&server=2")
    entries = client.get(f"/_mockpbx/worlds/default/journal?limit={HUGE}").get_json()["entries"]
    assert [e["params"]["action"] for e in entries] == ["pbxware.tenant.list", "pbxware.ext.list"]
