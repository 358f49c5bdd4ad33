"""A Hypothesis state machine over the world's verbs, checked against a small model.

Invariants: every wallet's balance is the sum of its ledger; a DID number belongs to at
most one tenant (and to the one the model expects); every ended call has exactly one CDR
and live + ended = originated; snapshot -> restore -> snapshot is byte-identical.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)

from mockpbx.core import World, errors
from mockpbx.core.clock import Clock, ClockMode
from mockpbx.core.entities import OwnerKind, TenantStatus
from mockpbx.core.scenarios import load_scenario
from mockpbx.core.telephony import MAGIC_NUMBERS

CENT = Decimal("0.01")
amounts = st.one_of(
    st.decimals(min_value=CENT, max_value=Decimal("2000"), places=2),
    st.sampled_from(["0", "-1", "1.001", "NaN", "abc", "1e12"]),  # always refused
)
destinations = st.one_of(
    st.sampled_from([f"00{m.suffix}" for m in MAGIC_NUMBERS]),
    st.from_regex(r"\A[1-9][0-9]{6,11}\Z"),
)


class WorldMachine(RuleBasedStateMachine):
    tenants = Bundle("tenants")
    extensions = Bundle("extensions")
    wallets = Bundle("wallets")
    dids = Bundle("dids")

    def __init__(self) -> None:
        super().__init__()
        scenario = load_scenario("default")
        self.world = World("sm", scenario, seed=1, clock=Clock(start=scenario.epoch, mode=ClockMode.MANUAL))
        self.did_owner: dict[str, int | None] = {d.number: d.tenant_id for d in self.world.numbering.list_dids()}
        self.tenant_codes = {t.code for t in self.world.tenancy.list_tenants()}
        # What the model expects each wallet to hold, apart from call charges the engine posts itself.
        self.expected: dict[int, Decimal] = {}
        self.originated: set[str] = set()
        self.reseller_wallet = 0

    # -- seed the bundles from the scenario --------------------------------------------------------

    @initialize(target=tenants)
    def demo_tenant(self) -> int:
        return self.world.tenancy.tenant_by_code("DEMO").id

    @initialize(target=extensions)
    def demo_extension(self) -> tuple[int, str]:
        return self.world.tenancy.tenant_by_code("DEMO").id, "104"

    @initialize(target=wallets)
    def scenario_wallets(self) -> object:
        reseller = self.world.billing.wallet_of(OwnerKind.RESELLER, 1)
        demo = self.world.billing.wallet_of(OwnerKind.TENANT, self.world.tenancy.tenant_by_code("DEMO").id)
        self.reseller_wallet = reseller.id
        for wallet in (reseller, demo):
            self.expected[wallet.id] = wallet.balance
        return multiple(reseller.id, demo.id)

    # -- tenancy and directory -------------------------------------------------------------------

    @rule(target=tenants, code=st.integers(100, 130).map(str))
    def create_tenant(self, code: str) -> int:
        try:
            tenant = self.world.tenancy.create_tenant(code, f"Tenant {code}", package_id=1)
        except errors.TenantCodeTaken:
            assert code in self.tenant_codes
            return self.world.tenancy.tenant_by_code(code).id
        assert code not in self.tenant_codes
        self.tenant_codes.add(code)
        wallet = self.world.billing.wallet_of(OwnerKind.TENANT, tenant.id)
        self.expected[wallet.id] = wallet.balance
        return tenant.id

    @rule(target=wallets, tenant=tenants)
    def tenant_wallet(self, tenant: int) -> int:
        wallet = self.world.billing.wallet_of(OwnerKind.TENANT, tenant)
        if wallet.id not in self.expected:  # the model starts from what the wallet held before calls
            charged = sum((e.amount for e in self.world.billing.ledger(wallet.id) if e.kind == "call"), Decimal("0.00"))
            self.expected[wallet.id] = wallet.balance - charged
        return wallet.id

    @rule(target=extensions, tenant=tenants, number=st.integers(100, 110).map(str))
    def create_extension(self, tenant: int, number: str) -> tuple[int, str]:
        try:
            self.world.directory.create_extension(tenant, number)
        except errors.ExtensionExists:
            self.world.directory.extension_by_number(tenant, number)
        return tenant, number

    @rule(tenant=tenants, suspend=st.booleans())
    def set_status(self, tenant: int, suspend: bool) -> None:
        self.world.tenancy.set_tenant_status(tenant, TenantStatus.SUSPENDED if suspend else TenantStatus.ACTIVE)

    # -- numbering ----------------------------------------------------------------------------------

    @initialize(target=dids)
    def scenario_dids(self) -> object:
        return multiple(*self.did_owner)

    @rule(target=dids, number=st.integers(4535150000, 4535150006).map(str), tenant=st.one_of(st.none(), tenants))
    def create_did(self, number: str, tenant: int | None) -> object:
        try:
            self.world.numbering.create_did(number, tenant_id=tenant)
        except errors.DidExists:
            assert number in self.did_owner
            return multiple()
        assert number not in self.did_owner
        self.did_owner[number] = tenant
        return number

    @rule(number=dids, tenant=tenants)
    def move_did(self, number: str, tenant: int) -> None:
        did = self.world.numbering.did_by_number(number)
        self.world.numbering.update_did(did.id, tenant_id=tenant, destination=None)
        self.did_owner[number] = tenant

    @rule(number=consumes(dids))
    def delete_did(self, number: str) -> None:
        self.world.numbering.delete_did(self.world.numbering.did_by_number(number).id)
        del self.did_owner[number]

    # -- money --------------------------------------------------------------------------------------

    @rule(wallet=wallets, amount=amounts)
    def credit(self, wallet: int, amount: object) -> None:
        try:
            entry = self.world.billing.credit(wallet, amount, memo="credit")
        except errors.InvalidAmount:
            return
        self.expected[wallet] += entry.amount

    @rule(wallet=wallets, amount=amounts)
    def debit(self, wallet: int, amount: object) -> None:
        before = self.world.billing.get_wallet(wallet).balance
        try:
            entry = self.world.billing.debit(wallet, amount, memo="debit")
        except errors.InvalidAmount:
            return
        except errors.InsufficientFunds:
            assert before < Decimal(str(amount))
            assert self.world.billing.get_wallet(wallet).balance == before
            return
        self.expected[wallet] += entry.amount

    @rule(payer=wallets, payee=wallets, amount=amounts)
    def transfer(self, payer: int, payee: int, amount: object) -> None:
        before = (self.world.billing.get_wallet(payer).balance, self.world.billing.get_wallet(payee).balance)
        try:
            out, into = self.world.billing.transfer(payer, payee, amount, memo="move")
        except (errors.InvalidAmount, errors.InsufficientFunds, errors.InvalidArgument) as refused:
            if isinstance(refused, errors.InsufficientFunds):
                assert before[0] < Decimal(str(amount))
            else:
                assert payer == payee or isinstance(refused, errors.InvalidAmount)
            wallet = self.world.billing.get_wallet
            assert (wallet(payer).balance, wallet(payee).balance) == before
            return
        assert out.amount == -into.amount
        self.expected[payer] += out.amount
        self.expected[payee] += into.amount

    @rule(payee=wallets, amount=st.decimals(min_value=CENT, max_value=Decimal("500"), places=2))
    def top_up(self, payee: int, amount: Decimal) -> None:
        """The reseller funds a wallet: the common way money enters a tenant."""
        self.transfer(self.reseller_wallet, payee, amount)

    # -- calls and time -----------------------------------------------------------------------------

    @rule(extension=extensions, destination=destinations)
    def originate_outside(self, extension: tuple[int, str], destination: str) -> None:
        self._originate(extension, destination)

    @rule(extension=extensions, callee=extensions)
    def originate_internal(self, extension: tuple[int, str], callee: tuple[int, str]) -> None:
        self._originate(extension, callee[1])

    def _originate(self, extension: tuple[int, str], destination: str) -> None:
        tenant, number = extension
        try:
            call = self.world.telephony.originate_call(tenant, number, destination)
        except (errors.TenantSuspended, errors.CallLimitReached):
            return
        assert call.uniqueid not in self.originated
        self.originated.add(call.uniqueid)

    @rule(number=st.one_of(dids, st.integers(4535150000, 4535150006).map(str)), caller=destinations)
    def receive(self, number: str, caller: str) -> None:
        try:
            call = self.world.telephony.receive_call(number, caller)
        except errors.DidNotFound:
            assert number not in self.did_owner
            return
        except errors.InvalidState:  # unassigned DID, or its tenant is suspended
            return
        assert self.did_owner.get(number) == call.tenant_id
        self.originated.add(call.uniqueid)

    @rule(seconds=st.one_of(st.integers(0, 70), st.sampled_from([3_600, 4_000])))
    def advance(self, seconds: int) -> None:
        self.world.advance_clock(seconds)

    @precondition(lambda self: bool(self.world.telephony.live_calls()))
    @rule(data=st.data())
    def hangup(self, data: st.DataObject) -> None:
        call = data.draw(st.sampled_from(self.world.telephony.live_calls()))
        cdr = self.world.telephony.hangup_call(call.id)
        assert cdr.uniqueid == call.uniqueid

    @rule()
    def snapshot_restore_round_trip(self) -> None:
        data = self.world.snapshot()
        self.world.restore(data)
        assert self.world.snapshot() == data

    @rule(garbage=st.binary(max_size=40))
    def restore_garbage(self, garbage: bytes) -> None:
        data = self.world.snapshot()
        try:
            self.world.restore(garbage)
        except errors.InvalidArgument:
            pass
        assert self.world.snapshot() == data

    # -- invariants ---------------------------------------------------------------------------------

    @invariant()
    def balances_equal_ledger_sums(self) -> None:
        charges: Counter[int] = Counter()
        for wallet_id, expected in self.expected.items():
            wallet = self.world.billing.get_wallet(wallet_id)
            entries = self.world.billing.ledger(wallet_id)
            assert wallet.balance == sum((e.amount for e in entries), Decimal("0.00"))
            calls = sum((e.amount for e in entries if e.kind == "call"), Decimal("0.00"))
            assert wallet.balance == expected + calls
            charges[wallet_id] = int(-calls * 100)
        for tenant in self.world.tenancy.list_tenants():
            billed = sum((c.cost for c in self.world.telephony.query_cdrs(tenant.id)), Decimal("0.00"))
            wallet_id = self.world.billing.wallet_of(OwnerKind.TENANT, tenant.id).id
            if wallet_id in charges:
                assert charges[wallet_id] == int(billed * 100)

    @invariant()
    def a_did_belongs_to_at_most_one_tenant(self) -> None:
        dids = self.world.numbering.list_dids()
        numbers = [d.number for d in dids]
        assert len(numbers) == len(set(numbers))
        assert {d.number: d.tenant_id for d in dids} == self.did_owner

    @invariant()
    def each_call_ended_once(self) -> None:
        live = {c.uniqueid for c in self.world.telephony.live_calls()}
        per_call = Counter(c.uniqueid for c in self.world.telephony.query_cdrs())
        assert all(n == 1 for n in per_call.values())
        ended = {u for u in per_call if u in self.originated}
        assert not live & ended
        assert live | ended == self.originated
        assert len(live) + len(ended) == len(self.originated)


TestWorldMachine = WorldMachine.TestCase
