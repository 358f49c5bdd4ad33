"""Many hostile requests per vendor and to the control plane: no 5xx, no logged exception, no leak.

A canary world with its own keys sits beside the world under fire; no answer may ever show
one of its keys. The request count per vendor comes from ``budget`` (short in CI, long for
bench/), so the same test is the long run's measurement.
"""

from __future__ import annotations

import json
import logging
import random
import resource
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockpbx import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings
from mockpbx.vendors.pbxware.routes import build_table
from tests.reliability.budget import LONG, REQUESTS_PER_VENDOR
from tests.reliability.hostile import query, value

TOKEN = "reliability-admin-token"


@dataclass
class Tally:
    sent: int = 0
    errors: list[str] = field(default_factory=list)  # 5xx answers
    leaks: list[str] = field(default_factory=list)  # answers that show the canary world


class _Trap(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@pytest.fixture
def app() -> Iterator[Flask]:
    app = create_app(Settings(clock=ClockMode.MANUAL, admin_token=TOKEN, max_world_size=5, max_worlds=20))
    client = app.test_client()
    created = client.post("/_mockpbx/worlds", json={"id": "canary", "scenario": "demo", "size": 2, "seed": 99},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert created.status_code == 201
    yield app


def _canary_keys(app: Flask) -> list[str]:
    return [k.key for k in app.extensions["mockpbx"].get("canary").keys()]


def _fire(app: Flask, send: Callable[[FlaskClient, random.Random], object], seed: int) -> Tally:
    client, chance, tally = app.test_client(), random.Random(seed), Tally()
    canary = [k.encode() for k in _canary_keys(app)]
    trap = _Trap()
    logging.getLogger("mockpbx").addHandler(trap)
    try:
        for _ in range(REQUESTS_PER_VENDOR):
            response = send(client, chance)
            tally.sent += 1
            # The admin may read every world; anyone else, never the canary.
            shown_to_admin = response.request.headers.get("Authorization") == f"Bearer {TOKEN}"  # type: ignore[attr-defined]
            status, body = response.status_code, response.get_data()  # type: ignore[attr-defined]
            if status >= 500:
                tally.errors.append(f"{status} {body[:200]!r}")
            if not shown_to_admin and any(key in body for key in canary):
                tally.leaks.append(body[:200].decode(errors="replace"))
    finally:
        logging.getLogger("mockpbx").removeHandler(trap)
    tally.errors.extend(trap.records)
    _report(send.__name__, tally)
    return tally


def _report(name: str, tally: Tally) -> None:
    if LONG:  # the figures bench/RESULTS.md records
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\n{name}: sent={tally.sent} 5xx={len(tally.errors)} leaks={len(tally.leaks)} "
              f"peak_rss={peak_mib:.0f} MiB")


PBXWARE_ACTIONS = tuple(sorted(build_table()._handlers))
PBXWARE_NAMES = ("server", "id", "ext", "tenant", "name", "email", "number", "start", "end", "limit", "status",
                 "service", "did", "trunk", "ivr", "group", "members", "location", "ua", "secret", "page")


def pbxware(client: FlaskClient, chance: random.Random) -> object:
    fixed = {"apikey": chance.choice(("Test123456789", "Test123456789", "wrong", "")),
             "action": chance.choice(PBXWARE_ACTIONS)}
    path = chance.choice(("/", "/index.php/", "/index.php", "//"))
    text = query(chance, PBXWARE_NAMES, fixed)
    if chance.random() < 0.3:
        return client.post(path, data=text, content_type="application/x-www-form-urlencoded")
    return client.get(f"{path}?{text}")


MIRTA_REQTYPES = ("INFO", "MANAGEDB", "CALL", "HANGUP", "SPY", "RECORDING", "CDR", "SMS", "FAX", "VOICEMAIL",
                  "QUEUE", "CAMPAIGN", "AUTH", "FLOW", "DIAL", "NOSUCH", "")
MIRTA_NAMES = ("tenant", "format", "info", "action", "object", "objectid", "id", "uniqueid", "source", "dest",
               "routingprofileid", "queue", "extension", "mailbox", "start", "end", "jsondata", "values", "number",
               "validity", "phone", "account", "callback", "filter")


def pbxcloud(client: FlaskClient, chance: random.Random) -> object:
    fixed = {"key": chance.choice(("demo-admin-key", "demo-DEMO-rw", "demo-DEMO-ro", "nope")),
             "reqtype": chance.choice(MIRTA_REQTYPES)}
    text = query(chance, MIRTA_NAMES, fixed)
    if chance.random() < 0.3:
        return client.post("/pbx/proxyapi.php", data=text, content_type="application/x-www-form-urlencoded")
    return client.get(f"/pbx/proxyapi.php?{text}")


EPBX_PATHS = ("/api/v2/ping", "/api/v2/customers", "/api/v2/customers/{id}", "/api/v2/customers/{id}/status",
              "/api/v2/customers/{id}/kyc", "/api/v2/customers/{id}/extensions", "/api/v2/customers/{id}/numbers",
              "/api/v2/wallet", "/api/v2/customers/{id}/funds", "/api/v2/nope")
EPBX_FIELDS = ("name", "company_name", "email", "phone", "nid_number", "amount", "extension", "number", "password",
               "domain", "status", "preferred", "per_page", "page", "type")


def epbx(client: FlaskClient, chance: random.Random) -> object:
    path = chance.choice(EPBX_PATHS).replace("{id}", chance.choice(("2", "3", "1", "0", "\u00b2", "9" * 5000, "x")))
    token = chance.choice(("demo-reseller-token", "demo-reseller2-token", "nope", ""))
    method = chance.choice(("GET", "GET", "POST", "PATCH", "PUT", "DELETE"))
    body = {name: chance.choice((value(chance), 1, -1, 10**30, 1.5, None, [], {}, True))
            for name in chance.sample(EPBX_FIELDS, chance.randint(0, 4))}
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    if chance.random() < 0.1:
        return client.open(f"{path}?{query(chance, EPBX_FIELDS, {})}", method=method, headers=headers,
                           data=value(chance), content_type="application/json")
    return client.open(path, method=method, headers=headers, json=body)


CONTROL_ROUTES = (("POST", "/_mockpbx/worlds"), ("GET", "/_mockpbx/worlds"), ("POST", "/_mockpbx/worlds/{w}/clock"),
                  ("POST", "/_mockpbx/worlds/{w}/calls"), ("PATCH", "/_mockpbx/worlds/{w}/settings"),
                  ("PUT", "/_mockpbx/worlds/{w}/state"), ("GET", "/_mockpbx/worlds/{w}/journal"),
                  ("POST", "/_mockpbx/worlds/{w}/reset"), ("DELETE", "/_mockpbx/worlds/{w}"),
                  ("GET", "/_mockpbx/worlds/{w}/calls/{r}"), ("POST", "/_mockpbx/worlds/{w}/kyc/{r}/approve"),
                  ("GET", "/_mockpbx/worlds/{w}/state"))
CONTROL_FIELDS = ("scenario", "seed", "id", "size", "clock", "clock_scale", "advance", "mode", "scale", "tenant",
                  "from", "to", "did", "outcome", "talk_seconds", "reason", "rate_limit_per_minute",
                  "traffic_calls_per_minute", "currency", "licence_expires_at", "format", "state", "ids")


def control(client: FlaskClient, chance: random.Random) -> object:
    method, path = chance.choice(CONTROL_ROUTES)
    # Never the canary: the control plane is the admin's, and may show any world to them.
    path = path.replace("{w}", chance.choice(("default", "default", "fuzzed", "nope", "%C2%B2")))
    path = path.replace("{r}", chance.choice(("1", "\u00b2", "9" * 5000)))
    scenario = chance.choice(("default", "demo", "/etc/passwd.yaml", "../x.yaml", "fixtures/acme.yaml", {}, 5))
    body: dict[str, object] = {name: chance.choice((value(chance), 1, -1, 10**30, 1e308, 0.5, None, [], {}, True,
                                                    scenario))
                               for name in chance.sample(CONTROL_FIELDS, chance.randint(0, 4))}
    headers = {"Authorization": chance.choice((f"Bearer {TOKEN}", f"Bearer {TOKEN}", "Bearer nope", ""))}
    if path.endswith("/journal"):
        path += "?" + query(chance, ("limit", "vendor"), {})
    if method == "PUT" and chance.random() < 0.5:
        body = json.loads(client.get("/_mockpbx/worlds/default/state",
                                     headers={"Authorization": f"Bearer {TOKEN}"}).data)
        body["clock"] = {"now": chance.choice((1e308, -1, 1.7e9)), "mode": "manual", "scale": 1.0}
    response = client.open(path, method=method, headers=headers, json=body)
    if path.endswith("/default") and method == "DELETE":
        return response
    if response.status_code >= 400:
        parsed = response.get_json()
        assert isinstance(parsed, dict) and set(parsed) == {"error", "code"}, (method, path, response.data[:200])
    return response


@pytest.mark.parametrize("send", [pbxware, pbxcloud, epbx, control], ids=lambda f: f.__name__)
def test_hostile_requests_never_fail_the_server_nor_leak(app: Flask, send: Callable[..., object]) -> None:
    tally = _fire(app, send, seed=14)
    assert tally.errors == []
    assert tally.leaks == []
    assert tally.sent == REQUESTS_PER_VENDOR
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert app.test_client().get("/_mockpbx/worlds", headers=headers).status_code == 200
