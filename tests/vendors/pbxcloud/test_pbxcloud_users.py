"""Portal users in one store: MANAGEDB USER, USERGROUP, CHECKAUTH, AUTHTOKEN and GETWEBRTCAUTH.

The ``default`` world seeds user groups 1 Administrator, 2 Tenant administrator, 3 Tenant user,
and DEMO's users 1 ``demo.admin`` (group 2) and 2 ``demo.reception`` (group 3, extension 102).
"""

from __future__ import annotations

import hashlib
import json

import pytest
from flask.testing import FlaskClient
from mirta_client import ADMIN, AUTH_FAILURE, PATH, RO, RW

from mockpbx.core.world import World

SECURITY = b"Too bad... you mistaken the security api key.\n"
HTML, JSON = "text/html; charset=UTF-8", "application/json"
ADMIN_LOGIN = {"user": "demo.admin", "password": "Demo!Admin1"}
RECEPTION_LOGIN = {"user": "demo.reception", "password": "Recept1on!Web"}


def ask(client: FlaskClient, form: dict[str, str] | None = None, **query: str) -> tuple[bytes, str]:
    response = client.post(PATH, query_string=query, data=form) if form is not None else client.get(
        PATH, query_string=query)
    assert response.status_code == 200
    return response.data, response.content_type


def demo(client: FlaskClient, reqtype: str, **query: str) -> tuple[bytes, str]:
    return ask(client, **{"key": RO, "tenant": "DEMO", "reqtype": reqtype, **query})


# -- USERGROUP ------------------------------------------------------------------------------


