"""Live-call control from the API: transfers. (Phone registrations and queue statistics are
the directory's.)"""

from __future__ import annotations

import dataclasses

from . import errors
from .base import verb
from .destinations import virtual_callee
from .entities import Call, CallState, Direction
from .routing import dialled_number
from .telephony import TelephonyVerbs


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
        callee_id = self.directory.extension_id(call.tenant_id, destination)
        if callee_id is None:
            callee_id = virtual_callee(self._state, call.tenant_id, destination, self._free_line)
        direction = call.direction
        if direction is not Direction.INBOUND:
            direction = Direction.INTERNAL if callee_id is not None else Direction.OUTBOUND
        moved = dataclasses.replace(call, dst=destination, dst_extension_id=callee_id, direction=direction,
                                    first_dst=call.first_dst or call.dst)
        self._state.calls[call_id] = moved
        return moved
