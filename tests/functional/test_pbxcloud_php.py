"""PBXCloud's two knowledge-base PHP snippets (MANAGEDB add and update of a custom destination;
contracts/pbxcloud/reference.md, M1), run unchanged under php-cli against a live server: only
``https://portal.pbxcloud.eu`` becomes the server's address. They are the vendor's code, so they
are read from the vendor's document at test time (the reference folder), not copied in. The
snippets' own key is issued as an admin key in the test world.

The update snippet names ``objectid=286``/``cu_id=286``. The test world already holds a
custom destination 285 (a second, pre-existing row, as a real tenant would have), so the
add snippet's row is 286 by the world's ordinary id sequence, and the update then edits
the very row the add created.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import requests

from mockpbx.core import World
from mockpbx.core.entities import KeyScope, Vendor
from mockpbx.testing import ThreadedServer
from tests.tools import require_php, require_vendor_doc
from tests.worlds import Pbx

SEED = "seed-pbxcloud-proxyapi.txt"  # the vendor's own document, read where it lives (tests/tools.py)
SEED_HOST = "https://portal.pbxcloud.eu"
# The key the snippets carry; the test world issues it as an admin key.
SEED_KEY = "NLbP7GFNVRqu9SDm"


def _snippet(title: str) -> str:
    """The PHP under ``title`` in the seed document, up to and including its ``print_r($data);``."""
    text = require_vendor_doc(SEED).read_text(encoding="utf-8")
    start = text.index(title) + len(title)
    end = text.index("print_r($data);", start) + len("print_r($data);")
    snippet = text[start:end].strip() + "\n"
    assert f"key={SEED_KEY}&" in snippet and SEED_HOST in snippet, "the seed's snippet is not the one this test knows"
    return snippet


pytestmark = pytest.mark.slow


@pytest.fixture()
def live_world(pbx: Pbx, pbx_server: ThreadedServer) -> tuple[World, str]:
    """The ``pbx`` fixture's default world, served by the plugin's server, with the snippets' key."""
    _, world = pbx
    world.issue_key(Vendor.PBXCLOUD, KeyScope.ADMIN, key=SEED_KEY)
    demo = world.tenancy.tenant_by_code("DEMO")
    world.directory.create_custom_destination(demo.id, "Night service", 2, ("https://hooks.example/night", "", ""),
                                              custom_id=285)
    return world, pbx_server.url


def _run_php(snippet: str, base: str, tmp_path: Path) -> str:
    script = tmp_path / "snippet.php"
    script.write_text("<?php\n" + snippet.replace(SEED_HOST, base))
    done = subprocess.run([require_php("curl"), str(script)], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _managedb(world: World, base: str, **params: str) -> object:
    query = {"key": SEED_KEY, "reqtype": "MANAGEDB", "object": "CUSTOM", "tenant": "DEMO", **params}
    response = requests.get(f"{base}/pbx/proxyapi.php", params=query, timeout=10)
    assert response.status_code == 200
    return json.loads(response.text)


def test_seed_add_then_update_snippets(live_world: tuple[World, str], tmp_path: Path) -> None:
    world, base = live_world
    demo_id = str(world.tenancy.tenant_by_code("DEMO").id)

    added = _run_php(_snippet("Creating a custom destination"), base, tmp_path)
    assert added == (
        '{"cu_id":"286","cu_te_id":"' + demo_id + '","cu_name":"Boss phone","cu_ct_id":"1",'
        '"cu_param1":"3564732920","cu_param2":"INCOMINGDID","cu_param3":"30"}'
    )
    assert _managedb(world, base, action="get", objectid="286") == {
        "cu_id": "286", "cu_te_id": demo_id, "cu_name": "Boss phone", "cu_ct_id": "1",
        "cu_param1": "3564732920", "cu_param2": "INCOMINGDID", "cu_param3": "30",
    }

    updated = _run_php(_snippet("Updating a custom destination"), base, tmp_path)
    assert updated == (
        "update cu_customdests set cu_name='Boss private phone',cu_param1='0636287454' "
        f"where cu_te_id='{demo_id}' and cu_id='286'"
    )
    listed = _managedb(world, base, action="list")
    assert isinstance(listed, dict)
    assert sorted(listed) == ["285", "286", "67"]
    assert listed["286"] == {
        "cu_id": "286", "cu_te_id": demo_id, "cu_name": "Boss private phone", "cu_ct_id": "1",
        "cu_param1": "0636287454", "cu_param2": "INCOMINGDID", "cu_param3": "30",
    }
    assert listed["67"]["cu_name"] == "Boss phone"  # the documented example's row is untouched


def test_seed_update_refused_for_tenant_key(live_world: tuple[World, str], tmp_path: Path) -> None:
    world, base = live_world
    snippet = _snippet("Updating a custom destination")
    snippet = snippet.replace("objectid=286", "objectid=67").replace(f"key={SEED_KEY}", "key=demo-DEMO-rw")
    assert _run_php(snippet, base, tmp_path) == "Too bad... you mistaken the security api key.\n"
    assert world.directory.get_custom_destination(67).name == "Boss phone"
