"""Bicom's own Postman collection, run by newman against a live mockpbx.

The collection is not in the repository: it is read where it lives (``MOCKPBX_BICOM_COLLECTION``,
else ``../shared/vendor-docs/pbxware/``), and ``mockpbx bicom-collection`` points its requests at
``http://{{IP}}`` as the README's recipe does; nothing else in it changes.

Two worlds on one server, run at the same time: a ``pbxware-box`` world (a PBXware system
in tenant mode with no trunks, the box the collection was written against), where every
assertion must pass, and the ``default`` world, whose own trunks end up in the collection's
trunk list and fail exactly the two requests CATALOGUE.md explains.

newman is installed by ``.ci/run`` (pinned); this test installs nothing. Without newman or the
collection it skips, unless ``CI=true``, where either missing is a failure.
"""

from __future__ import annotations

import json
import logging
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from mockpbx.app import create_app
from mockpbx.cli import main
from mockpbx.core.clock import ClockMode
from mockpbx.core.entities import Disposition
from mockpbx.core.registry import DEFAULT_WORLD, Registry
from mockpbx.core.world import World
from mockpbx.vendors.pbxware.postman import postman_environment
from tests.tools import require_bicom_collection, require_newman

pytestmark = pytest.mark.slow

BOX = "bicom"
REQUESTS = 256

# Requests whose assertions fail on the box: none. An entry here needs a reason in
# contracts/pbxware/CATALOGUE.md ("Running Bicom's collection").
KNOWN_FAILURES: dict[str, str] = {}
# On the default world "Listing Trunks" also lists the world's own two trunks, which carry DIDs.
DEFAULT_WORLD_FAILURES: dict[str, str] = {
    "Trunks/Delete Trunks": "Trunk ID 1 is in use by DIDs.",
    "DIDs/Adding DIDs": "Required field 'trunk=1,2,3' contains invalid data (Regex: /^\\d+$/)",
}


def _item_paths(collection: dict[str, Any]) -> list[str]:
    """Folder/request names in run order (newman's cursor position indexes this list)."""
    paths: list[str] = []

    def walk(items: list[dict[str, Any]], prefix: str) -> None:
        for item in items:
            name = f"{prefix}{item['name']}"
            if "item" in item:
                walk(item["item"], f"{name}/")
            else:
                paths.append(name)

    walk(collection["item"], "")
    return paths


def _call_in_progress(world: World) -> None:
    """Bicom's Live Calls test treats an idle server as a failure: 531 talks to 530 for an hour
    (the manual clock never moves during the run)."""
    world.telephony.originate_call(world.tenancy.tenant_by_code("344").id, "531", "530", outcome=Disposition.ANSWERED,
                                   talk_seconds=3600)


@pytest.fixture(scope="module")
def server_registry() -> Iterator[tuple[Registry, str]]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access-log line per request is noise here
    registry = Registry(clock_mode=ClockMode.MANUAL)
    for world in (registry.create_world("default", world_id=DEFAULT_WORLD),
                  registry.create_world("pbxware-box", world_id=BOX)):
        _call_in_progress(world)
    server = make_server("127.0.0.1", 0, create_app(registry=registry), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield registry, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def _summary(report: Path, collection: Path) -> dict[str, Any]:
    run: dict[str, Any] = json.loads(report.read_text())["run"]
    paths = _item_paths(json.loads(collection.read_text()))
    failed: dict[str, list[str]] = {}
    for execution in run["executions"]:
        errors = [a["error"]["message"] for a in execution.get("assertions", []) if a.get("error")]
        if errors:
            failed.setdefault(paths[execution["cursor"]["position"]], []).extend(errors)
    return {"requests": len(run["executions"]), "failed": failed, "stats": run["stats"]["assertions"]}


@pytest.fixture(scope="module")
def newman_runs(server_registry: tuple[Registry, str], tmp_path_factory: pytest.TempPathFactory
                ) -> dict[str, dict[str, Any]]:
    """Run the whole collection on both worlds at once; each run's failures by folder/request name."""
    newman = require_newman()
    published = require_bicom_collection()
    registry, base_url = server_registry
    work = tmp_path_factory.mktemp("newman")
    collection = work / "bicom-local.json"
    assert main(["bicom-collection", str(published), "-o", str(collection)]) == 0
    running = {}
    for world_id in (BOX, DEFAULT_WORLD):
        environment = work / f"{world_id}.env.json"
        environment.write_text(json.dumps(postman_environment(registry.get(world_id), base_url)))
        report = work / f"{world_id}.report.json"
        running[world_id] = (report, subprocess.Popen(
            [newman, "run", str(collection), "-e", str(environment), "--reporters", "json",
             "--reporter-json-export", str(report), "--timeout-request", "10000"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    runs = {}
    for world_id, (report, process) in running.items():
        process.wait(timeout=300)
        runs[world_id] = summary = _summary(report, collection)
        stats = summary["stats"]
        print(f"\nnewman on {world_id}: {stats['total']} assertions, {stats['total'] - stats['failed']} passed, "
              f"{stats['failed']} failed, in {summary['requests']} requests")
        for name, errors in sorted(summary["failed"].items()):
            print(f"  FAILED {name}: {errors[0]}")
    return runs


def test_the_whole_collection_runs(newman_runs: dict[str, dict[str, Any]]) -> None:
    for summary in newman_runs.values():
        assert summary["requests"] == REQUESTS
        assert summary["stats"]["total"] > 700


def test_every_assertion_passes_on_the_box(newman_runs: dict[str, dict[str, Any]], record_property: Any) -> None:
    box = newman_runs[BOX]
    record_property("newman_assertions", box["stats"]["total"])
    record_property("newman_failed", box["stats"]["failed"])
    assert {name: errors for name, errors in box["failed"].items() if name not in KNOWN_FAILURES} == {}
    assert box["stats"]["failed"] == len(KNOWN_FAILURES) == 0


def test_the_default_world_fails_only_where_its_own_trunks_are_listed(
        newman_runs: dict[str, dict[str, Any]]) -> None:
    failed = newman_runs[DEFAULT_WORLD]["failed"]
    assert {name: errors[0] for name, errors in failed.items()} == DEFAULT_WORLD_FAILURES
    assert newman_runs[DEFAULT_WORLD]["stats"]["failed"] == len(DEFAULT_WORLD_FAILURES)
