"""SETTING (a tenant's settings store) and LICENSEDAYS (the system licence on the world clock)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from mirta_client import ADMIN, PATH, RO, RW

from mockpbx.core.world import World

SECURITY = b"Too bad... you mistaken the security api key.\n"
HTML, JSON = "text/html; charset=UTF-8", "application/json"


def ask(client: FlaskClient, **query: str) -> tuple[bytes, str]:
    response = client.get(PATH, query_string=query)
    assert response.status_code == 200
    return response.data, response.content_type


def setting(client: FlaskClient, **query: str) -> tuple[bytes, str]:
    return ask(client, **{"key": RW, "tenant": "DEMO", "reqtype": "SETTING", **query})


# -- SETTING --------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "default"), [("VMAUTORECOVER", b"no"), ("recordingformat", b"mp3"),
                                               ("LANGUAGE", b"en"), ("TIMEZONE", b"UTC")])
def test_get_prints_the_default_until_set(pbx: tuple[FlaskClient, World], code: str, default: bytes) -> None:
    client, _ = pbx
    assert setting(client, key=RO, action="GET", code=code) == (default, HTML)


def test_set_then_get_in_both_formats(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    demo = world.tenancy.tenant_by_code("DEMO").id
    assert setting(client, action="SET", code="VMAUTORECOVER", value="yes") == (b"yes", HTML)
    assert world.accounts.tenant_setting(demo, "VMAUTORECOVER") == "yes"
    assert setting(client, key=RO, action="get", code="vmautorecover") == (b"yes", HTML)
    assert setting(client, key=RO, action="GET", code="VMAUTORECOVER", format="json") == (
        b'{"code":"VMAUTORECOVER","value":"yes"}', JSON)
    assert setting(client, action="SET", code="TIMEZONE", value="Europe/Copenhagen", format="json") == (
        b'{"code":"TIMEZONE","value":"Europe\\/Copenhagen"}', JSON)
    assert world.accounts.tenant_setting(demo, "TIMEZONE") == "Europe/Copenhagen"


def test_settings_are_per_tenant(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    other = world.tenancy.create_tenant("OTHER", "Other")
    setting(client, action="SET", code="VMAUTORECOVER", value="yes")
    assert world.accounts.tenant_setting(other.id, "VMAUTORECOVER") is None
    assert ask(client, key=ADMIN, tenant="OTHER", reqtype="SETTING", action="GET", code="VMAUTORECOVER")[0] == b"no"


@pytest.mark.parametrize("query", [
    {"action": "GET", "code": "NOSUCHCODE"},
    {"action": "GET"},
    {"code": "VMAUTORECOVER"},
    {"action": "DROP", "code": "VMAUTORECOVER"},
    {"action": "SET", "code": "NOSUCHCODE", "value": "1"},
    {"action": "SET", "code": "VMAUTORECOVER", "value": "maybe"},
    {"action": "SET", "code": "VMAUTORECOVER"},
    {"action": "SET", "code": "LANGUAGE", "value": "english"},
    {"action": "SET", "code": "TIMEZONE", "value": "Mars Base"},
])
def test_a_miss_prints_nothing_and_changes_nothing(pbx: tuple[FlaskClient, World], query: dict[str, str]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert setting(client, **query) == (b"", HTML)
    assert world.snapshot() == before


def test_set_needs_a_read_write_key_and_a_tenant(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert setting(client, key=RO, action="SET", code="VMAUTORECOVER", value="yes") == (SECURITY, HTML)
    assert ask(client, key=ADMIN, reqtype="SETTING", action="SET", code="VMAUTORECOVER", value="yes")[0] == b""
    assert world.snapshot() == before


# -- LICENSEDAYS ----------------------------------------------------------------------------


def test_licence_days_count_down_on_the_world_clock(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    query = {"key": RO, "tenant": "DEMO", "reqtype": "LICENSEDAYS"}
    assert ask(client, **query) == (b"365", HTML)
    assert ask(client, **query, format="json") == (b"365", JSON)
    assert ask(client, key=ADMIN, reqtype="LICENSEDAYS")[0] == b"365"
    assert ask(client, key=RO, reqtype="LICENSEDAYS")[0] == b"365"  # the licence is the system's, not a tenant's
    world.advance_clock(86_399)
    assert ask(client, **query)[0] == b"365"
    world.advance_clock(1)
    assert ask(client, **query)[0] == b"364"
    world.advance_clock(400 * 86_400)
    assert ask(client, **query)[0] == b"0"


def test_no_licence_prints_nothing(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    world.configure(licence_expires_at=None)
    assert ask(client, key=RO, tenant="DEMO", reqtype="LICENSEDAYS") == (b"", HTML)


def test_licence_days_survive_a_snapshot(pbx: tuple[FlaskClient, World]) -> None:
    _, world = pbx
    world.advance_clock(3 * 86_400)
    data = world.snapshot()
    world.configure(licence_expires_at=None)
    world.restore(data)
    assert world.accounts.licence_days_left() == 362


@pytest.mark.parametrize("fmt", ["csv", "xml", "plain", "bogus"])
def test_other_formats_print_the_plain_answer(pbx: tuple[FlaskClient, World], fmt: str) -> None:
    client, _ = pbx
    assert setting(client, key=RO, action="GET", code="VMAUTORECOVER", format=fmt)[0] == b"no"
    assert ask(client, key=RO, tenant="DEMO", reqtype="LICENSEDAYS", format=fmt)[0] == b"365"
