"""Worlds for core tests: built straight from the core, on a manual clock, no HTTP.

Most tests run on ``core-tests``, a small world built here from core verbs alone, so
that pinned ids and timings do not move when the vendors' ``default`` world grows. It
mirrors the parts of ``default`` the tests need: MiRTA's DEMO tenant with 102, 104
(records its calls) and 402, DIDs to 102, and PBXware's tenant 344 with 530.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from mockpbx.core import Scenario, World
from mockpbx.core.clock import Clock, ClockMode
from mockpbx.core.entities import Destination, Direction, Disposition, Tenant
from mockpbx.core.scenarios import load_scenario
from mockpbx.core.telephony import PastCall

CORE_EPOCH = 1767603600.0  # 2026-01-05 09:00 UTC, the same epoch as the built-in scenarios


def build_core_world(world: World) -> None:
    gold = world.tenancy.create_package("Package 1", rate_per_minute=Decimal("0.50"))
    world.tenancy.create_package("Package 2", rate_per_minute=Decimal("0.40"))
    provider = world.numbering.create_provider("Generic SIP")
    world.tenancy.create_reseller("Demo Reseller", opening_balance=Decimal("100000.00"))
    world.tenancy.create_reseller("Second Reseller", opening_balance=Decimal("5000.00"))
    demo = world.tenancy.create_tenant("DEMO", "Demo Company", package_id=gold.id, ext_length=3, country="DK")
    reception = world.directory.create_extension(demo.id, "102", name="Reception", secret="Recept1on!102", pin="1020")
    world.directory.create_extension(demo.id, "104", name="Support Agent", secret="Supp0rt!104", pin="1040",
                                     record_calls=True)
    sales = world.directory.create_extension(demo.id, "402", name="Sales", secret="Sa1es!402x", pin="4020")
    trunk = world.numbering.create_trunk("DEMO-trunk", provider_id=provider.id, channels=10, tenant_ids=(demo.id,))
    world.numbering.create_did("4535150000", tenant_id=demo.id, trunk_id=trunk.id,
                               destination=Destination("extension", "102"))
    world.numbering.create_did("4535150001", tenant_id=demo.id, trunk_id=trunk.id,
                               destination=Destination("queue", "281"))
    other = world.tenancy.create_tenant("344", "t1.dot.com", package_id=gold.id, ext_length=3, country="US")
    world.directory.create_extension(other.id, "530", name="User 530", secret="Secret!530a", pin="1234")
    now = int(world.clock.now())
    world.telephony.import_history([
        PastCall(demo.id, "402", "4520304050", Direction.OUTBOUND, Disposition.ANSWERED, now - 5400, 4, 95,
                 "Sales", sales.id, None, record=True),
        PastCall(demo.id, "1132555678", "102", Direction.INBOUND, Disposition.NO_ANSWER, now - 7230, 30, 0,
                 "Susan", None, reception.id),
    ])


CORE_SCENARIO = Scenario("core-tests", build_core_world, CORE_EPOCH)


def manual_world(scenario: str = "core-tests", *, seed: int = 1, world_id: str = "t", size: int | None = None) -> World:
    """A world whose clock stands at the scenario's epoch until a test moves it."""
    resolved = CORE_SCENARIO if scenario == "core-tests" else load_scenario(scenario, size=size)
    return World(world_id, resolved, seed=seed, clock=Clock(start=resolved.epoch, mode=ClockMode.MANUAL))


WorldFactory = Callable[..., World]


@pytest.fixture
def make_world() -> WorldFactory:
    return manual_world


@pytest.fixture
def world() -> World:
    return manual_world()


@pytest.fixture
def demo_tenant(world: World) -> Tenant:
    return world.tenancy.tenant_by_code("DEMO")
