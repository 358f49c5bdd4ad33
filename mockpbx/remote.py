"""``mockpbx report`` and ``mockpbx faults``: the control plane of a running server, from any CI.

Both talk HTTP to ``--url`` (a mockpbx server) and print or write what it answers; a refusal
from the server is printed as its ``error`` and exits 1, a server that cannot be reached too.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPORT_FORMATS = ("json", "junit", "markdown")
TIMEOUT_SECONDS = 30.0


class RemoteError(Exception):
    """The server refused, or could not be reached: one line for stderr, exit status 1."""


def add_commands(commands: argparse._SubParsersAction[Any]) -> None:
    report = commands.add_parser("report", help="fetch a world's conformance report (JUnit for CI)")
    _target(report)
    report.add_argument("--format", choices=REPORT_FORMATS, default="junit", help="report format (default junit)")
    report.add_argument("-o", "--output", metavar="PATH", help="write the report here instead of stdout")
    report.add_argument("--fail-on-findings", action="store_true",
                        help="exit 3 when any call site failed (the report is written first)")
    faults = commands.add_parser("faults", help="list, arm or clear a world's faults")
    _target(faults)
    faults.add_argument("action", choices=("list", "add", "clear", "remove"))
    faults.add_argument("body", nargs="?", default="",
                        help="add: the fault as JSON (docs/faults.md); remove: the fault id")


def _target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", default="http://127.0.0.1:8080", help="the mockpbx server (default %(default)s)")
    parser.add_argument("--world", default="default", help="the world id (default %(default)s)")


def _call(method: str, url: str, body: bytes | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": "application/json"} if body is not None else {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - the user's URL
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as refused:
        payload = refused.read()
        try:
            message = str(json.loads(payload).get("error", payload.decode(errors="replace")))
        except (ValueError, AttributeError):
            message = payload.decode(errors="replace")[:200]
        raise RemoteError(f"{method} {url}: {refused.code}: {message}") from None
    except (urllib.error.URLError, OSError) as failed:
        raise RemoteError(f"{method} {url}: {failed}") from None


def _world_url(args: argparse.Namespace, tail: str) -> str:
    return f"{args.url.rstrip('/')}/_mockpbx/worlds/{quote(args.world, safe='')}/{tail}"


def report(args: argparse.Namespace) -> int:
    _, body = _call("GET", _world_url(args, f"report?format={args.format}"))
    if args.output:
        Path(args.output).write_bytes(body)
    else:
        sys.stdout.write(body.decode())
    if args.fail_on_findings:
        _, summary = _call("GET", _world_url(args, "report?format=json")) if args.format != "json" else (200, body)
        if json.loads(summary).get("failed"):
            return 3
    return 0


def faults(args: argparse.Namespace) -> int:
    if args.action == "list":
        _, body = _call("GET", _world_url(args, "faults"))
    elif args.action == "add":
        if not args.body:
            raise RemoteError("faults add needs the fault as JSON, e.g. "
                              '\'{"name":"status","target":{"vendor":"pbxware"},"options":{"status":502}}\'')
        _, body = _call("POST", _world_url(args, "faults"), args.body.encode())
    elif args.action == "remove":
        if not args.body:
            raise RemoteError("faults remove needs the fault id, e.g. f1")
        _call("DELETE", _world_url(args, f"faults/{quote(args.body, safe='')}"))
        body = b""
    else:
        _, body = _call("DELETE", _world_url(args, "faults"))
    if body:
        sys.stdout.write(body.decode().rstrip("\n") + "\n")
    return 0
