"""The reliability suite's long mode: ``tests/reliability`` with ``MOCKPBX_RELIABILITY=long``.

    python -m bench.bench_reliability [--requests 100000]

100,000 hostile requests per vendor and to the control plane (each against a canary world
whose keys must never show), every value path of a snapshot replaced by every hostile value,
20 kill -9 rounds, 50 worlds of isolation probes. Prints, per request fuzzer, the requests
sent, the 5xx answers (and logged exceptions), the canary leaks and the peak RSS of the test
process so far; then pytest's verdict and the wall time. Targets (issue 14): 0 5xx in
100,000 per vendor, 0 leaks.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from bench.report import header, loadavg


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000, help="requests per vendor (default 100000)")
    args = parser.parse_args()
    env = {**os.environ, "MOCKPBX_RELIABILITY": "long", "MOCKPBX_RELIABILITY_REQUESTS": str(args.requests)}
    load_before = loadavg()
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests/reliability"],
                          env=env, check=False)
    print(f"wall time {time.monotonic() - started:.0f} s, exit status {done.returncode}, {header(load_before)}",
          flush=True)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
