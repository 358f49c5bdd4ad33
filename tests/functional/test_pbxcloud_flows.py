"""proxyapi.php end to end: one state seen through every reqtype that can show it.

Every test runs twice: in process (Flask's test client) and over HTTP against a live
server on 127.0.0.1, so the bytes a real client reads are the ones checked.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import pytest
import requests
from flask.testing import FlaskClient

from mockpbx.core import World
from mockpbx.core.audio import MP3_CONTENT_TYPE
from mockpbx.testing import ThreadedServer
from tests.worlds import Pbx

PATH = "/pbx/proxyapi.php"
RW, RO, ADMIN = "demo-DEMO-rw", "demo-DEMO-ro", "demo-admin-key"
AUTH = b"Too bad... you mistaken the security api key.\n"


@dataclass(frozen=True)
class Answer:
    status_code: int
    content_type: str
    data: bytes


class HttpClient:
    """The two calls the tests make, over a real socket."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()

    def get(self, path: str, query_string: Mapping[str, str]) -> Answer:
        return self._answer(self.session.get(self.base + path, params=dict(query_string), timeout=10))

    def post(self, path: str, query_string: Mapping[str, str] | None = None,
             data: Mapping[str, str] | None = None) -> Answer:
        return self._answer(self.session.post(self.base + path, params=dict(query_string or {}),
                                              data=dict(data or {}), timeout=10))

    @staticmethod
    def _answer(response: requests.Response) -> Answer:
        return Answer(response.status_code, response.headers.get("Content-Type", ""), response.content)


class Client(Protocol):
    """What both transports offer: Flask's test client and :class:`HttpClient`."""

    def get(self, path: str, query_string: Mapping[str, str]) -> Answer: ...

    def post(self, path: str, query_string: Mapping[str, str] | None = ...,
             data: Mapping[str, str] | None = ...) -> Answer: ...


@pytest.fixture(params=["inprocess", "server"])
def pbx(request: pytest.FixtureRequest, pbx: Pbx) -> tuple[Client, World]:
    """The shared ``pbx`` (its ``pbx_client``), or the plugin's ``pbx_server`` on the same world."""
    client, world = pbx
    if request.param == "inprocess":
        return client, world
    server: ThreadedServer = request.getfixturevalue("pbx_server")
    return HttpClient(server.url), world


def call(client: Client, key: str = RW, **params: str) -> bytes:
    response = client.get(PATH, query_string={"key": key, "tenant": "DEMO", **params})
    assert response.status_code == 200
    return response.data


def test_dial_is_live_then_in_every_history_view(pbx: tuple[Client, World]) -> None:
    client, world = pbx
    body = call(client, reqtype="DIAL", source="104", dest="4520304050", account="104-DEMO",
                var="callid=453131", recording="yes")
    status, text, originate_id, tail = body.decode().split("|")
    assert (status, text, tail) == ("Success", "Originate successfully queued", "")
    assert len(originate_id) == 14 and int(originate_id, 16) >= 0
    live = [c for c in world.telephony.live_calls() if c.originate_id == originate_id]
    assert live and live[0].variables == {"DEMO-callid": "453131"}
    assert call(client, reqtype="COUNTCALLS") == b"0"  # queued: no channel yet
    world.advance_clock(5)
    assert call(client, reqtype="COUNTCALLS") == b"1"
    assert b"PJSIP/104-DEMO-" in call(client, reqtype="CHANNELS")
    world.advance_clock(3600)
    assert call(client, reqtype="COUNTCALLS") == b"0"

    rows = list(csv.DictReader(io.StringIO(call(client, reqtype="INFO", info="CDRS", format="csv").decode())))
    mine = [r for r in rows if r["originateid"] == originate_id]
    assert len(mine) == 1 and mine[0]["disposition"] == "ANSWERED" and mine[0]["userfield"] == "[outbound]"
    unique = mine[0]["uniqueid"]
    simple = json.loads(call(client, reqtype="INFO", info="SIMPLECDRS", format="json", uniqueid=unique))
    assert [r["sc_uniqueid"] for r in simple] == [unique] and simple[0]["9"] == unique
    assert int(simple[0]["sc_duration"]) == int(mine[0]["duration"])

    by_id = client.get(PATH, query_string={"key": RW, "tenant": "DEMO", "reqtype": "INFO", "info": "recording",
                                           "id": originate_id})
    by_unique = client.get(PATH, query_string={"key": RW, "tenant": "DEMO", "reqtype": "INFO",
                                               "info": "recording", "id": f"pbx4fl-{unique}"})
    assert by_id.content_type == MP3_CONTENT_TYPE and by_id.data[:2] == b"\xff\xe3"
    assert by_unique.data == by_id.data
    # another tenant's key cannot fetch it, even with the id
    assert call(client, key=ADMIN, reqtype="INFO", info="recording", id=originate_id, tenant="344") == b""


