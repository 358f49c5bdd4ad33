"""Start one candidate WSGI server *programmatically* (the way mockpbx would embed it).

    python -m bench.wsgi_launch {waitress,gunicorn,granian,cheroot,mockpbx} --port 8000 --threads 16

Each server is started with its own defaults for signal handling (no handler added here),
except ``mockpbx``, which is ``mockpbx.server.serve`` (the chosen server wrapped with our
SIGTERM/SIGINT handling).  Used by ``bench.wsgi_servers``; always binds 127.0.0.1.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

APP_TARGET = "bench.wsgi_apps:app"


def _app() -> Any:
    from bench.wsgi_apps import app

    return app


def run_waitress(host: str, port: int, threads: int) -> None:
    from waitress.server import create_server

    server = create_server(_app(), host=host, port=port, threads=threads, ident="waitress")
    server.run()


def run_cheroot(host: str, port: int, threads: int) -> None:
    from cheroot.wsgi import Server

    server = Server((host, port), _app(), numthreads=threads)
    try:
        server.safe_start()
    finally:
        server.stop()


def run_gunicorn(host: str, port: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    app = _app()

    class _Embedded(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            opts = {
                "bind": f"{host}:{port}",
                "workers": 1,
                "threads": threads,
                "worker_class": "gthread",
                "loglevel": "warning",
                "accesslog": None,
            }
            for key, value in opts.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    _Embedded().run()


def run_granian(host: str, port: int, threads: int) -> None:
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    Server(
        APP_TARGET,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=threads,
        log_level=LogLevels.warning,
    ).serve()


def run_mockpbx(host: str, port: int, threads: int) -> None:
    from mockpbx.server import serve

    serve(_app(), host=host, port=port, threads=threads)


RUNNERS = {
    "waitress": run_waitress,
    "gunicorn": run_gunicorn,
    "granian": run_granian,
    "cheroot": run_cheroot,
    "mockpbx": run_mockpbx,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("server", choices=sorted(RUNNERS))
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--threads", type=int, default=16)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    RUNNERS[args.server](args.host, args.port, args.threads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
