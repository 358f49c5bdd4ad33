"""The call engine: originate, ring, answer, end, and what an ended call leaves behind.

Every call's outcome and timings are fixed when it is placed (from the magic-number table
or from the world's seed), then played out by events on the world's clock. Ending a call
is one locked step: the CDR, the recording or voicemail, and the charge appear together.
"""

from __future__ import annotations

import bisect
import dataclasses
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, compress, repeat
from typing import TYPE_CHECKING

from . import audio, errors
from .base import IndexedAggregate, of_tenant, verb
from .billing import call_charge
from .destinations import flow_destination, virtual_callee
from .entities import (
    Attributes,
    Call,
    CallState,
    Cdr,
    Direction,
    Disposition,
    ExtensionStatus,
    Feature,
    FeatureKind,
    OwnerKind,
    Queue,
    Recording,
    TenantStatus,
)
from .routing import dialled_number
from .state import WorldState

if TYPE_CHECKING:
    from .world import World

QUEUED_SECONDS = 1
BUSY_SECONDS = 2
DEFAULT_RING_TIMEOUT = 30
LONGEST_CALL_SECONDS = 86_400
# Dial-plan features that pick up a call themselves (ring groups ring their members instead).
_ANSWERING_FEATURES = frozenset({FeatureKind.CONFERENCE, FeatureKind.IVR})
# A live call's variable that marks its recording as paused.
RECORDING_PAUSED = "recording_paused"


@dataclass(frozen=True, slots=True)
class MagicNumber:
    """A destination suffix that forces an outcome, so tests can ask for one by dialling it."""

    suffix: str
    outcome: Disposition
    talk_seconds: int | None
    meaning: str


MAGIC_NUMBERS: tuple[MagicNumber, ...] = (
    MagicNumber("5550001", Disposition.BUSY, None, "busy: rejected after 2 s of ringing"),
    MagicNumber("5550002", Disposition.NO_ANSWER, None, "no answer: rings until the ring timeout (30 s default)"),
    MagicNumber("5550003", Disposition.FAILED, None, "failed: the network refuses the call at once"),
    MagicNumber("5550004", Disposition.ANSWERED, 3600, "long call: answered, lasts exactly 3600 s"),
    MagicNumber("5550005", Disposition.ANSWERED, 60, "short call: answered, lasts exactly 60 s"),
)


def magic_for(number: str) -> MagicNumber | None:
    digits = "".join(ch for ch in number if ch.isdigit())
    for magic in MAGIC_NUMBERS:
        if digits.endswith(magic.suffix):
            return magic
    return None


@dataclass(slots=True)
class TelephonyIndexes:
    """Lookups over calls, CDRs and recordings; never snapshotted, always rebuildable."""

    cdr_by_uniqueid: dict[str, int] = field(default_factory=dict)
    cdr_by_originate_id: dict[str, int] = field(default_factory=dict)
    cdrs_by_tenant: dict[int, list[int]] = field(default_factory=dict)
    recording_by_uniqueid: dict[str, int] = field(default_factory=dict)
    recording_by_originate_id: dict[str, int] = field(default_factory=dict)
    call_by_originate_id: dict[str, int] = field(default_factory=dict)
    # The earliest call start among the CDRs at each position and after it. CDRs are stored in the
    # order calls ended, so this never decreases, and query_cdrs bisects it to skip every row that
    # began after a window closes instead of scanning them.
    earliest_start_from: list[int] = field(default_factory=list)
    cdr_starts: list[int] = field(default_factory=list)  # each CDR's start, by position
    cdr_ends: list[int] = field(default_factory=list)  # each CDR's end, by position: sorted

    def add_cdr(self, position: int, cdr: Cdr) -> None:
        self.cdr_by_uniqueid[cdr.uniqueid] = position
        if cdr.originate_id:
            self.cdr_by_originate_id[cdr.originate_id] = position
        self.cdrs_by_tenant.setdefault(cdr.tenant_id, []).append(position)
        self.cdr_starts.append(cdr.start)
        self.cdr_ends.append(cdr.end)
        earliest = self.earliest_start_from
        earliest.append(cdr.start)
        # Only the calls that ran entirely inside this one come before it and started later: few.
        index = len(earliest) - 2
        while index >= 0 and earliest[index] > cdr.start:
            earliest[index] = cdr.start
            index -= 1

    def add_recording(self, recording: Recording) -> None:
        self.recording_by_uniqueid[recording.uniqueid] = recording.id
        if recording.originate_id:
            self.recording_by_originate_id[recording.originate_id] = recording.id

    @classmethod
    def build(cls, state: WorldState) -> TelephonyIndexes:
        ix = cls()
        for position, cdr in enumerate(state.cdrs):
            ix.add_cdr(position, cdr)
        for recording in state.recordings.values():
            ix.add_recording(recording)
        ix.call_by_originate_id = {c.originate_id: c.id for c in state.calls.values()}
        return ix


