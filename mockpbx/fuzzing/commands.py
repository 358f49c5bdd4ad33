"""The ``fuzz-client`` and ``replay`` commands of the ``mockpbx`` CLI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .session import VENDORS


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    fuzz = commands.add_parser(
        "fuzz-client", help="run a client's command against drawn worlds and shrink a failure",
        description="Draw worlds, run COMMAND in each with MOCKPBX_URL and the keys in its environment, "
                    "shrink the first failure and write it to failures/<n>.json.")
    fuzz.add_argument("--vendor", required=True, choices=VENDORS, help="the vendor API the client speaks")
    fuzz.add_argument("--examples", type=int, default=100, help="worlds to try (default 100)")
    fuzz.add_argument("--seed", type=int, default=None, help="seed of the draw (default: random, printed)")
    fuzz.add_argument("--property", type=Path, default=None, metavar="FILE",
                      help="a Python file whose check(run) compares the client's output with the truth")
    fuzz.add_argument("--url", default=None, help="a running mockpbx (default: start one on 127.0.0.1)")
    fuzz.add_argument("--world", default="fuzz", help="id of the world the examples use (default fuzz)")
    fuzz.add_argument("--failures", type=Path, default=Path("failures"), metavar="DIR",
                      help="where failure files go (default ./failures)")
    fuzz.add_argument("--timeout", type=float, default=60.0, help="seconds one run of COMMAND may take")
    fuzz.add_argument("--faults", action="store_true",
                      help="also draw faults (a 502 burst, a rate limit, trunk down, ...) and arm them on each "
                           "world before COMMAND runs; they shrink towards none")
    fuzz.add_argument("--max-shrinks", type=int, default=300, help="runs spent shrinking a failure (default 300)")
    fuzz.add_argument("client_command", nargs=argparse.REMAINDER, metavar="COMMAND",
                      help="-- then the client's own test command")
    again = commands.add_parser("replay", help="rebuild a failure file's world and run a command once")
    again.add_argument("failure", type=Path, help="a failures/<n>.json file")
    again.add_argument("--url", default=None, help="a running mockpbx (default: start one on 127.0.0.1)")
    again.add_argument("--property", type=Path, default=None, metavar="FILE",
                       help="property file (default: the one the failure was found with)")
    again.add_argument("--world", default="fuzz", help="id of the world to rebuild (default fuzz)")
    again.add_argument("client_command", nargs=argparse.REMAINDER, metavar="COMMAND",
                       help="-- then the command (default: the recorded one)")


def _command(raw: list[str]) -> list[str]:
    return raw[1:] if raw[:1] == ["--"] else raw


def run_fuzz_client(args: argparse.Namespace) -> int:
    command = _command(args.client_command)
    if not command:
        print("mockpbx: error: give the client's command after --", file=sys.stderr)
        return 2
    if args.examples < 1 or args.max_shrinks < 0 or args.timeout <= 0:
        print("mockpbx: error: --examples must be at least 1, --max-shrinks at least 0, --timeout positive",
              file=sys.stderr)
        return 2
    from .runner import FuzzOptions, fuzz_client, reproduction  # Hypothesis loads only here

    options = FuzzOptions(vendor=args.vendor, command=command, examples=args.examples, seed=args.seed,
                          property_file=args.property, url=args.url, world_id=args.world,
                          failures_dir=args.failures, timeout=args.timeout, max_shrinks=args.max_shrinks,
                          progress=sys.stderr, faults=args.faults)
    try:
        report = fuzz_client(options)
    except ValueError as exc:
        print(f"mockpbx: error: {exc}", file=sys.stderr)
        return 2
    if report.passed:
        print(f"mockpbx fuzz-client: passed {report.examples} examples (seed {report.seed})")
        return 0
    assert report.minimal is not None and report.failure_file is not None
    world = report.minimal.run.sketch
    cdrs = sum(len(t.calls) for t in world.tenants)
    print(f"mockpbx fuzz-client: FAILED after {report.examples} examples (seed {report.seed}); "
          f"shrunk in {report.shrink_steps} steps to {len(world.tenants)} tenant(s), {cdrs} CDR(s)"
          + (f", {len(report.minimal.run.faults)} fault(s)" if options.faults else ""))
    for fault in report.minimal.run.faults:
        print(f"  fault: {_fault_line(fault)}")
    for problem in report.minimal.problems:
        print(f"  {problem}")
    print(f"  minimal world and requests: {report.failure_file}")
    print(f"  reproduce: {reproduction(report.failure_file, command)}")
    return 1


def _fault_line(fault: dict[str, object]) -> str:
    """``status on pbxware, next 1, status=502``: a fault document on one line."""
    target = fault.get("target")
    vendor = target.get("vendor", "*") if isinstance(target, dict) else "*"
    trigger = fault.get("trigger")
    when = (f"{trigger.get('kind')} {trigger.get('count', '')}".strip() if isinstance(trigger, dict)
            else "always")
    options = fault.get("options")
    told = ", ".join(f"{k}={v}" for k, v in options.items()) if isinstance(options, dict) else ""
    return f"{fault.get('name')} on {vendor}, {when}" + (f", {told}" if told else "")


def run_replay(args: argparse.Namespace) -> int:
    from .runner import replay
    from .session import ControlPlaneError

    try:
        result = replay(args.failure, _command(args.client_command) or None, url=args.url, property_file=args.property,
                        world_id=args.world)
    except (ValueError, ControlPlaneError) as exc:
        print(f"mockpbx: error: {exc}", file=sys.stderr)
        return 2
    outcome = result.outcome
    sys.stdout.write(outcome.run.stdout)
    sys.stderr.write(outcome.run.stderr)
    if not outcome.failed:
        print("mockpbx replay: passed (the failure no longer happens)", file=sys.stderr)
        return 0
    verdict = "the same failure" if result.same_failure else "a different failure"
    print(f"mockpbx replay: {verdict}:", file=sys.stderr)
    for problem in outcome.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1
