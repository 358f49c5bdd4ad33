"""Golden JSON and PHP bodies for the tenant, package, extension, DID, DID group, trunk and CDR
actions (contracts/pbxware/CATALOGUE.md), and the PHP check.

Each case runs its steps on a fresh ``default`` world with a manual clock, so the bytes are
stable. Regenerate with ``MOCKPBX_UPDATE_GOLDEN=1`` and review the diff. The PHP check feeds
every JSON/PHP pair to php-cli once and asserts that ``unserialize(php) === json_decode(json,
true)``, and that PHP's own ``serialize``/``json_encode`` of that value give our exact bytes.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import pytest
from pbxware_client import php_disagreements

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import DEFAULT_WORLD, Registry

GOLDEN = Path(__file__).parent / "golden"
KEY = "Test123456789"
T1, T2 = "6", "7"  # tenant 344 and tenant 345 in the default world
EXT_ADD = {"name": "John Doe", "email": "john@example.com", "ext": "777", "location": "1", "ua": "50",
           "secret": "Abc123!xyz", "pin": "1234", "prot": "sip", "status": "1", "incominglimit": "2",
           "outgoinglimit": "3", "voicemail": "1"}
TRUNK_ADD = {"server": "1", "name": "API Trunk", "provider_id": "1", "type": "peer", "dtmfmode": "rfc2833",
             "status": "active", "country": "869", "national": "1", "international": "011", "emerg_trunk": "no",
             "host": "sip.example.com", "username": "u", "insecure": "port", "looserouting": "yes",
             "incominglimit": "5", "outgoinglimit": "5", "busylevel": "1", "codecs": "ulaw,alaw",
             "codecs_ptime": "20,20"}
PACKAGE_ADD = {"name": "Gold", "call_recordings": "1", "monitoring": "0", "call_screening": "1", "extensions": "50",
               "voicemails": "50", "queues": "5", "cfs": "2", "rgroups": "3", "hot_desking": "0", "ivrs": "4"}
TENANT_ADD = {"tenant_name": "t3.dot.com", "tenant_code": "346", "package": "2", "ext_length": "4",
              "country": "869", "national": "1", "international": "011"}
Step = dict[str, str]

CASES: dict[str, list[Step]] = {
    "tenant_list": [{"action": "pbxware.tenant.list"}],
    "tenant_add_configuration_edit_delete": [
        {"action": "pbxware.tenant.add", **TENANT_ADD},
        {"action": "pbxware.tenant.configuration", "id": "8"},
        {"action": "pbxware.tenant.edit", "server": "1", "id": "8", "tenant_name": "t3.example.com",
         "status": "2", "localcodecs": "ulaw:g729", "recordformat": "gsm"},
        {"action": "pbxware.tenant.configuration", "id": "8"},
        {"action": "pbxware.tenant.delete", "server": "1", "id": "8"},
        {"action": "pbxware.tenant.configuration", "id": "8"},
    ],
    "tenant_errors": [
        {"action": "pbxware.tenant.add", **{**TENANT_ADD, "tenant_code": "344"}},
        {"action": "pbxware.tenant.add", **{**TENANT_ADD, "ext_length": "17"}},
        {"action": "pbxware.tenant.add", "tenant_name": "x"},
        {"action": "pbxware.tenant.edit", "server": "6", "id": "6"},
        {"action": "pbxware.tenant.configuration", "id": "1"},
    ],
    "package_cycle": [
        {"action": "pbxware.package.list"},
        {"action": "pbxware.package.add", **PACKAGE_ADD},
        {"action": "pbxware.package.edit", "server": "1", "id": "4", "name": "Platinum", "ivrs": "9"},
        {"action": "pbxware.package.edit", "id": "4", "name": "Platinum"},
        {"action": "pbxware.package.configuration", "id": "4"},
        {"action": "pbxware.package.delete", "server": T1, "id": "1"},
        {"action": "pbxware.package.delete", "id": "4"},
        {"action": "pbxware.package.delete", "id": "1"},
        {"action": "pbxware.package.configuration", "id": "4"},
    ],
    "ext_list_configuration": [
        {"action": "pbxware.ext.list", "server": T1},
        {"action": "pbxware.ext.configuration", "server": T1, "id": "[7,8]"},
        {"action": "pbxware.ext.configuration", "server": T1, "ext": "531"},
        {"action": "pbxware.ext.slaves", "server": T1, "id": "7"},
        {"action": "pbxware.ext.list", "server": T2},
    ],
    "ext_add_edit_delete": [
        {"action": "pbxware.ext.add", "server": T1, **EXT_ADD},
        {"action": "pbxware.ext.edit", "server": T1, "id": "10", "name": "Jane Doe", "ext": "778", "status": "2",
         "dtmfmode": "info", "acodecs": "ulaw:g722"},
        {"action": "pbxware.ext.configuration", "server": T1, "id": "10"},
        {"action": "pbxware.ext.delete", "server": T1, "id": "10"},
        {"action": "pbxware.ext.list", "server": T1},
        {"action": "pbxware.ext.delete", "server": T1, "id": "7"},
        {"action": "pbxware.ext.delete", "server": T1, "id": "9"},
        {"action": "pbxware.ext.list", "server": T2},
    ],
    "ext_add_errors": [
        {"action": "pbxware.ext.add", "server": T1, **{**EXT_ADD, "ext": "7777"}},
        {"action": "pbxware.ext.add", "server": T1, **{**EXT_ADD, "ext": "530"}},
        {"action": "pbxware.ext.add", "server": T1, **{**EXT_ADD, "pin": "12"}},
        {"action": "pbxware.ext.add", "server": T1, **{**EXT_ADD, "secret": "weakpass"}},
        {"action": "pbxware.ext.add", "server": "1", **EXT_ADD},
        {"action": "pbxware.ext.configuration", "server": T1, "id": "7", "ext": "530"},
    ],
    "ext_extras": [
        {"action": "pbxware.ext.voicemail.delete", "server": "5", "ext": "102"},
        {"action": "pbxware.ext.additional_macs", "server": T1, "id": "7", "values": "001122334455",
         "devices": "1", "locations": "1", "device_addresses": "x"},
        {"action": "pbxware.ext.additional_macs", "server": T1, "id": "7", "values": "001122334455,1",
         "devices": "1"},
        {"action": "pbxware.ext.editions_modules.set", "server": T1, "id": "7", "editions": "office,web",
         "modules": "crm"},
        {"action": "pbxware.ext.editions_modules.configuration", "server": T1, "id": "7"},
    ],
    "trunk_cycle": [
        {"action": "pbxware.trunk.providers"},
        {"action": "pbxware.trunk.add", **TRUNK_ADD},
        {"action": "pbxware.trunk.edit", "server": "1", "id": "3", "status": "not active", "name": "Renamed"},
        {"action": "pbxware.trunk.list"},
        {"action": "pbxware.trunk.configuration", "server": "1", "trunkid": "3"},
        {"action": "pbxware.trunk.delete", "id": "3"},
        {"action": "pbxware.trunk.delete", "id": "2"},
        {"action": "pbxware.trunk.add", **{**TRUNK_ADD, "server": T1}},
        {"action": "pbxware.trunk.add", **{**TRUNK_ADD, "codecs_ptime": "20"}},
    ],
    "did_cycle": [
        {"action": "pbxware.did.list", "server": T1},
        {"action": "pbxware.did.add", "server": T1, "trunk": "2", "did": "15551230000", "dest_type": "0",
         "destination": "531", "disabled": "0", "e164": "15551230000"},
        {"action": "pbxware.did.edit", "server": T1, "id": "4", "disabled": "1", "sms_enabled": "1"},
        {"action": "pbxware.did.list", "server": T1, "ext": "531"},
        {"action": "pbxware.did.clirouting.add", "server": T1, "id": "4", "callerid": "38761555123",
         "dest_type": "0", "destination": "530", "matchexplicitly": "1"},
        {"action": "pbxware.did.clirouting.edit", "server": T1, "id": "4", "cliroutingid": "1",
         "matchexplicitly": "0"},
        {"action": "pbxware.did.clirouting.list", "server": T1, "id": "4"},
        {"action": "pbxware.did.clirouting.delete", "server": T1, "id": "4", "cliroutingid": "1"},
        {"action": "pbxware.did.clirouting.list", "server": T1, "id": "4"},
        {"action": "pbxware.did.delete", "server": T1, "id": "4"},
        {"action": "pbxware.did.list", "server": T1, "ext": "531"},
        {"action": "pbxware.did.delete", "server": "1", "id": "4"},
        {"action": "pbxware.did.list", "server": T1, "ext": "531"},
        {"action": "pbxware.did.list", "server": T2},
        {"action": "pbxware.did.add", "server": T1, "trunk": "99", "did": "1", "dest_type": "0",
         "destination": "531", "disabled": "0"},
    ],
    "didgroup_cycle": [
        {"action": "pbxware.didgroup.list"},
        {"action": "pbxware.didgroup.add", "server": "1", "group_name": "Sales", "tenantid": T2, "min_did": "100",
         "max_did": "199"},
        {"action": "pbxware.didgroup.edit", "server": "1", "id": "2", "group_name": "", "max_did": "150"},
        {"action": "pbxware.didgroup.list"},
        {"action": "pbxware.didgroup.delete", "server": "1", "id": "2"},
        {"action": "pbxware.didgroup.add", "server": "1", "group_name": "Bad", "tenantid": T2, "min_did": "9",
         "max_did": "1"},
    ],
    "cdr": [
        {"action": "pbxware.cdr.download", "start": "Sep-27-2022", "end": "Sep-27-2025"},
        {"action": "pbxware.cdr.download", "start": "Jan-01-2025", "end": "Jan-31-2026", "limit": "2"},
        {"action": "pbxware.cdr.download", "start": "Jan-01-2025", "end": "Jan-31-2026", "limit": "2", "page": "2"},
        {"action": "pbxware.cdr.download", "start": "Jan-01-2025", "end": "Jan-31-2026", "server": "5",
         "status": "4"},
        {"action": "pbxware.cdr.download", "start": "Jan-01-2020", "end": "Jan-02-2020"},
        {"action": "pbxware.cdr.download", "start": "2025-01-01", "end": "Jan-02-2020"},
        {"action": "pbxware.cdr.billamount", "start": "Sep-01-2023", "end": "Sep-31-2023"},
    ],
}


@cache
def responses(name: str) -> tuple[tuple[str, bytes, bytes], ...]:
    """(query, JSON body, PHP body) for each step, the PHP run on a twin world in lockstep."""
    clients = []
    for _ in range(2):
        registry = Registry(clock_mode=ClockMode.MANUAL)
        registry.create_world("default", world_id=DEFAULT_WORLD)
        clients.append(create_app(registry=registry).test_client())
    json_client, php_client = clients
    found = []
    for step in CASES[name]:
        query = urlencode(step)
        as_json = json_client.get(f"/?apikey={KEY}&{query}")
        as_php = php_client.get(f"/?apikey={KEY}&{query}&apiformat=php")
        assert as_json.status_code == as_php.status_code == 200
        found.append((query, as_json.data, as_php.data))
    return tuple(found)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    got = b"".join(b"GET ?" + q.encode() + b"\n" + j + b"\n" + p + b"\n\n" for q, j, p in responses(name))
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("MOCKPBX_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(got)
    assert path.exists(), f"no golden file for {name}; run with MOCKPBX_UPDATE_GOLDEN=1 and review it"
    assert got == path.read_bytes()


def test_php_unserializes_every_action_to_the_json_value() -> None:
    pairs = [(q, j, p) for name in sorted(CASES) for q, j, p in responses(name)]
    assert php_disagreements(pairs) == []
    actions = {dict(part.split("=", 1) for part in q.split("&"))["action"] for q, _, _ in pairs}
    assert len(actions) == 40