class CallVerbs(IndexedAggregate[TelephonyIndexes]):
    """Live calls: placing, ringing, answering, ending, transferring; and reading them back.

    The first half of :class:`Telephony` (the second adds imported history).
    """

    def __init__(self, world: World) -> None:
        super().__init__(world, TelephonyIndexes.build)
        # Calls are charged in billing, leave voicemail in media, reach the directory's
        # extensions, arrive on numbering's DIDs and leave by routing's way out.
        self._peers = world
        self._faults = world.faults  # domain faults (cdr_lag, trunk_down, ...): one object for the world's life
        for kind, handler in (("call_ring", self._on_call_ring), ("call_answer", self._on_call_answer),
                              ("call_end", self._on_call_end)):
            world.on_event(kind, handler)

    @verb
    def originate_call(
        self,
        tenant_id: int,
        source: str,
        destination: str,
        *,
        caller_name: str = "",
        account: str = "",
        record: bool | None = None,
        autoanswer: bool = False,
        ring_timeout: int | None = None,
        max_seconds: int | None = None,
        variables: Attributes | None = None,
        outcome: Disposition | None = None,
        talk_seconds: int | None = None,
    ) -> Call:
        """Place a call from an extension to another extension or an outside number."""
        tenant = self._state.tenants.get(tenant_id)
        if tenant is None:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        if tenant.status is TenantStatus.SUSPENDED:
            raise errors.TenantSuspended("tenant is suspended", tenant_id=tenant_id)
        source_id = self._peers.directory.extension_id(tenant_id, source)
        if source_id is None:
            raise errors.ExtensionNotFound("no such source extension", tenant_id=tenant_id, number=source)
        caller = self._state.extensions[source_id]
        if caller.status is not ExtensionStatus.ACTIVE:
            raise errors.ExtensionDisabled("source extension is not active", number=source)
        if sum(1 for c in self._state.calls.values() if c.src_extension_id == source_id) >= caller.outgoing_limit:
            raise errors.CallLimitReached("source extension is at its call limit", number=source)
        dialled_number(destination)
        callee_id = self._peers.directory.extension_id(tenant_id, destination)
        if callee_id is None:
            callee_id = virtual_callee(self._state, tenant_id, destination, self._free_line)
        # A conference room or an IVR answers at once; like an extension, it is reached without leaving the PBX.
        room = self._answering_feature(tenant_id, destination) if callee_id is None else None
        direction = Direction.INTERNAL if callee_id is not None or room is not None else Direction.OUTBOUND
        trunk_id = provider_id = None
        if direction is Direction.OUTBOUND:
            way_out = self._peers.routing.way_out(tenant_id, destination)
            trunk_id, provider_id = way_out.trunk_id, way_out.provider_id
            if not way_out.routed:
                outcome, talk_seconds = Disposition.FAILED, None  # no route: the network refuses at once
            elif self._faults.fire_domain("trunk_down", seed=self._ids.seed, now=self._now(),
                                                operation="outbound"):
                outcome, talk_seconds = Disposition.FAILED, None  # the trunk is down: refused like no route
        return self._place(
            tenant_id, source, destination, direction,
            caller_name=caller_name or caller.name, account=account,
            record=caller.record_calls if record is None else record,
            ring_timeout=ring_timeout, max_seconds=max_seconds, autoanswer=autoanswer or room is not None,
            variables=variables, outcome=outcome, talk_seconds=talk_seconds,
            src_extension_id=source_id, dst_extension_id=callee_id, trunk_id=trunk_id, provider_id=provider_id,
        )

    @verb
    def receive_call(self, did_number: str, caller: str, *, caller_name: str = "",
                     outcome: Disposition | None = None, talk_seconds: int | None = None) -> Call:
        """An outside caller dials one of the world's DIDs."""
        did = self._peers.numbering.did_by_number(did_number)
        if did.tenant_id is None:
            raise errors.InvalidState("DID is not assigned to a tenant", number=did_number)
        tenant = self._state.tenants[did.tenant_id]
        if tenant.status is TenantStatus.SUSPENDED:
            raise errors.TenantSuspended("tenant is suspended", tenant_id=tenant.id)
        callee_id = queue_id = ring_timeout = None
        destination = did.destination
        if destination is not None and destination.kind == "flow":
            destination = flow_destination(self._state, tenant.id, destination.target)
        target = destination.target if destination else did_number
        if destination is not None and destination.kind == "extension":
            callee_id = self._peers.directory.extension_id(tenant.id, destination.target)
            if callee_id is None:
                callee_id = virtual_callee(self._state, tenant.id, destination.target, self._free_line)
        if destination is not None and destination.kind == "queue":
            queue = next((q for q in self._state.queues.values()
                          if q.tenant_id == tenant.id and q.number == destination.target), None)
            if queue is not None:
                queue_id, callee_id = queue.id, self._free_agent(queue)
                if callee_id is None and outcome in (None, Disposition.ANSWERED):
                    # Nobody to take it: the caller waits out the queue's timeout and hangs up.
                    outcome, ring_timeout = Disposition.NO_ANSWER, queue.timeout
        return self._place(
            tenant.id, caller, target, Direction.INBOUND, caller_name=caller_name, account="",
            record=did.record_calls, ring_timeout=ring_timeout, max_seconds=None, autoanswer=False, variables=None,
            outcome=outcome, talk_seconds=talk_seconds, src_extension_id=None, dst_extension_id=callee_id,
            trunk_id=did.trunk_id, did_id=did.id, queue_id=queue_id,
        )

    def _answering_feature(self, tenant_id: int, number: str) -> Feature | None:
        return next((f for f in self._state.features.values()
                     if f.kind in _ANSWERING_FEATURES and f.tenant_id == tenant_id and f.number == number
                     and f.enabled), None)

    def _free_agent(self, queue: Queue) -> int | None:
        """The first unpaused member, lowest penalty first, whose extension has a free line."""
        for member in sorted(queue.members, key=lambda m: m.penalty):
            if not member.paused and self._free_line(member.extension_id):
                return member.extension_id
        return None

    def _free_line(self, extension_id: int) -> bool:
        """An active extension with fewer calls up than its incoming limit."""
        agent = self._state.extensions.get(extension_id)
        if agent is None or agent.status is not ExtensionStatus.ACTIVE:
            return False
        lines = sum(1 for c in self._state.calls.values() if extension_id in (c.src_extension_id, c.dst_extension_id))
        return lines < agent.incoming_limit

    def _place(
        self, tenant_id: int, src: str, dst: str, direction: Direction, *, caller_name: str, account: str,
        record: bool, ring_timeout: int | None, max_seconds: int | None, autoanswer: bool,
        variables: Attributes | None, outcome: Disposition | None, talk_seconds: int | None,
        src_extension_id: int | None, dst_extension_id: int | None, trunk_id: int | None, did_id: int | None = None,
        queue_id: int | None = None, provider_id: int | None = None,
    ) -> Call:
        now = self._now()
        seq = self._ids.next("call")
        remote = src if direction is Direction.INBOUND else dst
        magic = magic_for(remote)
        if outcome is None and magic is not None:
            outcome, talk_seconds = magic.outcome, magic.talk_seconds
        if outcome is None and dst_extension_id is not None:
            callee = self._state.extensions[dst_extension_id]
            busy = sum(1 for c in self._state.calls.values() if c.dst_extension_id == dst_extension_id)
            if callee.status is not ExtensionStatus.ACTIVE or busy >= callee.incoming_limit:
                outcome = Disposition.BUSY
        outcome = outcome or Disposition.ANSWERED
        ring = 0 if autoanswer else 2 + self._ids.stable("ring", seq) % 7
        talk = talk_seconds if talk_seconds is not None else 15 + self._ids.stable("talk", seq) % 226
        if max_seconds is not None:
            talk = min(talk, max_seconds)
        if outcome is Disposition.NO_ANSWER:
            ring = ring_timeout if ring_timeout is not None else DEFAULT_RING_TIMEOUT
        elif outcome is Disposition.BUSY:
            ring = BUSY_SECONDS
        elif outcome is Disposition.FAILED:
            ring = 0
        call = Call(
            id=seq,
            uniqueid=f"{int(now)}.{seq}",
            originate_id=self._ids.hex(14),
            tenant_id=tenant_id,
            src=src,
            dst=dst,
            direction=direction,
            state=CallState.QUEUED,
            outcome=outcome,
            created_at=now,
            ring_seconds=ring,
            talk_seconds=max(0, talk),
            src_extension_id=src_extension_id,
            dst_extension_id=dst_extension_id,
            did_id=did_id,
            trunk_id=trunk_id,
            account=account,
            caller_name=caller_name,
            record=record,
            variables=dict(variables or {}),
            queue_id=queue_id,
            provider_id=provider_id,
        )
        self._state.calls[call.id] = call
        self._ix.call_by_originate_id[call.originate_id] = call.id
        if outcome is Disposition.FAILED:
            self._schedule(QUEUED_SECONDS, "call_end", call.id)
        else:
            self._schedule(QUEUED_SECONDS, "call_ring", call.id)
        return call

    # -- lifecycle events -----------------------------------------------------------------

    def _on_call_ring(self, call_id: int) -> None:
        call = self._state.calls.get(call_id)
        if call is None or call.state is not CallState.QUEUED:
            return
        self._state.calls[call_id] = dataclasses.replace(call, state=CallState.RINGING)
        next_kind = "call_answer" if call.outcome is Disposition.ANSWERED else "call_end"
        self._schedule(call.ring_seconds, next_kind, call_id)

    def _on_call_answer(self, call_id: int) -> None:
        call = self._state.calls.get(call_id)
        if call is None or call.state is not CallState.RINGING:
            return
        self._state.calls[call_id] = dataclasses.replace(call, state=CallState.ANSWERED, answered_at=self._now())
        self._schedule(call.talk_seconds, "call_end", call_id)

    def _on_call_end(self, call_id: int) -> None:
        call = self._state.calls.get(call_id)
        if call is not None:
            self._finish(call, call.outcome if call.answered_at is None else Disposition.ANSWERED)

    @verb
    def hangup_call(self, call_id: int) -> Cdr:
        """End a live call now; an unanswered call counts as not answered."""
        call = self._state.calls.get(call_id)
        if call is None:
            raise errors.CallNotFound("no such live call", call_id=call_id)
        if call.answered_at is not None:
            return self._finish(call, Disposition.ANSWERED)
        disposition = Disposition.FAILED if call.state is CallState.QUEUED else Disposition.NO_ANSWER
        return self._finish(call, disposition)

    def _finish(self, call: Call, disposition: Disposition) -> Cdr:
        end = int(self._now())
        start = int(call.created_at)
        answer = None if call.answered_at is None else int(call.answered_at)
        recording_id = voicemail_id = None
        if answer is not None and call.record and end > answer and not self._faults.fire_domain(
                "recording_missing", seed=self._ids.seed, now=self._now(), operation="recording"):
            recording = Recording(self._ids.next("recording"), call.tenant_id, call.uniqueid, call.originate_id,
                                  end - answer, end)
            self._state.recordings[recording.id] = recording
            self._ix.add_recording(recording)
            recording_id = recording.id
        if call.queue_id is not None:
            self._log_queue_call(call, disposition, start, answer, end)
        elif disposition in (Disposition.NO_ANSWER, Disposition.BUSY) and call.dst_extension_id is not None:
            voicemail_id = self._leave_voicemail(call, end)
        cost = self._rate(call, disposition, (end - answer) if answer is not None else 0)
        cdr = Cdr(
            id=self._ids.next("cdr"), uniqueid=call.uniqueid, originate_id=call.originate_id,
            tenant_id=call.tenant_id, src=call.src, dst=call.dst, direction=call.direction,
            disposition=disposition, start=start, answer=answer, end=end, caller_name=call.caller_name,
            src_extension_id=call.src_extension_id, dst_extension_id=call.dst_extension_id, did_id=call.did_id,
            trunk_id=call.trunk_id, recording_id=recording_id, voicemail_id=voicemail_id, cost=cost,
            first_dst=call.first_dst, queue_id=call.queue_id, provider_id=call.provider_id,
            variables=tuple((name, str(value)) for name, value in call.variables.items() if name != RECORDING_PAUSED),
        )
        self._append_cdr(cdr)
        if self._faults.fire_domain("duplicate_cdr", seed=self._ids.seed, now=self._now(), operation="cdr"):
            # The same call reported twice, as a PBX does when its CDR writer retries: same uniqueid.
            self._append_cdr(dataclasses.replace(cdr, id=self._ids.next("cdr")))
        del self._state.calls[call.id]
        self._ix.call_by_originate_id.pop(call.originate_id, None)
        return cdr

    def _log_queue_call(self, call: Call, disposition: Disposition, start: int, answer: int | None,
                        end: int) -> None:
        """One queue-log line per queue call, as an Asterisk queue log keeps them.

        ``data`` holds the caller, the seconds held, the seconds talked and the entry position.
        """
        assert call.queue_id is not None
        answered = disposition is Disposition.ANSWERED and answer is not None
        held = (answer if answered and answer is not None else end) - start
        talked = end - answer if answered and answer is not None else 0
        caller = f'"{call.caller_name}" <{call.src}>' if call.caller_name else call.src
        self._peers.directory.record_queue_call(call.tenant_id, call.queue_id, end,
                                                "ANSWERED" if answered else "ABANDONED",
                                         call.uniqueid, call.dst_extension_id if answered else None,
                                         (caller, str(held), str(talked), "1"))

    def _append_cdr(self, cdr: Cdr) -> None:
        position = len(self._state.cdrs)
        self._state.cdrs.append(cdr)
        self._ix.add_cdr(position, cdr)

    def _leave_voicemail(self, call: Call, end: int) -> int | None:
        assert call.dst_extension_id is not None
        callee = self._state.extensions.get(call.dst_extension_id)
        if callee is None or not callee.voicemail:
            return None
        seconds = 5 + self._ids.stable("voicemail", call.id) % 36
        message = self._peers.media.deposit_voicemail(call.tenant_id, callee.number,
                                                      f'"{call.caller_name}" <{call.src}>',
                                               seconds, at=end, uniqueid=call.uniqueid)
        return message.id

    def _rate(self, call: Call, disposition: Disposition, billsec: int) -> Decimal:
        if call.direction is not Direction.OUTBOUND or disposition is not Disposition.ANSWERED:
            return call_charge(self._state.settings.call_rate_per_minute, 0)
        tenant = self._state.tenants[call.tenant_id]
        package = self._state.packages.get(tenant.package_id) if tenant.package_id else None
        rate = package.rate_per_minute if package else self._state.settings.call_rate_per_minute
        cost = call_charge(rate, billsec)
        wallet = self._peers.billing.find_wallet(OwnerKind.TENANT, tenant.id)
        if cost and wallet is not None:
            # Usage is postpaid: a call already made is charged even past zero.
            self._peers.billing.post_entry(wallet.id, -cost, kind="call", memo=f"call to {call.dst}",
                                           reference=call.uniqueid)
        return cost

    @verb
    def set_call_recording(self, call_id: int, *, record: bool | None = None, paused: bool | None = None) -> Call:
        """Start, stop, pause or resume recording a live call; a paused call keeps its recording."""
        call = self._state.calls.get(call_id)
        if call is None:
            raise errors.CallNotFound("no such live call", call_id=call_id)
        variables = dict(call.variables)
        if paused is not None:
            if paused:
                variables[RECORDING_PAUSED] = "1"
            else:
                variables.pop(RECORDING_PAUSED, None)
        updated = dataclasses.replace(call, record=call.record if record is None else record, variables=variables)
        self._state.calls[call_id] = updated
        return updated

    # -- reading calls and CDRs -----------------------------------------------------------

    @verb
    def live_calls(self, tenant_id: int | None = None) -> list[Call]:
        return of_tenant(self._state.calls.values(), tenant_id)

    @verb
    def get_call(self, call_id: int) -> Call:
        call = self._state.calls.get(call_id)
        if call is None:
            raise errors.CallNotFound("no such live call", call_id=call_id)
        return call

    @verb
    def find_cdr(self, identifier: str) -> Cdr:
        """A CDR by uniqueid or by originate id."""
        position = self._ix.cdr_by_uniqueid.get(identifier)
        if position is None:
            position = self._ix.cdr_by_originate_id.get(identifier)
        if position is None or self._held_back(self._state.cdrs[position]):
            raise errors.NotFound("no such CDR", identifier=identifier)
        return self._state.cdrs[position]

    def _visible(self, where: Callable[[Cdr], bool] | None) -> Callable[[Cdr], bool]:
        """``where``, and only CDRs no ``cdr_lag`` fault still holds back."""
        cutoff = self._now() - self._faults.cdr_lag(now=self._now())

        def shown(cdr: Cdr) -> bool:
            return cdr.end <= cutoff and (where is None or where(cdr))

        return shown

    def _held_back(self, cdr: Cdr) -> bool:
        """Is this CDR still hidden by an armed ``cdr_lag`` fault (written, not yet visible)?"""
        if not self._faults.armed_here():
            return False
        lag = self._faults.cdr_lag(now=self._now())
        return lag > 0 and cdr.end > self._now() - lag

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
        callee_id = self._peers.directory.extension_id(call.tenant_id, destination)
        if callee_id is None:
            callee_id = virtual_callee(self._state, call.tenant_id, destination, self._free_line)
        direction = call.direction
        if direction is not Direction.INBOUND:
            direction = Direction.INTERNAL if callee_id is not None else Direction.OUTBOUND
        moved = dataclasses.replace(call, dst=destination, dst_extension_id=callee_id, direction=direction,
                                    first_dst=call.first_dst or call.dst)
        self._state.calls[call_id] = moved
        return moved

    # -- recordings (the calls' own record) -------------------------------------------------

    @verb
    def find_recording(self, identifier: str) -> Recording:
        """A recording by the call's uniqueid or by its originate id."""
        recording_id = self._ix.recording_by_uniqueid.get(identifier)
        if recording_id is None:
            recording_id = self._ix.recording_by_originate_id.get(identifier)
        if recording_id is None:
            raise errors.RecordingNotFound("no such recording", identifier=identifier)
        return self._state.recordings[recording_id]

    @verb
    def list_recordings(self, tenant_id: int | None = None) -> list[Recording]:
        return of_tenant(self._state.recordings.values(), tenant_id)

    @staticmethod
    def recording_audio(recording: Recording) -> bytes:
        return audio.mp3_recording(recording.uniqueid, recording.seconds)

    @verb
    def recorded_disposition(self, uniqueid: str) -> Disposition | None:
        """How the call with this uniqueid ended, from its CDR, even one a fault holds back from
        readers; None while it has no CDR."""
        position = self._ix.cdr_by_uniqueid.get(uniqueid)
        return None if position is None else self._state.cdrs[position].disposition

    @verb
    def find_live_call(self, identifier: str) -> Call:
        """A call still up, by originate id (indexed) or by uniqueid (live calls are few)."""
        call_id = self._ix.call_by_originate_id.get(identifier)
        if call_id is None:
            call_id = next((c.id for c in self._state.calls.values() if c.uniqueid == identifier), None)
        if call_id is None:
            raise errors.CallNotFound("no such live call", identifier=identifier)
        return self._state.calls[call_id]

    @verb
    def call_variables(self, identifier: str) -> tuple[int, dict[str, str]]:
        """A call's tenant and the variables it was given, live or ended, by uniqueid or originate id."""
        try:
            call = self.find_live_call(identifier)
        except errors.CallNotFound:
            cdr = self.find_cdr(identifier)
            return cdr.tenant_id, dict(cdr.variables)
        return call.tenant_id, {name: str(value) for name, value in call.variables.items() if name != RECORDING_PAUSED}

    @verb
    def set_cdr_userfield(self, uniqueid: str, value: str) -> Cdr:
        position = self._ix.cdr_by_uniqueid.get(uniqueid)
        if position is None:
            raise errors.NotFound("no such CDR", identifier=uniqueid)
        cdr = dataclasses.replace(self._state.cdrs[position], userfield=value)
        self._state.cdrs[position] = cdr
        return cdr

    @verb
    def query_cdrs(
        self,
        tenant_id: int | None = None,
        *,
        start: int | None = None,
        end: int | None = None,
        where: Callable[[Cdr], bool] | None = None,
        newest_first: bool = True,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Cdr]:
        """CDRs whose call started in ``[start, end)``, filtered, paged.

        CDRs are stored in the order their calls ended, so the time window narrows to a
        slice by bisection and a page costs about ``offset + limit`` rows, not the table.
        """
        cdrs = self._state.cdrs
        if self._faults.armed_here() and self._faults.cdr_lag(now=self._now()) > 0:
            where = self._visible(where)
        if tenant_id is None:
            window = self._global_window(start, end, newest_first)
        else:
            positions = self._ix.cdrs_by_tenant.get(tenant_id, [])
            low, high = 0, len(positions)
            if start is not None:
                low = bisect.bisect_left(positions, start, key=lambda p: cdrs[p].end)
            if end is not None:
                high = bisect.bisect_left(positions, end + LONGEST_CALL_SECONDS, key=lambda p: cdrs[p].end)
            window = map(positions.__getitem__, range(high - 1, low - 1, -1) if newest_first else range(low, high))
        page: list[Cdr] = []
        skipped = 0
        for position in window:
            cdr = cdrs[position]
            if (start is not None and cdr.start < start) or (end is not None and cdr.start >= end):
                continue
            if where is not None and not where(cdr):
                continue
            if skipped < offset:
                skipped += 1
                continue
            page.append(cdr)
            if limit is not None and len(page) >= limit:
                break
        return page

    def _global_window(self, start: int | None, end: int | None, newest_first: bool) -> Iterable[int]:
        """Positions of every CDR that may have started in ``[start, end)``, in page order.

        Rows ending before ``start`` are bisected away, and so are the rows after the last one
        that started before ``end``. The newest rows left mix calls that crossed ``end`` with
        calls that began after it (hundreds at a million CDRs); the crossing ones are picked
        out lazily at C speed rather than tested one by one.
        """
        ix = self._ix
        low, high = 0, len(ix.cdr_ends)
        if start is not None:
            low = bisect.bisect_left(ix.cdr_ends, start)
        if end is None:
            return range(high - 1, low - 1, -1) if newest_first else range(low, high)
        high = max(low, bisect.bisect_left(ix.earliest_start_from, end))
        if not newest_first:
            return range(low, high)
        mixed = min(high, max(low, bisect.bisect_left(ix.cdr_ends, end)))
        starts = ix.cdr_starts[mixed:high]
        starts.reverse()
        crossing = compress(range(high - 1, mixed - 1, -1), map(operator.lt, starts, repeat(end)))
        return chain(crossing, range(mixed - 1, low - 1, -1))



