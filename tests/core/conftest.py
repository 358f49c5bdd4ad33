"""Worlds for core tests: built straight from the core, on a manual clock, no HTTP."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockpbx.core import World
from mockpbx.core.clock import Clock, ClockMode
from mockpbx.core.entities import Tenant
from mockpbx.core.scenarios import load_scenario


def manual_world(scenario: str = "default", *, seed: int = 1, world_id: str = "t", size: int | None = None) -> World:
    """A world whose clock stands at the scenario's epoch until a test moves it."""
    resolved = load_scenario(scenario, size=size)
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
    """MiRTA's documented DEMO tenant: 102 (reception), 104 (records calls), 402."""
    return world.tenant_by_code("DEMO")
