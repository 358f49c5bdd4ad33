"""Provider side: every committed pact replays against a live mockpbx over HTTP, its states set
through mockpbx's own state-change endpoint, as any Pact verifier would set them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pact import Verifier
from werkzeug.serving import make_server

from mockpbx.app import create_app
from mockpbx.core import ClockMode, Registry

PACTS = Path(__file__).resolve().parents[2] / "contracts" / "pacts"


@pytest.fixture(scope="module")
def provider() -> Iterator[tuple[str, Registry]]:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    registry.create_world("default", world_id="default")
    server = make_server("127.0.0.1", 0, create_app(registry=registry), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", registry
    server.shutdown()
    thread.join(timeout=5)


@pytest.mark.parametrize("provider_name", ["mockpbx-epbx", "mockpbx-pbxcloud", "mockpbx-pbxware"])
def test_provider_honours_pacts(provider: tuple[str, Registry], provider_name: str) -> None:
    url, registry = provider
    pact_file = next(PACTS.glob(f"*-{provider_name}.json"))
    verifier = (
        Verifier(provider_name, host="127.0.0.1")
        .add_source(pact_file)
        .add_transport(url=url)
        .state_handler(f"{url}/_mockpbx/pact/provider-states", teardown=True, body=True)
    )
    verifier.verify()
