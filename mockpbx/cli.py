"""The ``mockpbx`` command: ``serve`` (the default), ``worlds``, ``scenario``, ``report``, ``faults``,
``bicom-collection``, and the client checks ``fuzz-client``, ``replay`` and ``verify-pact``.

Every ``serve`` flag has a ``MOCKPBX_*`` environment variable; flags win. A bad flag or
value exits with status 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import re
import signal
import socket
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from . import __version__, remote
from .app import build_registry, create_app, server_registry
from .autosave import Autosaver
from .banner import banner
from .control.context import ORIGINS_EXTENSION
from .control.origins import Origins
from .core import errors
from .core.numerals import whole_number
from .core.registry import DEFAULT_WORLD, Registry
from .settings import Settings, SettingsError
from .statefile import StateFileError, check_writable, load, remove_stale_temporaries, save
from .ticker import Ticker
from .vendors.pbxware import collection

log = logging.getLogger("mockpbx.cli")
# Digits and dots, or hex digits and colons (an IPv6 address, brackets optional): an address, not a name.
_NUMERIC_HOST = re.compile(r"^(?:[0-9.]+|\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%a-zA-Z]*\]?)$")

COMMANDS = ("serve", "worlds", "scenario", "report", "faults", "bicom-collection", "fuzz-client", "replay",
            "verify-pact")

# flag dest -> Settings field; each is also MOCKPBX_<FIELD>.
SERVE_FLAGS: dict[str, tuple[str, str]] = {
    "host": ("--host", "address to listen on (default 127.0.0.1; the Docker image uses 0.0.0.0)"),
    "port": ("--port", "TCP port (default 8080; 0 picks a free port, printed in the banner)"),
    "scenario": ("--scenario", "default, pbxware-box, demo, sketch, or a path to a YAML/JSON scenario file"),
    "seed": ("--seed", "seed for ids, tokens and call timings (default 1)"),
    "size": ("--size", "tenants in the demo scenario (default 5)"),
    "clock": ("--clock", "realtime or manual (default realtime)"),
    "clock_scale": ("--clock-scale", "virtual seconds per real second in realtime mode (default 1)"),
    "state_file": ("--state-file", "load worlds from this file at start-up and save them on SIGTERM/SIGINT"),
    "traffic": ("--traffic", "demo calls per minute in the default world (default 0: none)"),
    "threads": ("--threads", "threads for the control plane and requests under faults (default 16)"),
    "journal_size": ("--journal-size", "journal entries kept per world (default 1000)"),
    "rate_limit": ("--rate-limit", "ePBX requests per token per minute on the world clock, 0 for none (default 60)"),
    "pbxware_version": ("--pbxware-version", "PBXware release every world emulates: 6.x or 7.x (default: the "
                        "scenario's, else 7.x)"),
    "mirta_cdr_columns": ("--mirta-cdr-columns", "MiRTA INFO CDRS columns: full (31) or short (29, up to pincode) "
                          "(default: the scenario's, else full)"),
    "journal_bodies": ("--journal-bodies", "bytes of each response body the journal keeps (default 0: none)"),
    "admin_token": ("--admin-token", "require 'Authorization: Bearer TOKEN' on /_mockpbx (all but health)"),
    "scenario_dir": ("--scenario-dir", "directory the control plane may read scenario files from (default none)"),
    "autosave": ("--autosave", "with --state-file, also save every SECONDS when something changed (default 0: off)"),
    "max_worlds": ("--max-worlds", "most worlds the server holds (default 100)"),
    "max_world_size": ("--max-world-size", "largest demo size POST /_mockpbx/worlds accepts (default 200)"),
    "max_body": ("--max-body", "largest control-plane request body in bytes (default 1048576)"),
    "max_state_body": ("--max-state-body", "largest PUT .../state body in bytes (default 67108864)"),
    "journal_bytes": ("--journal-bytes", "bytes of request text each world's journal keeps (default 16777216)"),
    "max_advance_calls": ("--max-advance-calls", "most demo calls one clock move may simulate (default 10000)"),
}


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mockpbx", description="Faithful, stateful emulator of three cloud-PBX vendor APIs.")
    parser.add_argument("--version", action="version", version=f"mockpbx {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    serve_parser = commands.add_parser("serve", help="serve every vendor and the control plane (default)")
    for dest, (flag, text) in SERVE_FLAGS.items():
        serve_parser.add_argument(flag, dest=dest, metavar=dest.upper(), help=f"{text} [MOCKPBX_{dest.upper()}]")
    worlds_parser = commands.add_parser("worlds", help="list the worlds saved in a state file")
    worlds_parser.add_argument("--state-file", dest="state_file", metavar="PATH",
                               help="the state file [MOCKPBX_STATE_FILE]")
    scenario_parser = commands.add_parser("scenario", help="check a scenario file and show what it builds")
    scenario_parser.add_argument("path", help="a YAML or JSON scenario file")
    scenario_parser.add_argument("--seed", default="1", help="seed (default 1)")
    remote.add_commands(commands)
    collection_parser = commands.add_parser(
        "bicom-collection", help="point a downloaded copy of Bicom's Postman collection at mockpbx (http://{{IP}})")
    collection_parser.add_argument("path", help=f"the downloaded {collection.FILE_NAME}")
    collection_parser.add_argument("-o", "--output", required=True, help="where to write the local copy")
    from .fuzzing import commands as client_commands  # hypothesis loads only when a client check runs
    from .pact import commands as pact_commands

    client_commands.add_parsers(commands)
    pact_commands.add_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] not in (*COMMANDS, "-h", "--help", "--version"):
        args_list.insert(0, "serve")
    try:
        args = build_parser().parse_args(args_list)
        if args.command == "worlds":
            return list_worlds(args)
        if args.command == "scenario":
            return check_scenario(args)
        if args.command == "report":
            return remote.report(args)
        if args.command == "faults":
            return remote.faults(args)
        if args.command == "bicom-collection":
            return localize_collection(args)
        if args.command in ("fuzz-client", "replay", "verify-pact"):
            return _client_check(args)
        return serve(resolve_settings(args))
    except UsageError as exc:
        print(f"mockpbx: error: {exc}", file=sys.stderr)
        return 2
    except (StateFileError, remote.RemoteError) as exc:
        print(f"mockpbx: error: {exc}", file=sys.stderr)
        return 1


def _client_check(args: argparse.Namespace) -> int:
    from .fuzzing import commands as client_commands
    from .pact import commands as pact_commands

    if args.command == "fuzz-client":
        return client_commands.run_fuzz_client(args)
    if args.command == "replay":
        return client_commands.run_replay(args)
    return pact_commands.run_verify_pact(args)


def resolve_settings(args: argparse.Namespace, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then ``MOCKPBX_*`` variables, then flags."""
    try:
        settings = Settings.from_env(environ)
    except SettingsError as exc:
        raise UsageError(f"environment (MOCKPBX_*): {exc}") from None
    flags = {dest: value for dest in SERVE_FLAGS if (value := getattr(args, dest, None)) is not None}
    try:
        return settings.with_values(flags)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None


