from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
