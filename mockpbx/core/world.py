"""A world: one isolated universe of tenants, numbers, calls and money, built from a scenario."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice

from pydantic import ValidationError

from . import errors
from .accounts import Accounts
from .base import Aggregate, ScenarioLike, verb
from .billing import Billing
from .clock import Clock, ClockMode, ClockState
from .dialer import Dialer
from .dialplan import Dialplan
from .directory import Directory
from .entities import ApiKey, Did, Disposition, Extension, ExtensionStatus, KeyScope, TenantStatus, Vendor
from .ids import IdFactory
from .keyring import KeyRing
from .kyc import Kyc
from .media import Media
from .messaging import Messaging
from .numbering import Numbering
from .phones import Phones
from .quotas import QuotaVerbs
from .routing import Routing
from .snapshot_check import check_snapshot
from .state import SNAPSHOT_FORMAT, Snapshot, WorldSettings, WorldState, snapshot_adapter
from .telephony import Telephony
from .tenancy import Tenancy
from .uniqueness import state_duplicates

# Out of ten demo calls, how many come in from outside through a DID.
INBOUND_SHARE = 4

_TRAFFIC_OUTCOMES = (
    (78, Disposition.ANSWERED),
    (12, Disposition.NO_ANSWER),
    (7, Disposition.BUSY),
    (3, Disposition.FAILED),
)


@dataclass(frozen=True, slots=True)
class Census:
    """What a world holds, counted in one locked read: the control plane's world summary.

    Its size is the page of keys it was asked for, never the world's: the counts are counts,
    ``keys`` is one page in issue order, and ``tenant_codes`` names only those keys' tenants.
    """

    tenants: int
    extensions: int
    dids: int
    live_calls: int
    cdrs: int
    key_total: int
    keys: tuple[ApiKey, ...]
    tenant_codes: dict[int, str]
    clock: ClockState


class World(QuotaVerbs):
    """All state of one world: the aggregates that own it, and the transaction boundary.

    The aggregates (``tenancy``, ``directory``, ``numbering``, ``routing``, ``telephony``,
    ``billing``, ``media``, ``dialplan``, ``dialer``, ``messaging``, ``accounts``, ``kyc``,
    ``phones``) each own their collections and indexes and offer their verbs:
    ``world.billing.credit(...)``. The world itself keeps the clock, ids, events, journal,
    keys, settings, demo traffic and quotas, and the transaction boundary (docs/architecture.md).

    Args:
        world_id: the registry's name for the world; also prefixes generated keys.
        scenario: what :meth:`reset` rebuilds the world from.
        seed: seeds every id, token and call timing.
        clock: the world's clock; a manual clock starts at the scenario's epoch.
        overrides: settings that win over the scenario's, now and after every reset
            (a server's ``--rate-limit``, for instance).
    """

    # The aggregates sit in slots, not in the instance dict: CPython's fast attribute reads on
    # the request path (self._state, self._lock) need that dict to stay under 30 keys.
    __slots__ = ("billing", "tenancy", "messaging", "accounts", "kyc", "phones", "dialer", "media", "numbering",
                 "routing", "dialplan", "directory", "telephony", "aggregates")

    def __init__(self, world_id: str, scenario: ScenarioLike, *, seed: int, clock: Clock,
                 journal_size: int = 1000, journal_bytes: int | None = None,
                 overrides: Mapping[str, object] | None = None, keyring: KeyRing | None = None,
                 max_advance_calls: int | None = None) -> None:
        super().__init__(world_id=world_id, seed=seed, clock=clock, journal_size=journal_size,
                         journal_bytes=journal_bytes, keyring=keyring)
        # Demo calls one clock move may simulate (None: no bound); the work is done under the
        # world's lock, so an unbounded advance would hold this world for as long as it asks.
        self.max_advance_calls = max_advance_calls
        self._last_census: Census | None = None
        self.billing = Billing(self)
        self.tenancy = Tenancy(self, self.billing)
        self.messaging = Messaging(self)
        self.accounts = Accounts(self)
        self.kyc = Kyc(self)
        self.phones = Phones(self)
        self.dialer = Dialer(self)
        self.media = Media(self)
        self.numbering = Numbering(self)
        self.routing = Routing(self)
        self.dialplan = Dialplan(self)
        self.directory = Directory(self)
        self.telephony = Telephony(self)
        self.aggregates: tuple[Aggregate, ...] = (
            self.billing, self.tenancy, self.messaging, self.accounts, self.kyc, self.phones, self.dialer,
            self.media, self.numbering, self.routing, self.dialplan, self.directory, self.telephony)
        self.on_event("traffic", self._on_traffic)  # the facade's own: demo traffic
        self.scenario = scenario
        self._overrides = dict(overrides or {})
        self._populate()

    def _populate(self) -> None:
        with self._lock:
            self._state = WorldState(scenario=self.scenario.name, seed=self._ids.seed)
            self._bind(self._state)
            self.scenario.populate(self)
            if self._overrides:
                self.configure(**self._overrides)

    @property
    def seed(self) -> int:
        return self._ids.seed

    @property
    def settings(self) -> WorldSettings:
        return self._state.settings

    def reset(self) -> None:
        """Rebuild the world from its scenario and seed.

        A manual clock returns to the scenario's epoch, so a reset world replays byte for
        byte; a realtime clock keeps following the wall clock, as it did at creation.
        """
        with self._lock:
            before = (self._state, self._ids, self._clock.state())
            held = [aggregate.held_indexes() for aggregate in self.aggregates]
            self._ids = IdFactory(self._ids.seed, first={"tenant": 2})
            if self._clock.mode is ClockMode.MANUAL:
                self._clock.restore(ClockState(self.scenario.epoch, self._clock.mode, self._clock.scale))
            try:
                self._populate()
            except BaseException:
                # e.g. another world has since taken one of the scenario's keys: keep the old world.
                self._state, self._ids = before[:2]
                self._bind(self._state, held)
                self._clock.restore(before[2])
                self._keyring.replace(self.id, self._state.keys)
                raise
            self._keyring.replace(self.id, self._state.keys)
            self._quotas.clear()

    # -- keys: the world's, checked against the registry's keyring -------------------------

    @verb
    def issue_key(
        self,
        vendor: Vendor,
        scope: KeyScope,
        *,
        key: str | None = None,
        tenant_id: int | None = None,
        reseller_id: int | None = None,
        allowed_actions: tuple[str, ...] | None = None,
    ) -> ApiKey:
        value = key if key is not None else f"{self.id}-{self._ids.token(20)}"
        if value in self._state.keys:
            raise errors.AlreadyExists("key already issued", key=value)
        self._keyring.claim(self.id, value)
        api_key = ApiKey(value, vendor, scope, tenant_id, reseller_id, allowed_actions)
        self._state.keys[value] = api_key
        return api_key

    def find_key(self, key: str) -> ApiKey | None:
        # A plain dict read: safe without the lock, and keeps auth off the world's lock.
        return self._state.keys.get(key)

    @verb
    def keys(self) -> list[ApiKey]:
        return list(self._state.keys.values())

    @verb
    def revoke_key(self, key: str) -> None:
        if self._state.keys.pop(key, None) is None:
            raise errors.NotFound("no such key", key=key)
        self._keyring.release(self.id, (key,))

    # -- ids for vendor-side records --------------------------------------------------------

    @verb
    def allocate_id(self, kind: str) -> int:
        """The next id of a record kind the core stores only as attributes (DID groups, CLI routes)."""
        return self._ids.next(kind)

    @verb
    def peek_id(self, kind: str) -> int:
        """The id :meth:`allocate_id` will hand out next for ``kind``, without taking it."""
        return self._ids.peek(kind)

    # -- orchestration across owners ------------------------------------------------------

    @verb
    def delete_tenant(self, tenant_id: int) -> None:
        """Delete a tenant: each owner forgets the tenant's records, then tenancy the tenant.

        Refused while the tenant has live calls. Its CDRs, recordings and ledger stay as history.
        """
        self.tenancy.get_tenant(tenant_id)
        if any(c.tenant_id == tenant_id for c in self._state.calls.values()):
            raise errors.InvalidState("tenant has live calls", tenant_id=tenant_id)
        self.directory.forget_tenant(tenant_id)
        self.media.forget_tenant(tenant_id)
        self.dialplan.forget_tenant(tenant_id)
        self.dialer.forget_tenant(tenant_id)
        self.numbering.release_tenant_dids(tenant_id)
        revoked = [k for k, v in self._state.keys.items() if v.tenant_id == tenant_id]
        for value in revoked:
            del self._state.keys[value]  # a tenant's keys die with it
        self._keyring.release(self.id, revoked)
        self.tenancy.remove_tenant(tenant_id)

    # -- snapshots ------------------------------------------------------------------------

    def snapshot(self) -> bytes:
        with self._lock:
            snap = Snapshot(SNAPSHOT_FORMAT, self._state, self._clock.state(), self._ids.state())
            return snapshot_adapter().dump_json(snap)

    def restore(self, data: bytes | str) -> None:
        """Replace the whole state with a snapshot; a bad snapshot leaves the world untouched."""
        try:
            snap = snapshot_adapter().validate_json(data)
        except ValidationError as exc:
            raise errors.InvalidArgument(f"not a mockpbx snapshot: {exc.error_count()} problem(s)",
                                         field="state") from None
        if snap.format != SNAPSHOT_FORMAT:
            raise errors.InvalidArgument(f"snapshot format {snap.format} is not supported", field="format")
        check_snapshot(snap, self.event_kinds)
        clashes = state_duplicates(snap.state)
        if clashes:
            field, names = next(iter(clashes.items()))
            raise errors.InvalidArgument(f"snapshot holds {field} {names[0]!r} twice", field="state")
        fresh = [aggregate.build_indexes(snap.state) for aggregate in self.aggregates]
        with self._lock:
            # The last check that can refuse, and the first change: no key of another world.
            self._keyring.replace(self.id, snap.state.keys)
            self._state = snap.state
            self._bind(snap.state, fresh)
            self._ids.restore(snap.ids)
            self._clock.restore(snap.clock)
            self._quotas.clear()

    def _bind(self, state: WorldState, indexes: list[object | None] | None = None) -> None:
        """Hand every aggregate the world's (new) state, with its indexes or ones rebuilt from it."""
        for position, aggregate in enumerate(self.aggregates):
            aggregate.bind(state, None if indexes is None else indexes[position])

    @verb
    def census(self, keys_from: int = 0, keys_limit: int = 0) -> Census:
        """Count what the world holds, with the keys from ``keys_from`` (at most ``keys_limit``; none unless asked)."""
        state = self._state
        page = tuple(islice(state.keys.values(), keys_from, keys_from + keys_limit))
        tenants = state.tenants
        codes = {k.tenant_id: tenants[k.tenant_id].code for k in page
                 if k.tenant_id is not None and k.tenant_id in tenants}
        return Census(len(tenants), len(state.extensions), len(state.dids), len(state.calls), len(state.cdrs),
                      len(state.keys), page, codes, self._clock.state())

    def recent_census(self, keys_limit: int, patience: float = 0.5) -> Census:
        """The census now or, if the world stays busy for ``patience`` seconds (a long clock
        advance), the last one taken here: a listing of every world never waits on one of them."""
        if self._lock.acquire(timeout=patience):
            try:
                taken = self.census(keys_limit=keys_limit)
            finally:
                self._lock.release()
            self._last_census = taken
            return taken
        last = self._last_census
        return last if last is not None else self.census(keys_limit=keys_limit)

    # -- how much one clock move may simulate ----------------------------------------------

    def refuse_heavy_pace(self, *, advance: float = 0.0, rate: float | None = None, scale: float | None = None,
                          mode: ClockMode | None = None) -> None:
        """Refuse a clock move or traffic change that would simulate more demo calls at once
        than ``max_advance_calls``: an ``advance`` of that many seconds, or (in realtime) one
        second of wall time at that ``scale``, at that traffic ``rate``.

        Raises:
            LimitExceeded: with the figures, and what to do instead.
        """
        bound = self.max_advance_calls
        calls_per_minute = self._state.settings.traffic_calls_per_minute if rate is None else rate
        if bound is None or calls_per_minute <= 0:
            return
        if advance > 0 and calls_per_minute * advance / 60 > bound:
            raise errors.LimitExceeded(
                f"advancing {advance:g} s at {calls_per_minute:g} demo calls per minute would simulate about "
                f"{calls_per_minute * advance / 60:.0f} calls; this server simulates at most {bound} per "
                f"advance (max_advance_calls): advance in smaller steps", max_advance_calls=bound)
        realtime = (mode or self._clock.mode) is ClockMode.REALTIME
        pace = scale if scale is not None else self._clock.scale
        if realtime and calls_per_minute * pace / 60 > bound:
            raise errors.LimitExceeded(
                f"{calls_per_minute:g} demo calls per minute at clock scale {pace:g} would simulate about "
                f"{calls_per_minute * pace / 60:.0f} calls per real second; this server simulates at most "
                f"{bound} at once (max_advance_calls)", max_advance_calls=bound)

    def _refuse_heavy_advance(self, seconds: float) -> None:
        self.refuse_heavy_pace(advance=seconds)

    # -- settings and demo traffic --------------------------------------------------------

    @verb
    def configure(self, **changes: object) -> WorldSettings:
        settings = self._state.settings
        for name, value in changes.items():
            if not hasattr(settings, name):
                raise errors.InvalidArgument(f"unknown setting {name!r}", field=name)
            setattr(settings, name, value)
        return settings

    @verb
    def set_traffic(self, calls_per_minute: float) -> None:
        """Originate calls at about this rate from the world's own clock; 0 stops it."""
        if calls_per_minute < 0:
            raise errors.InvalidArgument("traffic rate cannot be negative", field="calls_per_minute")
        self.refuse_heavy_pace(rate=calls_per_minute)
        was_running = self._state.settings.traffic_calls_per_minute > 0
        self._state.settings.traffic_calls_per_minute = calls_per_minute
        if calls_per_minute > 0 and not was_running:
            self._schedule(self._traffic_gap(), "traffic", 0)

    def _traffic_gap(self) -> float:
        rate = self._state.settings.traffic_calls_per_minute
        jitter = 0.5 + (self._ids.stable("gap", self._ids.peek("traffic")) % 1000) / 1000
        return 60.0 / rate * jitter

    def _on_traffic(self, _: int) -> None:
        if self._state.settings.traffic_calls_per_minute <= 0:
            return
        tick = self._ids.next("traffic")
        state = self._state
        active = [
            e for e in state.extensions.values()
            if e.status is ExtensionStatus.ACTIVE and state.tenants[e.tenant_id].status is TenantStatus.ACTIVE
        ]
        # Only extensions with a free line place calls, so a small world still reaches the rate.
        busy = Counter(c.src_extension_id for c in state.calls.values())
        callers = [e for e in active if busy[e.id] < e.outgoing_limit]
        numbers = [
            d for d in state.dids.values()
            if d.tenant_id is not None and d.enabled and state.tenants[d.tenant_id].status is TenantStatus.ACTIVE
        ]
        inbound = numbers and (not callers or self._ids.stable("inbound", tick) % 10 < INBOUND_SHARE)
        if inbound:
            self._demo_inbound(tick, numbers)
        elif callers:
            self._demo_call(tick, callers, active)
        self._schedule(self._traffic_gap(), "traffic", 0)

    def _demo_outcome(self, tick: int) -> Disposition:
        roll = self._ids.stable("outcome", tick) % 100
        for weight, candidate in _TRAFFIC_OUTCOMES:
            if roll < weight:
                return candidate
            roll -= weight
        return Disposition.ANSWERED

    def _demo_inbound(self, tick: int, numbers: list[Did]) -> None:
        did = numbers[self._ids.stable("did", tick) % len(numbers)]
        caller = "1" + f"{self._ids.stable('caller', tick) % 10**10:010d}"
        try:
            self.telephony.receive_call(did.number, caller, outcome=self._demo_outcome(tick))
        except errors.DomainError:
            pass  # an event handler must never fail the request that happened to fire it

    def _demo_call(self, tick: int, callers: list[Extension], active: list[Extension]) -> None:
        caller = callers[self._ids.stable("caller", tick) % len(callers)]
        peers = [e for e in active if e.tenant_id == caller.tenant_id and e.id != caller.id]
        if peers and self._ids.stable("internal", tick) % 4 == 0:
            destination = peers[self._ids.stable("peer", tick) % len(peers)].number
        else:
            destination = "1" + f"{self._ids.stable('dst', tick) % 10**10:010d}"
        try:
            self.telephony.originate_call(caller.tenant_id, caller.number, destination,
                                          outcome=self._demo_outcome(tick))
        except errors.DomainError:
            pass  # e.g. a call limit reached within this very tick: no demo call this time
