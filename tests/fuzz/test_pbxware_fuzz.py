"""Any action name and any parameters give a vendor-shaped answer: HTTP 200, never a traceback.

Vendor-shaped means: JSON (an object or a list) or, for ``monitor.live_calls`` only, the
plain text PBXware sends; with ``apiformat=php`` a PHP-serialized value. An error is always
``{"error": "<text>"}``.
"""

from __future__ import annotations

import json

from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import DEFAULT_WORLD, Registry
from mockpbx.vendors.pbxware.actions import build_table
from mockpbx.vendors.pbxware.phpser import php_unserialize

KEY = "Test123456789"
ACTIONS = build_table().names()
PARAM_NAMES = ["server", "id", "ext", "name", "email", "secret", "pin", "trunk", "did", "dest_type", "destination",
               "disabled", "tenant_code", "tenant_name", "package", "ext_length", "country", "national",
               "international", "start", "end", "limit", "page", "status", "cdrtype", "trunkid", "cliroutingid",
               "callerid", "group_name", "tenantid", "min_did", "max_did", "location", "ua", "prot", "values",
               "codecs", "codecs_ptime", "timezone", "state", "mode", "amount", "tenant", "numbers"]
VALUES = st.one_of(
    st.sampled_from(["", "0", "1", "2", "6", "7", "8", "99999999999999999999", "-1", "[7,8]", "7,8", "530",
                     "Sep-31-2023", "Feb-30-2025", "23:59:60", "a@b.co", "Abc123!xyz", "1234", "sip", "yes",
                     "America", "../../etc", "x" * 300, "Europe/Sarajevo", "\x00"]),
    st.text(max_size=12),
)
PARAMS = st.dictionaries(st.sampled_from(PARAM_NAMES), VALUES, max_size=8)


def _client() -> FlaskClient:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    registry.create_world("default", world_id=DEFAULT_WORLD)
    return create_app(registry=registry).test_client()


CLIENT = _client()


def check_shape(body: bytes, content_type: str, *, php: bool, action: str) -> None:
    assert b"Traceback" not in body
    if body.startswith(b"Live Calls: "):
        assert action == "pbxware.monitor.live_calls"
        return
    if php:
        assert content_type == "text/html; charset=UTF-8"
        value = php_unserialize(body)
    else:
        assert content_type == "application/json"
        value = json.loads(body)
    assert isinstance(value, dict | list)
    if isinstance(value, dict) and "error" in value:
        assert list(value) == ["error"] and isinstance(value["error"], str) and value["error"]


@given(action=st.one_of(st.sampled_from(ACTIONS), st.text(max_size=30)), params=PARAMS, php=st.booleans(),
       post=st.booleans())
def test_any_request_gets_a_vendor_shaped_answer(action: str, params: dict[str, str], php: bool,
                                                 post: bool) -> None:
    fields = {"apikey": KEY, "action": action, **params}
    if php:
        fields["apiformat"] = "php"
    response = CLIENT.post("/index.php", data=fields) if post else CLIENT.get("/", query_string=fields)
    assert response.status_code == 200
    check_shape(response.data, response.content_type, php=php, action=action)


@settings(max_examples=40)
@given(path=st.sampled_from(["/", "//", "/index.php"]), query=st.text(max_size=60))
def test_raw_query_strings_never_break_the_endpoint(path: str, query: str) -> None:
    response = CLIENT.get(f"{path}?{query}")
    assert response.status_code == 200
    php = response.content_type.startswith("text/html")
    check_shape(response.data, response.content_type, php=php, action="pbxware.monitor.live_calls")