def prepare(settings: Settings) -> tuple[Registry, Origins]:
    """The registry to serve: the state file's worlds if it exists, else the configured scenario."""
    origins = Origins(settings.scenario, settings.size)
    if settings.autosave and settings.state_file is None:
        raise UsageError("--autosave needs --state-file")
    if settings.state_file is not None:
        remove_stale_temporaries(settings.state_file)
    if settings.state_file is not None and settings.state_file.exists():
        registry = server_registry(settings)
        loaded = load(settings.state_file, registry, origins)
        log.info("loaded %d world(s) from %s", len(loaded), settings.state_file)
        if DEFAULT_WORLD in loaded:
            return registry, origins
        raise StateFileError(f"state file {settings.state_file} has no {DEFAULT_WORLD!r} world")
    try:
        return build_registry(settings), origins
    except errors.DomainError as exc:
        raise UsageError(exc.message) from None


def serve(settings: Settings) -> int:
    """Serve until SIGTERM or SIGINT, then save the state file (if configured) and return 0."""
    from .server import WsgiServer
    from .vendors import vendor_specs

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    check_host(settings.host)
    if settings.state_file is not None:
        check_writable(settings.state_file)
    registry, origins = prepare(settings)
    app = create_app(settings, registry=registry)
    app.extensions[ORIGINS_EXTENSION] = origins
    try:
        server = WsgiServer(app, host=settings.host, port=settings.port, threads=settings.threads)
    except ValueError:  # the host did not resolve after all
        raise UsageError(_unresolvable(settings.host)) from None
    except OSError as exc:
        print(f"mockpbx: error: cannot listen on {settings.host}:{settings.port}: {exc.strerror}", file=sys.stderr)
        return 1
    stop_requested = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("%s received: shutting down", signal.Signals(signum).name)
        stop_requested.set()
        server.shutdown()

    # Handlers go in before the banner announces the port, and stay through the save, so a
    # signal at any moment after start-up ends in a clean stop and a saved state file.
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        print(banner(settings, registry, vendor_specs(), host=server.host, port=server.port, version=__version__),
              flush=True)
        ticker = Ticker(registry).start()
        autosaver = (Autosaver(settings.state_file, registry, origins, settings.autosave).start()
                     if settings.autosave and settings.state_file is not None else None)
        try:
            _serve_until_stopped(server, stop_requested)
        finally:
            ticker.stop()
            if autosaver is not None:
                autosaver.stop()
        return _save_on_exit(settings, registry, origins)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _unresolvable(host: str) -> str:
    return f"--host {host}: not an IP address, nor a host name this machine resolves"


