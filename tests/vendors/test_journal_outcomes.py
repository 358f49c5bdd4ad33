"""Every vendor's journal words a refusal the same way, through ``vendors/base.journal_outcome``.

What the adapter said wins; then a refusal of the core, by its code, however the vendor puts
it on the wire (ePBX's 422, PBXware's error inside a 200, MiRTA's empty answer); then the
status. Insufficient funds is ``insufficient_funds`` in all three, never ``refused:422`` or ``ok``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NoReturn

import pytest
from flask.testing import FlaskClient

from mockpbx.app import create_app
from mockpbx.core import ClockMode, Registry
from mockpbx.core import errors as domain
from mockpbx.testing import PbxWorld
from mockpbx.vendors.base import journal_outcome

CUSTOMER = 2  # "Acme Corp", MiRTA tenant code 100, owned by reseller 1


@pytest.fixture
def served() -> Iterator[tuple[FlaskClient, PbxWorld]]:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = PbxWorld.create(registry)
    world.world.configure(rate_limit_per_minute=0)
    yield create_app(registry=registry).test_client(), world


def _short(*args: object, **kwargs: object) -> NoReturn:
    raise domain.InsufficientFunds("insufficient funds")


def _bearer(world: PbxWorld) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.key('epbx')}"}


def _outcomes(world: PbxWorld) -> list[tuple[str, int, str]]:
    return [(e.vendor, e.status, e.outcome) for e in world.journal()]


def test_the_rule_itself() -> None:
    refusal = domain.InsufficientFunds("insufficient funds")
    assert journal_outcome("wallet_add", 200, refusal) == "wallet_add"
    assert journal_outcome(None, 422, refusal) == "insufficient_funds"
    assert journal_outcome(None, 200, refusal) == "insufficient_funds"
    assert [journal_outcome(None, status) for status in (200, 302, 399, 400, 422, 500)] == [
        "ok", "ok", "ok", "refused:400", "refused:422", "refused:500"]


def test_epbx_journals_the_cores_refusal_by_its_code(served: tuple[FlaskClient, PbxWorld],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A transfer the core refuses after the handler's own check (a race) is no ``refused:422``."""
    client, world = served
    monkeypatch.setattr(world.world.billing, "transfer", _short)
    answer = client.post(f"/api/v2/customers/{CUSTOMER}/wallet", headers=_bearer(world),
                         json={"amount": "1.00", "action": "add"})
    assert (answer.status_code, answer.data) == (422, b'{"status":"error","message":"Insufficient wallet balance.",'
                                                      b'"errors":{"amount":["Insufficient wallet balance."]}}')
    assert _outcomes(world) == [("epbx", 422, "insufficient_funds")]


def test_epbx_journals_its_own_insufficient_funds_check_as_such(served: tuple[FlaskClient, PbxWorld]) -> None:
    client, world = served
    answer = client.post(f"/api/v2/customers/{CUSTOMER}/wallet", headers=_bearer(world),
                         json={"amount": "1.00", "action": "deduct"})
    assert (answer.status_code, answer.data) == (422, b'{"status":"error","message":"Insufficient customer wallet '
                                                      b'balance.","errors":{"amount":["Insufficient customer wallet '
                                                      b'balance."]}}')
    assert _outcomes(world) == [("epbx", 422, "insufficient_funds")]


def test_pbxware_journals_the_cores_refusal_by_its_code(served: tuple[FlaskClient, PbxWorld]) -> None:
    client, world = served
    params = {"apikey": world.key("pbxware"), "action": "pbxware.ext.balance", "server": "2", "mode": "debit",
              "amount": "5"}
    short = client.get("/", query_string={**params, "id": "1"})
    missing = client.get("/", query_string={**params, "id": "999999"})
    assert (short.status_code, short.data) == (200, b'{"error":"Insufficient funds."}')
    assert (missing.status_code, missing.data) == (200, b'{"error":"Invalid extension ID."}')
    assert _outcomes(world) == [("pbxware", 200, "insufficient_funds"), ("pbxware", 200, "extension_not_found")]


def test_mirta_journals_the_cores_refusal_by_its_code(served: tuple[FlaskClient, PbxWorld],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    client, world = served
    balance = {"key": world.key("pbxcloud", "admin"), "reqtype": "INFO", "info": "BALANCE", "tenant": "100"}
    assert client.get("/pbx/proxyapi.php", query_string=balance).data == b"0.00"
    monkeypatch.setattr(world.world.billing, "wallet_of", _short)
    answer = client.get("/pbx/proxyapi.php", query_string=balance)
    assert (answer.status_code, answer.data) == (200, b"")
    assert _outcomes(world) == [("pbxcloud", 200, "ok"), ("pbxcloud", 200, "insufficient_funds")]