def test_user_groups_of_the_tenant_and_of_the_system(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert demo(client, "USERGROUP") == (b"2:Tenant administrator|3:Tenant user|", HTML)
    assert demo(client, "USERGROUP", format="json") == (b'{"2":"Tenant administrator","3":"Tenant user"}', JSON)
    assert ask(client, key=ADMIN, reqtype="USERGROUP")[0] == b"1:Administrator|2:Tenant administrator|3:Tenant user|"
    world.tenancy.create_tenant("OTHER", "Other")
    assert ask(client, key=ADMIN, tenant="OTHER", reqtype="USERGROUP") == (b"", HTML)
    assert ask(client, key=ADMIN, tenant="OTHER", reqtype="USERGROUP", format="json") == (b"[]", JSON)


# -- CHECKAUTH ------------------------------------------------------------------------------


def test_checkauth_answers_who_the_user_is(pbx: tuple[FlaskClient, World]) -> None:
    client, _ = pbx
    assert demo(client, "CHECKAUTH", **ADMIN_LOGIN) == (b"Success|1|demo.admin|2|Tenant administrator|5|DEMO|", HTML)
    assert demo(client, "CHECKAUTH", **ADMIN_LOGIN, format="json") == (
        b'{"us_id":"1","us_username":"demo.admin","us_up_id":"2","up_name":"Tenant administrator",'
        b'"us_te_id":"5","te_code":"DEMO"}', JSON)
    # Logins ignore case; the admin key without a tenant reaches every user.
    assert ask(client, key=ADMIN, reqtype="CHECKAUTH", user="DEMO.Admin", password="Demo!Admin1")[0].startswith(
        b"Success|1|demo.admin|")


@pytest.mark.parametrize("query", [
    {"user": "demo.admin", "password": "demo!admin1"},
    {"user": "demo.admin", "password": ""},
    {"user": "demo.admin"},
    {"user": "nobody", "password": "Demo!Admin1"},
    {"password": "Demo!Admin1"},
    {"token": "not-a-token"},
])
def test_checkauth_miss_prints_nothing(pbx: tuple[FlaskClient, World], query: dict[str, str]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert demo(client, "CHECKAUTH", **({"key": RW} if "token" in query else {}), **query) == (b"", HTML)
    assert world.snapshot() == before


def test_another_tenants_user_is_unknown_here(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    other = world.tenancy.create_tenant("OTHER", "Other")
    world.accounts.create_user("other.user", "pw-other", 3, tenant_id=other.id)
    assert demo(client, "CHECKAUTH", user="other.user", password="pw-other")[0] == b""
    assert ask(client, key=ADMIN, tenant="OTHER", reqtype="CHECKAUTH", user="other.user",
               password="pw-other")[0] == f"Success|3|other.user|3|Tenant user|{other.id}|OTHER|".encode()


def test_a_password_stored_as_its_sha256_digest_is_accepted(pbx: tuple[FlaskClient, World]) -> None:
    client, _ = pbx
    digest = hashlib.sha256(b"change-me").hexdigest()
    ask(client, {"jsondata": json.dumps({"us_username": "Leandro71", "us_password": digest, "us_up_id": 3})},
        key=ADMIN, reqtype="MANAGEDB", object="user", action="add", tenant="DEMO")
    assert demo(client, "CHECKAUTH", user="Leandro71", password="change-me")[0].startswith(b"Success|3|Leandro71|")
    assert demo(client, "CHECKAUTH", user="Leandro71", password=digest)[0].startswith(b"Success|3|")


# -- AUTHTOKEN ------------------------------------------------------------------------------


def test_a_once_token_is_spent_by_the_first_check(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    body, content_type = demo(client, "AUTHTOKEN", key=RW, action="generate", user="demo.admin")
    assert (body, content_type) == (b"Success|0TwBtrwiUfkJ6IP6ryCMv2BMLmDMtfRU|", HTML)
    token = body.split(b"|")[1].decode()
    [stored] = world.accounts.list_auth_tokens()
    assert (stored.token, stored.user_id, stored.single_use, stored.expires_at) == (token, 1, True, None)
    assert demo(client, "CHECKAUTH", key=RW, token=token)[0] == b"Success|1|demo.admin|2|Tenant administrator|5|DEMO|"
    assert world.accounts.list_auth_tokens() == []
    assert demo(client, "CHECKAUTH", key=RW, token=token)[0] == b""


def test_a_timed_token_lasts_until_it_expires(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    body, content_type = demo(client, "AUTHTOKEN", key=RW, action="GENERATE", user="demo.reception",
                              validity="3600", format="json")
    assert (body, content_type) == (
        b'{"token":"0TwBtrwiUfkJ6IP6ryCMv2BMLmDMtfRU","us_username":"demo.reception","validity":"3600",'
        b'"expires":"2026-01-05 10:00:00"}', JSON)
    token = json.loads(body)["token"]
    assert demo(client, "CHECKAUTH", key=RW, token=token)[0].startswith(b"Success|2|demo.reception|")
    world.advance_clock(3599)
    assert demo(client, "CHECKAUTH", key=RW, token=token)[0].startswith(b"Success|2|")
    world.advance_clock(1)
    assert demo(client, "CHECKAUTH", key=RW, token=token)[0] == b""
    assert world.accounts.list_auth_tokens() == []


def test_reset_revokes_every_token_of_the_user(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    for validity in ("ONCE", "60"):
        demo(client, "AUTHTOKEN", key=RW, action="generate", user="demo.reception", validity=validity)
    demo(client, "AUTHTOKEN", key=RW, action="generate", user="demo.admin")
    assert demo(client, "AUTHTOKEN", key=RW, action="reset", user="demo.reception") == (
        b"Success|2 tokens reset|", HTML)
    assert [t.user_id for t in world.accounts.list_auth_tokens()] == [1]
    assert demo(client, "AUTHTOKEN", key=RW, action="reset", user="demo.reception")[0] == b"Success|0 tokens reset|"


@pytest.mark.parametrize("reqtype", ["CHECKAUTH", "GETWEBRTCAUTH"])
def test_a_read_only_key_cannot_spend_a_token(pbx: tuple[FlaskClient, World], reqtype: str) -> None:
    client, world = pbx
    token = world.accounts.issue_auth_token(2)
    before = world.snapshot()
    assert demo(client, reqtype, token=token.token) == (AUTH_FAILURE, HTML)
    assert world.snapshot() == before
    # A password login by the same key is a read, and allowed.
    assert demo(client, reqtype, **RECEPTION_LOGIN)[0].startswith(b"Success|")


def test_another_tenants_token_stays_unspent(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    other = world.tenancy.create_tenant("OTHER", "Other")
    user = world.accounts.create_user("other.user", "pw-other", 3, tenant_id=other.id)
    token = world.accounts.issue_auth_token(user.id)
    assert demo(client, "CHECKAUTH", key=RW, token=token.token)[0] == b""
    assert world.accounts.list_auth_tokens() == [token]


@pytest.mark.parametrize("query", [
    {"action": "generate", "user": "nobody"},
    {"action": "generate"},
    {"action": "generate", "user": "demo.admin", "validity": "0"},
    {"action": "generate", "user": "demo.admin", "validity": "forever"},
    {"action": "generate", "user": "demo.admin", "validity": "99999999999"},
    {"action": "renew", "user": "demo.admin"},
    {"user": "demo.admin"},
])
def test_authtoken_miss_prints_nothing_and_changes_nothing(pbx: tuple[FlaskClient, World],
                                                           query: dict[str, str]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert demo(client, "AUTHTOKEN", key=RW, **query) == (b"", HTML)
    assert world.snapshot() == before


def test_authtoken_needs_a_read_write_key(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert demo(client, "AUTHTOKEN", action="generate", user="demo.admin") == (SECURITY, HTML)
    assert world.accounts.list_auth_tokens() == []


# -- GETWEBRTCAUTH --------------------------------------------------------------------------


def test_webrtc_credentials_of_the_users_extension(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert demo(client, "GETWEBRTCAUTH", **RECEPTION_LOGIN) == (
        b"Success|102-DEMO|Recept1on!102|Reception|102|DEMO|PJSIP|", HTML)
    assert demo(client, "GETWEBRTCAUTH", **RECEPTION_LOGIN, format="json") == (
        b'{"username":"102-DEMO","password":"Recept1on!102","displayname":"Reception","extension":"102",'
        b'"tenant":"DEMO","tech":"PJSIP"}', JSON)
    token = world.accounts.issue_auth_token(2)
    assert demo(client, "GETWEBRTCAUTH", key=RW, token=token.token)[0].startswith(b"Success|102-DEMO|")
    assert world.accounts.list_auth_tokens() == []


def test_webrtc_needs_a_user_with_an_extension(pbx: tuple[FlaskClient, World]) -> None:
    client, _ = pbx
    assert demo(client, "GETWEBRTCAUTH", **ADMIN_LOGIN) == (b"", HTML)
    assert demo(client, "GETWEBRTCAUTH", user="demo.reception", password="wrong") == (b"", HTML)


# -- MANAGEDB USER --------------------------------------------------------------------------


def mdb(client: FlaskClient, action: str, jsondata: str | None = None, **query: str) -> bytes:
    form = None if jsondata is None else {"jsondata": jsondata}
    return ask(client, form, key=ADMIN, reqtype="MANAGEDB", object="user", action=action, **query)[0]


def test_list_and_get(pbx: tuple[FlaskClient, World]) -> None:
    client, _ = pbx
    reception = (b'{"us_id":"2","us_te_id":"5","us_username":"demo.reception","us_password":"Recept1on!Web",'
                 b'"us_up_id":"3","us_ex_id":"4","us_email":"reception@demo.example",'
                 b'"us_creationdate":"2026-01-05 09:00:00"}')
    listed = mdb(client, "list")
    assert listed.startswith(b'{"1":{"us_id":"1","us_te_id":"5","us_username":"demo.admin",')
    assert listed.endswith(b',"2":' + reception + b"}")
    assert mdb(client, "LIST", tenant="DEMO") == listed
    assert mdb(client, "get", objectid="2") == reception
    assert mdb(client, "get", objectid="9") == b""
    assert ask(client, key=ADMIN, reqtype="MANAGEDB", object="users", action="list", tenant="OTHER")[0] == SECURITY


def test_add_shares_the_store_with_checkauth_and_usergroup(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    added = mdb(client, "add", '{"us_username":"Leandro71","us_password":"pw","us_up_id":1}', tenant="DEMO")
    assert added == (b'{"us_id":"3","us_te_id":"5","us_username":"Leandro71","us_password":"pw","us_up_id":"1",'
                     b'"us_ex_id":null,"us_email":"","us_creationdate":"2026-01-05 09:00:00"}')
    assert world.accounts.find_user("leandro71").tenant_id == world.tenancy.tenant_by_code("DEMO").id
    assert demo(client, "CHECKAUTH", user="Leandro71", password="pw")[0] == \
        b"Success|3|Leandro71|1|Administrator|5|DEMO|"
    assert demo(client, "USERGROUP")[0] == b"1:Administrator|2:Tenant administrator|3:Tenant user|"
    # Without a tenant the user is the system's: no tenant key reaches it.
    system = mdb(client, "add", '{"us_username":"root","us_password":"pw","us_up_id":1}')
    assert system.startswith(b'{"us_id":"4","us_te_id":null,')
    assert demo(client, "CHECKAUTH", user="root", password="pw")[0] == b""


def test_update_and_delete_echo_their_sql(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    token = world.accounts.issue_auth_token(2)
    assert mdb(client, "update", '{"us_email":"desk@demo.example","us_up_id":2}', objectid="2", tenant="DEMO") == \
        b"update us_users set us_email='desk@demo.example',us_up_id='2' where us_te_id='5' and us_id='2'"
    assert (world.accounts.get_user(2).email, world.accounts.get_user(2).profile_id) == ("desk@demo.example", 2)
    assert mdb(client, "delete", objectid="2") == b"delete from us_users where us_id='2'"
    assert [u.id for u in world.accounts.list_users()] == [1]
    assert token not in world.accounts.list_auth_tokens()


@pytest.mark.parametrize(("action", "jsondata", "query"), [
    ("add", '{"us_username":"x","us_password":"pw"}', {}),
    ("add", '{"us_username":"x","us_password":"pw","us_up_id":99}', {}),
    ("add", '{"us_username":"demo.ADMIN","us_password":"pw","us_up_id":1}', {}),
    ("add", '{"us_username":"bad name","us_password":"pw","us_up_id":1}', {}),
    ("add", '{"us_username":"x","us_password":"pw","us_up_id":1,"us_ex_id":999}', {"tenant": "DEMO"}),
    ("add", '{"us_username":"x","us_password":"pw","us_up_id":1,"us_colour":"red"}', {}),
    ("add", '{"us_username":"x","us_password":"pw","us_up_id":1,"us_te_id":99}', {"tenant": "DEMO"}),
    ("add", "not json", {}),
    ("update", '{"us_username":"demo.admin"}', {"objectid": "2"}),
    ("update", '{"us_up_id":99}', {"objectid": "2"}),
    ("update", "{}", {"objectid": "2"}),
    ("update", '{"us_email":"x"}', {"objectid": "99"}),
    ("delete", None, {"objectid": "99"}),
])
def test_a_refused_write_prints_nothing_and_changes_nothing(pbx: tuple[FlaskClient, World], action: str,
                                                            jsondata: str | None, query: dict[str, str]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert mdb(client, action, jsondata, **query) == b""
    assert world.snapshot() == before


def test_managedb_user_needs_the_admin_key(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    before = world.snapshot()
    for key in (RW, RO):
        assert ask(client, {"jsondata": '{"us_username":"x","us_password":"pw","us_up_id":1}'}, key=key,
                   tenant="DEMO", reqtype="MANAGEDB", object="user", action="add")[0] == SECURITY
    assert world.snapshot() == before


@pytest.mark.parametrize("fmt", ["csv", "xml", "plain"])
def test_other_formats_print_the_plain_answer(pbx: tuple[FlaskClient, World], fmt: str) -> None:
    client, _ = pbx
    assert demo(client, "USERGROUP", format=fmt)[0] == b"2:Tenant administrator|3:Tenant user|"
    assert demo(client, "CHECKAUTH", **ADMIN_LOGIN, format=fmt)[0] == \
        b"Success|1|demo.admin|2|Tenant administrator|5|DEMO|"
    assert demo(client, "GETWEBRTCAUTH", **RECEPTION_LOGIN, format=fmt)[0] == \
        b"Success|102-DEMO|Recept1on!102|Reception|102|DEMO|PJSIP|"
