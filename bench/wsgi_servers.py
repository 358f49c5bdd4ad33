"""Benchmark candidate WSGI servers for mockpbx (one process, threads) on loopback.

    python -m bench.wsgi_servers            # full: 3 reps x 5 s per cell, both load generators
    python -m bench.wsgi_servers --quick    # 1 rep x 2 s, smoke test (~1 min)

For every server (started by ``bench.wsgi_launch`` in a child process, 16 threads):

* cold start: process spawn -> first ``200`` on ``/json`` (median of N spawns), then time from
  SIGTERM to exit and the exit code; one extra spawn is stopped with SIGINT;
* throughput/latency on ``/json`` (bare) and ``/state`` (RLock + 10k-item dict scan) at 16
  keep-alive clients, with the Python generator (``bench.loadgen.run_load``) and/or ``wrk``;
  medians over reps, plus the server's CPU use (process tree) during the measured window.

Only 127.0.0.1 is used.  Raw results go to ``bench/results/wsgi_servers.json``.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.loadgen import LoadResult, run_load, run_wrk, wrk_available

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
SERVERS = ["waitress", "gunicorn", "granian", "cheroot", "mockpbx"]
PACKAGES = ["flask", "werkzeug", "waitress", "gunicorn", "granian", "cheroot"]
ENDPOINTS = {"json": "/json", "state": "/state"}
CLK_TCK = os.sysconf("SC_CLK_TCK")
LOG_DIR = Path(tempfile.gettempdir()) / "mockpbx-bench-logs"
_LOGS: dict[int, Path] = {}  # server pid -> its stderr log


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def spawn(server: str, port: int, threads: int) -> subprocess.Popen[bytes]:
    # stderr goes to a file, never to an unread pipe: a server that logs a lot (waitress warns
    # "Task queue depth is N" under load) would block on a full pipe and stall mid-benchmark.
    log = LOG_DIR / f"{server}.stderr.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.wsgi_launch",
                server,
                "--host",
                HOST,
                "--port",
                str(port),
                "--threads",
                str(threads),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    _LOGS[proc.pid] = log
    return proc


def wait_ready(proc: subprocess.Popen[bytes], port: int, timeout_s: float = 30.0) -> float:
    """Poll GET /json until 200; return seconds since ``t0`` stored on the proc."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = "\n".join(_LOGS[proc.pid].read_text(errors="replace").splitlines()[-20:])
            raise RuntimeError(f"server exited early ({proc.returncode}):\n{err}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/json")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.005)
    raise TimeoutError(f"server on port {port} not ready after {timeout_s}s")


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout_s: float = 15.0) -> tuple[float, int]:
    t0 = time.perf_counter()
    proc.send_signal(sig)
    try:
        rc = proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
        return (float("inf"), rc)
    return (time.perf_counter() - t0, rc)


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def tree_cpu_s(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / CLK_TCK


def tree_rss_mb(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


@dataclass
class Cell:
    server: str
    endpoint: str
    tool: str
    runs: list[dict[str, Any]] = field(default_factory=list)

    def median(self, key: str) -> float:
        return statistics.median(float(r[key]) for r in self.runs)

    def summary(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "endpoint": self.endpoint,
            "tool": self.tool,
            "rps": round(self.median("rps")),
            "p50_ms": round(self.median("p50_ms"), 2),
            "p90_ms": round(self.median("p90_ms"), 2),
            "p99_ms": round(self.median("p99_ms"), 2),
            "errors": int(sum(r["errors"] for r in self.runs)),
            "server_cpu_pct": round(self.median("server_cpu_pct")),
            # requests per second of server CPU: less sensitive to how much CPU the server got
            "req_per_cpu_s": round(statistics.median(r["rps"] / max(r["server_cpu_pct"], 1) * 100 for r in self.runs)),
            "loadavg_median": self.median("loadavg"),
            "runs": self.runs,
        }


def measure_cold(server: str, threads: int, reps: int) -> dict[str, Any]:
    starts, stops, rcs = [], [], []
    for _ in range(reps):
        port = free_port()
        t0 = time.perf_counter()
        proc = spawn(server, port, threads)
        starts.append(wait_ready(proc, port) - t0)
        dt, rc = stop(proc, signal.SIGTERM)
        stops.append(dt)
        rcs.append(rc)
    port = free_port()
    proc = spawn(server, port, threads)
    wait_ready(proc, port)
    int_dt, int_rc = stop(proc, signal.SIGINT)
    return {
        "cold_start_ms": round(statistics.median(starts) * 1000),
        "cold_start_all_ms": [round(s * 1000) for s in starts],
        "sigterm_exit_ms": round(statistics.median(stops) * 1000),
        "sigterm_rc": sorted(set(rcs)),
        "sigint_exit_ms": round(int_dt * 1000),
        "sigint_rc": int_rc,
    }


def measure_load(
    servers: list[str],
    threads: int,
    tools: list[str],
    endpoints: list[str],
    reps: int,
    duration: float,
    warmup: float,
    concurrency: int,
) -> tuple[list[Cell], dict[str, float]]:
    """All servers run at once (idle ones cost nothing); reps are interleaved across servers so
    that background load on a shared machine hits every candidate alike."""
    procs: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    cells: dict[tuple[str, str, str], Cell] = {}
    try:
        for server in servers:
            port = free_port()
            procs[server] = (spawn(server, port, threads), port)
        for proc, port in procs.values():
            wait_ready(proc, port)
        for rep in range(reps):
            for ep in endpoints:
                for tool in tools:
                    fn = run_wrk if tool == "wrk" else run_load
                    order = servers if rep % 2 == 0 else servers[::-1]
                    for server in order:
                        proc, port = procs[server]
                        url = f"http://{HOST}:{port}{ENDPOINTS[ep]}"
                        cell = cells.setdefault((server, ep, tool), Cell(server, ep, tool))
                        # CPU is sampled around the whole call (warm-up included, it scales alike).
                        c0, w0 = tree_cpu_s(proc.pid), time.perf_counter()
                        res: LoadResult = fn(url, concurrency=concurrency, duration_s=duration, warmup_s=warmup)
                        c1, w1 = tree_cpu_s(proc.pid), time.perf_counter()
                        run = res.as_dict()
                        run["server_cpu_pct"] = 100.0 * (c1 - c0) / (w1 - w0)
                        run["loadavg"] = float(Path("/proc/loadavg").read_text().split()[0])
                        cell.runs.append(run)
                        print(
                            f"  rep{rep} {server:9s} {ep:5s} {tool:6s} {res.rps:8.0f} rps  p50 {res.p50_ms:6.2f}"
                            f"  p99 {res.p99_ms:7.2f} ms  err {res.errors}  srv-cpu {run['server_cpu_pct']:.0f}%"
                            f"  load {run['loadavg']}",
                            flush=True,
                        )
        rss = {server: round(tree_rss_mb(proc.pid), 1) for server, (proc, _) in procs.items()}
    finally:
        for proc, _ in procs.values():
            stop(proc)
    rank = {key: i for i, key in enumerate((s, e, t) for s in servers for e in endpoints for t in tools)}
    return sorted(cells.values(), key=lambda c: rank[(c.server, c.endpoint, c.tool)]), rss


def versions() -> dict[str, str]:
    out = {}
    for pkg in PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "-"
    try:
        out["wrk"] = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[1]
    except (OSError, IndexError):
        out["wrk"] = "-"
    return out


def machine() -> dict[str, Any]:
    model = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "loadavg_at_start": Path("/proc/loadavg").read_text().split()[:3],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1 rep x 2 s, 0.5 s warm-up (smoke test)")
    ap.add_argument("--servers", default=",".join(SERVERS))
    ap.add_argument("--endpoints", default="json,state")
    ap.add_argument("--tool", choices=["python", "wrk", "both"], default="both")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "wsgi_servers.json")
    args = ap.parse_args(argv)
    if args.quick:
        args.reps, args.duration, args.warmup = 1, 2.0, 1.0
    tools = ["python", "wrk"] if args.tool == "both" else [args.tool]
    if "wrk" in tools and not wrk_available():
        print("wrk not installed (apt-get install -y wrk): using the Python generator only", file=sys.stderr)
        tools = ["python"]
    servers = [s for s in args.servers.split(",") if s]
    missing = [s for s in servers if s != "mockpbx" and importlib.util.find_spec(s) is None]
    if missing:
        print(f"not installed, skipped: {', '.join(missing)} (pip install {' '.join(missing)})", file=sys.stderr)
        servers = [s for s in servers if s not in missing]
    endpoints = [e for e in args.endpoints.split(",") if e]

    report: dict[str, Any] = {
        "machine": machine(),
        "versions": versions(),
        "params": vars(args) | {"out": None},
        "cold": {},
        "load": [],
        "rss_mb": {},
    }
    print(json.dumps(report["machine"]), json.dumps(report["versions"]), flush=True)
    for server in servers:
        print(f"[{server}] cold start", flush=True)
        report["cold"][server] = measure_cold(server, args.threads, max(1, args.reps))
        print("  ", report["cold"][server], flush=True)
    print("[load]", flush=True)
    cells, rss = measure_load(
        servers, args.threads, tools, endpoints, args.reps, args.duration, args.warmup, args.concurrency
    )
    report["load"] = [c.summary() for c in cells]
    report["rss_mb"] = rss

    report["machine"]["loadavg_at_end"] = Path("/proc/loadavg").read_text().split()[:3]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print()
    print(markdown(report))
    return 0


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "| server | endpoint | loadgen | req/s | p50 ms | p90 ms | p99 ms | errors | server CPU % | req/CPU-s |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in report["load"]:
        lines.append(
            f"| {c['server']} | /{c['endpoint']} | {c['tool']} | {c['rps']} | {c['p50_ms']} | "
            f"{c['p90_ms']} | {c['p99_ms']} | {c['errors']} | {c['server_cpu_pct']} | {c['req_per_cpu_s']} |"
        )
    lines += [
        "",
        "| server | cold start ms (median) | SIGTERM→exit ms | SIGTERM rc | SIGINT rc | RSS MB after load |",
        "|---|---:|---:|---|---|---:|",
    ]
    for s, c in report["cold"].items():
        lines.append(
            f"| {s} | {c['cold_start_ms']} | {c['sigterm_exit_ms']} | {c['sigterm_rc']} | "
            f"{c['sigint_rc']} | {report['rss_mb'].get(s, '-')} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
