"""What public PBXware clients do with the API's answers, done here the same way.

Each test makes the requests a client in the wild makes and reads the answer as it does
(``body["id"]``/``body["ext"]`` of ext.add, cdr.download rows zipped with ``header`` and read
by column name), so the shapes they depend on are pinned in our suite. The clients are listed
with what each implies in contracts/pbxware/CATALOGUE.md (CLIENT rows); none of their code is here.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockpbx.app import create_app
from mockpbx.core import ClockMode, Registry
from mockpbx.core.entities import Disposition
from mockpbx.core.world import World
from mockpbx.vendors.pbxware.postman import environment_values
from tests.tools import require_bicom_collection
from tests.vendors.pbxware.pbxware_client import KEY, body, raw
from tests.worlds import Pbx

T1 = 6  # tenant 344 in the default world: ext_length 3, Package 1 at 0.50 a minute
NEW_EXTENSION = {"server": str(T1), "name": "Load Agent", "email": "load@example.com", "location": "1", "ua": "50",
                 "status": "1", "pin": "1234", "incominglimit": "2", "outgoinglimit": "2", "voicemail": "0",
                 "prot": "sip", "secret": "Str0ng!Pass"}


# -- ext.add without ext -------------------------------------------------------------------


def test_ext_add_without_ext_allocates_the_next_number_and_answers_it(pbx: Pbx) -> None:
    client, world = pbx
    highest = max(int(e.number) for e in world.directory.list_extensions(T1))
    answer = raw(client, "ext.add", **NEW_EXTENSION)
    created = world.directory.extension_by_number(T1, str(highest + 1))
    assert answer == f'{{"success":"Extension ID: {created.id}","id":"{created.id}","ext":{highest + 1}}}'.encode()
    decoded = json.loads(answer)
    # How clients read it: the id as a number, the extension number from "ext".
    assert (int(decoded["id"]), decoded["ext"]) == (created.id, highest + 1)
    configuration = body(client, "ext.configuration", server=T1, id=decoded["id"])
    assert configuration[decoded["id"]]["ext"] == str(highest + 1)


def test_ext_add_with_ext_empty_also_allocates(pbx: Pbx) -> None:
    client, world = pbx
    first = body(client, "ext.add", **NEW_EXTENSION, ext="")
    second = body(client, "ext.add", **{**NEW_EXTENSION, "email": "two@example.com"})
    assert second["ext"] == first["ext"] + 1
    assert world.directory.extension_by_number(T1, str(second["ext"])).name == "Load Agent"


def test_ext_add_fills_a_gap_once_the_top_of_the_range_is_taken(pbx: Pbx) -> None:
    client, world = pbx
    world.directory.create_extension(T1, "999", name="Top", secret="Top!9999x")
    used = {int(e.number) for e in world.directory.list_extensions(T1)}
    lowest_free = min(n for n in range(100, 1000) if n not in used)
    assert body(client, "ext.add", **NEW_EXTENSION)["ext"] == lowest_free


def test_ext_add_in_a_full_range_is_refused_and_changes_nothing(pbx: Pbx) -> None:
    client, world = pbx
    tenant = world.tenancy.create_tenant("977", "Tiny", ext_length=2)
    for number in range(10, 100):
        world.directory.create_extension(tenant.id, str(number), name=f"E{number}", secret="Tiny!123x")
    before = world.snapshot()
    answer = raw(client, "ext.add", **{**NEW_EXTENSION, "server": str(tenant.id)})
    assert answer == b'{"error":"There are no free extension numbers left (10-99)."}'
    assert world.snapshot() == before


def test_ext_add_still_refuses_a_taken_or_malformed_ext(pbx: Pbx) -> None:
    client, world = pbx
    taken = world.directory.list_extensions(T1)[0].number
    before = world.snapshot()
    assert raw(client, "ext.add", **NEW_EXTENSION, ext=taken) == (
        f'{{"error":"Extension number {taken} is already reserved."}}'.encode())
    assert raw(client, "ext.add", **NEW_EXTENSION, ext="12") == (
        b'{"error":"Required field \'ext=12\' contains invalid data (Regex: \\/^\\\\d{3}$\\/)"}')
    assert world.snapshot() == before


# -- required fields against Bicom's "(Required)" markers -----------------------------------

# Marked sets that leave out the id of the object the request edits: the id still names it.
UNMARKED_IDENTIFIERS = {("pbxware.sms.trunks.edit", "id"), ("pbxware.package.edit", "id"),
                        ("pbxware.tenant.edit", "id")}
# Marked fields the mock does not insist on, each explained in contracts/pbxware/CATALOGUE.md.
MARKED_BUT_OPTIONAL = {("pbxware.tenant.edit", name) for name in (
    "tenant_name", "tenant_code", "package", "ext_length", "country", "national", "international")}


def _collection_requests() -> list[tuple[str, list[dict[str, Any]]]]:
    found: list[tuple[str, list[dict[str, Any]]]] = []

    def walk(items: list[dict[str, Any]], prefix: str) -> None:
        for item in items:
            if "item" in item:
                walk(item["item"], f"{prefix}{item['name']}/")
                continue
            url = item["request"].get("url", {})
            query = url.get("query", []) if isinstance(url, dict) else []
            if any("(Required)" in (p.get("description") or "") for p in query):
                found.append((f"{prefix}{item['name']}", query))

    walk(json.loads(require_bicom_collection().read_text(encoding="utf-8"))["item"], "")
    return found


def _box() -> tuple[FlaskClient, dict[str, str]]:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world("pbxware-box", world_id="box")
    return create_app(registry=registry).test_client(), environment_values(world, "http://127.0.0.1")


def _send(client: FlaskClient, env: dict[str, str], query: list[dict[str, Any]], keep: set[str]) -> str:
    def resolve(value: str | None) -> str:
        return re.sub(r"\{\{(\w+)\}\}", lambda m: str(env.get(m.group(1), "")), value or "")

    params = {p["key"]: resolve(p.get("value")) for p in query if p["key"] in keep and not p.get("disabled")}
    return client.get("/", query_string=params).get_data(as_text=True)


def _marked(query: list[dict[str, Any]]) -> set[str]:
    return {p["key"] for p in query if "(Required)" in (p.get("description") or "")}


def _marked_and_sent(query: list[dict[str, Any]]) -> set[str]:
    """Marked fields Bicom's own request sends: one it marks but disables it evidently may omit."""
    return {p["key"] for p in query if "(Required)" in (p.get("description") or "") and not p.get("disabled")}


