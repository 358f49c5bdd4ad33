"""The PBXware endpoint: paths, methods, key first, allow-lists, unknown actions, error bytes."""

from __future__ import annotations

import subprocess

import pytest
from flask.testing import FlaskClient

from mockpbx.core.entities import KeyScope, Vendor
from mockpbx.core.errors import all_domain_errors
from mockpbx.core.world import World
from mockpbx.vendors.pbxware.actions import build_table
from mockpbx.vendors.pbxware.errors import ERRORS
from mockpbx.vendors.pbxware.render import php_json_encode
from tests.tools import require_php

KEY = "Test123456789"
BAD_KEY = b'{"error":"Invalid API key."}'


@pytest.fixture
def client(pbx: tuple[FlaskClient, World]) -> FlaskClient:
    return pbx[0]


@pytest.mark.parametrize("path", ["/", "//", "/index.php"])
def test_every_path_answers_get_and_post(client: FlaskClient, path: str) -> None:
    got = client.get(path, query_string={"apikey": KEY, "action": "pbxware.package.list"})
    posted = client.post(path, data={"apikey": KEY, "action": "pbxware.package.list"})
    expected = b'{"1":"Package 1","2":"Package 2","3":"Package 3"}'
    assert (got.status_code, got.data, got.content_type) == (200, expected, "application/json")
    assert (posted.status_code, posted.data) == (200, expected)


def test_double_slash_with_query_is_served_not_redirected(client: FlaskClient) -> None:
    response = client.get(f"//?apikey={KEY}&action=pbxware.package.list")
    assert response.status_code == 200
    assert response.data.startswith(b'{"1":"Package 1"')


def test_form_body_and_query_string_merge(client: FlaskClient) -> None:
    response = client.post(f"/index.php?apikey={KEY}", data={"action": "pbxware.package.configuration", "id": "2"})
    assert response.json == {"2": {
        "name": "Package 2", "service_plan": "", "allowed_service_plans": "", "ext": "100", "voicemail": "100",
        "queues": "100", "ivr": "100", "cf": "100", "rgroups": "100", "hot_desking": "100", "restrict_splans": "0",
        "call_recordings": "1", "monitoring": "1", "call_screening": "1"}}


@pytest.mark.parametrize("key", ["", "wrong", "Test12345678"])
def test_bad_key_is_refused_before_anything_else(client: FlaskClient, key: str) -> None:
    for action in ("pbxware.tenant.list", "pbxware.no.such", ""):
        response = client.get("/", query_string={"apikey": key, "action": action})
        assert (response.status_code, response.data) == (200, BAD_KEY)


def test_missing_key_and_php_format(client: FlaskClient) -> None:
    response = client.get("/index.php?action=pbxware.tenant.list&apiformat=php")
    assert response.status_code == 200
    assert response.data == b'a:1:{s:5:"error";s:16:"Invalid API key.";}'
    assert response.content_type == "text/html; charset=UTF-8"


def test_unknown_action(client: FlaskClient) -> None:
    for action in ("pbxware.ext.fly", "", "PBXWARE.EXT.LIST"):
        response = client.get("/", query_string={"apikey": KEY, "action": action})
        assert (response.status_code, response.data) == (200, b'{"error":"Invalid action."}')


