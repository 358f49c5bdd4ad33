"""How hard the reliability suite pushes: bounded for CI, longer for bench/.

``MOCKPBX_RELIABILITY=long`` selects the long mode (``python -m bench.bench_reliability`` sets it); the
default is the short mode every CI run can afford. Each test scales its work by these
figures instead of reading the variable itself.
"""

from __future__ import annotations

import os

LONG = os.environ.get("MOCKPBX_RELIABILITY", "short") == "long"

# Requests per vendor in the request fuzzers; MOCKPBX_RELIABILITY_REQUESTS overrides either mode.
REQUESTS_PER_VENDOR = int(os.environ.get("MOCKPBX_RELIABILITY_REQUESTS", "0")) or (100_000 if LONG else 300)
# Kill -9 rounds in the crash test.
CRASH_ROUNDS = 20 if LONG else 3
# Worlds in the isolation probes.
ISOLATION_WORLDS = 50 if LONG else 4
# Connections that drip their request while a fast client must still be served, against a limit of
# SLOW_CLIENT_LIMIT: three times the limit in CI, many more in the long mode.
SLOW_CLIENT_LIMIT = 16 if LONG else 4
SLOW_CLIENTS = 150 if LONG else 12
