"""World sketches: a small, vendor-neutral description of a world, for fuzzing clients.

A sketch names only what a client test varies -- tenants, their extensions and call history,
the reseller's wallet, how much of the ePBX rate limit is left -- on top of a fixed base (the
packages, a provider, one reseller and every vendor's keys). The base is built once per world
and kept as a snapshot; each sketch restores it and applies its edits, which costs a few
milliseconds where building a scenario from scratch would cost more as worlds grow.

Keys are fixed by the world id (:func:`sketch_keys`), so a client under test is told them once
and every example of a fuzzing run reuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import errors
from .entities import Direction, Disposition, KeyScope, OwnerKind, TenantStatus, Vendor
from .scenarios import DEFAULT_EPOCH, Scenario
from .telephony import PastCallRow

if TYPE_CHECKING:
    from .world import World

# Bounds on one sketch: the control plane accepts sketches from anyone, so they stay small.
MAX_TENANTS = 20
MAX_EXTENSIONS = 100
MAX_CALLS = 5_000
MAX_TEXT = 200
# Call history must end before the world's clock starts (it is imported, not played).
EARLIEST_CALL = 946_684_800  # 2000-01-01T00:00:00Z
SKETCH_EPOCH = DEFAULT_EPOCH

Text = Annotated[str, Field(max_length=MAX_TEXT)]
Digits = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[0-9]+$")]


class _Sketch(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExtensionSketch(_Sketch):
    number: Annotated[str, Field(pattern=r"^[0-9]{3}$")]
    name: Text = ""


class CallSketch(_Sketch):
    """One finished call. ``extension`` is the tenant's side of it (the caller of an outbound or
    internal call, the callee of an inbound one); ``peer`` is the other side's number."""

    direction: Direction = Direction.OUTBOUND
    disposition: Disposition = Disposition.ANSWERED
    start: int = Field(int(SKETCH_EPOCH) - 3600, ge=EARLIEST_CALL)
    ring: int = Field(3, ge=0, le=300)
    talk: int = Field(30, ge=0, le=86_400)
    extension: Annotated[str, Field(pattern=r"^[0-9]{3}$")] = "100"
    peer: Digits = "5551234"
    caller_name: Text = ""
    record: bool = False

    @property
    def end(self) -> int:
        return self.start + self.ring + (self.talk if self.disposition is Disposition.ANSWERED else 0)


class TenantSketch(_Sketch):
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9]{1,10}$")]
    name: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    suspended: bool = False
    extensions: list[ExtensionSketch] = Field(default_factory=list, max_length=MAX_EXTENSIONS)
    calls: list[CallSketch] = Field(default_factory=list, max_length=MAX_CALLS)

    @model_validator(mode="after")
    def _distinct_extensions(self) -> TenantSketch:
        numbers = [e.number for e in self.extensions]
        if len(set(numbers)) != len(numbers):
            raise ValueError(f"tenant {self.code} lists an extension twice")
        return self


