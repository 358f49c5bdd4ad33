"""REBOOT and UNREGISTER: registration state as PEERS, COUNTPEERS, extstate and INFO extensions show it."""

from __future__ import annotations

import json

import pytest
from mirta_client import ADMIN, AUTH_FAILURE, RO, ask, refused_without_change

from tests.worlds import Pbx


def test_unregister_one_peer_shows_everywhere(pbx: Pbx) -> None:
    client, world = pbx
    assert ask(client, "COUNTPEERS") == b"pbx1:2|total:2|"
    assert ask(client, "UNREGISTER", peer="104-DEMO") == b"Success|Unregister successfully queued|"
    assert ask(client, "COUNTPEERS") == b"pbx1:1|total:1|"
    assert ask(client, "PEERS") == b"Peer|Tech|Status|Node\n102-DEMO|PJSIP|OK|pbx1\n"
    assert ask(client, "INFO", info="extstate", ext="104") == b"104:UNAVAILABLE:|"
    rows = json.loads(ask(client, "INFO", info="extensions", format="json"))
    assert {r["ex_number"]: r["st_state"] for r in rows} == {
        "102": "NOT_INUSE", "104": "UNAVAILABLE", "402": "UNAVAILABLE"}
    world.advance_clock(3600)  # it stays unregistered
    assert ask(client, "COUNTPEERS") == b"pbx1:1|total:1|"
    # Unregistering again is harmless.
    assert ask(client, "UNREGISTER", peer="104") == b"Success|Unregister successfully queued|"


def test_unregister_all_and_admin_by_username(pbx: Pbx) -> None:
    client, world = pbx
    assert ask(client, "UNREGISTER", peer="ALL") == b"Success|Unregister successfully queued|"
    assert ask(client, "COUNTPEERS") == b"pbx1:0|total:0|"
    # Other tenants' phones are untouched; an admin names one by username without a tenant.
    assert ask(client, "COUNTPEERS", ADMIN, tenant="344") == b"pbx1:1|total:1|"
    assert ask(client, "UNREGISTER", ADMIN, tenant=None, peer="530-344") == (
        b"Success|Unregister successfully queued|")
    assert ask(client, "COUNTPEERS", ADMIN, tenant="344") == b"pbx1:0|total:0|"


def test_reboot_unregisters_then_registers_again(pbx: Pbx) -> None:
    client, world = pbx
    assert ask(client, "REBOOT", peer="102") == b"Success|Reboot successfully queued|"
    assert ask(client, "INFO", info="extstate", ext="102") == b"102:UNAVAILABLE:|"
    world.advance_clock(29)
    assert ask(client, "COUNTPEERS") == b"pbx1:1|total:1|"
    world.advance_clock(1)
    assert ask(client, "INFO", info="extstate", ext="102") == b"102:NOT_INUSE:|"
    assert ask(client, "REBOOT", peer="ALL") == b"Success|Reboot successfully queued|"
    assert ask(client, "COUNTPEERS") == b"pbx1:0|total:0|"
    world.advance_clock(30)
    # Only the phones that were online come back: 402 was never registered.
    assert ask(client, "COUNTPEERS") == b"pbx1:2|total:2|"


@pytest.mark.parametrize(("reqtype", "params"), [
    ("REBOOT", {"peer": "402"}),  # offline: cannot be told to reboot
    ("REBOOT", {"peer": "999"}),
    ("REBOOT", {}),
    ("UNREGISTER", {"peer": "999-DEMO"}),
    ("UNREGISTER", {"peer": "530-344"}),  # another tenant's phone
    ("UNREGISTER", {}),
])
def test_misses_print_nothing_and_change_nothing(pbx: Pbx, reqtype: str, params: dict[str, str]) -> None:
    client, world = pbx
    assert refused_without_change(world, client, reqtype, **params) == b""


@pytest.mark.parametrize("reqtype", ["REBOOT", "UNREGISTER"])
def test_need_a_read_write_key(pbx: Pbx, reqtype: str) -> None:
    client, world = pbx
    assert refused_without_change(world, client, reqtype, RO, peer="ALL") == AUTH_FAILURE
    assert refused_without_change(world, client, reqtype, ADMIN, tenant=None, peer="104") == b""
