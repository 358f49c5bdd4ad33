"""QUEUERESET: queue 281's statistics (INFO queue) count again from the reset."""

from __future__ import annotations

import json

from mirta_client import AUTH_FAILURE, RO, ask, refused_without_change

from mockpbx.core.entities import Disposition
from tests.worlds import Pbx

HEADER = (b"qu_id|qu_te_id|qu_number|qu_name|qu_strategy|qu_timeout|"
          b"qs_completed|qs_abandoned|qs_holdtime|qs_talktime|qs_since\n")


def test_stats_count_queue_calls_until_reset(pbx: Pbx) -> None:
    client, world = pbx
    world.telephony.receive_call("4535150001", "4520304050", talk_seconds=60)
    world.advance_clock(300)
    world.telephony.receive_call("4535150001", "4520304051", outcome=Disposition.NO_ANSWER)
    world.advance_clock(300)
    queue_id = world.directory.get_queue(next(q.id for q in world.directory.list_queues() if q.number == "281")).id
    stats = world.directory.queue_stats(queue_id)
    assert (stats.completed, stats.abandoned, stats.talk_seconds) == (1, 1, 60)
    hold = stats.hold_seconds // 2
    assert ask(client, "INFO", RO, info="queue", id="281") == (
        HEADER + f"1|5|281|Support|RINGALL|30|1|1|{hold}|60|\n".encode())
    assert ask(client, "QUEUERESET", queueid="281") == b"Success|Queue statistics reset|"
    assert json.loads(ask(client, "INFO", info="queue", id="281", format="json"))["qs_completed"] == "0"
    assert ask(client, "INFO", info="queue", id="281") == (
        HEADER + b"1|5|281|Support|RINGALL|30|0|0|0|0|2026-01-05 09:10:00\n")
    # The queue log itself is kept.
    logged = json.loads(ask(client, "INFO", info="queuelogs", format="json"))
    assert sorted(r["disposition"] for r in logged if r["disposition"] in ("ANSWERED", "ABANDONED")) == [
        "ABANDONED", "ANSWERED"]
    world.telephony.receive_call("4535150001", "4520304052", talk_seconds=30)
    world.advance_clock(300)
    assert world.directory.queue_stats(queue_id).completed == 1


def test_refusals_change_nothing(pbx: Pbx) -> None:
    client, world = pbx
    assert refused_without_change(world, client, "QUEUERESET", RO, queueid="281") == AUTH_FAILURE
    assert refused_without_change(world, client, "QUEUERESET", queueid="999") == b""
    assert refused_without_change(world, client, "QUEUERESET") == b""
