"""MANAGEDB PHONEPHONEBOOK: the tenant's named phonebooks as its phones see them, derived from the entries."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from mirta_client import managedb as mdb

from mockpbx.core import World

CUSTOMERS = b'{"pp_id":"1","pp_te_id":"5","pp_name":"Customers","pp_entries":"1"}'


def test_phone_phonebooks_follow_the_phonebook_entries(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert mdb(client, "PHONEPHONEBOOK", "list", tenant="DEMO") == b'{"1":' + CUSTOMERS + b"}"
    assert mdb(client, "PHONEPHONEBOOK", "GET", objectid="1", tenant="DEMO") == CUSTOMERS
    assert mdb(client, "PHONEPHONEBOOKS", "list", tenant="344") == b"[]"
    mdb(client, "PHONEBOOK", "add", {"pe_phonebook": "Customers", "NAME": "Ann", "PHONE1": "4520304050"},
        tenant="DEMO")
    mdb(client, "PHONEBOOK", "add", {"pe_phonebook": "Suppliers", "NAME": "Bob", "PHONE1": "4520304051"},
        tenant="DEMO")
    world.directory.add_phonebook_entry(world.tenancy.tenant_by_code("344").id, "Staff", {"NAME": "Cy"})
    assert mdb(client, "PHONEPHONEBOOK", "list", tenant="DEMO") == (
        b'{"1":{"pp_id":"1","pp_te_id":"5","pp_name":"Customers","pp_entries":"2"},'
        b'"3":{"pp_id":"3","pp_te_id":"5","pp_name":"Suppliers","pp_entries":"1"}}')
    # without a tenant: every tenant's
    assert mdb(client, "PHONEPHONEBOOK", "list").count(b'"pp_name"') == 3
    # a phonebook is known by its oldest entry: delete that and it carries on under the next one
    mdb(client, "PHONEBOOK", "delete", objectid="1", tenant="DEMO")
    assert mdb(client, "PHONEPHONEBOOK", "get", objectid="2", tenant="DEMO") == (
        b'{"pp_id":"2","pp_te_id":"5","pp_name":"Customers","pp_entries":"1"}')


@pytest.mark.parametrize("params", [
    {"action": "get", "objectid": "99"}, {"action": "get", "objectid": "1", "tenant": "344"},
    {"action": "get"}, {"action": "add"}, {"action": "delete", "objectid": "1"},
])
def test_phone_phonebook_misses_print_nothing(pbx: tuple[FlaskClient, World], params: dict[str, str]) -> None:
    client, world = pbx
    before = world.snapshot()
    action = params.pop("action")
    assert mdb(client, "PHONEPHONEBOOK", action, {"pp_name": "x"} if action == "add" else None, **params) == b""
    assert world.snapshot() == before
