"""Live-call and device control from the API: transfers, phone reboots and registrations, queue statistics."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from . import errors
from .base import verb
from .destinations import virtual_callee
from .entities import Call, CallState, Direction, Extension, ExtensionStatus, Queue
from .numerals import whole_number
from .routing import dialled_number
from .telephony import TelephonyVerbs

# How long a rebooted phone is off the network before it registers again.
REBOOT_SECONDS = 30
ANSWERED_EVENT = "ANSWERED"
ABANDONED_EVENT = "ABANDONED"


@dataclass(frozen=True, slots=True)
class QueueStats:
    """What a queue counted since its statistics were last reset (from its queue log)."""

    since: int
    completed: int = 0
    abandoned: int = 0
    hold_seconds: int = 0
    talk_seconds: int = 0


class CallControlVerbs(TelephonyVerbs):
    @verb
    def transfer_call(self, call_id: int, destination: str, *, attended: bool = False) -> Call:
        """Send a live call on to another extension or outside number.

        A blind transfer takes a ringing or answered call; an attended one needs it answered
        (the transferer has talked to the far end). The call keeps its timings; its CDR shows
        where it was first sent and where it landed.
        """
        call = self._state.calls.get(call_id)
        if call is None:
            raise errors.CallNotFound("no such live call", call_id=call_id)
        allowed = (CallState.ANSWERED,) if attended else (CallState.RINGING, CallState.ANSWERED)
        if call.state not in allowed:
            raise errors.InvalidState("the call cannot be transferred now", call_id=call_id, state=call.state.value)
        dialled_number(destination)
        callee_id = self._ix.extension_by_number.get((call.tenant_id, destination))
        if callee_id is None:
            callee_id = virtual_callee(self._state, call.tenant_id, destination, self._free_line)
        direction = call.direction
        if direction is not Direction.INBOUND:
            direction = Direction.INTERNAL if callee_id is not None else Direction.OUTBOUND
        moved = dataclasses.replace(call, dst=destination, dst_extension_id=callee_id, direction=direction,
                                    first_dst=call.first_dst or call.dst)
        self._state.calls[call_id] = moved
        return moved

    # -- phones ---------------------------------------------------------------------------

    @verb
    def unregister_extension(self, extension_id: int) -> Extension:
        """Drop the phone's registration; it stays unregistered until it registers again."""
        return self._set_registered(extension_id, False)

    @verb
    def reboot_extension(self, extension_id: int) -> Extension:
        """The phone restarts: unregistered now, registered again :data:`REBOOT_SECONDS` later."""
        extension = self._set_registered(extension_id, False)
        self._schedule(REBOOT_SECONDS, "extension_register", extension_id)
        return extension

    def _set_registered(self, extension_id: int, registered: bool) -> Extension:
        extension = self._state.extensions.get(extension_id)
        if extension is None:
            raise errors.ExtensionNotFound("no such extension", extension_id=extension_id)
        updated = dataclasses.replace(extension, registered=registered)
        self._state.extensions[extension_id] = updated
        return updated

    def _on_extension_register(self, extension_id: int) -> None:
        extension = self._state.extensions.get(extension_id)
        if extension is not None and extension.status is ExtensionStatus.ACTIVE:
            self._set_registered(extension_id, True)

    # -- queue statistics -----------------------------------------------------------------

    @verb
    def reset_queue_stats(self, queue_id: int) -> Queue:
        """Start the queue's statistics afresh from now; the queue log itself is kept."""
        queue = self._state.queues.get(queue_id)
        if queue is None:
            raise errors.QueueNotFound("no such queue", queue_id=queue_id)
        updated = dataclasses.replace(queue, stats_since=self._stamp())
        self._state.queues[queue_id] = updated
        return updated

    @verb
    def queue_stats(self, queue_id: int) -> QueueStats:
        queue = self._state.queues.get(queue_id)
        if queue is None:
            raise errors.QueueNotFound("no such queue", queue_id=queue_id)
        completed = abandoned = hold = talk = 0
        for entry in self._state.queue_log:
            if entry.queue_id != queue_id or entry.time < queue.stats_since:
                continue
            if entry.event not in (ANSWERED_EVENT, ABANDONED_EVENT) or len(entry.data) < 3:
                continue
            held, talked = _seconds(entry.data[1]), _seconds(entry.data[2])
            if entry.event == ANSWERED_EVENT:
                completed, hold, talk = completed + 1, hold + held, talk + talked
            else:
                abandoned, hold = abandoned + 1, hold + held
        return QueueStats(queue.stats_since, completed, abandoned, hold, talk)


def _seconds(text: str) -> int:
    return whole_number(text) or 0
