"""A RuleBasedStateMachine drives the ePBX API and checks it against a small model.

The model knows customers (status, extensions, DID requests, balance) and the reseller's
balance; the invariants read the ledger through the core: every wallet's balance is the
sum of its ledger entries, and the model's balances are the core's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, invariant, rule

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.entities import OwnerKind
from mockpbx.core.registry import Registry

AUTH = {"Authorization": "Bearer demo-reseller-token"}
OTHER_AUTH = {"Authorization": "Bearer demo-reseller2-token"}
GOOD_PASSWORD = "SecurePassword123"


@dataclass
class Customer:
    status: str = "active"
    extensions: set[str] = field(default_factory=set)
    requests: dict[int, str] = field(default_factory=dict)
    balance: Decimal = Decimal("0.00")


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("80000"), places=2)


class EpbxMachine(RuleBasedStateMachine):
    customers = Bundle("customers")

    def __init__(self) -> None:
        super().__init__()
        registry = Registry(clock_mode=ClockMode.MANUAL)
        self.world = registry.create_world("default", world_id="default")
        self.world.configure(rate_limit_per_minute=0)
        self.client = create_app(registry=registry).test_client()
        self.model: dict[int, Customer] = {}
        self.emails: set[str] = {t.email.lower() for t in self.world.tenancy.list_tenants() if t.email}
        self.reseller_balance = self.world.billing.wallet_of(OwnerKind.RESELLER, 1).balance

    @initialize(target=customers)
    def existing_customer(self) -> int:
        # Acme Corp (2) is the default world's; its extension 101 exists already.
        self.model[2] = Customer(extensions={"101"})
        return 2

    @rule(target=customers, name=st.sampled_from(["Acme Corp", "Zeta & Co", "Öko Strom"]),
          email=st.sampled_from(["a@x.example", "B@x.example", "b@x.example", "admin@acme.example"]),
          package_id=st.sampled_from([1, 2, 3, 9]))
    def create_customer(self, name: str, email: str, package_id: int) -> int:
        response = self.client.post("/api/v2/customers", headers=AUTH,
                                    json={"company_name": name, "email": email, "package_id": package_id})
        if email.lower() in self.emails or package_id == 9:
            assert response.status_code == 422
            return -1
        assert response.status_code == 201, response.data
        data = response.json["data"]  # type: ignore[index]
        self.emails.add(email.lower())
        self.model[data["id"]] = Customer()
        assert data["domain"].endswith(".epbx.bd")
        return int(data["id"])

    @rule(customer=customers, status=st.sampled_from(["active", "suspended", "closed"]))
    def set_status(self, customer: int, status: str) -> None:
        response = self.client.put(f"/api/v2/customers/{customer}/status", headers=AUTH, json={"status": status})
        if customer not in self.model:
            assert response.status_code == 404
        elif status == "closed":
            assert response.status_code == 422
        else:
            assert response.status_code == 200
            self.model[customer].status = status

    @rule(customer=customers, number=st.sampled_from(["101", "102", "103", "1000"]),
          password=st.sampled_from([GOOD_PASSWORD, "weakpass"]))
    def create_extension(self, customer: int, number: str, password: str) -> None:
        response = self.client.post(f"/api/v2/customers/{customer}/extensions", headers=AUTH,
                                    json={"extension": number, "password": password})
        if customer not in self.model:
            assert response.status_code == 404
            return
        ok = len(number) == 3 and password == GOOD_PASSWORD and number not in self.model[customer].extensions
        assert response.status_code == (201 if ok else 422), response.data
        if ok:
            self.model[customer].extensions.add(number)

    @rule(customer=customers, provider_id=st.sampled_from([1, 2, 7]), channels=st.sampled_from([0, 1, 4]))
    def request_number(self, customer: int, provider_id: int, channels: int) -> None:
        response = self.client.post(f"/api/v2/customers/{customer}/numbers", headers=AUTH,
                                    json={"preferred_digits": "096", "provider_id": provider_id,
                                          "requested_channels": channels})
        if customer not in self.model:
            assert response.status_code == 404
            return
        ok = provider_id in (1, 2) and channels >= 1
        assert response.status_code == (201 if ok else 422)
        if ok:
            self.model[customer].requests[response.json["data"]["id"]] = "pending"  # type: ignore[index]

    @rule(customer=customers, approve=st.booleans())
    def operator_decides(self, customer: int, approve: bool) -> None:
        pending = [r for r, s in self.model.get(customer, Customer()).requests.items() if s == "pending"]
        if not pending:
            return
        if approve:
            self.world.numbering.approve_did_request(pending[0])
        else:
            self.world.numbering.reject_did_request(pending[0], "no")
        self.model[customer].requests[pending[0]] = "approved" if approve else "rejected"

    @rule(customer=customers, amount=amounts, action=st.sampled_from(["add", "deduct"]),
          as_text=st.booleans())
    def move_funds(self, customer: int, amount: Decimal, action: str, as_text: bool) -> None:
        wire: object = str(amount) if as_text else float(amount)
        response = self.client.post(f"/api/v2/customers/{customer}/wallet", headers=AUTH,
                                    json={"amount": wire, "action": action})
        if customer not in self.model:
            assert response.status_code == 404
            return
        source = self.reseller_balance if action == "add" else self.model[customer].balance
        if source < amount:
            assert response.status_code == 422
            return
        assert response.status_code == 200, response.data
        sign = 1 if action == "add" else -1
        self.reseller_balance -= sign * amount
        self.model[customer].balance += sign * amount
        data = response.json["data"]  # type: ignore[index]
        assert (data["reseller_balance"], data["customer_balance"]) == (
            f"{self.reseller_balance:.2f}", f"{self.model[customer].balance:.2f}")

    @rule(customer=consumes(customers))
    def other_reseller_cannot_see(self, customer: int) -> None:
        for path in ("", "/extensions", "/numbers"):
            assert self.client.get(f"/api/v2/customers/{customer}{path}", headers=OTHER_AUTH).status_code == 404

    @invariant()
    def balances_equal_ledgers(self) -> None:
        wallets = [self.world.billing.wallet_of(OwnerKind.RESELLER, 1)]
        wallets += [self.world.billing.wallet_of(OwnerKind.TENANT, c) for c in self.model]
        for wallet in wallets:
            assert sum((e.amount for e in self.world.billing.ledger(wallet.id)), Decimal("0")) == wallet.balance
        assert wallets[0].balance == self.reseller_balance
        for customer, state in self.model.items():
            assert self.world.billing.wallet_of(OwnerKind.TENANT, customer).balance == state.balance

    @invariant()
    def api_agrees_with_model(self) -> None:
        listed = self.client.get("/api/v2/customers?per_page=100", headers=AUTH).json["data"]  # type: ignore[index]
        assert {c["id"] for c in listed} == set(self.model) | {3}  # Globex (3) is never touched
        for customer, state in self.model.items():
            assert self.world.tenancy.get_tenant(customer).status == state.status
            extensions = self.client.get(f"/api/v2/customers/{customer}/extensions", headers=AUTH).json["data"]
            assert {e["extension"] for e in extensions} == state.extensions
            requests = self.client.get(f"/api/v2/customers/{customer}/numbers", headers=AUTH).json["data"]
            assert {r["id"]: r["status"] for r in requests} == state.requests
            assert all(r["number"].startswith("096") for r in requests if r["status"] == "approved")


EpbxMachine.TestCase.settings = settings(EpbxMachine.TestCase.settings, max_examples=25, stateful_step_count=25)
test_epbx_machine = EpbxMachine.TestCase
