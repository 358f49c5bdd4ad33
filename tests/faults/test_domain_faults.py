"""Domain faults: the world behaves differently while they hold, and stays consistent."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from mockpbx.core import errors
from mockpbx.core.entities import Disposition
from mockpbx.core.faultspec import FaultSpec
from mockpbx.testing.world import PbxWorld


def arm(world: PbxWorld, name: str, trigger: dict[str, object] | None = None, **options: object) -> None:
    world.world.faults.arm(FaultSpec.model_validate(
        {"name": name, "target": {"vendor": "*"}, "trigger": trigger or {"kind": "always"}, "options": options},
    ).build(world.world.clock.now()))


def finished_call(world: PbxWorld, destination: str = "8801711000000", record: bool = False) -> str:
    call = world.world.telephony.originate_call(2, "101", destination, record=record, talk_seconds=30)
    world.advance(120)
    return call.uniqueid


def test_trunk_down_cdr_is_failed_everywhere(client: FlaskClient, world: PbxWorld) -> None:
    arm(world, "trunk_down", {"kind": "next", "count": 1})
    failed = finished_call(world)
    answered = finished_call(world, "8801711000001")
    assert world.world.telephony.find_cdr(failed).disposition is Disposition.FAILED
    assert world.world.telephony.find_cdr(answered).disposition is Disposition.ANSWERED
    # MiRTA's CDR listing says so too
    key = world.key("pbxcloud", "admin")
    rows = client.get(f"/pbx/proxyapi.php?key={key}&reqtype=INFO&info=simplecdrs&tenant=100&format=json"
                      f"&uniqueid={failed}").get_json()
    assert [row["sc_disposition"] for row in rows] == ["FAILED"]
    assert [f.name for f in world.world.faults.firings()] == ["trunk_down"]


def test_recording_missing_leaves_a_cdr_without_recording(world: PbxWorld) -> None:
    arm(world, "recording_missing", {"kind": "next"})
    lost = finished_call(world, "102", record=True)
    kept = finished_call(world, "102", record=True)
    assert world.world.telephony.find_cdr(lost).recording_id is None
    assert world.world.telephony.find_cdr(kept).recording_id is not None
    with pytest.raises(errors.RecordingNotFound):
        world.world.telephony.find_recording(lost)
    assert kept in [r.uniqueid for r in world.world.telephony.list_recordings()]
    assert lost not in [r.uniqueid for r in world.world.telephony.list_recordings()]


def test_duplicate_cdr_reports_the_call_twice(world: PbxWorld) -> None:
    arm(world, "duplicate_cdr", {"kind": "next"})
    twice = finished_call(world, "102")
    once = finished_call(world, "102")
    rows = world.world.telephony.query_cdrs(2, newest_first=False)
    assert [r.uniqueid for r in rows] == [twice, twice, once]
    assert rows[0].id != rows[1].id and rows[0].cost == rows[1].cost


def test_cdr_lag_hides_a_cdr_until_the_lag_has_passed(world: PbxWorld) -> None:
    arm(world, "cdr_lag", lag=300)
    call = world.world.telephony.originate_call(2, "101", "102", talk_seconds=30)
    world.advance(60)  # the call has ended: its CDR exists but is held back
    with pytest.raises(errors.NotFound):
        world.world.telephony.find_cdr(call.uniqueid)
    assert world.world.telephony.query_cdrs(2) == []
    world.advance(300)
    assert [c.uniqueid for c in world.world.telephony.query_cdrs(2)] == [call.uniqueid]
    world.world.faults.clear()
    assert world.world.telephony.find_cdr(call.uniqueid).uniqueid == call.uniqueid
