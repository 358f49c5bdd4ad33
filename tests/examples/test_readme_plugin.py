"""The README's pytest example, run as a test so the README cannot drift from the code."""

from __future__ import annotations

import requests

from mockpbx.testing import PbxWorld, ThreadedServer


def test_a_dial_leaves_a_cdr_and_a_recording(pbx_world: PbxWorld, pbx_server: ThreadedServer) -> None:
    key = pbx_world.key("pbxcloud", "tenant_rw", tenant="DEMO")  # this test's own world and key
    api = f"{pbx_server.url}/pbx/proxyapi.php"

    dialled = requests.get(api, params={"key": key, "reqtype": "DIAL", "tenant": "DEMO", "source": "104",
                                        "dest": "5550005", "account": "104-DEMO"}, timeout=10)
    originate_id = dialled.text.split("|")[2]
    pbx_world.advance(120)  # the call rings, is answered, talks 60 s (magic number) and ends

    audio = requests.get(api, params={"key": key, "reqtype": "INFO", "info": "recording", "tenant": "DEMO",
                                      "id": originate_id}, timeout=10)
    assert audio.headers["Content-Type"] == "audio/mpeg"
    assert pbx_world.world.find_cdr(originate_id).billsec == 60
    pbx_world.assert_requested("pbxcloud", "/pbx/proxyapi.php", count=2)
