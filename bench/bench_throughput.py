"""Throughput benchmark: stateful reads through the full mockpbx stack against a bare Flask
endpoint served by the same server, in the same run, at 16 concurrent clients.

    python -m bench.bench_throughput [--duration 5] [--warmup 1] [--python-load]

The server runs in a child process (the production server, ``mockpbx.server.WsgiServer``,
16 threads) so the load generator does not share its interpreter. One WSGI app serves both:
``/bare/json`` is a separate, minimal Flask app (the baseline); everything else is
``create_app()`` with the default world and rate limiting off. Targets (issue 2): each
stateful read reaches >= 0.7 of the bare endpoint's requests per second, with p99 <= 20 ms.
Load comes from ``wrk`` when installed, else from ``bench.loadgen``'s Python clients.
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
from typing import Any

from bench.loadgen import LoadResult, run_load, run_wrk, stop_child, wrk_available, wsgi_caller
from bench.report import emit, header, loadavg

RATIO_TARGET = 0.7
P99_TARGET_MS = 20.0
CONCURRENCY = 16


def build_wsgi() -> tuple[Any, int]:
    """mockpbx (default world, no rate limit) with the bare baseline app mounted at /bare."""
    from flask import Flask, Response
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from mockpbx import create_app
    from mockpbx.settings import Settings

    bare = Flask("bare")
    body = json.dumps({"status": "ok", "extension": {"number": "530", "name": "User 530"}}).encode()

    @bare.get("/json")
    def bare_json() -> Response:
        return Response(body, mimetype="application/json")

    app = create_app(Settings(rate_limit=0))
    server_id = app.extensions["mockpbx"].get("default").tenancy.tenant_by_code("344").id
    return DispatcherMiddleware(app, {"/bare": bare}), server_id


def inprocess_cpu_us(requests: int) -> dict[str, float]:
    """CPU microseconds per request through the WSGI stack with no socket: unlike the load test,
    other processes on the machine barely move it, so it pins down the cost ratio."""
    from werkzeug.test import Client

    wsgi, server_id = build_wsgi()
    client = Client(wsgi)
    costs: dict[str, float] = {}
    for name, url in targets(0, server_id).items():
        path = url.split("127.0.0.1:0", 1)[1]
        for _ in range(200):
            client.get(path)
        samples = []
        for _ in range(5):
            start = time.process_time()
            for _ in range(requests // 5):
                client.get(path)
            samples.append((time.process_time() - start) / (requests // 5) * 1e6)
        costs[name] = round(statistics.median(samples), 1)
    return costs


def inprocess_app_us(requests: int) -> dict[str, float]:
    """Microseconds per request spent in the WSGI app itself: a prebuilt environ handed straight
    to it, no client and no socket. The test client above adds some 60 us of its own to every
    request, which dilutes the ratios; this is the app's own cost, as the server pays it."""
    from werkzeug.test import EnvironBuilder

    wsgi, server_id = build_wsgi()

    call = wsgi_caller(wsgi)
    environs = {}
    for name, url in targets(0, server_id).items():
        path, _, query = url.split("127.0.0.1:0", 1)[1].partition("?")
        environs[name] = EnvironBuilder(path=path, query_string=query).get_environ()
        for _ in range(200):
            call(environs[name])
    samples: dict[str, list[float]] = {name: [] for name in environs}
    for _ in range(5):  # interleaved, so drift on a shared machine hits every endpoint alike
        for name, environ in environs.items():
            start = time.process_time()
            for _ in range(requests // 5):
                call(environ)
            samples[name].append((time.process_time() - start) / (requests // 5) * 1e6)
    return {name: round(statistics.median(values), 1) for name, values in samples.items()}


def serve() -> None:
    """Child: serve mockpbx plus the bare baseline on 127.0.0.1, port printed on stdout."""
    from mockpbx.server import WsgiServer

    wsgi, server_id = build_wsgi()
    server = WsgiServer(wsgi, host="127.0.0.1", port=0, threads=16)
    signal.signal(signal.SIGTERM, lambda *_: server.shutdown())
    print(json.dumps({"port": server.port, "pbxware_server": server_id}), flush=True)
    server.serve_forever()


def targets(port: int, pbxware_server: int) -> dict[str, str]:
    base = f"http://127.0.0.1:{port}"
    return {
        "bare_flask": f"{base}/bare/json",
        "pbxware_ext_list": f"{base}/?apikey=Test123456789&action=pbxware.ext.list&server={pbxware_server}",
        "mirta_info_extensions": f"{base}/pbx/proxyapi.php?key=demo-DEMO-ro&reqtype=INFO&info=extensions&tenant=DEMO",
        "control_world_summary": f"{base}/_mockpbx/worlds/default",
    }


def check(url: str, needle: bytes) -> None:
    with urllib.request.urlopen(url, timeout=10) as response:  # loopback only, see targets()
        data = response.read()
        if response.status != 200 or needle not in data:
            raise RuntimeError(f"{url} answered {response.status}: {data[:200]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--inprocess-requests", type=int, default=3000)
    ap.add_argument("--python-load", action="store_true", help="use bench.loadgen's threads even if wrk exists")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        serve()
        return 0

    load_before = loadavg()
    child = subprocess.Popen([sys.executable, "-m", "bench.bench_throughput", "--serve"], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout is not None
        info = json.loads(child.stdout.readline())
        urls = targets(info["port"], info["pbxware_server"])
        check(urls["pbxware_ext_list"], b'"ext":"530"')
        check(urls["mirta_info_extensions"], b"102|Reception")
        check(urls["control_world_summary"], b'"id":"default"')
        use_wrk = wrk_available() and not args.python_load

        def load(url: str) -> LoadResult:
            if use_wrk:
                return run_wrk(url, concurrency=CONCURRENCY, duration_s=args.duration, warmup_s=args.warmup)
            return run_load(url, concurrency=CONCURRENCY, duration_s=args.duration, warmup_s=args.warmup)

        # Other load on a shared machine drifts over a run, so each round measures the bare endpoint
        # right before the stateful reads and every ratio compares neighbours; medians over rounds.
        names = ["pbxware_ext_list", "mirta_info_extensions", "control_world_summary"]
        rounds: list[dict[str, LoadResult]] = []
        for _ in range(args.rounds):
            rounds.append({name: load(urls[name]) for name in ["bare_flask", *names]})
    finally:
        stop_child(child)

    results: dict[str, Any] = {}
    for name in ["bare_flask", *names]:
        ratios = [r[name].rps / r["bare_flask"].rps for r in rounds]
        results[name] = {
            "rps_median": round(statistics.median(r[name].rps for r in rounds), 1),
            "p50_ms_median": round(statistics.median(r[name].p50_ms for r in rounds), 2),
            "p99_ms_median": round(statistics.median(r[name].p99_ms for r in rounds), 2),
            "p99_ms_max": round(max(r[name].p99_ms for r in rounds), 2),
            "errors": sum(r[name].errors for r in rounds),
            "ratio_to_bare_median": round(statistics.median(ratios), 3),
            "ratio_to_bare_rounds": [round(x, 3) for x in ratios],
        }
    stateful = {k: v for k, v in results.items() if k != "bare_flask"}
    cpu = inprocess_cpu_us(args.inprocess_requests)
    app_cpu = inprocess_app_us(args.inprocess_requests)
    report = {
        **header(load_before),
        "concurrency": CONCURRENCY,
        "rounds": args.rounds,
        "duration_s": args.duration,
        "tool": "wrk" if use_wrk else "python",
        "results": results,
        "inprocess_cpu_us_per_request": cpu,
        "inprocess_cost_ratio_bare_over_stateful": {k: round(cpu["bare_flask"] / v, 3) for k, v in cpu.items()},
        "inprocess_app_us_per_request": app_cpu,
        "inprocess_app_ratio_bare_over_stateful": {k: round(app_cpu["bare_flask"] / v, 3) for k, v in app_cpu.items()},
        # Per read, so one endpoint missing a target cannot hide behind, or sink, the others.
        "targets": {
            name: {"ratio>=0.7": v["ratio_to_bare_median"] >= RATIO_TARGET,
                   "p99_ms<=20": v["p99_ms_median"] <= P99_TARGET_MS}
            for name, v in stateful.items()
        },
    }
    return emit(report, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
