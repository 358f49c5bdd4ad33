"""Scaling sweep: every vendor read at demo sizes 5, 50 and 200, with 1, 16 and 64 connections.

    python -m bench.bench_sweep [--sizes 5 50 200] [--connections 1 16 64] [--duration 3]

For each size a child process builds ``load_scenario("demo", size=N)`` as the default world
(rate limiting off) and serves it with ``mockpbx.server.WsgiServer``; ``wrk`` loads each read
in turn. Each cell gives requests per second, p99 and the server's RSS after that read.

Before serving, the child also measures each read's own CPU cost: a prebuilt WSGI environ handed
straight to the app, process time per request, median of 5 interleaved batches. Unlike wrk's
rates, this figure barely moves when other processes load the machine, so the flag uses it: a
read is flagged when its cost at the largest size exceeds 1.2 times its cost at the smallest
(issue 15: the cost per page at size 200 within 1.2x of size 5).

CDR pages hold 50 rows at every size: the window is chosen in the child from the world's own
CDRs, so the page, not the world, is what a read should cost. Loopback only; needs ``wrk``.

``--app-only`` skips the servers and wrk: it builds every size's world in one process and
measures each read's CPU cost with the sizes' batches interleaved, which keeps drift between
sizes out of the ratio (about a minute at sizes 5 and 200; the size-200 world holds some 250 MB).
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from typing import Any

from bench.loadgen import run_wrk, stop_child, wrk_available, wsgi_caller
from bench.report import emit, header, loadavg

GROWTH_LIMIT = 1.2
PAGE = 50
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _mirta_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _pbxware_day(epoch: float) -> str:
    moment = datetime.fromtimestamp(epoch, UTC)
    return f"{MONTHS[moment.month - 1]}-{moment.day:02d}-{moment.year}"


def reads(world: Any) -> dict[str, tuple[str, dict[str, str]]]:
    """Path and headers of each read, for the first tenant of a demo world."""
    from mockpbx.core.entities import KeyScope, Vendor

    tenant = world.tenancy.list_tenants()[0]
    token = next(k.key for k in world.keys() if k.vendor is Vendor.EPBX and k.scope is KeyScope.RESELLER)
    admin = next(k.key for k in world.keys() if k.vendor is Vendor.PBXCLOUD and k.scope is KeyScope.ADMIN)
    master = next(k.key for k in world.keys() if k.vendor is Vendor.PBXWARE and k.scope is KeyScope.MASTER)
    newest = world.telephony.query_cdrs(tenant.id, limit=PAGE)
    first, last = newest[-1].start, newest[0].start
    # [first, last + 1) holds the PAGE newest calls (a few more if several started in one second).
    window = f"start={_mirta_time(first).replace(' ', '%20')}&end={_mirta_time(last + 1).replace(' ', '%20')}"
    mirta = f"/pbx/proxyapi.php?key={admin}&tenant={tenant.code}&reqtype=INFO"
    pbxware = f"/?apikey={master}&server={tenant.id}"
    days = f"start={_pbxware_day(first - 86_400 * 400)}&end={_pbxware_day(last + 86_400)}"
    plain: dict[str, str] = {}
    return {
        "health": ("/_mockpbx/health", plain),
        "control_world_summary": (f"/_mockpbx/worlds/{world.id}", plain),
        "epbx_customers": ("/api/v2/customers", {"Authorization": f"Bearer {token}"}),
        "pbxware_ext_list": (f"{pbxware}&action=pbxware.ext.list", plain),
        "pbxware_cdr_download_50": (f"{pbxware}&action=pbxware.cdr.download&{days}&limit={PAGE}", plain),
        "mirta_info_extensions": (f"{mirta}&info=extensions", plain),
        "mirta_cdrs_50": (f"{mirta}&info=CDRS&{window}", plain),
        "mirta_cdrs_50_json": (f"{mirta}&info=CDRS&{window}&format=json", plain),
        "mirta_cdrs_50_csv": (f"{mirta}&info=CDRS&{window}&format=csv", plain),
        "mirta_cdrs_50_xml": (f"{mirta}&info=CDRS&{window}&format=xml", plain),
        "mirta_simplecdrs_50": (f"{mirta}&info=SIMPLECDRS&{window}", plain),
        "mirta_simplecdrs_50_json": (f"{mirta}&info=SIMPLECDRS&{window}&format=json", plain),
        "mirta_simplecdrs_50_csv": (f"{mirta}&info=SIMPLECDRS&{window}&format=csv", plain),
    }


def serve(size: int) -> None:
    """Child: the demo world at ``size``, served on 127.0.0.1; port and reads printed on stdout."""
    from mockpbx import create_app
    from mockpbx.server import WsgiServer
    from mockpbx.settings import Settings

    app = create_app(Settings(scenario="demo", size=size, rate_limit=0))
    paths = reads(app.extensions["mockpbx"].get("default"))
    costs = app_cost_us(app, paths)
    server = WsgiServer(app, host="127.0.0.1", port=0, threads=16)
    signal.signal(signal.SIGTERM, lambda *_: server.shutdown())
    print(json.dumps({"port": server.port, "reads": paths, "app_us": costs}), flush=True)
    server.serve_forever()


def app_cost_us(app: Any, paths: dict[str, tuple[str, dict[str, str]]], requests: int = 500) -> dict[str, float]:
    """CPU microseconds per request in the app itself: no socket, no server, no client."""
    return app_costs_us(app, {"": paths}, requests)[""]


def app_costs_us(app: Any, worlds: dict[str, dict[str, tuple[str, dict[str, str]]]],
                 requests: int = 500) -> dict[str, dict[str, float]]:
    """:func:`app_cost_us` for the reads of several worlds of one app, their batches interleaved
    so that the machine's drift (other load, the VM's fast and slow states) hits each alike."""
    from werkzeug.test import EnvironBuilder

    call = wsgi_caller(app)
    environs = {}
    for world, paths in worlds.items():
        for name, (path, headers) in paths.items():
            route, _, query = path.partition("?")
            environs[world, name] = EnvironBuilder(path=route, query_string=query, headers=headers).get_environ()
            for _ in range(50):
                call(environs[world, name])
    samples: dict[tuple[str, str], list[float]] = {key: [] for key in environs}
    for _ in range(5):
        for key, environ in environs.items():
            start = time.process_time()
            for _ in range(requests // 5):
                call(environ)
            samples[key].append((time.process_time() - start) / (requests // 5) * 1e6)
    return {world: {name: round(statistics.median(samples[world, name]), 1) for name in paths}
            for world, paths in worlds.items()}


def app_only(sizes: list[int], requests: int) -> dict[str, Any]:
    """Every size's demo world in one registry, each read's CPU cost measured interleaved."""
    from mockpbx import create_app
    from mockpbx.settings import Settings

    app = create_app(Settings(rate_limit=0))
    registry = app.extensions["mockpbx"]
    worlds = {str(size): reads(registry.create_world("demo", size=size, world_id=f"size{size}")) for size in sizes}
    costs = app_costs_us(app, worlds, requests)
    small, large = str(min(sizes)), str(max(sizes))
    return {"app_us": costs, "flags": {
        name: {"cost_ratio_large_over_small": round(costs[large][name] / costs[small][name], 2),
               "grows_with_world": costs[large][name] > GROWTH_LIMIT * costs[small][name]}
        for name in costs[small]}}


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def fetch(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:  # loopback only
        return response.status, response.read()


def measure(size: int, connections: list[int], duration: float, warmup: float) -> dict[str, Any]:
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "bench.bench_sweep", "--serve", str(size)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        info = json.loads(child.stdout.readline())
        built_s = round(time.monotonic() - started, 1)
        base = f"http://127.0.0.1:{info['port']}"
        cells: dict[str, Any] = {}
        for name, (path, headers) in info["reads"].items():
            status, body = fetch(base + path, headers)
            if status != 200:
                raise RuntimeError(f"{name} answered {status}: {body[:200]!r}")
            cells[name] = {"bytes": len(body), "by_connections": {}}
            for conns in connections:
                result = run_wrk(base + path, concurrency=conns, duration_s=duration, warmup_s=warmup,
                                 threads=min(2, conns), headers=headers)
                cells[name]["by_connections"][str(conns)] = {
                    "rps": round(result.rps, 1), "p99_ms": round(result.p99_ms, 2), "errors": result.errors,
                    "rss_mb": rss_mb(child.pid)}
        for name, cost in info["app_us"].items():
            cells[name]["app_us"] = cost
        return {"build_and_start_s": built_s, "reads": cells}
    finally:
        stop_child(child, timeout=30)


def flags(by_size: dict[str, Any], sizes: list[int]) -> dict[str, Any]:
    """Per read: its own CPU cost at the largest size over its cost at the smallest, and the same
    ratio from wrk's rates at 16 connections (noisier: it moves with the machine's other load)."""
    small, large = str(min(sizes)), str(max(sizes))
    out: dict[str, Any] = {}
    for name, cell in by_size[small]["reads"].items():
        big = by_size[large]["reads"][name]
        growth = round(big["app_us"] / cell["app_us"], 2)
        conns = "16" if "16" in cell["by_connections"] else next(iter(cell["by_connections"]))
        rate_large = big["by_connections"][conns]["rps"]
        out[name] = {
            "cost_ratio_large_over_small": growth,
            "wrk_rate_ratio_small_over_large": round(cell["by_connections"][conns]["rps"] / rate_large, 2)
            if rate_large else None,
            "grows_with_world": growth > GROWTH_LIMIT,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 50, 200])
    ap.add_argument("--connections", type=int, nargs="+", default=[1, 16, 64])
    ap.add_argument("--duration", type=float, default=3.0)
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--app-only", action="store_true",
                    help="no server and no wrk: each read's CPU cost per size, all sizes in one process")
    ap.add_argument("--requests", type=int, default=500, help="requests per read and size with --app-only")
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve is not None:
        serve(args.serve)
        return 0
    if args.app_only:
        load_before = loadavg()
        return emit({**header(load_before), **app_only(args.sizes, args.requests)}, args.json)
    if not wrk_available():
        print("the sweep needs wrk (Debian: apt-get install -y wrk)", file=sys.stderr)
        return 2
    load_before = loadavg()
    by_size = {str(size): measure(size, args.connections, args.duration, args.warmup) for size in args.sizes}
    report = {**header(load_before), "duration_s": args.duration, "page_rows": PAGE, "sizes": by_size,
              "flags": flags(by_size, args.sizes)}
    return emit(report, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
