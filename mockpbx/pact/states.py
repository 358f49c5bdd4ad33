"""Provider states in PBX terms, for verifying a consumer's own pacts against mockpbx.

A pact names a state as a sentence, with or without parameters: ``given("tenant ACME has 3
CDRs")``, or ``given("tenant {code} has {n} CDRs", {"code": "ACME", "n": 3})``; parameters win
over the words of the sentence. Setting a state up answers a map of values that the pact's
``fromProviderState`` expressions use (``${tenantId}``, ``${customerId}``, ...), so a pact need
not hard-code ids. Tearing any state down resets the world to its scenario.

Every sentence is listed in :data:`SENTENCES` and in docs/pact.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..core import errors
from ..core.entities import Direction, Disposition, KeyScope, OwnerKind, Tenant, TenantStatus, Vendor
from ..core.telephony import PastCall
from ..core.world import World

Values = dict[str, Any]
# Bounds on what one state may ask for: the endpoint is reachable by anyone who can reach the server.
MAX_CDRS = 10_000
MAX_EXTENSIONS = 200
MAX_AMOUNT = Decimal("1000000000")


class StateError(Exception):
    """A state that cannot be set up: unknown, or its values are unusable. Nothing has changed."""

    def __init__(self, message: str, code: str = "invalid_state") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class Sentence:
    template: str
    meaning: str
    setup: Callable[[World, Mapping[str, str]], Values]
    names: tuple[str, ...] = field(init=False)
    pattern: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        parts = re.split(r"\{(\w+)\}", self.template)
        names = tuple(parts[1::2])
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "pattern", re.compile(regex + r"\Z", re.DOTALL))

    def values(self, name: str, params: Mapping[str, Any]) -> dict[str, str] | None:
        """The sentence's placeholders filled from ``name`` and ``params``, or None if it is another sentence."""
        found = self.pattern.match(name)
        if found is None:
            return None
        filled = {k: v for k, v in found.groupdict().items() if v != "{" + k + "}"}
        filled.update({k: _text(v) for k, v in params.items() if k in self.names})
        missing = [n for n in self.names if n not in filled]
        if missing:
            raise StateError(f"state {name!r} needs {', '.join(missing)} (in the sentence or its params)")
        return filled


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


# -- the sentences --------------------------------------------------------------------------


def _tenant_values(tenant: Tenant) -> Values:
    return {"tenantId": tenant.id, "customerId": tenant.id, "tenantCode": tenant.code, "server": tenant.id}


def _ensure_tenant(world: World, code: str) -> Tenant:
    if not re.fullmatch(r"[A-Za-z0-9.]{1,32}", code):
        raise StateError(f"tenant code {code!r} must be 1 to 32 letters, digits or dots")
    try:
        return world.tenancy.tenant_by_code(code)
    except errors.NotFound:
        pass
    resellers = world.tenancy.list_resellers()
    packages = world.tenancy.list_packages()
    return world.tenancy.create_tenant(code, code, package_id=packages[0].id if packages else None,
                                       reseller_id=resellers[0].id if resellers else None,
                                       email=f"pact-state.{code.lower()}@tenants.example",
                                       domain=world.tenancy.unique_domain(code, "epbx.bd"))


def _number(raw: str, what: str, limit: int) -> int:
    if not raw.isdigit() or int(raw) > limit:
        raise StateError(f"{what} must be a whole number from 0 to {limit}, not {raw!r}")
    return int(raw)


def default_world(world: World, values: Mapping[str, str]) -> Values:
    world.reset()
    return {}


def tenant_exists(world: World, values: Mapping[str, str]) -> Values:
    return _tenant_values(_ensure_tenant(world, values["code"]))


def tenant_with_extensions(world: World, values: Mapping[str, str]) -> Values:
    numbers = [n.strip() for n in values["list"].replace(" and ", ",").split(",") if n.strip()]
    if not numbers or len(numbers) > MAX_EXTENSIONS or not all(n.isdigit() and len(n) <= 16 for n in numbers):
        raise StateError(f"extensions must be a list of 1 to {MAX_EXTENSIONS} numbers, not {values['list']!r}")
    lengths = {len(n) for n in numbers}
    if len(lengths) != 1:
        raise StateError("every extension number of one tenant has the same length")
    tenant = _ensure_tenant(world, values["code"])
    if tenant.ext_length != len(numbers[0]):
        if world.directory.list_extensions(tenant.id):
            raise StateError(f"tenant {tenant.code} has {tenant.ext_length}-digit extensions")
        tenant = world.tenancy.update_tenant(tenant.id, ext_length=len(numbers[0]))
    answer = _tenant_values(tenant)
    for number in numbers:
        try:
            extension = world.directory.extension_by_number(tenant.id, number)
        except errors.NotFound:
            extension = world.directory.create_extension(tenant.id, number, name=f"Extension {number}",
                                                         email=f"{number}@{tenant.code.lower()}.example",
                                                         secret=f"Pact!{number}x", pin=number[-4:].rjust(4, "0"))
        answer[f"extension{number}Id"] = extension.id
    answer["extensionId"] = answer[f"extension{numbers[0]}Id"]
    return answer


