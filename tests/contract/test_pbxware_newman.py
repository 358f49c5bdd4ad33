"""Bicom's own Postman collection, run by newman against a live mockpbx serving the default world.

newman is installed by ``.ci/run`` (pinned); this test installs nothing. Without newman it
skips, unless ``CI=true``, where a missing newman is a failure.
"""

from __future__ import annotations

import json
import logging
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import DEFAULT_WORLD, Registry
from mockpbx.vendors.pbxware.postman import postman_environment
from tests.tools import require_newman

pytestmark = pytest.mark.slow

COLLECTION = Path(__file__).resolve().parents[2] / "contracts" / "pbxware" / "PBXwareAPI_Doc.postman_collection.json"

# Requests whose assertions still fail: no documented or observed PBXware behaviour makes them
# pass on a world that already has trunks. Each is explained in contracts/pbxware/CATALOGUE.md
# ("Running Bicom's collection"); everything else must pass.
KNOWN_FAILURES: dict[str, str] = {
    "Trunks/Delete Trunks": "the listing put every trunk in TrunkIDs; trunks carrying DIDs are refused",
    "DIDs/Adding DIDs": "trunk={{TrunkIDs}} is the whole trunk list; Bicom documents trunk as /^\\d+$/",
    "SMS/SMS Trunks&Tenants/Set Tenants SMS trunk": "'Deleting SMS Trunks' removed every listed trunk just before",
}
# Folders whose actions engineer A owns (tenant, package, ext without es/billing, did, didgroup, trunk, cdr).
A_FOLDERS = ("Extensions/Add", "Extensions/Editing", "Extensions/Deleting", "Extensions/Delete Voicemail",
             "Extensions/Listing", "Extensions/Extension Configuration", "Extensions/Slaves",
             "Extensions/Additional MAC", "Extensions/Editions", "Trunks/", "DIDs/", "DID Groups/", "CDRs/",
             "Tenant Packages/", "Tenants/Tenant Configuration", "Tenants/Listing Tenants", "Tenants/Adding Tenants",
             "Tenants/Editing Tenants", "Tenants/Deleting Tenants")


def _newman() -> str:
    return require_newman()


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


@pytest.fixture(scope="module")
def newman_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the whole collection once; the report's failures keyed by folder/request name."""
    newman = _newman()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access-log line per request is noise here
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world("default", world_id=DEFAULT_WORLD)
    # One call in progress for the run (the magic long-call number lasts an hour on the manual
    # clock): Bicom's Live Calls test treats the idle answer as a failure.
    world.originate_call(world.tenant_by_code("344").id, "531", "5550004")
    server = make_server("127.0.0.1", 0, create_app(registry=registry), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    work = tmp_path_factory.mktemp("newman")
    try:
        environment = work / "environment.json"
        base_url = f"http://127.0.0.1:{server.server_port}"
        environment.write_text(json.dumps(postman_environment(registry.get(DEFAULT_WORLD), base_url)))
        report = work / "report.json"
        subprocess.run([newman, "run", str(COLLECTION), "-e", str(environment), "--reporters", "json",
                        "--reporter-json-export", str(report), "--timeout-request", "10000"],
                       capture_output=True, timeout=300, check=False)
    finally:
        server.shutdown()
        thread.join(timeout=10)
    run: dict[str, Any] = json.loads(report.read_text())["run"]
    paths = _item_paths(json.loads(COLLECTION.read_text()))
    failed: dict[str, list[str]] = {}
    for execution in run["executions"]:
        errors = [a["error"]["message"] for a in execution.get("assertions", []) if a.get("error")]
        if errors:
            failed.setdefault(paths[execution["cursor"]["position"]], []).extend(errors)
    stats = run["stats"]["assertions"]
    mine = sorted(name for name in failed if name.startswith(A_FOLDERS))
    print(f"\nnewman: {stats['total'] - stats['failed']} assertions passed, {stats['failed']} failed in "
          f"{len(failed)} of {len(run['executions'])} requests ({len(mine)} in engineer A's folders)")
    for name, errors in sorted(failed.items()):
        print(f"  FAILED {name}: {errors[0]}")
    return {"run": run, "failed": failed, "stats": stats}


def test_the_whole_collection_runs(newman_run: dict[str, Any]) -> None:
    assert len(newman_run["run"]["executions"]) == 256
    assert newman_run["stats"]["total"] > 600


def test_no_unexplained_failure_in_tenant_package_ext_did_trunk_cdr(newman_run: dict[str, Any]) -> None:
    unexplained = {name: errors for name, errors in newman_run["failed"].items()
                   if name.startswith(A_FOLDERS) and name not in KNOWN_FAILURES}
    assert unexplained == {}


def test_no_unexplained_failure_anywhere(newman_run: dict[str, Any]) -> None:
    unexplained = {name: errors for name, errors in newman_run["failed"].items() if name not in KNOWN_FAILURES}
    assert unexplained == {}


def test_known_failures_are_still_failures(newman_run: dict[str, Any]) -> None:
    """A known failure that starts passing must leave the list, so the list stays the truth."""
    assert sorted(set(KNOWN_FAILURES) - set(newman_run["failed"])) == []


def test_only_the_known_assertions_fail(newman_run: dict[str, Any], record_property: Any) -> None:
    """One failed assertion per known request, none anywhere else: 717 of 720 pass."""
    stats = newman_run["stats"]
    record_property("newman_assertions", stats["total"])
    record_property("newman_failed", stats["failed"])
    assert stats["failed"] == sum(len(newman_run["failed"][name]) for name in KNOWN_FAILURES) == len(KNOWN_FAILURES)
