"""What fault injection and request conformance cost a request that uses neither.

    python -m bench.bench_verify_overhead [--base main] [--requests 20000] [--rounds 3]

Measures the app's own CPU per request (``bench_throughput.inprocess_app_us``: a prebuilt
environ handed to the WSGI app, no client, no socket) for the same endpoints in two code
trees, in the same run: ``before`` is the ``--base`` commit exported with ``git archive``, and
``after`` is this checkout. Each tree runs in its own child process; the rounds alternate
before/after so drift on a shared machine hits both alike. A third figure, ``armed``, is this
checkout with a fault armed in another world, so every request passes the fault gate's key
lookup and finds nothing to do. Target (issue 11): ``after`` within 10 % of ``before``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.report import emit, header, loadavg

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.10

_PROBE = """
import json, sys
sys.path.insert(0, {tree!r})
import mockpbx
assert mockpbx.__file__.startswith({tree!r}), mockpbx.__file__
from bench import bench_throughput as b
if {armed!r}:
    original = b.build_wsgi
    def build_wsgi():
        wsgi, server_id = original()
        from mockpbx.core.faults import Fault
        registry = wsgi.app.extensions["mockpbx"]
        other = registry.create_world("default", world_id="elsewhere", seed=2)
        other.faults.arm(Fault(id="", name="reset", vendor="*"))
        return wsgi, server_id
    b.build_wsgi = build_wsgi
print(json.dumps(b.inprocess_app_us({requests})))
"""


def measure(tree: Path, requests: int, armed: bool = False) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _PROBE.format(tree=str(tree), requests=requests, armed=armed)],
                         cwd=tree, capture_output=True, text=True, check=True, timeout=1800)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def export(base: str, into: Path) -> Path:
    """The base commit's tree, as ``git archive`` writes it."""
    archive = subprocess.run(["git", "archive", "--format=tar", base], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="the commit to compare against (default main)")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", help="also save the report here")
    args = parser.parse_args(argv)
    load_before = loadavg()
    base = subprocess.run(["git", "rev-parse", "--short", args.base], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": [], "armed": []}
    with tempfile.TemporaryDirectory(prefix="mockpbx-base-") as scratch:
        before_tree = export(base, Path(scratch))
        for _ in range(args.rounds):
            runs["before"].append(measure(before_tree, args.requests))
            runs["after"].append(measure(ROOT, args.requests))
            runs["armed"].append(measure(ROOT, args.requests, armed=True))
    medians = {label: {name: round(statistics.median(r[name] for r in results), 1) for name in results[0]}
               for label, results in runs.items()}
    lines = [f"Request-path cost of faults and conformance (before = {base}), load average {loadavg()}, "
             f"{args.rounds} alternating rounds of {args.requests} requests each", "",
             "| endpoint | before µs | after µs | after / before | armed elsewhere µs | armed / before |",
             "| --- | --- | --- | --- | --- | --- |"]
    worst = 0.0
    for name in medians["before"]:
        before, after, armed = medians["before"][name], medians["after"][name], medians["armed"][name]
        ratio = after / before if before else 0.0
        if not name.startswith("bare"):
            worst = max(worst, ratio)
        lines.append(f"| {name} | {before} | {after} | {ratio:.3f} | {armed} | {armed / before:.3f} |")
    lines += ["", f"worst after/before over mockpbx endpoints: {worst:.3f} (target <= {TARGET:.2f}): "
                  f"{'met' if worst <= TARGET else 'NOT met'}"]
    print("\n".join(lines))
    emit({**header(load_before), "base": base, "medians": medians, "worst": worst}, args.json)
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