def test_unanswered_internal_call_leaves_voicemail(pbx: tuple[Client, World]) -> None:
    client, world = pbx
    before = call(client, reqtype="VOICEMAIL", action="messages", mailbox="102", format="json")
    call(client, reqtype="DIAL", source="402", dest="102")
    world.advance_clock(2)
    assert call(client, reqtype="HANGUP", extension="402") == b"Success|Hangup successfully queued|"
    after = json.loads(call(client, reqtype="VOICEMAIL", action="messages", mailbox="102", format="json"))
    assert len(after) == len(json.loads(before)) + 1
    newest = after[-1]
    assert newest["CallerID"] == '"Sales" <402>' and newest["Dir"].endswith("/DEMO/102/INBOX")
    simple = json.loads(call(client, reqtype="INFO", info="SIMPLECDRS", format="json", disposition="NO ANSWER"))
    assert any(r["sc_calleridnum"] == "402" and r["sc_dialednum"] == "102" for r in simple)
    audio = call(client, reqtype="VOICEMAIL", action="message", mailbox="102", msgid=newest["Msgid"])
    assert audio[:4] == b"RIFF"
    assert call(client, reqtype="VOICEMAIL", action="markread", mailbox="102", msgid=newest["Msgid"]) == (
        b"Success|Message marked as read|")
    moved = json.loads(call(client, reqtype="VOICEMAIL", action="messages", mailbox="102", format="json"))
    assert [m["Dir"].rsplit("/", 1)[1] for m in moved if m["Msgid"] == newest["Msgid"]] == ["Old"]
    assert call(client, reqtype="VOICEMAIL", action="delete", mailbox="102", msgid=newest["Msgid"]) == (
        b"Success|Message deleted|")
    assert call(client, reqtype="VOICEMAIL", action="message", mailbox="102", msgid=newest["Msgid"]) == b""


def test_agent_pause_shows_in_queue_state_and_logs(pbx: tuple[Client, World]) -> None:
    client, world = pbx
    assert call(client, reqtype="AGENT", action="PAUSE", queue="281", extension="104-DEMO",
                pausereason="Breakfast") == b"Success|Agent paused|"
    queue = next(q for q in world.directory.list_queues() if q.number == "281")
    member = next(m for m in queue.members if world.directory.get_extension(m.extension_id).number == "104")
    assert member.paused and member.pause_reason == "Breakfast"
    agents = json.loads(call(client, reqtype="INFO", info="agents", queue="281", format="json"))
    assert agents["104-DEMO"]["1"] == "paused" and agents["104-DEMO"]["7"] == "Breakfast"
    logs = json.loads(call(client, reqtype="INFO", info="queuelogs", format="json"))
    assert logs[-1]["disposition"] == "PAUSE" and logs[-1]["callerid"] == "Breakfast"
    assert logs[-1]["agent"] == "104-DEMO" and logs[-1]["ex_number"] == "104"
    # as observed: 9 queue-log columns and the agent's 147-column extension row, each also by position
    assert [k for k in logs[-1] if k.isdigit()] == [str(n) for n in range(156)]
    assert list(logs[-1])[:4] == ["0", "time", "1", "qu_name"] and list(logs[-1])[-1] == "ex_pinlocked"
    assert call(client, reqtype="AGENT", action="unpause", queue="281", extension="104") == b"Success|Agent unpaused|"
    assert call(client, reqtype="INFO", info="agents", queue="281").startswith(b"104-DEMO:NOT_INUSE|")


def test_read_only_key_changes_nothing(pbx: tuple[Client, World]) -> None:
    client, world = pbx
    before = world.snapshot()
    attempts = [
        {"reqtype": "DIAL", "source": "402", "dest": "9922323232"},
        {"reqtype": "AGENT", "action": "pause", "queue": "281", "extension": "104"},
        {"reqtype": "QUEUE", "action": "add", "number": "281", "extension": "402"},
        {"reqtype": "VOICEMAIL", "action": "delete", "mailbox": "102", "msgid": "1475685709-00000004"},
        {"reqtype": "VOICEMAIL", "action": "markread", "mailbox": "102", "msgid": "1475685709-00000004"},
        {"reqtype": "PHONEBOOK", "subreqtype": "cleanall", "phonebook": "Customers"},
        {"reqtype": "DND", "action": "set", "number": "102", "value": "on"},
        {"reqtype": "HANGUP", "extension": "102"},
        {"reqtype": "CDR", "action": "UPDATE", "uniqueid": "1767598200.10", "value": "x"},
        {"reqtype": "MANAGEDB", "object": "CUSTOM", "action": "add", "jsondata": '{"cu_name":"x","cu_ct_id":1}'},
    ]
    for params in attempts:
        assert call(client, key=RO, **params) == AUTH, params
    assert world.snapshot() == before