class WorldSketch(_Sketch):
    """What one fuzzing example's world holds on top of the base."""

    tenants: list[TenantSketch] = Field(default_factory=list, max_length=MAX_TENANTS)
    wallet: Decimal = Field(Decimal("100.00"), ge=0, le=Decimal("1000000000"), decimal_places=2)
    rate_limit_remaining: int | None = Field(None, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _bounded(self) -> WorldSketch:
        codes = [t.code for t in self.tenants]
        if len(set(codes)) != len(codes):
            raise ValueError("two tenants share a code")
        if sum(len(t.calls) for t in self.tenants) > MAX_CALLS:
            raise ValueError(f"at most {MAX_CALLS} calls in all")
        for tenant in self.tenants:
            for call in tenant.calls:
                if call.end >= SKETCH_EPOCH:
                    raise ValueError("every call must end before the world's clock starts "
                                     f"({int(SKETCH_EPOCH)})")
        return self


@dataclass(frozen=True, slots=True)
class SketchKeys:
    """The keys a sketched world always has; tenant keys are ``tenant_key(code)``."""

    world_id: str

    @property
    def epbx(self) -> str:
        return f"{self.world_id}-epbx-reseller"

    @property
    def pbxcloud_admin(self) -> str:
        return f"{self.world_id}-mirta-admin"

    @property
    def pbxware(self) -> str:
        return f"{self.world_id}-pbxware-master"

    def tenant_key(self, code: str) -> str:
        return f"{self.world_id}-mirta-{code}-rw"


def sketch_keys(world_id: str) -> SketchKeys:
    return SketchKeys(world_id)


def sketch_base_scenario() -> Scenario:
    """The base every sketch starts from: packages, a provider, a reseller and the vendor keys."""
    return Scenario("sketch", _build_base, SKETCH_EPOCH)


def _build_base(world: World) -> None:
    keys = sketch_keys(world.id)
    world.configure(rate_limit_per_minute=60, currency="BDT")
    world.tenancy.create_package("Package 1", rate_per_minute=Decimal("0.50"))
    world.numbering.create_provider("Generic SIP", kind="voip")
    reseller = world.tenancy.create_reseller("Sketch Reseller")
    world.issue_key(Vendor.EPBX, KeyScope.RESELLER, key=keys.epbx, reseller_id=reseller.id)
    world.issue_key(Vendor.PBXCLOUD, KeyScope.ADMIN, key=keys.pbxcloud_admin)
    world.issue_key(Vendor.PBXWARE, KeyScope.MASTER, key=keys.pbxware)


@dataclass(frozen=True, slots=True)
class SketchedTenant:
    code: str
    id: int
    key: str


def apply_sketch(world: World, sketch: WorldSketch) -> list[SketchedTenant]:
    """Add a sketch's edits to a world freshly restored to its base; returns the tenants made.

    Runs as one transaction: a sketch the domain refuses leaves the caller to restore the base.
    """
    keys = sketch_keys(world.id)
    made: list[SketchedTenant] = []
    with world.transaction():
        reseller_id = world.tenancy.list_resellers()[0].id
        if sketch.wallet:
            wallet = world.billing.wallet_of(OwnerKind.RESELLER, reseller_id)
            world.billing.credit(wallet.id, sketch.wallet, memo="Opening balance")
        history: list[PastCallRow] = []
        for position, t in enumerate(sketch.tenants):
            tenant = world.tenancy.create_tenant(t.code, t.name, package_id=1, reseller_id=reseller_id,
                                                 email=f"tenant{position}@sketch.example",
                                                 domain=world.tenancy.unique_domain(t.name, "epbx.bd"))
            for e in t.extensions:
                world.directory.create_extension(tenant.id, e.number, name=e.name, email=f"{e.number}@{t.code}.example",
                                                 secret=f"Sketch!{e.number}x", pin=e.number.rjust(4, "0"))
            ids = {e.number: world.directory.extension_by_number(tenant.id, e.number).id for e in t.extensions}
            history.extend(_rows(tenant.id, t.calls, ids))
            world.issue_key(Vendor.PBXCLOUD, KeyScope.TENANT_READ_WRITE, key=keys.tenant_key(t.code),
                            tenant_id=tenant.id)
            if t.suspended:
                world.tenancy.set_tenant_status(tenant.id, TenantStatus.SUSPENDED)
            made.append(SketchedTenant(t.code, tenant.id, keys.tenant_key(t.code)))
        world.telephony.import_history_rows(history)
        limit = world.settings.rate_limit_per_minute
        if sketch.rate_limit_remaining is not None and limit > 0:
            for _ in range(max(0, limit - sketch.rate_limit_remaining)):
                world.take_quota(keys.epbx, limit)
    return made


def _rows(tenant_id: int, calls: list[CallSketch], ids: dict[str, int]) -> list[PastCallRow]:
    rows: list[PastCallRow] = []
    for c in calls:
        mine = ids.get(c.extension)
        if c.direction is Direction.INBOUND:
            src, dst, src_id, dst_id = c.peer, c.extension, None, mine
        elif c.direction is Direction.INTERNAL:
            src, dst, src_id, dst_id = c.extension, c.peer, mine, ids.get(c.peer)
        else:
            src, dst, src_id, dst_id = c.extension, c.peer, mine, None
        rows.append((tenant_id, src, dst, c.direction, c.disposition, c.start, c.ring, c.talk, c.caller_name,
                     src_id, dst_id, c.record))
    return rows


def check_sketch_world(world: World) -> None:
    """Refuse to overwrite a world that was not built from the sketch base."""
    if world.scenario.name != "sketch":
        raise errors.InvalidState("only a world made from a sketch can take another sketch", world_id=world.id)
