"""INFO variable: the variables DIAL's ``var`` gave a call, while it lasts and in its CDR afterwards."""

from __future__ import annotations

from mirta_client import ADMIN, RO, ask

from mockpbx.core.entities import Disposition
from tests.worlds import Pbx


def _dial(client: object, **extra: str) -> str:
    body = ask(client, "DIAL", source="102", dest="4520304050", **extra)  # type: ignore[arg-type]
    assert body.startswith(b"Success|Originate successfully queued|")
    return body.split(b"|")[2].decode()


def test_variables_of_a_live_then_ended_call(pbx: Pbx) -> None:
    client, world = pbx
    response = client.get("/pbx/proxyapi.php", query_string=[
        ("key", "demo-DEMO-rw"), ("tenant", "DEMO"), ("reqtype", "DIAL"), ("source", "102"),
        ("dest", "4520304050"), ("var", "order=A-17"), ("var", "lang=da")])
    originate_id = response.data.split(b"|")[2].decode()
    world.advance_clock(2)
    assert ask(client, "INFO", RO, info="variable", id=originate_id) == b"DEMO-order:A-17|DEMO-lang:da|"
    assert ask(client, "INFO", RO, info="VARIABLE", id=originate_id, format="json") == (
        b'{"DEMO-order":"A-17","DEMO-lang":"da"}')
    world.advance_clock(3600)
    cdr = world.telephony.find_cdr(originate_id)
    assert cdr.disposition is Disposition.ANSWERED
    assert cdr.variables == (("DEMO-order", "A-17"), ("DEMO-lang", "da"))
    # The CDR keeps them: by originate id and by uniqueid (the node-prefixed form too).
    assert ask(client, "INFO", RO, info="variable", id=originate_id) == b"DEMO-order:A-17|DEMO-lang:da|"
    assert ask(client, "INFO", RO, info="variable", id=f"pbx4fl-{cdr.uniqueid}") == b"DEMO-order:A-17|DEMO-lang:da|"
    assert ask(client, "INFO", ADMIN, info="variable", id=originate_id, tenant=None) == (  # type: ignore[arg-type]
        b"DEMO-order:A-17|DEMO-lang:da|")


def test_a_call_without_variables_and_misses(pbx: Pbx) -> None:
    client, world = pbx
    originate_id = _dial(client)
    assert ask(client, "INFO", RO, info="variable", id=originate_id) == b""
    assert ask(client, "INFO", RO, info="variable", id=originate_id, format="json") == b"[]"
    assert ask(client, "INFO", RO, info="variable", id="ffffffffffffff") == b""
    assert ask(client, "INFO", RO, info="variable") == b""  # id is required
    # Another tenant's call is not found.
    world.tenancy.create_tenant("OTHER", "Other Ltd")
    assert ask(client, "INFO", ADMIN, info="variable", id=originate_id, tenant="OTHER") == b""


def test_recording_control_is_not_a_variable(pbx: Pbx) -> None:
    client, world = pbx
    originate_id = _dial(client, var="crm=9", recording="yes")
    world.advance_clock(10)
    call = next(c for c in world.telephony.live_calls() if c.originate_id == originate_id)
    world.telephony.set_call_recording(call.id, paused=True)
    assert ask(client, "INFO", RO, info="variable", id=originate_id) == b"DEMO-crm:9|"


def test_info_call_finds_a_live_call_by_either_id_but_not_for_another_tenant(pbx: Pbx) -> None:
    client, world = pbx
    originate_id = _dial(client)
    world.advance_clock(2)
    call = world.telephony.find_live_call(originate_id)
    assert world.telephony.find_live_call(call.uniqueid) == call
    by_originate = ask(client, "INFO", RO, info="call", id=originate_id)
    assert by_originate.splitlines()[0] == b"id|uniqueid|status|source|dest|start|answer|disposition"
    assert by_originate.splitlines()[1].split(b"|")[:5] == [originate_id.encode(), call.uniqueid.encode(),
                                                           b"RINGING", b"102", b"4520304050"]
    assert ask(client, "INFO", RO, info="call", id=call.uniqueid) == by_originate
    world.tenancy.create_tenant("OTHER", "Other Ltd")
    assert ask(client, "INFO", ADMIN, info="call", id=originate_id, tenant="OTHER") == b""