def test_auth_text_follows_format(pbx: tuple[Client, World]) -> None:
    client, _ = pbx
    json_reply = client.get(PATH, query_string={"key": "wrong", "reqtype": "INFO", "info": "SIMPLECDRS",
                                                "tenant": "DEMO", "format": "json"})
    assert (json_reply.status_code, json_reply.content_type, json_reply.data) == (200, "application/json", AUTH)
    plain = client.post(PATH, data={"key": "wrong", "reqtype": "HELP"})
    assert (plain.content_type, plain.data, len(plain.data)) == ("text/html; charset=UTF-8", AUTH, 46)


def test_managedb_changes_show_in_info_lists(pbx: tuple[Client, World]) -> None:
    client, _ = pbx
    added = json.loads(client.post(PATH, query_string={"key": ADMIN, "reqtype": "MANAGEDB", "object": "extension",
                                                       "action": "add", "tenant": "DEMO"},
                                   data={"jsondata": '{"ex_number":"105","ex_name":"Night Desk","password":"Pw!105x"}'}
                                   ).data)
    assert added["ex_number"] == "105"
    assert b"105|Night Desk|PJSIP|UNAVAILABLE|105-DEMO|Pw!105x\n" in call(client, reqtype="INFO", info="extensions")
    update = client.post(PATH, data={"key": ADMIN, "reqtype": "MANAGEDB", "object": "DID", "action": "update",
                                     "tenant": "DEMO", "objectid": "1",
                                     "jsondata": '{"di_comment":"Main line","di_recording":"yes"}'})
    assert update.data.startswith(b"update di_dids set di_comment='Main line',di_recording='yes' where ")
    assert update.data.endswith(b"di_id='1'")
    assert b"|4535150000|DEMO|Main line|yes|" in call(client, reqtype="INFO", info="dids")
    client.post(PATH, data={"key": ADMIN, "reqtype": "MANAGEDB", "object": "QUEUE", "action": "add", "tenant": "DEMO",
                            "jsondata": '{"qu_name":"Sales","qu_number":"282"}'})
    assert call(client, reqtype="INFO", info="queues") == b"1:Support|2:Sales|"
    # query and form parameters merge; the form wins, as PHP's $_REQUEST
    merged = client.post(PATH, query_string={"key": "wrong", "reqtype": "INFO"},
                         data={"key": RW, "tenant": "DEMO", "info": "queues"})
    assert merged.data == b"1:Support|2:Sales|"


def test_managedb_rejects_bad_jsondata_without_change(pbx: tuple[Client, World]) -> None:
    client, world = pbx
    before = world.snapshot()
    for jsondata in ("{not json", "[" * 100_000, "[]", '{"cu_name":"x"}', '{"cu_name":"x","cu_ct_id":"one"}',
                     '{"cu_name":"x","cu_ct_id":99}', '{"cu_name":"x","cu_ct_id":1,"cu_evil":"1"}'):
        reply = client.post(PATH, query_string={"key": ADMIN, "reqtype": "MANAGEDB", "object": "custom",
                                                "action": "add", "tenant": "DEMO"}, data={"jsondata": jsondata})
        assert (reply.status_code, reply.data) == (200, b""), jsondata
    assert world.snapshot() == before


def test_mediafile_upload_replaces_the_audio_clients_download(pbx_client: FlaskClient, pbx: Pbx) -> None:
    client, world = pbx_client, pbx[1]
    query = {"key": ADMIN, "reqtype": "MANAGEDB", "object": "MEDIAFILE", "action": "updatebinary", "tenant": "DEMO",
             "objectid": "3619"}
    before = world.snapshot()
    refused = client.post(PATH, query_string=query, content_type="multipart/form-data",
                          data={"filename": (io.BytesIO(b"not audio"), "notes.txt")})
    assert refused.data == b"" and world.snapshot() == before
    sound = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(64))
    done = client.post(PATH, query_string=query, content_type="multipart/form-data",
                       data={"filename": (io.BytesIO(sound), "welcome.wav")})
    assert done.data == (b"update me_mediafiles set me_filename='welcome.wav' where me_te_id='"
                         + str(world.tenancy.tenant_by_code("DEMO").id).encode() + b"' and me_id='3619'")
    fetched = client.get(PATH, query_string={"key": RW, "tenant": "DEMO", "reqtype": "MEDIAFILE",
                                             "action": "GETAUDIO", "objectid": "3619"})
    assert (fetched.content_type, fetched.data) == ("audio/wav", sound)