def tenant_has_cdrs(world: World, values: Mapping[str, str]) -> Values:
    wanted = _number(values["n"], "the number of CDRs", MAX_CDRS)
    tenant = _ensure_tenant(world, values["code"])
    held = len(world.telephony.query_cdrs(tenant.id))
    if held > wanted:
        raise StateError(f"tenant {tenant.code} already has {held} CDRs; a state cannot remove CDRs "
                         "(name a new tenant, or a scenario without them)")
    start = int(world.clock.now()) - 86_400
    world.telephony.import_history([
        PastCall(tenant.id, "100", f"5551{n:06d}", Direction.OUTBOUND, Disposition.ANSWERED, start + 60 * n, 3, 30)
        for n in range(wanted - held)])
    rows = world.telephony.query_cdrs(tenant.id)
    return {**_tenant_values(tenant), "cdrCount": len(rows), "uniqueid": rows[0].uniqueid if rows else ""}


def tenant_suspended(world: World, values: Mapping[str, str]) -> Values:
    tenant = world.tenancy.set_tenant_status(_ensure_tenant(world, values["code"]).id, TenantStatus.SUSPENDED)
    return _tenant_values(tenant)


def wallet_holds(world: World, values: Mapping[str, str]) -> Values:
    try:
        amount = Decimal(values["amount"].strip())
    except InvalidOperation:
        raise StateError(f"amount must be a number like 500.00, not {values['amount']!r}") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        raise StateError(f"amount must be 0 to {MAX_AMOUNT} with at most two decimals, not {values['amount']!r}")
    resellers = world.tenancy.list_resellers()
    if "reseller" in values:
        resellers = [r for r in resellers if r.name == values["reseller"]]
    if not resellers:
        raise StateError("the world has no such reseller")
    reseller = resellers[0]
    wallet = world.billing.wallet_of(OwnerKind.RESELLER, reseller.id)
    change = amount - wallet.balance
    if change > 0:
        world.billing.credit(wallet.id, change, memo="Pact provider state")
    elif change < 0:
        world.billing.debit(wallet.id, -change, memo="Pact provider state")
    return {"resellerId": reseller.id, "walletId": wallet.id, "balance": f"{amount:.2f}"}


def extension_busy(world: World, values: Mapping[str, str]) -> Values:
    number = values["ext"]
    if "code" in values:
        candidates = [world.tenancy.tenant_by_code(values["code"])]
    else:
        candidates = world.tenancy.list_tenants()
    for tenant in candidates:
        try:
            world.directory.extension_by_number(tenant.id, number)
        except errors.NotFound:
            continue
        # An hour-long call (the 5550004 magic number) keeps the extension on the phone.
        call = world.telephony.originate_call(tenant.id, number, "4555550004", caller_name=f"Extension {number}")
        return {**_tenant_values(tenant), "originateId": call.originate_id, "uniqueid": call.uniqueid,
                "callId": call.id}
    raise StateError(f"no tenant has extension {number!r}")


_VENDORS = {v.value: v for v in Vendor}
_SCOPES = {s.value: s for s in KeyScope} | {"tenant": KeyScope.TENANT_READ_WRITE,
                                            "read-write": KeyScope.TENANT_READ_WRITE,
                                            "read-only": KeyScope.TENANT_READ_ONLY}


