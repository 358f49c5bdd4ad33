"""One world, three wire protocols: what one vendor writes, the other two read back.

The README promises this agreement; these tests are where it is shown.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.worlds import Pbx

EPBX = {"Authorization": "Bearer demo-reseller-token"}
PBXWARE = "/?apikey=Test123456789&action=pbxware."
MIRTA = "/pbx/proxyapi.php?"


def test_an_epbx_customer_is_a_tenant_for_pbxware_and_mirta(pbx: Pbx) -> None:
    client, _ = pbx
    created = client.post("/api/v2/customers", headers=EPBX,
                          json={"company_name": "Cross Co", "email": "it@cross.example", "package_id": 1})
    assert created.status_code == 201
    customer = created.json["data"]
    tenants = client.get(PBXWARE + "tenant.list").json
    assert tenants[str(customer["id"])] == {
        "name": "Cross Co", "tenantcode": "103", "package_id": 1, "package": "Package 1", "ext_length": 3,
        "country_id": 226, "country_code": 880,
    }
    rows = client.get(MIRTA + "key=demo-admin-key&reqtype=MANAGEDB&object=TENANT&action=list&format=json").json
    assert rows[str(customer["id"])]["te_name"] == "Cross Co"
    assert rows[str(customer["id"])]["te_code"] == "103"


def test_a_mirta_dial_is_a_pbxware_cdr_and_a_mirta_simplecdr(pbx: Pbx) -> None:
    client, world = pbx
    dialled = client.get(MIRTA + "key=demo-DEMO-rw&reqtype=DIAL&source=402&dest=4520305550005&tenant=DEMO"
                                 "&account=402-DEMO").data.decode()
    originate_id = dialled.split("|")[2]
    world.advance_clock(120)
    cdr = world.telephony.find_cdr(originate_id)
    day = datetime.fromtimestamp(cdr.start, UTC).strftime("%b-%d-%Y")
    download = client.get(PBXWARE + f"cdr.download&server={cdr.tenant_id}&start={day}&end={day}&limit=5").json
    assert download["csv"][0] == [
        "402", "4520305550005", str(cdr.start), "65", "60", "0.50", "Answered", cdr.uniqueid, "4.40", "False",
    ]
    simple = client.get(MIRTA + "key=demo-DEMO-rw&reqtype=INFO&info=SIMPLECDRS&tenant=DEMO&format=csv").data
    assert simple.splitlines()[1] == (
        b'5,DEMO,"2026-01-05 09:00:00",OUT,402,Sales,4520305550005,ANSWERED,65,' + cdr.uniqueid.encode()
        + b",4520305550005")


def test_an_epbx_top_up_is_the_balance_mirta_reports(pbx: Pbx) -> None:
    client, world = pbx
    acme = world.tenancy.list_tenants(reseller_id=1)[0]
    moved = client.post(f"/api/v2/customers/{acme.id}/wallet", headers=EPBX, json={"amount": "125.50", "action": "add"})
    assert moved.status_code == 200
    balance = client.get(MIRTA + f"key=demo-admin-key&reqtype=BALANCE&tenant={acme.code}").data
    assert balance == b"125.50"


def test_a_queue_call_is_a_mirta_queue_log_line(pbx: Pbx) -> None:
    client, world = pbx
    placed = client.post("/_mockpbx/worlds/default/calls",
                         json={"did": "4535150001", "from": "4520304050", "talk_seconds": 30})
    assert placed.status_code == 201
    world.advance_clock(60)
    logs = client.get(MIRTA + "key=demo-DEMO-rw&reqtype=INFO&info=QUEUELOGS&tenant=DEMO&format=csv").data.decode()
    answered = [line for line in logs.splitlines() if ",ANSWERED," in line]
    assert [line.split(",")[:9] for line in answered] == [[
        '"2026-01-05 09:00:35"', "Support", "4520304050", "ANSWERED", "104-DEMO", "5", "30", "1",
        placed.json["uniqueid"],
    ]]