def check_host(host: str) -> None:
    """A bind address, checked before any world is built: exit 2 in one line, not a traceback."""
    if _NUMERIC_HOST.match(host):  # looks like an address: it must be one (no DNS look-up for 256.1.1.1)
        try:
            ipaddress.ip_address(host.removeprefix("[").removesuffix("]"))  # the server takes [::1] too
        except ValueError:
            raise UsageError(f"--host {host}: not an IP address") from None
        return
    try:
        socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError):
        raise UsageError(_unresolvable(host)) from None


def _serve_until_stopped(server: Any, stop_requested: threading.Event) -> None:
    """serve_forever in a worker thread; the main thread waits, so it can take signals."""
    from .server import wait_interruptibly

    stopped = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            server.serve_forever()
        except RuntimeError:
            if not stop_requested.is_set():  # a stop before serving began closes the server unserved
                raise
        except BaseException as exc:
            failure.append(exc)
        finally:
            stopped.set()

    worker = threading.Thread(target=run, name="mockpbx-server", daemon=True)
    worker.start()
    try:
        wait_interruptibly(stopped)
    except KeyboardInterrupt:
        pass
    server.shutdown()
    worker.join()
    if failure:
        raise failure[0]


def _save_on_exit(settings: Settings, registry: Registry, origins: Origins) -> int:
    if settings.state_file is None:
        return 0
    try:
        size = save(settings.state_file, registry, origins)
    except OSError as exc:
        print(f"mockpbx: error: cannot save state file {settings.state_file}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    print(f"mockpbx: saved {len(registry.worlds())} world(s) to {settings.state_file} ({size} bytes)", flush=True)
    return 0


def list_worlds(args: argparse.Namespace) -> int:
    path = args.state_file or resolve_settings(argparse.Namespace()).state_file
    if path is None:
        raise UsageError("give --state-file or set MOCKPBX_STATE_FILE")
    registry = Registry()
    origins = Origins()
    load(Path(path), registry, origins)
    for world in registry.worlds():
        origin, census = origins.of(world), world.census()
        print(f"{world.id}\tscenario={origin.scenario if isinstance(origin.scenario, str) else 'inline'}"
              f"\tseed={origin.seed}\ttenants={census.tenants}\tcdrs={census.cdrs}")
    return 0


def check_scenario(args: argparse.Namespace) -> int:
    seed = whole_number(args.seed)
    if seed is None or seed >= 2**63:
        raise UsageError("--seed must be a whole number")
    try:
        world = Registry().create_world(args.path, seed=seed, world_id="check")
    except errors.DomainError as exc:
        raise UsageError(exc.message) from None
    print(f"{args.path}: scenario {world.scenario.name!r}: {len(world.tenancy.list_tenants())} tenant(s), "
          f"{len(world.directory.list_extensions())} extension(s), {len(world.numbering.list_dids())} DID(s), "
          f"{len(world.keys())} key(s)")
    for key in world.keys():
        print(f"  {key.vendor}/{key.scope}: {key.key}")
    return 0


def localize_collection(args: argparse.Namespace) -> int:
    try:
        published = json.loads(Path(args.path).read_text(encoding="utf-8"))
        local, changed = collection.localize(published)
        Path(args.output).write_text(json.dumps(local, ensure_ascii=False, indent="\t"), encoding="utf-8")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, collection.NotACollection) as exc:
        raise UsageError(f"bicom-collection: {exc}") from None
    print(f"{args.output}: {len(changed)} request(s) pointed at http://{collection.HOST}: {', '.join(changed) or '-'}")
    return 0
