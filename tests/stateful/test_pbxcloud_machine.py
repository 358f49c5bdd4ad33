"""A Hypothesis machine driving proxyapi.php: DIALs, clock steps, hangups, agent pauses,
virtual-extension membership and MANAGEDB writes, checking that COUNTCALLS, CDRS, SIMPLECDRS,
recordings, voicemail, queue state, VIRTUALEXT and MANAGEDB lists agree with each other and
with a small model."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from mockpbx.app import create_app
from mockpbx.core import ClockMode, Registry
from mockpbx.core.entities import CallState

PATH = "/pbx/proxyapi.php"
RW = "demo-DEMO-rw"
WINDOW = {"start": "2026-01-01", "end": "2027-01-01"}
SOURCES = ("102", "104", "402")
DESTINATIONS = ("102", "104", "402", "4520304050", "5550001", "5550002", "5550003", "5550005")
RECORDING = ("", "yes", "no")
AGENTS = ("102", "104")


@dataclass(frozen=True)
class Dialled:
    originate_id: str
    source: str
    dest: str
    recording: str


class ProxyApiMachine(RuleBasedStateMachine):
    dialled = Bundle("dialled")

    def __init__(self) -> None:
        super().__init__()
        self.registry = Registry(clock_mode=ClockMode.MANUAL)
        self.world = self.registry.create_world("default", world_id="default")
        self.client = create_app(registry=self.registry).test_client()
        self.paused: dict[str, str | None] = {agent: None for agent in AGENTS}
        self.voicemail_expected = {box: self._messages(box) for box in ("102", "104", "402")}
        self.placed: list[Dialled] = []
        listed = json.loads(self.admin(object="CUSTOM", action="list"))
        self.customs = {k: (v["cu_name"], v["cu_param1"]) for k, v in listed.items()}
        self.virtual = ["102", "104"]  # virtual extension 701's members, in order

    def get(self, **params: str) -> bytes:
        response = self.client.get(PATH, query_string={"key": RW, "tenant": "DEMO", **params})
        assert response.status_code == 200
        return response.data

    def admin(self, **params: str) -> bytes:
        response = self.client.post(PATH, data={"key": "demo-admin-key", "tenant": "DEMO", "reqtype": "MANAGEDB",
                                                **params})
        assert response.status_code == 200
        return response.data

    def _messages(self, mailbox: str) -> int:
        return len(json.loads(self.get(reqtype="VOICEMAIL", action="messages", mailbox=mailbox, format="json")))

    def _cdrs(self) -> dict[str, dict[str, str]]:
        body = self.get(reqtype="INFO", info="CDRS", format="csv", **WINDOW).decode()
        return {row["originateid"]: row for row in csv.DictReader(io.StringIO(body)) if row["originateid"]}

    @initialize()
    def start(self) -> None:
        assert self.get(reqtype="COUNTCALLS") == b"0"

    @rule(target=dialled, source=st.sampled_from(SOURCES), dest=st.sampled_from(DESTINATIONS),
          recording=st.sampled_from(RECORDING))
    def dial(self, source: str, dest: str, recording: str) -> Dialled:
        body = self.get(reqtype="DIAL", source=source, dest=dest, recording=recording).decode()
        if body.startswith("Error|"):
            return Dialled("", source, dest, recording)
        status, text, originate_id, tail = body.split("|")
        assert (status, text, tail) == ("Success", "Originate successfully queued", "")
        self.placed.append(Dialled(originate_id, source, dest, recording))
        return self.placed[-1]

    @rule(seconds=st.sampled_from((1, 2, 5, 30, 120, 600, 3700)))
    def advance(self, seconds: int) -> None:
        self.world.advance_clock(seconds)

    @rule(extension=st.sampled_from(SOURCES))
    def hangup(self, extension: str) -> None:
        body = self.get(reqtype="HANGUP", extension=extension)
        assert body in (b"", b"Success|Hangup successfully queued|")

    @rule(agent=st.sampled_from(AGENTS), pause=st.booleans(), reason=st.sampled_from(("", "Lunch", "Breakfast")))
    def agent(self, agent: str, pause: bool, reason: str) -> None:
        body = self.get(reqtype="AGENT", action="pause" if pause else "unpause", queue="281", extension=agent,
                        pausereason=reason)
        assert body == (b"Success|Agent paused|" if pause else b"Success|Agent unpaused|")
        self.paused[agent] = reason if pause else None
        queue = next(q for q in self.world.directory.list_queues() if q.number == "281")
        member = next(m for m in queue.members if self.world.directory.get_extension(m.extension_id).number == agent)
        assert (member.paused, member.pause_reason) == (pause, reason if pause else "")

    @rule(name=st.sampled_from(("Boss phone", "Night line", "Caf\u00e9 \"Nord\"")),
          number=st.from_regex(r"[0-9]{6,10}", fullmatch=True))
    def add_custom_destination(self, name: str, number: str) -> None:
        row = json.loads(self.admin(object="CUSTOM", action="add",
                                    jsondata=json.dumps({"cu_name": name, "cu_ct_id": 1, "cu_param1": number})))
        self.customs[row["cu_id"]] = (name, number)

    @rule(data=st.data(), name=st.sampled_from(("Renamed", "Boss private phone")))
    def update_custom_destination(self, data: st.DataObject, name: str) -> None:
        if not self.customs:
            return
        custom_id = data.draw(st.sampled_from(sorted(self.customs)))
        sql = self.admin(object="CUSTOM", action="update", objectid=custom_id,
                         jsondata=json.dumps({"cu_id": int(custom_id), "cu_name": name})).decode()
        assert sql.startswith(f"update cu_customdests set cu_name='{name}' where ") and sql.endswith(
            f"cu_id='{custom_id}'")
        self.customs[custom_id] = (name, self.customs[custom_id][1])

    @invariant()
    def custom_destinations_listed(self) -> None:
        listed = json.loads(self.admin(object="CUSTOM", action="list"))
        assert {k: (v["cu_name"], v["cu_param1"]) for k, v in listed.items()} == self.customs

    @rule(call=dialled)
    def ended_call_agrees_everywhere(self, call: Dialled) -> None:
        if not call.originate_id or any(c.originate_id == call.originate_id for c in self.world.telephony.live_calls()):
            return
        row = self._cdrs()[call.originate_id]
        simple = json.loads(self.get(reqtype="INFO", info="SIMPLECDRS", format="json", uniqueid=row["uniqueid"],
                                     **WINDOW))
        assert len(simple) == 1
        assert simple[0]["sc_disposition"] == row["disposition"]
        assert simple[0]["sc_duration"] == row["duration"]
        assert (simple[0]["sc_calleridnum"], simple[0]["sc_dialednum"]) == (call.source, call.dest)
        recorded = row["disposition"] == "ANSWERED" and int(row["billsec"]) > 0 and (
            call.recording == "yes" or (call.recording == "" and call.source == "104"))
        audio = self.client.get(PATH, query_string={"key": RW, "tenant": "DEMO", "reqtype": "INFO",
                                                    "info": "recording", "id": call.originate_id})
        assert (audio.content_type == "audio/mpeg") is recorded
        assert (len(audio.data) > 0) is recorded

    @rule(action=st.sampled_from(("add", "del", "clean")), extension=st.sampled_from(SOURCES))
    def virtual_extension(self, action: str, extension: str) -> None:
        body = self.get(reqtype="VIRTUALEXT", number="701", action=action, extension=extension)
        if action == "add" and extension not in self.virtual:
            self.virtual.append(extension)
            assert body == b"Success|Extension added|"
        elif action == "del" and extension in self.virtual:
            self.virtual.remove(extension)
            assert body == b"Success|Extension removed|"
        elif action == "clean" and self.virtual:
            self.virtual.clear()
            assert body == b"Success|Extensions removed|"
        else:
            assert body == b""

    @invariant()
    def virtual_extension_listed(self) -> None:
        assert self.get(reqtype="VIRTUALEXT", number="701") == "".join(f"{m}-DEMO|" for m in self.virtual).encode()

    @invariant()
    def live_calls_counted(self) -> None:
        live = [c for c in self.world.telephony.live_calls() if c.state is not CallState.QUEUED]
        assert self.get(reqtype="COUNTCALLS") == str(len(live)).encode()

    @invariant()
    def agents_agree(self) -> None:
        agents = json.loads(self.get(reqtype="INFO", info="agents", queue="281", format="json"))
        for agent, reason in self.paused.items():
            record = agents[f"{agent}-DEMO"]
            assert record["1"] == ("available" if reason is None else "paused")
            assert record["7"] == (reason or "")

    def teardown(self) -> None:
        # every unanswered call to an extension has left exactly one message in its mailbox
        live = {c.originate_id for c in self.world.telephony.live_calls()}
        rows = self._cdrs()
        expected = dict(self.voicemail_expected)
        for call in self.placed:
            if call.originate_id in live:
                continue
            assert call.originate_id in rows
            if call.dest in expected and rows[call.originate_id]["disposition"] in ("NO ANSWER", "BUSY"):
                expected[call.dest] += 1
        assert {box: self._messages(box) for box in expected} == expected


ProxyApiMachine.TestCase.settings = settings(max_examples=20, stateful_step_count=25)
test_proxyapi_machine = ProxyApiMachine.TestCase
