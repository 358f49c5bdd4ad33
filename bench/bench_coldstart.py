"""Cold-start benchmark: time from launching ``python -m mockpbx serve`` to the first 200 on
``/_mockpbx/health``.

    python -m bench.bench_coldstart [--runs 10] [--scenario default]

Each run starts a fresh interpreter with ``--port 0``, reads the bound address from the
banner line ``mockpbx listening on http://HOST:PORT``, polls the health endpoint every 5 ms
until it answers 200, then stops the server with SIGTERM (by its pid). The clock starts just
before the process is spawned, so interpreter start-up, imports, building the default world
and binding all count. Target (issue 2): median <= 1.0 s.
"""

from __future__ import annotations

import argparse
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

from bench.report import emit, header, loadavg

TARGET_S = 1.0
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


def one_start(extra: list[str], timeout_s: float) -> dict[str, float]:
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "mockpbx", "serve", "--host", "127.0.0.1", "--port", "0", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert child.stdout is not None
        base = None
        for line in child.stdout:
            found = LISTENING.search(line)
            if found:
                base = found.group(1)
                break
        if base is None:
            raise RuntimeError(f"server exited with {child.wait()} before printing its address")
        announced = time.perf_counter() - started
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_mockpbx/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.perf_counter() - started > timeout_s:
                raise RuntimeError(f"no 200 from {base}/_mockpbx/health within {timeout_s} s")
            time.sleep(0.005)
        healthy = time.perf_counter() - started
    finally:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return {"announced_s": round(announced, 3), "healthy_s": round(healthy, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--scenario", default="default")
    ap.add_argument("--size", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)
    extra = ["--scenario", args.scenario, "--size", str(args.size)]
    load_before = loadavg()
    one_start(extra, args.timeout)  # warm the OS file cache and .pyc files; not counted
    runs = [one_start(extra, args.timeout) for _ in range(args.runs)]
    healthy = sorted(r["healthy_s"] for r in runs)
    report: dict[str, Any] = {
        **header(load_before),
        "command": f"python -m mockpbx serve --port 0 {' '.join(extra)}",
        "runs": runs,
        "healthy_s": {"median": statistics.median(healthy), "min": healthy[0], "max": healthy[-1]},
        "announced_s_median": statistics.median(r["announced_s"] for r in runs),
        "target_median_s<=1.0": statistics.median(healthy) <= TARGET_S,
    }
    return emit(report, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
