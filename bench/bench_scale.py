"""Scale benchmark: build a demo world of 1,000 tenants, 100,000 extensions and 1,000,000 CDRs,
and compare the cost of one page of CDRs there with the same page in a 10,000-CDR world.

    python -m bench.bench_scale                    # size 1000 against size 10
    python -m bench.bench_scale --size 200 --json out.json

Each world is built in its own child process, so the peak RSS (``resource.getrusage``) is the
world's alone. Targets (issue 2): build <= 20 s, peak RSS <= 1.5 GB, and each page query at
1M within 2x of the same query at 10k. Build time is reported as wall and CPU seconds, since
on a shared 2-core machine other load inflates the wall figure.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.report import emit, header, loadavg

BUILD_TARGET_S = 20.0
RSS_TARGET_MB = 1536.0
QUERY_RATIO_TARGET = 2.0
PAGE = 16


def _time_query(run: Callable[[], object], *, repeat: int) -> float:
    """Median microseconds of one call, over ``repeat`` batches sized to ~2 ms each."""
    run()
    start = time.perf_counter()
    run()
    once = max(time.perf_counter() - start, 1e-7)
    batch = max(1, int(0.002 / once))
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(batch):
            run()
        samples.append((time.perf_counter() - start) / batch * 1e6)
    return statistics.median(samples)


def measure_world(size: int, seed: int, repeat: int) -> dict[str, Any]:
    """Runs in the child: build, then time the page queries."""
    from mockpbx.core import ClockMode, Registry

    wall, cpu = time.perf_counter(), time.process_time()
    world = Registry(clock_mode=ClockMode.MANUAL).create_world("demo", size=size, seed=seed, world_id="scale")
    build_wall, build_cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    tenants = world.tenancy.list_tenants()
    tenant = tenants[len(tenants) // 2].id
    now = int(world.clock.now())
    day = 86_400
    # A one-day window a week back: inside the demo's 30 days of history.
    start, end = now - 7 * day, now - 6 * day
    queries: dict[str, Callable[[], object]] = {
        "newest": lambda: world.telephony.query_cdrs(limit=PAGE),
        "tenant": lambda: world.telephony.query_cdrs(tenant, limit=PAGE),
        "window": lambda: world.telephony.query_cdrs(start=start, end=end, limit=PAGE),
        "tenant_window": lambda: world.telephony.query_cdrs(tenant, start=start, end=end, limit=PAGE),
    }
    pages = {name: len(run()) for name, run in queries.items()}  # type: ignore[arg-type]
    timings = {name: _time_query(run, repeat=repeat) for name, run in queries.items()}
    return {
        "size": size,
        "tenants": len(tenants),
        "extensions": len(world.directory.list_extensions()),
        "cdrs": len(world._state.cdrs),  # a count, not worth a verb
        "build_wall_s": round(build_wall, 2),
        "build_cpu_s": round(build_cpu, 2),
        "peak_rss_mb": round(peak_rss_mb, 1),
        "page_rows": pages,
        "query_us": {k: round(v, 2) for k, v in timings.items()},
    }


def run_child(size: int, seed: int, repeat: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_scale", "--child", str(size), "--seed", str(seed), "--repeat", str(repeat)],
        capture_output=True, text=True, check=True, timeout=900,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--baseline-size", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=25)
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure_world(args.child, args.seed, args.repeat)))
        return 0

    load_before = loadavg()
    baseline = run_child(args.baseline_size, args.seed, args.repeat)
    big = run_child(args.size, args.seed, args.repeat)
    ratios = {k: round(big["query_us"][k] / baseline["query_us"][k], 2) for k in big["query_us"]}
    report = {
        **header(load_before),
        "baseline": baseline,
        "scale": big,
        "query_ratio": ratios,
        "targets": {
            "build_s<=20": big["build_wall_s"] <= BUILD_TARGET_S,
            "build_cpu_s<=20": big["build_cpu_s"] <= BUILD_TARGET_S,
            "rss_mb<=1536": big["peak_rss_mb"] <= RSS_TARGET_MB,
            "query_ratio<=2": all(r <= QUERY_RATIO_TARGET for r in ratios.values()),
        },
    }
    return emit(report, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