def test_only_marked_fields_are_required() -> None:
    """The marked fields alone (plus the key and action) never draw a 'missing' for another field."""
    wrong = []
    for name, query in _collection_requests():
        client, env = _box()
        action = next(p["value"] for p in query if p["key"] == "action")
        answer = _send(client, env, query, _marked(query) | {"apikey", "action"})
        missing = re.search(r"Required field '([^'=]+)' is missing", answer)
        if missing and missing.group(1) not in _marked(query) and (action, missing.group(1)) not in (
                UNMARKED_IDENTIFIERS):
            wrong.append((name, missing.group(1)))
    assert wrong == []


def test_every_marked_field_is_required() -> None:
    """Leaving any one marked field out of Bicom's own request is refused."""
    accepted = []
    for name, query in _collection_requests():
        action = next(p["value"] for p in query if p["key"] == "action")
        for dropped in sorted(_marked_and_sent(query)):
            if (action, dropped) in MARKED_BUT_OPTIONAL:
                continue
            client, env = _box()
            answer = _send(client, env, query, {p["key"] for p in query} - {dropped})
            if '"error"' not in answer:
                accepted.append((name, dropped))
    assert accepted == []


def test_templates_set_without_editions_or_modules_keeps_them(pbx: Pbx) -> None:
    client, world = pbx
    assert raw(client, "apps.templates.set", server=T1, department_id="", editions="office", modules="crm") == (
        b'{"success":"Template set successfully.","id":"0"}')
    assert raw(client, "apps.templates.set", server=T1, department_id="", modules="skype") == (
        b'{"success":"Template set successfully.","id":"0"}')
    assert world.tenancy.get_tenant(T1).attributes["apps.template.0"] == "office|skype"


# -- cdr.download for a tenant, by release ----------------------------------------------------


def _history(world: World) -> None:
    world.telephony.originate_call(T1, "530", "442079460001", outcome=Disposition.ANSWERED, talk_seconds=30)
    world.advance_clock(120)
    world.telephony.originate_call(T1, "531", "5550001")  # the magic busy number
    world.advance_clock(60)


