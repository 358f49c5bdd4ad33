"""Small, bounded HTTP load generator for loopback benchmarks.

Two back ends share one result type:

* :func:`run_load` -- pure Python: one thread per simulated client, each with a persistent
  (keep-alive) ``http.client.HTTPConnection``.  No dependency, but it competes with the server
  for the CPU (and for its own GIL), so on a 2-core machine it caps the measurable rate; see
  ``bench/RESULTS.md``.
* :func:`run_wrk` -- drives the ``wrk`` binary (Debian package ``wrk``), which is written in C
  and is much lighter; use it when it is installed (:func:`wrk_available`).

Every run is bounded in time (``warmup_s + duration_s``) and must only target loopback
addresses.

CLI::

    python -m bench.loadgen http://127.0.0.1:8000/ --concurrency 16 --duration 5 --warmup 1 [--wrk]
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import math
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["LoadResult", "run_load", "run_wrk", "wrk_available", "percentile"]


@dataclass(frozen=True)
class LoadResult:
    """Outcome of one measured run (warm-up excluded)."""

    requests: int  # successful (2xx) responses whose request started inside the measured window
    errors: int  # transport errors + non-2xx responses inside the measured window
    duration_s: float  # length of the measured window
    rps: float  # successful requests per second
    p50_ms: float
    p90_ms: float
    p99_ms: float
    tool: str = "python"  # "python" or "wrk"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list (0.0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100.0 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _check_loopback(host: str) -> None:
    try:
        addrs = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:  # pragma: no cover - misconfiguration
        raise ValueError(f"cannot resolve {host!r}") from exc
    for addr in addrs:
        if not ipaddress.ip_address(addr.split("%")[0]).is_loopback:
            raise ValueError(f"refusing to generate load against non-loopback address {addr} ({host})")


@dataclass
class _WorkerStats:
    latencies: list[float]
    errors: int = 0


def _client_loop(
    host: str,
    port: int,
    path: str,
    method: str,
    headers: Mapping[str, str],
    body: bytes | None,
    timeout_s: float,
    start: threading.Event,
    window: list[float],
    stats: _WorkerStats,
) -> None:
    start.wait()
    measure_from, stop_at = window
    conn: http.client.HTTPConnection | None = None
    perf = time.perf_counter
    lat = stats.latencies
    while True:
        t0 = perf()
        if t0 >= stop_at:
            break
        ok = False
        try:
            if conn is None:
                conn = http.client.HTTPConnection(host, port, timeout=timeout_s)
            conn.request(method, path, body=body, headers=dict(headers))
            resp = conn.getresponse()
            resp.read()
            ok = 200 <= resp.status < 300
            if resp.will_close:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            if conn is not None:
                conn.close()
                conn = None
        t1 = perf()
        if t0 >= measure_from:
            if ok:
                lat.append(t1 - t0)
            else:
                stats.errors += 1
        if not ok:
            time.sleep(0.001)  # don't spin on a refused connection
    if conn is not None:
        conn.close()


def run_load(
    url: str,
    *,
    concurrency: int,
    duration_s: float,
    warmup_s: float,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    timeout_s: float = 10.0,
) -> LoadResult:
    """Hammer ``url`` with ``concurrency`` keep-alive clients (threads) for warm-up + duration.

    Requests started during the first ``warmup_s`` seconds are discarded.  Latency is the time
    from sending the request to having read the whole response body.
    """
    if concurrency < 1 or duration_s <= 0 or warmup_s < 0:
        raise ValueError("concurrency >= 1, duration_s > 0 and warmup_s >= 0 are required")
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname is None:
        raise ValueError(f"only http:// URLs are supported: {url!r}")
    _check_loopback(parts.hostname)
    port = parts.port or 80
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    hdrs = dict(headers or {})

    start = threading.Event()
    window = [0.0, 0.0]
    stats = [_WorkerStats(latencies=[]) for _ in range(concurrency)]
    threads = [
        threading.Thread(
            target=_client_loop,
            args=(parts.hostname, port, path, method, hdrs, body, timeout_s, start, window, st),
            name=f"loadgen-{i}",
            daemon=True,
        )
        for i, st in enumerate(stats)
    ]
    for t in threads:
        t.start()
    t_start = time.perf_counter()
    window[0] = t_start + warmup_s
    window[1] = window[0] + duration_s
    start.set()
    for t in threads:
        t.join(timeout=warmup_s + duration_s + timeout_s + 5.0)

    latencies = sorted(x for st in stats for x in st.latencies)
    errors = sum(st.errors for st in stats)
    return LoadResult(
        requests=len(latencies),
        errors=errors,
        duration_s=duration_s,
        rps=len(latencies) / duration_s,
        p50_ms=percentile(latencies, 50) * 1000.0,
        p90_ms=percentile(latencies, 90) * 1000.0,
        p99_ms=percentile(latencies, 99) * 1000.0,
        tool="python",
    )


# --------------------------------------------------------------------------------------------- wrk


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _wrk_ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(f"cannot parse wrk latency {text!r}")
    return float(m.group(1)) * _UNITS_MS[m.group(2)]


def _parse_wrk(output: str, duration_s: float) -> LoadResult:
    pcts: dict[int, float] = {}
    for m in re.finditer(r"^\s+(50|90|99)%\s+(\S+)\s*$", output, re.MULTILINE):
        pcts[int(m.group(1))] = _wrk_ms(m.group(2))
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    if total is None:
        raise ValueError(f"unexpected wrk output:\n{output}")
    requests = int(total.group(1))
    measured_s = _wrk_ms(total.group(2) + total.group(3)) / 1000.0 or duration_s
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non2xx:
        errors += int(non2xx.group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sock:
        errors += sum(int(g) for g in sock.groups())
    ok = max(0, requests - (int(non2xx.group(1)) if non2xx else 0))
    return LoadResult(
        requests=ok,
        errors=errors,
        duration_s=measured_s,
        rps=ok / measured_s,
        p50_ms=pcts.get(50, 0.0),
        p90_ms=pcts.get(90, 0.0),
        p99_ms=pcts.get(99, 0.0),
        tool="wrk",
    )


def run_wrk(
    url: str,
    *,
    concurrency: int,
    duration_s: float,
    warmup_s: float,
    threads: int = 2,
    timeout_s: float = 10.0,
    headers: Mapping[str, str] | None = None,
) -> LoadResult:
    """Same contract as :func:`run_load`, using the ``wrk`` binary (whole seconds only)."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname is None:
        raise ValueError(f"only http:// URLs are supported: {url!r}")
    _check_loopback(parts.hostname)
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install -y wrk)")
    threads = max(1, min(threads, concurrency))
    base = [wrk, f"-t{threads}", f"-c{concurrency}", f"--timeout={max(1, round(timeout_s))}s"]
    for name, value in (headers or {}).items():
        base += ["-H", f"{name}: {value}"]
    if warmup_s > 0:
        subprocess.run(
            [*base, f"-d{max(1, round(warmup_s))}s", url],
            check=True,
            capture_output=True,
            timeout=warmup_s + timeout_s + 10,
        )
    dur = max(1, round(duration_s))
    proc = subprocess.run(
        [*base, f"-d{dur}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=dur + timeout_s + 10,
    )
    return _parse_wrk(proc.stdout, float(dur))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url")
    ap.add_argument("--concurrency", "-c", type=int, default=16)
    ap.add_argument("--duration", "-d", type=float, default=5.0)
    ap.add_argument("--warmup", "-w", type=float, default=1.0)
    ap.add_argument("--wrk", action="store_true", help="use the wrk binary instead of Python threads")
    ap.add_argument("--quick", action="store_true", help="2 s run, 0.5 s warm-up")
    args = ap.parse_args(argv)
    if args.quick:
        args.duration, args.warmup = 2.0, 0.5
    fn = run_wrk if args.wrk else run_load
    res = fn(args.url, concurrency=args.concurrency, duration_s=args.duration, warmup_s=args.warmup)
    print(json.dumps(res.as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def stop_child(child: subprocess.Popen[bytes] | subprocess.Popen[str], timeout: float = 15) -> None:
    """SIGTERM a benchmark's server process, as docker stop would, and kill it if it lingers."""
    child.send_signal(signal.SIGTERM)
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def wsgi_caller(app: Any) -> Callable[[dict[str, Any]], None]:
    """Call a WSGI app with a copy of an environ and drain its body: one request, no socket."""
    import io

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        return None

    def call(environ: dict[str, Any]) -> None:
        fresh = dict(environ)
        fresh["wsgi.input"] = io.BytesIO(b"")
        body = app(fresh, start_response)
        for _ in body:
            pass
        body.close()

    return call
