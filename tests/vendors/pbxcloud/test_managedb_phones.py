"""MANAGEDB PHONE: desk phones by a validated, normalised MAC address."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from mirta_client import managedb as mdb

from mockpbx.core import World

RECEPTION = b'{"ph_id":"1","ph_te_id":"5","ph_name":"Reception phone","ph_mac":"001565abcdef","ph_pm_id":"1"}'


def test_phone_list_get_add_update(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert mdb(client, "PHONE", "list", tenant="DEMO") == b'{"1":' + RECEPTION + b"}"
    assert mdb(client, "phones", "list", tenant="344") == b"[]"
    assert mdb(client, "PHONE", "get", objectid="1") == RECEPTION
    added = mdb(client, "PHONE", "add", {"ph_name": "Desk 2", "ph_mac": "00:15:65:11:22:AA", "ph_pm_id": 3},
                tenant="DEMO")
    assert added == b'{"ph_id":"2","ph_te_id":"5","ph_name":"Desk 2","ph_mac":"0015651122aa","ph_pm_id":"3"}'
    assert mdb(client, "PHONE", "update", {"ph_mac": "0015.6511.22AB", "ph_name": "Desk B"}, objectid="2") == (
        b"update ph_phones set ph_mac='0015651122ab',ph_name='Desk B' where ph_te_id='5' and ph_id='2'")
    phone = world.phones.get_phone(2)
    assert (phone.name, phone.mac, phone.model_id) == ("Desk B", "0015651122ab", 3)


@pytest.mark.parametrize(("action", "jsondata", "params"), [
    ("add", {"ph_name": "Short", "ph_mac": "0015651122", "ph_pm_id": 1}, {"tenant": "DEMO"}),
    ("add", {"ph_name": "Not hex", "ph_mac": "0015651122zz", "ph_pm_id": 1}, {"tenant": "DEMO"}),
    ("add", {"ph_name": "Twin", "ph_mac": "00-15-65-ab-cd-ef", "ph_pm_id": 1}, {"tenant": "DEMO"}),
    ("add", {"ph_name": "Model", "ph_mac": "001565000001", "ph_pm_id": 99}, {"tenant": "DEMO"}),
    ("add", {"ph_name": "No tenant", "ph_mac": "001565000001", "ph_pm_id": 1}, {}),
    ("add", {"ph_mac": "001565000001", "ph_pm_id": 1}, {"tenant": "DEMO"}),
    ("add", {"ph_name": "x", "ph_mac": "001565000001", "ph_pm_id": 1, "ph_colour": "red"}, {"tenant": "DEMO"}),
    ("add", "{broken", {"tenant": "DEMO"}),
    ("update", {"ph_mac": "12"}, {"objectid": "1"}),
    ("update", {"ph_pm_id": 0}, {"objectid": "1"}),
    ("update", {"ph_name": "x"}, {"objectid": "1", "tenant": "344"}),
    ("update", {"ph_name": "x"}, {"objectid": "7"}),
    ("update", {}, {"objectid": "1"}),
    ("get", None, {"objectid": "1", "tenant": "344"}),
    ("delete", None, {"objectid": "1"}),
])
def test_phone_refusals_print_nothing_and_change_nothing(pbx: tuple[FlaskClient, World], action: str,
                                                          jsondata: object, params: dict[str, str]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert mdb(client, "PHONE", action, jsondata, **params) == b""
    assert world.snapshot() == before


def test_a_null_column_is_echoed_but_changes_nothing(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert mdb(client, "PHONE", "update", {"ph_mac": None}, objectid="1") == (
        b"update ph_phones set ph_mac='' where ph_te_id='5' and ph_id='1'")
    assert world.snapshot() == before