def _download(client: FlaskClient, **params: str) -> bytes:
    return raw(client, "cdr.download", start="Jan-05-2026", end="Jan-05-2026", **params)


@pytest.mark.parametrize(("version", "billed", "expected"), [
    ("6.x", True,
     b'{"success":"CDRs downloaded successfully.","next_page":false,"limit":16,"records":2,"header":["From","To",'
     b'"Date\\/Time","Total Duration","Rating Duration","Rating Cost","Status","Unique ID"],"csv":[["531",'
     b'"5550001","1767603720","3","0","0.00","Busy","1767603720.8"],["530","442079460001","1767603600","35","30",'
     b'"0.50","Answered","1767603600.7"]]}'),
    ("6.x", False,
     b'{"success":"CDRs downloaded successfully.","next_page":false,"limit":16,"records":2,"header":["From","To",'
     b'"Date\\/Time","Total Duration","Status","Unique ID"],"csv":[["531","5550001","1767603720","3","Busy",'
     b'"1767603720.8"],["530","442079460001","1767603600","35","Answered","1767603600.7"]]}'),
    ("7.x", True,
     b'{"success":"CDRs downloaded successfully.","next_page":false,"limit":16,"records":2,"header":["From","To",'
     b'"Date\\/Time","Total Duration","Rating Duration","Rating Cost","Status","Unique ID","MOS",'
     b'"Recording Available"],"csv":[["531","5550001","1767603720","3","0","0.00","Busy","1767603720.8","0.00",'
     b'"False"],["530","442079460001","1767603600","35","30","0.50","Answered","1767603600.7","4.40","False"]]}'),
    ("7.x", False,
     b'{"success":"CDRs downloaded successfully.","next_page":false,"limit":16,"records":2,"header":["From","To",'
     b'"Date\\/Time","Total Duration","Status","Unique ID","MOS","Recording Available"],"csv":[["531","5550001",'
     b'"1767603720","3","Busy","1767603720.8","0.00","False"],["530","442079460001","1767603600","35","Answered",'
     b'"1767603600.7","4.40","False"]]}'),
])
def test_tenant_download_layout_by_release_and_billing(pbx: Pbx, version: str, billed: bool, expected: bytes) -> None:
    client, world = pbx
    world.configure(pbxware_version=version)
    if not billed:
        free = world.tenancy.create_package("Free", rate_per_minute=Decimal("0"))
        world.tenancy.update_tenant(T1, package_id=free.id)
    _history(world)
    assert _download(client, server=str(T1)) == expected


def test_clients_read_tenant_rows_by_header_name(pbx: Pbx) -> None:
    client, world = pbx
    _history(world)
    page = json.loads(_download(client, server=str(T1)))
    records = [dict(zip(page["header"], row, strict=True)) for row in page["csv"]]
    answered = [r for r in records if r["Status"] == "Answered"]
    assert [(r["From"], r["To"], r["Unique ID"]) for r in answered] == [("530", "442079460001", "1767603600.7")]
    assert [r["Recording Available"] == "True" for r in records] == [False, False]
    assert "Tenant" not in page["header"] and page["next_page"] is False


def test_the_system_download_keeps_the_twelve_columns_bicom_checks(pbx: Pbx) -> None:
    for version in ("6.x", "7.x"):
        client, world = pbx
        world.configure(pbxware_version=version)
        _history(world)
        for params in ({}, {"server": "1"}):
            page = json.loads(_download(client, **params))
            assert page["header"] == ["Tenant", "From", "To", "Date/Time", "Total Duration", "Rating Duration",
                                      "Rating Cost", "Status", "ID", "Recording Path", "Recording Available",
                                      "Location Type"]
            assert all(len(row) == 12 for row in page["csv"])


@pytest.mark.parametrize(("version", "release"), [("6.x", b"6.8 (mockpbx)"), ("7.x", b"7.6 (mockpbx)")])
def test_license_info_names_the_emulated_release(pbx: Pbx, version: str, release: bytes) -> None:
    client, world = pbx
    world.configure(pbxware_version=version)
    answer = client.get("/", query_string={"apikey": KEY, "action": "pbxware.license.info"}).data
    assert b'"Version":"' + release + b'"' in answer
    assert json.loads(answer)["Version"] == release.decode()
