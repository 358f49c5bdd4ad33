"""Calls to a queue's DID go to a free, unpaused agent and leave one queue-log line each."""

from __future__ import annotations

from mockpbx.core import ClockMode, Registry, World


def demo_world() -> World:
    return Registry(clock_mode=ClockMode.MANUAL).create_world("default", world_id="queues")


def test_queue_calls_follow_agent_pauses_and_are_logged() -> None:
    world = demo_world()
    demo = world.tenancy.tenant_by_code("DEMO")
    queue = next(q for q in world.directory.list_queues(demo.id) if q.number == "281")
    agent_104 = world.directory.extension_by_number(demo.id, "104").id
    agent_102 = world.directory.extension_by_number(demo.id, "102").id

    first = world.telephony.receive_call("4535150001", "4520304050", caller_name="Susan", talk_seconds=30)
    assert first.dst_extension_id == agent_104  # first member, no penalty, free line
    world.directory.set_agent_paused(queue.id, agent_104, True, reason="Lunch")
    second = world.telephony.receive_call("4535150001", "4520304051", talk_seconds=40)
    assert second.dst_extension_id == agent_102
    world.directory.set_agent_paused(queue.id, agent_102, True, reason="Meeting")
    third = world.telephony.receive_call("4535150001", "4520304052")
    assert third.dst_extension_id is None  # nobody free: the caller waits out the queue timeout
    world.advance_clock(120)

    lines = [e for e in world.directory.queue_log(demo.id) if e.call_id]  # in the order the calls ended
    assert [(e.call_id, e.event, e.extension_id, e.data) for e in lines] == [
        (third.uniqueid, "ABANDONED", None, ("4520304052", "31", "0", "1")),
        (first.uniqueid, "ANSWERED", agent_104, ('"Susan" <4520304050>', str(first.ring_seconds + 1), "30", "1")),
        (second.uniqueid, "ANSWERED", agent_102, ("4520304051", str(second.ring_seconds + 1), "40", "1")),
    ]
    assert [c.disposition.value for c in world.telephony.query_cdrs(demo.id, newest_first=False)[-3:]] == [
        "no_answer", "answered", "answered"]
    # A queue call leaves no voicemail in the agent's mailbox.
    assert all(m.uniqueid != third.uniqueid for m in world.media.list_voicemail(demo.id))


def test_nobody_answers_a_queue_with_no_free_agent_even_when_asked_to() -> None:
    world = demo_world()
    demo = world.tenancy.tenant_by_code("DEMO")
    queue = next(q for q in world.directory.list_queues(demo.id) if q.number == "281")
    for member in queue.members:
        world.directory.set_agent_paused(queue.id, member.extension_id, True)
    from mockpbx.core.entities import Disposition

    call = world.telephony.receive_call("4535150001", "4520304050", outcome=Disposition.ANSWERED)
    assert (call.dst_extension_id, call.outcome, call.ring_seconds) == (None, Disposition.NO_ANSWER, queue.timeout)
