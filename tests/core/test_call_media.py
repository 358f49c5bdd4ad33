"""What ended calls leave to listen to: recordings for answered recorded calls, voicemail for missed ones."""

from __future__ import annotations

import io
import wave

import pytest
from mutagen.mp3 import MP3

from mockpbx.core import World
from mockpbx.core.entities import Disposition, Tenant
from mockpbx.core.media import Media
from mockpbx.core.telephony import Telephony

T0 = 1767603600
MP3_FRAME_SECONDS = 576 / 8000  # one MPEG-2.5 layer III granule at 8 kHz


def test_recorded_answered_call_leaves_an_mp3_as_long_as_its_billsec(world: World, demo_tenant: Tenant) -> None:
    call = world.telephony.originate_call(demo_tenant.id, "104", "5550005")  # 104 records its calls
    world.advance_clock(1 + call.ring_seconds + 60)
    cdr = world.telephony.find_cdr(call.uniqueid)
    assert cdr.billsec == 60 and cdr.recording_id is not None
    recording = world.telephony.find_recording(call.uniqueid)
    assert recording == world.telephony.find_recording(call.originate_id)
    assert (recording.id, recording.seconds, recording.tenant_id, recording.created_at) == (
        cdr.recording_id, cdr.billsec, demo_tenant.id, cdr.end)
    data = Telephony.recording_audio(recording)
    length = MP3(io.BytesIO(data)).info.length
    assert abs(length - cdr.billsec) <= MP3_FRAME_SECONDS


def test_recording_follows_the_record_flag_not_the_extension(world: World, demo_tenant: Tenant) -> None:
    recorded = world.telephony.originate_call(demo_tenant.id, "102", "5550005", record=True)
    silent = world.telephony.originate_call(demo_tenant.id, "104", "5550005", record=False)
    world.advance_clock(100)
    assert world.telephony.find_cdr(recorded.uniqueid).recording_id is not None
    assert world.telephony.find_cdr(silent.uniqueid).recording_id is None


@pytest.mark.parametrize("suffix", ["5550001", "5550002", "5550003"])
def test_unanswered_calls_are_not_recorded(world: World, demo_tenant: Tenant, suffix: str) -> None:
    call = world.telephony.originate_call(demo_tenant.id, "104", suffix)
    world.advance_clock(100)
    assert world.telephony.find_cdr(call.uniqueid).recording_id is None
    recordings = world.telephony.list_recordings(demo_tenant.id)
    assert recordings == [r for r in recordings if r.uniqueid != call.uniqueid]


def test_hangup_in_the_answer_second_leaves_no_empty_recording(world: World, demo_tenant: Tenant) -> None:
    call = world.telephony.originate_call(demo_tenant.id, "104", "5550005")
    world.advance_clock(1 + call.ring_seconds)
    cdr = world.telephony.hangup_call(call.id)
    assert (cdr.disposition, cdr.billsec, cdr.recording_id) == (Disposition.ANSWERED, 0, None)


def test_missed_inbound_call_leaves_a_wav_voicemail(world: World, demo_tenant: Tenant) -> None:
    before = {m.msgid for m in world.media.list_voicemail(demo_tenant.id, "102")}
    call = world.telephony.receive_call("4535150000", "5550002", caller_name="Susan")  # DID -> ext 102, no answer
    world.advance_clock(31)
    cdr = world.telephony.find_cdr(call.uniqueid)
    assert cdr.voicemail_id is not None
    [message] = [m for m in world.media.list_voicemail(demo_tenant.id, "102") if m.msgid not in before]
    assert (message.id, message.mailbox, message.uniqueid, message.created_at) == (
        cdr.voicemail_id, "102", call.uniqueid, T0 + 31)
    assert message.caller_id == '"Susan" <5550002>'
    assert message.msgid == f"{T0 + 31}-{message.id:08d}"
    with wave.open(io.BytesIO(Media.voicemail_audio(message))) as wav:
        assert wav.getnframes() / wav.getframerate() == message.seconds
    assert 5 <= message.seconds <= 40


def test_busy_internal_call_goes_to_voicemail(world: World, demo_tenant: Tenant) -> None:
    call = world.telephony.originate_call(demo_tenant.id, "102", "402", outcome=Disposition.BUSY)
    world.advance_clock(10)
    cdr = world.telephony.find_cdr(call.uniqueid)
    assert cdr.disposition is Disposition.BUSY and cdr.voicemail_id is not None


def test_no_voicemail_when_the_callee_has_it_off(world: World, demo_tenant: Tenant) -> None:
    callee = world.directory.extension_by_number(demo_tenant.id, "402")
    world.directory.update_extension(callee.id, voicemail=False)
    call = world.telephony.originate_call(demo_tenant.id, "102", "402", outcome=Disposition.NO_ANSWER)
    world.advance_clock(100)
    assert world.telephony.find_cdr(call.uniqueid).voicemail_id is None


def test_no_voicemail_for_outside_numbers_or_answered_calls(world: World, demo_tenant: Tenant) -> None:
    outside = world.telephony.originate_call(demo_tenant.id, "102", "5550002")
    answered = world.telephony.originate_call(demo_tenant.id, "104", "402", outcome=Disposition.ANSWERED,
                                              talk_seconds=5)
    count = len(world.media.list_voicemail(demo_tenant.id))
    world.advance_clock(100)
    assert world.telephony.find_cdr(outside.uniqueid).voicemail_id is None
    assert world.telephony.find_cdr(answered.uniqueid).voicemail_id is None
    assert len(world.media.list_voicemail(demo_tenant.id)) == count