def test_restricted_key_gets_only_its_actions(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    world.issue_key(Vendor.PBXWARE, KeyScope.RESTRICTED, key="ListOnly0001", allowed_actions=("pbxware.package.list",))
    allowed = client.get("/?apikey=ListOnly0001&action=pbxware.package.list")
    refused = client.get("/?apikey=ListOnly0001&action=pbxware.package.add&name=x")
    assert allowed.data.startswith(b'{"1":')
    assert (refused.status_code, refused.data) == (200, b'{"error":"Permission denied for this API key."}')
    assert [p.name for p in world.tenancy.list_packages()] == ["Package 1", "Package 2", "Package 3"]


def test_other_vendors_keys_do_not_open_pbxware(client: FlaskClient) -> None:
    response = client.get("/?apikey=demo-admin-key&action=pbxware.tenant.list")
    assert response.data == BAD_KEY


def test_unsupported_method_gets_the_vendor_answer(client: FlaskClient) -> None:
    response = client.put(f"/index.php?apikey={KEY}&action=pbxware.tenant.list")
    assert (response.status_code, response.data) == (200, BAD_KEY)


def test_required_field_and_regex_wording(client: FlaskClient) -> None:
    missing = client.get(f"/?apikey={KEY}&action=pbxware.ext.add&server=6")
    assert missing.data == b'{"error":"Required field \'name\' is missing"}'
    bad = client.get(f"/?apikey={KEY}&action=pbxware.ext.configuration&server=6&ext=1000")
    assert bad.data == b'{"error":"Required field \'ext=1000\' contains invalid data (Regex: \\/^\\\\d{3}$\\/)"}'


def test_rejected_request_changes_no_state(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    before = world.snapshot()
    response = client.get(f"/?apikey={KEY}&action=pbxware.ext.add&server=6&name=A&email=a@b.co&ext=777"
                          "&location=1&ua=50&secret=Weak&pin=1234&prot=sip&status=1&incominglimit=2"
                          "&outgoinglimit=2&voicemail=1")
    assert response.json is not None and "error" in response.json
    refused = client.get(f"/?apikey={KEY}&action=pbxware.ext.edit&server=6&id=7,8&ext=999")
    assert refused.json == {"error": "Extension number 999 is already reserved."}
    assert world.snapshot() == before


def test_every_domain_error_has_pbxware_wording() -> None:
    table = ERRORS._table  # noqa: SLF001 - the table itself is what is under test
    missing = [cls.__name__ for cls in all_domain_errors() if cls not in table]
    assert missing == []
    assert all(text.endswith(".") and text[0].isupper() for text in table.values())


def test_directory_numbering_trunk_and_cdr_actions_are_all_registered() -> None:
    names = set(build_table().names())
    catalogued = {
        "pbxware.tenant.list", "pbxware.tenant.configuration", "pbxware.tenant.add", "pbxware.tenant.edit",
        "pbxware.tenant.delete", "pbxware.package.list", "pbxware.package.configuration", "pbxware.package.add",
        "pbxware.package.edit", "pbxware.package.delete", "pbxware.ext.list", "pbxware.ext.configuration",
        "pbxware.ext.add", "pbxware.ext.edit", "pbxware.ext.delete", "pbxware.ext.voicemail.delete",
        "pbxware.ext.slaves", "pbxware.ext.additional_macs", "pbxware.ext.editions_modules.set",
        "pbxware.ext.editions_modules.configuration", "pbxware.did.list", "pbxware.did.add", "pbxware.did.edit",
        "pbxware.did.delete", "pbxware.did.clirouting.add", "pbxware.did.clirouting.edit",
        "pbxware.did.clirouting.list", "pbxware.did.clirouting.delete", "pbxware.didgroup.list",
        "pbxware.didgroup.add", "pbxware.didgroup.edit", "pbxware.didgroup.delete", "pbxware.trunk.list",
        "pbxware.trunk.configuration", "pbxware.trunk.add", "pbxware.trunk.edit", "pbxware.trunk.delete",
        "pbxware.trunk.providers", "pbxware.cdr.download", "pbxware.cdr.billamount",
    }
    assert catalogued <= names


def test_json_encoding_matches_php_json_encode() -> None:
    values = ["a/b", "é ü", "😀", "\x01\x1f\x7f", "tab\tnl\n", '"quote" \\ back', "<>&'", ""]
    ours = b"\n".join(php_json_encode({"v": v, "n": [1, -2, None, True, False]}) for v in values)
    script = ("$vals = json_decode(stream_get_contents(STDIN), true); $out = [];"
              "foreach ($vals as $v) { $out[] = json_encode(['v' => $v, 'n' => [1, -2, null, true, false]]); }"
              "echo implode(\"\\n\", $out);")
    import json as std_json

    php = subprocess.run([require_php(), "-r", script], input=std_json.dumps(values).encode(), capture_output=True,
                         check=True, timeout=30)
    assert ours == php.stdout
