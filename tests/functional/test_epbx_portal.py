"""A billing portal written against https://epbx.bd/api/v2, run unchanged against mockpbx.

The same client code runs twice: over real HTTP against a threaded server on 127.0.0.1
(only the base URL changes), and in process with the vendor's own base URL intercepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import requests

from mockpbx.core import errors
from mockpbx.core.entities import OwnerKind
from mockpbx.core.world import World
from mockpbx.testing import ThreadedServer
from tests.worlds import Pbx

TOKEN = "demo-reseller-token"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


class EpbxError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status}: {body.get('message')}")
        self.status = status
        self.body = body


class ResellerClient:
    """What a CRM integration would write from the vendor's page: Bearer token, JSON envelope."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json"})

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.session.request(method, f"{self.base_url}{path}", timeout=10, **kwargs)
        body = response.json()
        if response.status_code >= 400 or body.get("status") != "success":
            raise EpbxError(response.status_code, body)
        return body

    def ping(self) -> dict[str, Any]:
        return dict(self._call("GET", "/ping")["data"])

    def customers(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self._call("GET", "/customers", params={"page": page, "per_page": 2})
            found += body["data"]
            if page >= body["meta"]["last_page"]:
                return found
            page += 1

    def create_customer(self, company: str, email: str, package_id: int) -> dict[str, Any]:
        return dict(self._call("POST", "/customers", json={"company_name": company, "email": email,
                                                           "package_id": package_id})["data"])

    def set_status(self, customer_id: int, status: str) -> dict[str, Any]:
        return dict(self._call("PUT", f"/customers/{customer_id}/status", json={"status": status})["data"])

    def submit_kyc(self, customer_id: int) -> dict[str, Any]:
        files = {"nid_front": ("nid_front.jpg", JPEG, "image/jpeg"),
                 "trade_license": ("trade_license.pdf", PDF, "application/pdf")}
        data = {"nid_number": "1234567890", "address": "123 Main St"}
        return dict(self._call("POST", f"/customers/{customer_id}/kyc", data=data, files=files)["data"])

    def create_extension(self, customer_id: int, number: str, password: str) -> dict[str, Any]:
        return dict(self._call("POST", f"/customers/{customer_id}/extensions",
                               json={"extension": number, "password": password})["data"])

    def extensions(self, customer_id: int) -> list[dict[str, Any]]:
        return list(self._call("GET", f"/customers/{customer_id}/extensions")["data"])

    def request_number(self, customer_id: int) -> dict[str, Any]:
        return dict(self._call("POST", f"/customers/{customer_id}/numbers", json={
            "preferred_digits": "096", "provider_id": 1, "requested_channels": 2,
            "notes": "Outbound line for the sales team."})["data"])

    def numbers(self, customer_id: int) -> list[dict[str, Any]]:
        return list(self._call("GET", f"/customers/{customer_id}/numbers")["data"])

    def balance(self) -> Decimal:
        return Decimal(self._call("GET", "/wallet")["data"]["balance"])

    def top_up(self, customer_id: int, amount: float, action: str = "add") -> dict[str, Any]:
        return dict(self._call("POST", f"/customers/{customer_id}/wallet",
                               json={"amount": amount, "action": action})["data"])


@dataclass
class Target:
    world: World
    base_url: str


@pytest.fixture(params=["threaded-server", "interception"])
def target(request: pytest.FixtureRequest, pbx: Pbx) -> Target:
    """The plugin's server (``pbx_server``, which fails the test on a server error) or its
    interception of the real host (``pbx_mock``), both on the ``pbx`` fixture's world."""
    _, world = pbx
    if request.param == "threaded-server":
        server: ThreadedServer = request.getfixturevalue("pbx_server")
        return Target(world, f"{server.url}/api/v2")
    request.getfixturevalue("pbx_mock")
    return Target(world, "https://epbx.bd/api/v2")


def test_portal_onboards_a_customer_end_to_end(target: Target) -> None:
    world = target.world
    portal = ResellerClient(target.base_url, TOKEN)
    assert portal.ping()["permissions"] == ["customers", "kyc", "extensions", "numbers", "wallet"]

    customer = portal.create_customer("Example Corp", "admin@example.com", 1)
    assert customer["domain"] == "example-corp.epbx.bd"
    assert [c["id"] for c in portal.customers()] == [2, 3, customer["id"]]

    kyc = portal.submit_kyc(customer["id"])
    assert [d["content_type"] for d in kyc["documents"]] == ["image/jpeg", "application/pdf"]
    world.kyc.review_kyc(kyc["id"], approve=True)

    portal.create_extension(customer["id"], "105", "SecurePassword123")
    assert [e["extension"] for e in portal.extensions(customer["id"])] == ["105"]

    request_id = portal.request_number(customer["id"])["id"]
    world.numbering.approve_did_request(request_id)
    (number,) = portal.numbers(customer["id"])
    assert number["status"] == "approved" and number["number"].startswith("096")

    before = portal.balance()
    moved = portal.top_up(customer["id"], 500.00)
    assert (moved["amount"], moved["customer_balance"]) == ("500.00", "500.00")
    assert portal.balance() == before - Decimal("500.00")
    wallet = world.billing.wallet_of(OwnerKind.TENANT, customer["id"])
    assert sum(e.amount for e in world.billing.ledger(wallet.id)) == wallet.balance == Decimal("500.00")

    # The new extension places a call to the approved number's world; suspension stops it.
    world.telephony.originate_call(customer["id"], "105", "0123456789")
    portal.set_status(customer["id"], "suspended")
    with pytest.raises(errors.TenantSuspended):
        world.telephony.originate_call(customer["id"], "105", "0123456789")
    with pytest.raises(errors.TenantSuspended):
        world.telephony.receive_call(number["number"], "01711000000")


def test_portal_sees_the_documented_error_statuses(target: Target) -> None:
    target.world.configure(rate_limit_per_minute=5)
    stranger = ResellerClient(target.base_url, "not-a-token")
    with pytest.raises(EpbxError) as refused:
        stranger.ping()
    assert (refused.value.status, refused.value.body) == (401, {"status": "error", "message": "Unauthenticated."})

    portal = ResellerClient(target.base_url, TOKEN)
    with pytest.raises(EpbxError) as invalid:
        portal.create_customer("", "nope", 1)
    assert invalid.value.status == 422
    assert set(invalid.value.body["errors"]) == {"company_name", "email"}

    with pytest.raises(EpbxError) as hidden:
        portal.create_extension(4, "105", "SecurePassword123")  # reseller 2's customer
    assert hidden.value.status == 404

    for _ in range(3):
        portal.ping()
    with pytest.raises(EpbxError) as throttled:
        portal.ping()
    assert throttled.value.status == 429
    response = portal.session.get(f"{target.base_url}/ping", timeout=10)
    assert (response.status_code, response.headers["Retry-After"], response.headers["X-RateLimit-Remaining"]) == (
        429, "60", "0")


def test_an_oversized_upload_gets_the_json_413(target: Target) -> None:
    portal = ResellerClient(target.base_url, TOKEN)
    big = JPEG + b"\x00" * (13 * 1024 * 1024)
    with pytest.raises(EpbxError) as refused:
        portal._call("POST", "/customers/2/kyc", data={"nid_number": "1234567890", "address": "x"},
                     files={"nid_front": ("nid.jpg", big, "image/jpeg"), "trade_license": ("t.pdf", PDF)})
    assert (refused.value.status, refused.value.body) == (413, {"status": "error",
                                                                "message": "The POST data is too large."})
    assert portal.ping()["reseller_id"] == 1  # the connection and the server are still fine