@dataclass(frozen=True, slots=True)
class PastCall:
    """A call that happened before the world began, for scenarios that come with history."""

    tenant_id: int
    src: str
    dst: str
    direction: Direction
    disposition: Disposition
    start: int
    ring_seconds: int
    talk_seconds: int
    caller_name: str = ""
    src_extension_id: int | None = None
    dst_extension_id: int | None = None
    record: bool = False


# PastCall's fields as a plain tuple, in the same order: ~25x cheaper to make than the frozen
# dataclass, which matters when a scenario brings a million calls of history.
PastCallRow = tuple[int, str, str, Direction, Disposition, int, int, int, str, int | None, int | None, bool]


def _cdr_end(cdr: Cdr) -> int:
    return cdr.end


def _row_end(row: PastCallRow) -> int:
    """When a past call ended: unanswered calls stop ringing and never talk."""
    talk = row[7] if row[4] is Disposition.ANSWERED else 0
    return row[5] + row[6] + talk


class Telephony(CallVerbs):
    """Calls and their records: live calls, CDRs and recordings, and imported history.

    Owns ``WorldState.calls``, ``cdrs`` and ``recordings`` and :class:`TelephonyIndexes`;
    raises the ``call_ring``, ``call_answer`` and ``call_end`` events.
    """

    @verb
    def import_history(self, calls: list[PastCall]) -> int:
        """Append finished calls as CDRs (and recordings) in the order they ended; returns how many.

        Bulk path for scenarios: one lock, no events, no charges, so a million rows load in
        seconds. Ids still come from the world's factory, so history is as deterministic as
        live traffic. CDRs must stay ordered by end time (``query_cdrs`` bisects on it), so
        history has to end before anything live does.
        """
        return self._import_rows([
            (c.tenant_id, c.src, c.dst, c.direction, c.disposition, c.start, c.ring_seconds, c.talk_seconds,
             c.caller_name, c.src_extension_id, c.dst_extension_id, c.record)
            for c in calls
        ])

    @verb
    def import_history_rows(self, rows: list[PastCallRow]) -> int:
        """:meth:`import_history` for rows given as :data:`PastCallRow` tuples (PastCall's field order)."""
        return self._import_rows(rows)

    def _import_rows(self, rows: list[PastCallRow]) -> int:
        ids, recordings, append_cdr = self._ids, self._state.recordings, self._append_cdr
        answered_kind = Disposition.ANSWERED
        ordered = sorted(rows, key=_row_end)
        cdrs = self._state.cdrs
        # History older than CDRs already stored (a scenario importing in several batches) must be
        # merged in, or the table stops being ordered by end and windowed queries miss rows.
        merge = bool(cdrs and ordered) and _row_end(ordered[0]) < cdrs[-1].end
        for row in ordered:
            tenant_id, src, dst, direction, disposition, start, ring, talk, caller_name, src_ext, dst_ext, record = row
            seq = ids.next("call")
            answered = disposition is answered_kind
            answer = start + ring if answered else None
            end = start + ring + (talk if answered else 0)
            uniqueid = f"{start}.{seq}"
            recording_id = None
            if answered and record and talk > 0:
                recording = Recording(ids.next("recording"), tenant_id, uniqueid, "", talk, end)
                recordings[recording.id] = recording
                self._ix.add_recording(recording)
                recording_id = recording.id
            append_cdr(Cdr(
                ids.next("cdr"), uniqueid, "", tenant_id, src, dst, direction, disposition, start, answer, end,
                caller_name, src_ext, dst_ext, recording_id=recording_id,
            ))
        if merge:
            cdrs.sort(key=_cdr_end)  # stable: rows ending together keep their order
            self._ix = TelephonyIndexes.build(self._state)
        return len(rows)