def key_is(world: World, values: Mapping[str, str]) -> Values:
    key, vendor, scope = values["key"], _VENDORS.get(values["vendor"]), _SCOPES.get(values["scope"])
    if not re.fullmatch(r"[A-Za-z0-9._~-]{1,128}", key):
        raise StateError("a key is 1 to 128 letters, digits or . _ ~ -")
    if vendor is None or scope is None:
        raise StateError(f"vendor must be one of {', '.join(_VENDORS)} and scope one of {', '.join(_SCOPES)}")
    tenant_id = reseller_id = None
    if scope in (KeyScope.TENANT_READ_WRITE, KeyScope.TENANT_READ_ONLY):
        tenant_id = _ensure_tenant(world, values.get("code", "DEMO")).id
    if scope is KeyScope.RESELLER:
        resellers = world.tenancy.list_resellers()
        if not resellers:
            raise StateError("the world has no reseller for a reseller key")
        reseller_id = resellers[0].id
    existing = world.find_key(key)
    if existing is not None:
        if (existing.vendor, existing.scope, existing.tenant_id) != (vendor, scope, tenant_id):
            raise StateError(f"key {key!r} is already a {existing.vendor} {existing.scope} key")
    else:
        world.issue_key(vendor, scope, key=key, tenant_id=tenant_id, reseller_id=reseller_id)
    answer: Values = {"key": key}
    if tenant_id is not None:
        answer["tenantId"] = tenant_id
    return answer


SENTENCES: tuple[Sentence, ...] = (
    Sentence("the default world", "the world as its scenario built it (a reset)", default_world),
    # What the default world holds, in the words of the example pacts in contracts/pacts/.
    Sentence("reseller Demo Reseller with customers Acme Corp and Globex Ltd", "the default world", default_world),
    Sentence("tenant DEMO with extension 402", "the default world", default_world),
    Sentence("tenants t1.dot.com and Demo Company", "the default world", default_world),
    Sentence("tenant {code} exists with extensions {list}",
             "tenant {code} (made if missing, under the first reseller) with these extension numbers "
             "(comma-separated, or a JSON list in params); answers tenantId, customerId, tenantCode, server, "
             "extensionId (the first) and extension<number>Id", tenant_with_extensions),
    Sentence("tenant {code} exists", "tenant {code}, made if missing; answers tenantId, customerId, tenantCode, "
             "server", tenant_exists),
    Sentence("tenant {code} has {n} CDRs",
             "tenant {code} holds exactly {n} CDRs (answered 30-second calls added yesterday); answers the "
             "tenant's ids, cdrCount and the newest uniqueid", tenant_has_cdrs),
    Sentence("tenant {code} is suspended", "tenant {code} exists and is suspended", tenant_suspended),
    Sentence("the reseller wallet holds {amount}",
             "the first reseller's wallet balance is exactly {amount} (a ledger entry makes up the difference); "
             "answers resellerId, walletId, balance", wallet_holds),
    Sentence("reseller {reseller} wallet holds {amount}", "as above, for the reseller named {reseller}",
             wallet_holds),
    Sentence("extension {ext} of tenant {code} is busy",
             "extension {ext} of tenant {code} is on an hour-long outbound call; answers the tenant's ids, "
             "originateId, uniqueid, callId", extension_busy),
    Sentence("extension {ext} is busy", "as above, in the first tenant that has extension {ext}", extension_busy),
    Sentence("key {key} is a {vendor} {scope} key for tenant {code}",
             "as below, a tenant key (tenant_rw or tenant_ro) of tenant {code}", key_is),
    Sentence("key {key} is a {vendor} {scope} key",
             "the world accepts {key} as a {vendor} (epbx, pbxcloud, pbxware) key of {scope} (reseller, admin, "
             "master, tenant_rw, tenant_ro; tenant keys belong to DEMO); answers key", key_is),
)


def find_sentence(name: str, params: Mapping[str, Any]) -> tuple[Sentence, dict[str, str]]:
    for sentence in SENTENCES:
        values = sentence.values(name, params)
        if values is not None:
            return sentence, values
    raise StateError(f"unknown provider state {name!r}; mockpbx knows: "
                     + "; ".join(s.template for s in SENTENCES), code="unknown_state")


def change_state(world: World, name: str, params: Mapping[str, Any], action: str) -> Values:
    """Apply one state change of the Pact protocol; a refused change leaves the world as it was."""
    if action == "teardown":
        world.reset()
        return {}
    if action != "setup":
        raise StateError(f"action must be setup or teardown, not {action!r}", code="invalid_argument")
    if name == "":
        return {}  # Pact's generic setup call, made before every interaction
    sentence, values = find_sentence(name, params)
    before = world.snapshot()
    try:
        return sentence.setup(world, values)
    except (StateError, errors.DomainError) as exc:
        world.restore(before)
        if isinstance(exc, StateError):
            raise
        raise StateError(f"state {name!r} cannot be set up: {exc.message}") from None
