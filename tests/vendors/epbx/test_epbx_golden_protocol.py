"""Golden exchanges for the protocol around the endpoints: auth, throttle, 404, 405."""

from __future__ import annotations

import pytest
from epbx_harness import AUTH, OTHER_AUTH, Harness, assert_exchange, harness

from mockpbx.app import create_app

UNAUTHENTICATED = b'{"status":"error","message":"Unauthenticated."}'



@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer "},
    {"Authorization": "Bearer nope"},
    {"Authorization": "demo-reseller-token"},
    {"Authorization": "Basic ZGVtbzpkZW1v"},
    {"Authorization": "Bearer Test123456789"},  # PBXware's master key opens nothing here
    {"Authorization": "Bearer demo-admin-key"},  # nor does MiRTA's admin key
])
def test_missing_or_invalid_token_is_401_everywhere(h: Harness, headers: dict[str, str]) -> None:
    for method, path in (("GET", "/ping"), ("GET", "/customers"), ("POST", "/customers"), ("GET", "/wallet"),
                         ("PUT", "/customers/2/status"), ("POST", "/customers/2/wallet")):
        response = h.client.open(f"/api/v2{path}", method=method, headers=headers, json={})
        assert_exchange(response, 401, UNAUTHENTICATED)
        assert "X-RateLimit-Limit" not in response.headers


def test_unknown_route_is_laravels_404(h: Harness) -> None:
    assert_exchange(h.get("/nope"), 404,
                    b'{"status":"error","message":"The route api\\/v2\\/nope could not be found."}')
    assert_exchange(h.client.get("/api/v2"), 404,
                    b'{"status":"error","message":"The route api\\/v2 could not be found."}')
    assert_exchange(h.get("/customers/"), 404,
                    b'{"status":"error","message":"The route api\\/v2\\/customers\\/ could not be found."}')


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("POST", "/ping", "GET, HEAD"),
    ("DELETE", "/customers", "GET, HEAD, POST"),
    ("GET", "/customers/2/status", "PUT"),
    ("PATCH", "/customers/2/wallet", "POST"),
    ("PUT", "/wallet", "GET, HEAD"),
])
def test_wrong_method_is_laravels_405(h: Harness, method: str, path: str, allowed: str) -> None:
    response = h.client.open(f"/api/v2{path}", method=method, headers=AUTH)
    body = (b'{"status":"error","message":"The %s method is not supported for route api\\/v2%s. '
            b'Supported methods: %s."}' % (method.encode(), path.replace("/", "\\/").encode(), allowed.encode()))
    assert_exchange(response, 405, body, {"Allow": allowed})


def test_throttle_counts_per_token_on_the_world_clock() -> None:
    h = harness(rate_limit=3)
    for remaining in (2, 1, 0):
        response = h.get("/ping")
        assert response.status_code == 200
        assert (response.headers["X-RateLimit-Limit"], response.headers["X-RateLimit-Remaining"]) == (
            "3", str(remaining))
    h.world.advance_clock(20)
    refused = h.get("/wallet")
    reset_at = int(h.world.clock.now()) + 40
    assert_exchange(refused, 429, b'{"status":"error","message":"Too Many Attempts."}',
                    {"Retry-After": "40", "X-RateLimit-Limit": "3", "X-RateLimit-Remaining": "0",
                     "X-RateLimit-Reset": str(reset_at)})
    # Another reseller's token has its own window.
    assert h.get("/ping", headers=OTHER_AUTH).headers["X-RateLimit-Remaining"] == "2"
    # Refused attempts do not extend the window.
    h.world.advance_clock(39)
    assert h.get("/ping").headers["Retry-After"] == "1"
    h.world.advance_clock(1)
    assert h.get("/ping").headers["X-RateLimit-Remaining"] == "2"


def test_apps_over_one_registry_share_the_throttle_and_a_reset_reopens_it() -> None:
    h = harness(rate_limit=2)
    assert h.get("/ping").headers["X-RateLimit-Remaining"] == "1"
    second_app = create_app(registry=h.app.extensions["mockpbx"])  # e.g. interception beside a server
    assert second_app.test_client().get("/api/v2/ping", headers=AUTH).headers["X-RateLimit-Remaining"] == "0"
    assert h.get("/ping").status_code == 429
    h.world.reset()  # the scenario's own limit (60) again, and a fresh window
    reopened = h.get("/ping")
    assert (reopened.headers["X-RateLimit-Limit"], reopened.headers["X-RateLimit-Remaining"]) == ("60", "59")


def test_throttled_writes_change_nothing() -> None:
    h = harness(rate_limit=1)
    assert h.get("/ping").status_code == 200
    before = h.world.snapshot()
    response = h.post("/customers/2/wallet", {"amount": "5.00", "action": "add"})
    assert response.status_code == 429
    assert h.world.snapshot() == before


def test_rate_limit_zero_turns_it_off() -> None:
    h = harness(rate_limit=0)
    for _ in range(70):
        response = h.get("/ping")
        assert response.status_code == 200
    assert "X-RateLimit-Limit" not in response.headers
    assert response.json["data"]["rate_limit_per_minute"] == 0  # type: ignore[index]


def test_options_needs_no_token(h: Harness) -> None:
    response = h.client.options("/api/v2/customers")
    assert response.status_code == 200
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}


def test_requests_are_journalled_with_their_outcome(h: Harness) -> None:
    h.post("/customers/2/wallet", {"amount": "5.00", "action": "add"})
    h.post("/customers/2/wallet", {"amount": "0", "action": "add"})
    entries = [(e.vendor, e.method, e.path, e.status, e.outcome) for e in h.world.journal()]
    assert entries[-2:] == [("epbx", "POST", "/api/v2/customers/2/wallet", 200, "wallet_add"),
                            ("epbx", "POST", "/api/v2/customers/2/wallet", 422, "refused:422")]


def test_an_adapter_crash_is_a_json_500_not_html(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(h.world.tenancy, "reseller_tenants", broken)
    assert_exchange(h.get("/customers"), 500, b'{"status":"error","message":"Server Error"}')
