"""Dashboard, monitor and recording control: figures derived from the world's state."""

from __future__ import annotations

from flask.testing import FlaskClient
from pbxware_client import KEY, body, raw

from mockpbx.core.world import World


def tenant_344(world: World) -> int:
    return world.tenancy.tenant_by_code("344").id


def test_golden_idle_dashboard(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server = tenant_344(world)
    assert raw(client, "dashboard.ext_online", server=server) == b'{"type":"Extensions Online","count":1}'
    assert raw(client, "dashboard.ext_online") == b'{"type":"Extensions Online","count":3}'
    assert raw(client, "dashboard.calls", server=server) == (
        b'{"now":0,"last hour":0,"today":0,"answared calls":0}')
    assert raw(client, "dashboard.sip_registrations", server=server) == (
        b'{"SIP Registrations":{"success":1,"failed":0,"lagged":0}}')
    assert raw(client, "dashboard.licensing", server=server) == (
        b'{"ext":{"inuse":2,"max":1999},"ivr":{"inuse":2,"max":999},"queue":{"inuse":0,"max":999},'
        b'"conference":{"inuse":0,"max":999}}')
    assert raw(client, "dashboard.glocom_editions", server=server) == (
        b'{"office":0,"business":0,"agent":0,"supervisor":0,"ios":0,"android":0}')
    assert raw(client, "dashboard.glocom_users", server=server) == b'{"glocom_users":0}'
    assert raw(client, "dashboard.cpu") == b'{"inuse":"3"}'
    assert raw(client, "dashboard.memory", apiformat="php") == b'a:1:{s:5:"inuse";s:2:"21";}'
    assert raw(client, "dashboard.disk_usage") == b'{"inuse":"12"}'
    services = body(client, "dashboard.services")
    assert services and set(services.values()) == {"running"}


def test_idle_live_calls_is_plain_text(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    response = client.get("/", query_string={"apikey": KEY, "action": "pbxware.monitor.live_calls",
                                             "server": tenant_344(world)})
    assert response.status_code == 200
    assert response.data == b"Live Calls: 0"


def test_a_live_call_shows_everywhere_then_ends(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server = tenant_344(world)
    call = world.telephony.originate_call(server, "530", "0155550005")  # answered, 60 s of talk
    world.advance_clock(10)
    assert body(client, "monitor.live_calls", server=server) == {
        call.uniqueid: {"from": "530", "to": "0155550005", "timestamp": int(call.created_at)}}
    assert body(client, "dashboard.calls", server=server) == {"now": 1, "last hour": 1, "today": 1,
                                                               "answared calls": 1}
    monitor = body(client, "monitor.list", server=server)
    ext = str(world.directory.extension_by_number(server, "530").id)
    assert monitor[ext]["on_call"] is True and monitor[ext]["status"].startswith("OK (")
    assert body(client, "dashboard.cpu") == {"inuse": "5"}
    world.advance_clock(120)
    assert raw(client, "monitor.live_calls", server=server) == b"Live Calls: 0"
    figures = body(client, "dashboard.calls", server=server)
    assert figures == {"now": 0, "last hour": 1, "today": 1, "answared calls": 1}


def test_registration_and_dnd_follow_the_extension(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server = tenant_344(world)
    ext = world.directory.extension_by_number(server, "531")
    world.directory.update_extension(ext.id, registered=True)
    assert body(client, "dashboard.ext_online", server=server)["count"] == 2
    body(client, "ext.es.dnd.set", server=server, id=ext.id, state="yes")
    row = body(client, "monitor.list", server=server)[str(ext.id)]
    assert row["dnd"] is True and row["on_call"] is False and row["ua"] == "Generic SIP"


def test_recording_control_on_live_calls(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server = tenant_344(world)
    updated = {"success": "Call status updated successfully.", "affected_calls": 1}
    unchanged = {"success": "No calls have been updated.", "affected_calls": 0}
    assert body(client, "recording.start", server=server, ext="530") == unchanged
    call = world.telephony.originate_call(server, "530", "0155550005")
    world.advance_clock(5)
    assert body(client, "recording.start", server=server, ext="530") == updated
    assert world.telephony.get_call(call.id).record is True
    assert body(client, "recording.start", server=server, ext="530") == unchanged
    assert body(client, "recording.pause", server=server, ext="530") == updated
    assert body(client, "recording.pause", server=server, ext="530") == unchanged
    assert body(client, "recording.unpause", server=server, ext="530") == updated
    assert body(client, "recording.stop", server=server, ext="530") == updated
    assert world.telephony.get_call(call.id).record is False
    assert body(client, "recording.start", server=server, ext="530") == updated
    world.advance_clock(120)
    # The call was recording when it ended, so it left a recording behind.
    assert any(r.uniqueid == call.uniqueid for r in world.telephony.list_recordings(server))
    assert body(client, "recording.stop", server=server) == {"error": "Required field 'ext' is missing"}
    assert body(client, "recording.stop", server=server, ext="999") == {"error": "Invalid extension ID."}
    assert body(client, "recording.stop", server=server, ext="5300") == {
        "error": "Required field 'ext=5300' contains invalid data (Regex: /^\\d{3}$/)"}
