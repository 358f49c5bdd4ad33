"""The README's fault examples, run as tests so the README cannot drift from the code."""

from __future__ import annotations

import pytest
import requests

from mockpbx.testing import PbxWorld, ThreadedServer


def list_tenants(base_url: str, key: str, attempts: int = 4) -> dict[str, dict[str, object]]:
    """The client under test: PBXware's tenant list, retrying while the front end answers 502."""
    for _ in range(attempts):
        answer = requests.get(f"{base_url}/", params={"apikey": key, "action": "pbxware.tenant.list"}, timeout=10)
        if answer.status_code != 502:
            tenants: dict[str, dict[str, object]] = answer.json()
            return tenants
    raise RuntimeError("PBXware stayed unavailable")


def test_the_client_rides_out_a_502_burst(pbx_world: PbxWorld, pbx_server: ThreadedServer) -> None:
    pbx_world.fault("status", "pbxware", trigger={"kind": "next", "count": 3}, status=502)

    tenants = list_tenants(pbx_server.url, pbx_world.key("pbxware"))

    assert tenants["2"]["name"] == "Acme Corp"
    assert [(e.status, e.fault) for e in pbx_world.journal()] == [
        (502, "status"), (502, "status"), (502, "status"), (200, "")]


def test_the_client_gives_up_when_the_burst_outlasts_it(pbx_world: PbxWorld, pbx_server: ThreadedServer) -> None:
    pbx_world.fault("status", "pbxware", trigger={"kind": "next", "count": 5}, status=502)
    with pytest.raises(RuntimeError, match="stayed unavailable"):
        list_tenants(pbx_server.url, pbx_world.key("pbxware"))


def test_calls_fail_while_the_trunk_is_down(pbx_world: PbxWorld, pbx_server: ThreadedServer) -> None:
    pbx_world.fault("trunk_down", trigger={"kind": "window", "duration": 300})  # five minutes of world time
    key = pbx_world.key("pbxcloud", "tenant_rw", tenant="DEMO")
    api = f"{pbx_server.url}/pbx/proxyapi.php"

    dialled = requests.get(api, params={"key": key, "reqtype": "DIAL", "tenant": "DEMO", "source": "104",
                                        "dest": "442079460000", "account": "104-DEMO"}, timeout=10)
    assert dialled.text.startswith("Success|")  # MiRTA queues the call; the network then refuses it
    pbx_world.advance(60)

    rows = requests.get(api, params={"key": key, "reqtype": "INFO", "info": "simplecdrs", "tenant": "DEMO",
                                     "format": "json"}, timeout=10).json()
    assert [r["sc_disposition"] for r in rows if r["sc_dialednum"] == "442079460000"] == ["FAILED"]
    trunks = requests.get(f"{pbx_server.url}/", params={"apikey": pbx_world.key("pbxware"),
                                                        "action": "pbxware.trunk.list"}, timeout=10).json()
    assert {t["status"] for t in trunks.values()} == {"disabled"}  # PBXware reports the trunks down
