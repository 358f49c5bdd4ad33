"""Numbers and the lines that carry them: providers, trunks, DIDs and DID requests."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from . import errors
from .base import IndexedAggregate, WorldBase, of_tenant, verb
from .entities import Attributes, Destination, Did, DidRequest, Provider, ReviewStatus, SmsTrunk, Tech, Trunk
from .state import WorldState


@dataclass(slots=True)
class NumberingIndexes:
    """Lookups over DIDs; never snapshotted, always rebuildable."""

    did_by_number: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, state: WorldState) -> NumberingIndexes:
        return cls({d.number: d.id for d in state.dids.values()})


class Numbering(IndexedAggregate[NumberingIndexes]):
    """Providers, trunks, SMS trunks, DIDs and DID requests.

    Owns ``WorldState.providers``, ``trunks``, ``sms_trunks``, ``dids`` and ``did_requests``
    and :class:`NumberingIndexes`; raises the ``did_request_due`` event.
    """

    def __init__(self, world: WorldBase) -> None:
        super().__init__(world, NumberingIndexes.build)
        world.on_event("did_request_due", self._on_did_request_due)

    @verb
    def release_tenant_dids(self, tenant_id: int) -> None:
        """A deleted tenant's numbers go back to the pool, unrouted."""
        for did in [d for d in self._state.dids.values() if d.tenant_id == tenant_id]:
            self._state.dids[did.id] = dataclasses.replace(did, tenant_id=None, destination=None)

    # -- providers and trunks -------------------------------------------------------------

    @verb
    def create_provider(self, name: str, *, kind: str = "voip", tech: Tech = Tech.SIP,
                        attributes: Attributes | None = None) -> Provider:
        provider = Provider(self._ids.next("provider"), name, kind, tech, dict(attributes or {}))
        self._state.providers[provider.id] = provider
        return provider

    @verb
    def get_provider(self, provider_id: int) -> Provider:
        try:
            return self._state.providers[provider_id]
        except KeyError:
            raise errors.ProviderNotFound("no such provider", provider_id=provider_id) from None

    @verb
    def update_provider(self, provider_id: int, **changes: object) -> Provider:
        current = self._state.providers.get(provider_id)
        if current is None:
            raise errors.ProviderNotFound("no such provider", provider_id=provider_id)
        provider = dataclasses.replace(current, **changes)  # type: ignore[arg-type]
        if not provider.name:
            raise errors.InvalidArgument("a provider needs a name", field="name")
        self._state.providers[provider_id] = provider
        return provider

    @verb
    def list_providers(self) -> list[Provider]:
        return list(self._state.providers.values())

    @verb
    def create_trunk(self, name: str, *, provider_id: int | None = None, tech: Tech = Tech.SIP, channels: int = 30,
                     tenant_ids: tuple[int, ...] = (), attributes: Attributes | None = None) -> Trunk:
        if provider_id is not None:
            self.get_provider(provider_id)
        for tenant_id in tenant_ids:
            if tenant_id not in self._state.tenants:
                raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        if channels < 1:
            raise errors.InvalidArgument("a trunk needs at least one channel", field="channels")
        trunk = Trunk(self._ids.next("trunk"), name, provider_id, tech, channels, True, tenant_ids,
                      dict(attributes or {}))
        self._state.trunks[trunk.id] = trunk
        return trunk

    @verb
    def get_trunk(self, trunk_id: int) -> Trunk:
        try:
            return self._state.trunks[trunk_id]
        except KeyError:
            raise errors.TrunkNotFound("no such trunk", trunk_id=trunk_id) from None

    @verb
    def list_trunks(self, tenant_id: int | None = None) -> list[Trunk]:
        return [t for t in self._state.trunks.values() if tenant_id is None or tenant_id in t.tenant_ids]

    @verb
    def update_trunk(self, trunk_id: int, **changes: object) -> Trunk:
        trunk = dataclasses.replace(self.get_trunk(trunk_id), **changes)  # type: ignore[arg-type]
        self._state.trunks[trunk_id] = trunk
        return trunk

    @verb
    def delete_trunk(self, trunk_id: int) -> None:
        self.get_trunk(trunk_id)
        if any(d.trunk_id == trunk_id for d in self._state.dids.values()):
            raise errors.InvalidState("trunk carries DIDs", trunk_id=trunk_id)
        del self._state.trunks[trunk_id]

    # -- SMS trunks -----------------------------------------------------------------------

    @verb
    def create_sms_trunk(self, name: str, provider: str, *, enabled: bool = True, description: str = "",
                         attributes: Attributes | None = None) -> SmsTrunk:
        trunk = SmsTrunk(self._ids.next("sms_trunk"), name, provider, enabled, description, (), dict(attributes or {}))
        self._state.sms_trunks[trunk.id] = trunk
        return trunk

    @verb
    def get_sms_trunk(self, trunk_id: int) -> SmsTrunk:
        try:
            return self._state.sms_trunks[trunk_id]
        except KeyError:
            raise errors.TrunkNotFound("no such SMS trunk", trunk_id=trunk_id) from None

    @verb
    def list_sms_trunks(self, tenant_id: int | None = None) -> list[SmsTrunk]:
        return [t for t in self._state.sms_trunks.values() if tenant_id is None or tenant_id in t.tenant_ids]

    @verb
    def update_sms_trunk(self, trunk_id: int, **changes: object) -> SmsTrunk:
        trunk = dataclasses.replace(self.get_sms_trunk(trunk_id), **changes)  # type: ignore[arg-type]
        self._state.sms_trunks[trunk_id] = trunk
        return trunk

    @verb
    def assign_sms_trunk(self, tenant_id: int, trunk_id: int | None) -> None:
        """Make ``trunk_id`` the tenant's one SMS trunk (None: the tenant has none)."""
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        if trunk_id is not None:
            self.get_sms_trunk(trunk_id)
        for trunk in list(self._state.sms_trunks.values()):
            keep = tuple(t for t in trunk.tenant_ids if t != tenant_id)
            if trunk.id == trunk_id:
                keep = (*keep, tenant_id)
            if keep != trunk.tenant_ids:
                self._state.sms_trunks[trunk.id] = dataclasses.replace(trunk, tenant_ids=keep)

    @verb
    def delete_sms_trunk(self, trunk_id: int) -> None:
        self.get_sms_trunk(trunk_id)
        del self._state.sms_trunks[trunk_id]

    # -- DIDs -----------------------------------------------------------------------------

    @verb
    def create_did(self, number: str, *, tenant_id: int | None, trunk_id: int | None = None,
                   destination: Destination | None = None, record_calls: bool = False, comment: str = "",
                   attributes: Attributes | None = None) -> Did:
        if not (number.isascii() and number.isdigit()) or not 3 <= len(number) <= 20:
            raise errors.InvalidArgument("a DID is 3 to 20 digits", field="number")
        if number in self._ix.did_by_number:
            raise errors.DidExists("number already assigned", field="number", number=number)
        if tenant_id is not None and tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        if trunk_id is not None:
            self.get_trunk(trunk_id)
        did = Did(self._ids.next("did"), number, tenant_id, trunk_id, destination, True, record_calls, comment,
                  dict(attributes or {}))
        self._state.dids[did.id] = did
        self._ix.did_by_number[number] = did.id
        return did

    @verb
    def get_did(self, did_id: int) -> Did:
        try:
            return self._state.dids[did_id]
        except KeyError:
            raise errors.DidNotFound("no such DID", did_id=did_id) from None

    @verb
    def did_by_number(self, number: str) -> Did:
        did_id = self._ix.did_by_number.get(number)
        if did_id is None:
            raise errors.DidNotFound("no such DID", number=number)
        return self._state.dids[did_id]

    @verb
    def list_dids(self, tenant_id: int | None = None) -> list[Did]:
        return of_tenant(self._state.dids.values(), tenant_id)

    @verb
    def update_did(self, did_id: int, **changes: object) -> Did:
        current = self.get_did(did_id)
        number = changes.get("number")
        if number is not None and number != current.number:
            if str(number) in self._ix.did_by_number:
                raise errors.DidExists("number already assigned", field="number", number=str(number))
            del self._ix.did_by_number[current.number]
            self._ix.did_by_number[str(number)] = did_id
        tenant_id = changes.get("tenant_id")
        if tenant_id is not None and tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        did = dataclasses.replace(current, **changes)  # type: ignore[arg-type]
        self._state.dids[did_id] = did
        return did

    @verb
    def delete_did(self, did_id: int) -> None:
        did = self.get_did(did_id)
        del self._state.dids[did_id]
        del self._ix.did_by_number[did.number]

    # -- DID requests ---------------------------------------------------------------------

    @verb
    def request_did(self, tenant_id: int, *, preferred_digits: str, provider_id: int, channels: int,
                    notes: str = "") -> DidRequest:
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        self.get_provider(provider_id)
        request = DidRequest(self._ids.next("did_request"), tenant_id, preferred_digits, provider_id, channels, notes,
                             created_at=self._stamp())
        self._state.did_requests[request.id] = request
        delay = self._state.settings.did_request_auto_approve_seconds
        if delay is not None:
            self._schedule(delay, "did_request_due", request.id)
        return request

    @verb
    def get_did_request(self, request_id: int) -> DidRequest:
        try:
            return self._state.did_requests[request_id]
        except KeyError:
            raise errors.DidRequestNotFound("no such DID request", request_id=request_id) from None

    @verb
    def list_did_requests(self, tenant_id: int | None = None,
                          status: ReviewStatus | None = None) -> list[DidRequest]:
        return [
            r for r in self._state.did_requests.values()
            if (tenant_id is None or r.tenant_id == tenant_id) and (status is None or r.status is status)
        ]

    @verb
    def approve_did_request(self, request_id: int) -> DidRequest:
        """Allocate a DID starting with the preferred digits and a trunk with the requested channels."""
        request = self.get_did_request(request_id)
        if request.status is not ReviewStatus.PENDING:
            raise errors.DidRequestNotPending("request already decided", request_id=request_id)
        number = self._free_number(request.preferred_digits)
        provider = self._state.providers[request.provider_id]
        tenant = self._state.tenants[request.tenant_id]
        trunk = self.create_trunk(f"{tenant.code}-{provider.name}", provider_id=provider.id, tech=provider.tech,
                                  channels=request.channels, tenant_ids=(tenant.id,))
        did = self.create_did(number, tenant_id=tenant.id, trunk_id=trunk.id)
        decided = dataclasses.replace(request, status=ReviewStatus.APPROVED, decided_at=self._stamp(),
                                      did_id=did.id, trunk_id=trunk.id)
        self._state.did_requests[request_id] = decided
        return decided

    @verb
    def reject_did_request(self, request_id: int, reason: str = "") -> DidRequest:
        request = self.get_did_request(request_id)
        if request.status is not ReviewStatus.PENDING:
            raise errors.DidRequestNotPending("request already decided", request_id=request_id)
        decided = dataclasses.replace(request, status=ReviewStatus.REJECTED, decided_at=self._stamp(), reason=reason)
        self._state.did_requests[request_id] = decided
        return decided

    def _on_did_request_due(self, request_id: int) -> None:
        if self._state.did_requests[request_id].status is ReviewStatus.PENDING:
            self.approve_did_request(request_id)

    def _free_number(self, prefix: str) -> str:
        """The first free number of the prefix padded to eleven digits, tried in a seeded order."""
        width = max(11, len(prefix) + 4)
        span = 10 ** (width - len(prefix))
        start = self._ids.stable("did", prefix) % span
        for offset in range(min(span, 100_000)):
            candidate = f"{prefix}{(start + offset) % span:0{width - len(prefix)}d}"
            if candidate not in self._ix.did_by_number:
                return candidate
        raise errors.NoNumberAvailable("no free number with that prefix", prefix=prefix)
