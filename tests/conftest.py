from __future__ import annotations

import os

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

from mockpbx.core.world import World
from tests.worlds import fresh_default

# "ci" is the default so a bare `pytest` is reproducible; set HYPOTHESIS_PROFILE=dev to dig deeper.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def pbx() -> tuple[FlaskClient, World]:
    """A test client and its own fresh ``default`` world on a manual clock (tests/worlds.py).

    A module needing more set-up overrides it with its own ``pbx`` built on ``fresh_default``.
    """
    return fresh_default()
