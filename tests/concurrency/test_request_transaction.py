"""One request is one transaction: taken by the shared request path (``vendors/base.in_world``),
held across a handler's every verb, and never while a delay fault sleeps.

A writer paused inside its transaction, after its transfer, makes each vendor's read of the same
world wait and then see all of the write. A reader paused inside its own transaction, before it
reads the balance, makes a write wait, so the reader sees none of it: without the request-wide
transaction MiRTA's write would land between the reader's verbs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import mockpbx.faultwire as faultwire
import mockpbx.vendors
from mockpbx.app import create_app
from mockpbx.core import ClockMode, Registry
from mockpbx.core.entities import OwnerKind
from mockpbx.testing import PbxWorld

CUSTOMER = 2  # "Acme Corp", MiRTA tenant code 100, owned by reseller 1
WAIT = 10.0  # seconds a thread may take before the test calls it stuck


@dataclass
class Request:
    """A request run on its own thread, with its answer once it has one."""

    send: Callable[[], Any]
    done: threading.Event = field(default_factory=threading.Event)
    answer: Any = None
    error: BaseException | None = None

    def start(self, name: str = "") -> Request:
        def run() -> None:
            try:
                self.answer = self.send()
            except BaseException as exc:  # surfaced by result()
                self.error = exc
            finally:
                self.done.set()

        threading.Thread(target=run, name=name or None, daemon=True).start()
        return self

    def result(self) -> tuple[int, bytes]:
        assert self.done.wait(WAIT), "the request never finished"
        if self.error is not None:
            raise self.error
        return self.answer.status_code, self.answer.data


@pytest.fixture
def served() -> Iterator[tuple[Flask, PbxWorld]]:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = PbxWorld.create(registry)
    world.world.configure(rate_limit_per_minute=0)
    yield create_app(registry=registry), world


def test_every_vendors_read_waits_for_a_write_in_progress_and_sees_all_of_it(
        served: tuple[Flask, PbxWorld], monkeypatch: pytest.MonkeyPatch) -> None:
    app, world = served
    inside, release = threading.Event(), threading.Event()
    transfer = world.world.billing.transfer

    def paused_transfer(*args: Any, **kwargs: Any) -> Any:
        moved = transfer(*args, **kwargs)
        inside.set()
        release.wait(WAIT)
        return moved

    monkeypatch.setattr(world.world.billing, "transfer", paused_transfer)
    epbx = {"Authorization": f"Bearer {world.key('epbx')}"}
    pbxware_read = {"apikey": world.key("pbxware"), "action": "pbxware.tenant.list"}
    pbxware_before = app.test_client().get("/", query_string=pbxware_read).data
    writer = Request(lambda: app.test_client().post(f"/api/v2/customers/{CUSTOMER}/wallet", headers=epbx,
                                                    json={"amount": "25.00", "action": "add"})).start()
    assert inside.wait(WAIT)
    readers = [
        Request(lambda: app.test_client().get("/api/v2/wallet", headers=epbx)).start(),
        Request(lambda: app.test_client().get("/pbx/proxyapi.php", query_string={
            "key": world.key("pbxcloud", "admin"), "reqtype": "INFO", "info": "BALANCE", "tenant": "100"})).start(),
        Request(lambda: app.test_client().get("/", query_string=pbxware_read)).start(),
    ]
    # Nothing a reader does can end its wait but the writer's release: none is answered meanwhile.
    assert not readers[0].done.wait(0.3)
    assert [r.done.is_set() for r in readers] == [False, False, False]
    release.set()
    assert writer.result() == (200, (
        b'{"status":"success","data":{"customer_id":2,"action":"add","amount":"25.00","currency":"BDT",'
        b'"reseller_balance":"99975.00","customer_balance":"25.00","transaction_id":%d}}'
        % world.world.billing.ledger(world.world.billing.wallet_of(OwnerKind.TENANT, CUSTOMER).id)[-1].id))
    assert readers[0].result() == (200, b'{"status":"success","data":{"balance":"99975.00","currency":"BDT"}}')
    assert readers[1].result() == (200, b"25.00")
    assert readers[2].result() == (200, pbxware_before)


@pytest.mark.parametrize("vendor", ["epbx", "pbxcloud"])
def test_a_write_waits_for_a_read_in_progress_which_sees_none_of_it(
        served: tuple[Flask, PbxWorld], monkeypatch: pytest.MonkeyPatch, vendor: str) -> None:
    app, world = served
    inside, release = threading.Event(), threading.Event()
    wallet_of = world.world.billing.wallet_of

    def paused_wallet_of(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == "reader":  # the writer reads wallets too, unpaused
            inside.set()
            release.wait(WAIT)
        return wallet_of(*args, **kwargs)

    monkeypatch.setattr(world.world.billing, "wallet_of", paused_wallet_of)
    epbx = {"Authorization": f"Bearer {world.key('epbx')}"}
    if vendor == "epbx":
        reader = Request(lambda: app.test_client().get("/api/v2/wallet", headers=epbx)).start("reader")
        before = b'{"status":"success","data":{"balance":"100000.00","currency":"BDT"}}'
    else:
        balance = {"key": world.key("pbxcloud", "admin"), "reqtype": "INFO", "info": "BALANCE", "tenant": "100"}
        reader = Request(lambda: app.test_client().get("/pbx/proxyapi.php", query_string=balance)).start("reader")
        before = b"0.00"
    assert inside.wait(WAIT)
    writer = Request(lambda: app.test_client().post(f"/api/v2/customers/{CUSTOMER}/wallet", headers=epbx,
                                                    json={"amount": "25.00", "action": "add"})).start()
    assert not writer.done.wait(0.3)
    release.set()
    assert reader.result() == (200, before)
    assert writer.result()[0] == 200
    assert str(world.world.billing.wallet_of(OwnerKind.TENANT, CUSTOMER).balance) == "25.00"


def test_a_delay_fault_sleeps_without_holding_the_world(served: tuple[Flask, PbxWorld],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    app, world = served
    sleeping, wake = threading.Event(), threading.Event()

    def sleep(seconds: float) -> None:
        assert seconds == 5.0
        sleeping.set()
        wake.wait(WAIT)

    monkeypatch.setattr(faultwire.time, "sleep", sleep)
    world.fault("latency", "epbx", operation="GET /wallet", delay=5)
    epbx = {"Authorization": f"Bearer {world.key('epbx')}"}
    delayed = Request(lambda: app.test_client().get("/api/v2/wallet", headers=epbx)).start()
    assert sleeping.wait(WAIT)
    # The same world answers another request, a write even, while the delayed one sleeps.
    other = Request(lambda: app.test_client().post(f"/api/v2/customers/{CUSTOMER}/wallet", headers=epbx,
                                                   json={"amount": "1.00", "action": "add"})).start()
    status, body = other.result()
    assert (status, b'"reseller_balance":"99999.00"' in body) == (200, True)
    assert not delayed.done.is_set()
    wake.set()
    assert delayed.result() == (200, b'{"status":"success","data":{"balance":"99999.00","currency":"BDT"}}')
    assert [(e.path, e.outcome, e.fault) for e in world.journal()] == [
        (f"/api/v2/customers/{CUSTOMER}/wallet", "wallet_add", ""), ("/api/v2/wallet", "ok", "latency")]


@pytest.mark.parametrize("package", ["epbx/endpoints", "pbxware/actions", "pbxcloud", "pbxcloud/managedb"])
def test_handlers_take_no_transaction_of_their_own(package: str) -> None:
    """The request path holds the one transaction; a handler's own would hide a missing one."""
    root = Path(mockpbx.vendors.__file__).parent / package
    holding = [f"{path.name}:{number}" for path in sorted(root.glob("*.py"))
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if ".transaction()" in line]
    assert holding == []
