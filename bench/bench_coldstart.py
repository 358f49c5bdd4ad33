"""Cold-start benchmark: time from launching ``python -m mockpbx serve`` to the first 200 on
``/_mockpbx/health``.

    python -m bench.bench_coldstart [--runs 10] [--scenario default]

Each run starts a fresh interpreter with ``--port 0``, reads the bound address from the
banner line ``mockpbx listening on http://HOST:PORT``, polls the health endpoint every 5 ms
until it answers 200, then stops the server with SIGTERM (by its pid). The clock starts just
before the process is spawned, so interpreter start-up, imports, building the default world
and binding all count. Once healthy, the child's RSS and its CPU time so far (user + system,
from /proc) are read: CPU time barely moves with other load on a shared machine, wall time does.
Targets (issue 15): median <= 0.5 s, RSS <= 100 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

from bench.loadgen import stop_child
from bench.report import emit, header, loadavg

TARGET_S = 0.5
RSS_TARGET_MB = 100.0
TICKS = os.sysconf("SC_CLK_TCK")
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


# An installed mockpbx starts from compiled bytecode (pip compiles at install); a checkout whose
# environment sets PYTHONDONTWRITEBYTECODE (as this machine's and the Docker image's do) would
# compile every module on every start, some 0.2 s of CPU that no installed server pays. The
# uncounted warm-up run writes the .pyc files.
_BYTECODE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def one_start(extra: list[str], timeout_s: float) -> dict[str, float]:
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "mockpbx", "serve", "--host", "127.0.0.1", "--port", "0", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_BYTECODE_ENV,
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
        rss_mb, cpu_s = _rss_mb(child.pid), _cpu_s(child.pid)
    finally:
        stop_child(child)
    return {"announced_s": round(announced, 3), "healthy_s": round(healthy, 3), "cpu_s": round(cpu_s, 3),
            "rss_mb": rss_mb}


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


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
        "cpu_s_median": statistics.median(r["cpu_s"] for r in runs),
        "rss_mb_max": max(r["rss_mb"] for r in runs),
        "target_median_s<=0.5": statistics.median(healthy) <= TARGET_S,
        "target_rss_mb<=100": max(r["rss_mb"] for r in runs) <= RSS_TARGET_MB,
    }
    return emit(report, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
