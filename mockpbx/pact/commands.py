"""The ``verify-pact`` command of the ``mockpbx`` CLI."""

from __future__ import annotations

import argparse
import os
import sys


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    verify = commands.add_parser(
        "verify-pact", help="verify consumer pacts against mockpbx, with its provider states",
        description="Replay pact files (or a directory of them, or a broker URL) against mockpbx with "
                    "POST /_mockpbx/pact/provider-states as the state-change URL, and lint them for "
                    "error texts the vendor never sends.")
    verify.add_argument("sources", nargs="*", metavar="SOURCE", help="pact file, directory or broker URL")
    verify.add_argument("--example-pacts", action="store_true",
                        help="also verify the example pacts installed with mockpbx (contracts/pacts)")
    verify.add_argument("--url", default=None, help="a running mockpbx (default: start one on 127.0.0.1)")
    verify.add_argument("--world", default="default", help="the world the states act on (default: default)")
    verify.add_argument("--provider", default=None,
                        help="provider name (default: each pact file's own; required for a broker)")
    verify.add_argument("--admin-token", default=None,
                        help="the server's admin token, sent as ?token= on the state-change URL "
                             "(default: MOCKPBX_ADMIN_TOKEN; also locks the server started without --url)")
    verify.add_argument("--no-lint", dest="lint", action="store_false", help="skip the error-text lint")


def run_verify_pact(args: argparse.Namespace) -> int:
    from ..settings import SettingsError
    from .verify import SourceError, example_pacts, verify_pacts

    sources = list(args.sources) + ([str(example_pacts())] if args.example_pacts else [])
    if not sources:
        print("mockpbx: error: give a pact file, directory or broker URL (or --example-pacts)", file=sys.stderr)
        return 2
    token = args.admin_token or os.environ.get("MOCKPBX_ADMIN_TOKEN") or None
    try:
        report = verify_pacts(sources, url=args.url, world=args.world, provider=args.provider,
                              lint=args.lint, admin_token=token)
    except (SourceError, SettingsError) as exc:
        print(f"mockpbx: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(report.text())
    return 0 if report.passed else 1
