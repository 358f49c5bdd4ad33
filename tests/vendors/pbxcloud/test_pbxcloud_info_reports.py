"""INFO outdialed, agentsdelay and ivrlogs: reports derived from the default world's calls and queue log."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from mockpbx.core import World
from tests.worlds import Pbx

PATH = "/pbx/proxyapi.php"


@pytest.fixture
def pbx(pbx: Pbx) -> tuple[FlaskClient, World]:
    """The default world after a DIAL out, a DIAL to the IVR and a queue call answered by 104."""
    client, world = pbx
    assert get(client, reqtype="DIAL", source="102", dest="4520304050").startswith(b"Success|")
    assert get(client, reqtype="DIAL", source="104", dest="500").startswith(b"Success|")
    world.telephony.receive_call("4535150001", "4511223344", caller_name="Susan")
    world.advance_clock(900)
    return client, world


def get(client: FlaskClient, key: str = "demo-DEMO-rw", **params: str) -> bytes:
    response = client.get(PATH, query_string={"key": key, "tenant": "DEMO", **params})
    assert response.status_code == 200
    return response.data


def test_outdialed_lists_outside_calls_by_extensions_with_their_provider(pbx: tuple[FlaskClient, World]) -> None:
    client, _ = pbx
    assert get(client, reqtype="INFO", info="outdialed") == (
        b"start|tenantcode|extension|name|dialednum|disposition|duration|billsec|provider|uniqueid\n"
        b"2026-01-05 09:00:00|DEMO|102|Reception|4520304050|ANSWERED|88|83|Generic SIP|1767603600.7\n"
        b"2026-01-05 07:30:00|DEMO|402|Sales|4520304050|ANSWERED|99|95||1767598200.2\n")
    assert get(client, reqtype="INFO", info="OUTDIALED", format="csv").splitlines()[1] == (
        b'"2026-01-05 09:00:00",DEMO,102,Reception,4520304050,ANSWERED,88,83,"Generic SIP",1767603600.7')
    assert get(client, reqtype="INFO", info="outdialed", format="json").startswith(
        b'[{"0":"2026-01-05 09:00:00","start":"2026-01-05 09:00:00","1":"DEMO","tenantcode":"DEMO",')
    assert get(client, reqtype="INFO", info="outdialed", format="xml") == b""
    assert get(client, reqtype="INFO", info="outdialed", start="2025-01-01", end="2025-01-02") == b""
    assert get(client, reqtype="INFO", info="outdialed", format="json", start="2025-01-01", end="2025-01-02") == b"[]"


def test_agentsdelay_sums_what_callers_waited_for_each_agent(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    header = b"qu_id|qu_name|agent|agentname|answered|totaldelay|avgdelay|maxdelay\n"
    assert get(client, reqtype="INFO", info="agentsdelay") == (
        header + b"1|Support|104-DEMO|Support Agent|1|9|9|9\n1|Support|102-DEMO|Reception|0|0|0|0\n")
    # a second call, held 5 s: 104 answered both, 14 s in all, 7 on average, 9 at most
    world.telephony.receive_call("4535150001", "4511223345")
    world.advance_clock(900)
    assert get(client, reqtype="INFO", info="agentsdelay", queue="281").splitlines()[1] == (
        b"1|Support|104-DEMO|Support Agent|2|14|7|9")
    assert get(client, reqtype="INFO", info="agentsdelay", queue="999") == b""
    # a custom log line that calls itself ANSWERED with words for a delay is not a delay
    get(client, reqtype="QUEUE", action="log", number="281", extension="102", event="ANSWERED",
        data1="x", data2="soon")
    assert get(client, reqtype="INFO", info="agentsdelay", queue="281").splitlines()[2] == (
        b"1|Support|102-DEMO|Reception|0|0|0|0")


def test_ivrlogs_lists_calls_that_reached_an_ivr(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert get(client, reqtype="INFO", info="ivrlogs") == (
        b"time|iv_id|iv_name|iv_number|callerid|calleridname|selection|duration|uniqueid\n"
        b"2026-01-05 09:00:00|1|Main menu|500|104|Support Agent||123|1767603600.8\n")
    # a DID routed to the IVR by its tag brings outside callers there too
    admin = {"key": "demo-admin-key", "reqtype": "MANAGEDB", "object": "DESTINATION", "action": "replace",
             "typesrc": "DID", "typeidsrc": "1", "tenant": "DEMO"}
    assert client.post(PATH, query_string=admin, data={"jsondata": '["IVR-1"]'}).data == b'["IVR-1"]'
    world.telephony.receive_call("4535150000", "4599887766")
    world.advance_clock(900)
    lines = get(client, reqtype="INFO", info="ivrlogs", id="1").splitlines()
    assert len(lines) == 3 and lines[1].split(b"|")[1:5] == [b"1", b"Main menu", b"500", b"4599887766"]
    assert get(client, reqtype="INFO", info="ivrlogs", id="2") == b""
    assert get(client, reqtype="INFO", info="ivrlogs", id="x") == b""
    assert get(client, reqtype="INFO", info="ivrlogs", format="json", id="2") == b"[]"


def test_reports_are_per_tenant_unless_admin(pbx: tuple[FlaskClient, World]) -> None:
    client, _ = pbx
    every = client.get(PATH, query_string={"key": "demo-admin-key", "reqtype": "INFO", "info": "outdialed"}).data
    assert every.count(b"|DEMO|") == 2 and b"|344|" not in every  # 344's calls are from earlier days
    assert client.get(PATH, query_string={"key": "demo-DEMO-rw", "reqtype": "INFO", "info": "outdialed",
                                          "tenant": "344"}).data == b"Too bad... you mistaken the security api key.\n"
