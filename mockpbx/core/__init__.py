"""The domain core: worlds, their state and verbs. Imports no web framework and no vendor."""

from __future__ import annotations

from .clock import Clock, ClockMode
from .errors import DomainError
from .registry import DEFAULT_WORLD, Credential, Registry
from .scenarios import DEMO_KEYS, Scenario, load_scenario
from .telephony import MAGIC_NUMBERS
from .world import World

__all__ = [
    "DEFAULT_WORLD",
    "DEMO_KEYS",
    "MAGIC_NUMBERS",
    "Clock",
    "ClockMode",
    "Credential",
    "DomainError",
    "Registry",
    "Scenario",
    "World",
    "load_scenario",
]
