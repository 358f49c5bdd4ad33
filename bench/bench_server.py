"""mockpbx's small reads on its own server against bare Flask on waitress, interleaved rounds.

    python -m bench.bench_server [--rounds 3] [--duration 5] [--json FILE]

Three child processes stay up for the whole run: bare Flask (``bench/peers/bare.py``) on waitress
(16 threads, its defaults otherwise), bare Flask on ``mockpbx.server.WsgiServer``, and mockpbx
(``create_app``, rate limiting off) on ``mockpbx.server.WsgiServer``. Each round loads, one after
the other, bare-on-waitress, the four mockpbx reads, then bare-on-ours, with ``wrk -t1 -c16``;
rounds repeat so the machine's drifting load hits every target alike. The report gives each
round's req/s, p99 and server CPU per request, and each read's ratio to bare Flask on waitress
(issue 15's goal: >= 1.3) and to bare Flask on the same server (goal: >= 0.75), paired within
each round, plus the ratio of CPU per request (bare on waitress over the read), which a shared
machine's load moves far less than req/s. Not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.loadgen import run_wrk, stop_child, wrk_available
from bench.report import emit, header, loadavg

ROOT = Path(__file__).resolve().parents[1]
READS = ("health", "pbxware_ext_list", "mirta_info_extensions", "epbx_customers")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux ``/proc``)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve(kind: str) -> None:
    """Child: serve one target on 127.0.0.1, port 0; print the port and the paths, then serve."""
    from bench.peers.bare import app as bare

    paths: dict[str, tuple[str, dict[str, str]]] = {"bare": ("/json", {})}
    if kind == "waitress":
        import logging

        from waitress.server import create_server

        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" on every queued request
        server: Any = create_server(bare, host="127.0.0.1", port=0, threads=16)
        signal.signal(signal.SIGTERM, lambda *_: server.close())
        print(json.dumps({"port": server.effective_port, "paths": paths}), flush=True)
        try:
            server.run()
        except OSError:  # closed by the handler
            pass
        return
    from mockpbx import create_app
    from mockpbx.server import WsgiServer
    from mockpbx.settings import Settings

    app: Any = bare
    if kind == "mockpbx":
        app = create_app(Settings(rate_limit=0))
        server_id = app.extensions["mockpbx"].get("default").tenancy.tenant_by_code("344").id
        paths = {
            "health": ("/_mockpbx/health", {}),
            "pbxware_ext_list": (f"/?apikey=Test123456789&action=pbxware.ext.list&server={server_id}", {}),
            "mirta_info_extensions": ("/pbx/proxyapi.php?key=demo-DEMO-ro&reqtype=INFO&info=extensions&tenant=DEMO",
                                      {}),
            "epbx_customers": ("/api/v2/customers", {"Authorization": "Bearer demo-reseller-token"}),
        }
    ours = WsgiServer(app, host="127.0.0.1", port=0, threads=16)
    signal.signal(signal.SIGTERM, lambda *_: ours.shutdown())
    print(json.dumps({"port": ours.port, "paths": paths}), flush=True)
    ours.serve_forever()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--serve", choices=("waitress", "ours", "mockpbx"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        serve(args.serve)
        return 0
    if not wrk_available():
        print("wrk is not installed (Debian package `wrk`)", file=sys.stderr)
        return 2
    before = loadavg()
    children: dict[str, subprocess.Popen[str]] = {}
    targets: dict[str, tuple[str, dict[str, str]]] = {}
    owner: dict[str, int] = {}  # target -> the pid of the process serving it
    try:
        for kind in ("waitress", "ours", "mockpbx"):
            child = subprocess.Popen([sys.executable, "-m", "bench.bench_server", "--serve", kind],
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT)
            children[kind] = child
            assert child.stdout is not None
            info = json.loads(child.stdout.readline())
            for name, (path, headers) in info["paths"].items():
                label = {"waitress": "bare_flask_waitress", "ours": "bare_flask_same_server"}.get(kind, name)
                targets[label] = (f"http://127.0.0.1:{info['port']}{path}", headers)
                owner[label] = child.pid
        order = ["bare_flask_waitress", *READS, "bare_flask_same_server"]
        rounds: dict[str, list[dict[str, float]]] = {name: [] for name in order}
        for _ in range(args.rounds):
            for name in order:
                url, headers = targets[name]
                cpu = cpu_seconds(owner[name])
                result = run_wrk(url, concurrency=16, duration_s=args.duration, warmup_s=args.warmup, threads=1,
                                 headers=headers)
                cpu = cpu_seconds(owner[name]) - cpu
                # The CPU delta spans the warm-up too; its requests are estimated at the measured rate.
                served = result.rps * (args.duration + args.warmup)
                rounds[name].append({"rps": round(result.rps), "p99_ms": round(result.p99_ms, 1),
                                     "errors": result.errors, "cpu_us": round(cpu / served * 1e6, 1) if served else 0})
    finally:
        for child in children.values():
            stop_child(child)
    median = {name: round(statistics.median(r["rps"] for r in runs)) for name, runs in rounds.items()}
    cpu_us = {name: statistics.median(r["cpu_us"] for r in runs) for name, runs in rounds.items()}

    def paired(name: str, base: str) -> float:
        """The median over rounds of the ratio within each round (the load drifts between rounds)."""
        return round(statistics.median(a["rps"] / b["rps"] for a, b in zip(rounds[name], rounds[base], strict=True)), 2)

    ratios = {name: {"vs_bare_waitress": paired(name, "bare_flask_waitress"),
                     "vs_bare_same_server": paired(name, "bare_flask_same_server"),
                     "cpu_vs_bare_waitress": round(cpu_us["bare_flask_waitress"] / cpu_us[name], 2)}
              for name in READS}
    report = {**header(before), "loadavg_after": loadavg(), "rounds": rounds, "median_rps": median,
              "median_cpu_us_per_request": cpu_us, "ratios": ratios}
    return emit(report, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
