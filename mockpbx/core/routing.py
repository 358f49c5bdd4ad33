"""Outbound routing: a tenant's routing profiles and their routes choose the provider of each dialled number.

A tenant with no routing profile keeps the older behaviour (its first enabled trunk carries
every outside call), so worlds that never configure routing route everything. Once a tenant
has a voice profile, its first one decides: routes are tried by ``order`` (then id), the first
whose pattern is found in the dialled number wins, and a number no route matches cannot leave.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from . import errors
from .base import Aggregate, of_tenant, verb
from .entities import Attributes, Route, RoutingProfile
from .patterns import LinearRegex, UnsupportedPattern

MAX_PATTERN_LENGTH = 255
# E.164 allows 15 digits; five more leave room for an international access code and a carrier
# or trunk prefix in front of them ("00", "011", "1010xxx"). The other numbers the core stores
# (DIDs, flows, campaign entries, fax and text recipients) stop at the same 20.
MAX_DIALLED_DIGITS = 20
VOICE = "voice"  # the profile kind calls use; others (e.g. "sms") route messages


@dataclass(frozen=True, slots=True)
class OutboundChoice:
    """Where an outside call leaves: ``routed`` is False when the tenant's routes refuse the number."""

    routed: bool
    provider_id: int | None = None
    trunk_id: int | None = None


def route_regex(pattern: str) -> LinearRegex:
    """A route's pattern, ready to search dialled numbers; refused if RE2 cannot run it.

    Routes are searched under the world's lock on every outside call, so they run on RE2,
    whose time is linear in the number's length whatever the pattern (see :mod:`.patterns`).
    """
    try:
        return LinearRegex(pattern, max_length=MAX_PATTERN_LENGTH)
    except UnsupportedPattern as refused:
        raise errors.InvalidArgument(f"route pattern refused: {refused}", field="pattern") from None


def dialled_number(number: str) -> str:
    """An outside number as calls carry it: digits, a leading ``+`` allowed, at most
    :data:`MAX_DIALLED_DIGITS` of them, so the routes that search it have bounded work."""
    digits = number.lstrip("+")
    if not (digits and digits.isascii() and digits.isdigit()
            and len(digits) <= MAX_DIALLED_DIGITS and len(number) <= MAX_DIALLED_DIGITS + 1):
        raise errors.InvalidArgument(f"destination must be 1 to {MAX_DIALLED_DIGITS} digits, optionally after a +",
                                     field="destination")
    return number


class Routing(Aggregate):
    """Outbound routing: routing profiles and their routes, and the choice of the way out.

    Owns ``WorldState.routing_profiles`` and ``routes``; reads providers and trunks, which
    numbering owns.
    """

    # -- routing profiles -----------------------------------------------------------------

    @verb
    def create_routing_profile(self, tenant_id: int, name: str, *, kind: str = VOICE,
                               attributes: Attributes | None = None) -> RoutingProfile:
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        if not name:
            raise errors.InvalidArgument("a routing profile needs a name", field="name")
        profile = RoutingProfile(self._ids.next("routing_profile"), tenant_id, name, kind, dict(attributes or {}))
        self._state.routing_profiles[profile.id] = profile
        return profile

    @verb
    def get_routing_profile(self, profile_id: int) -> RoutingProfile:
        profile = self._state.routing_profiles.get(profile_id)
        if profile is None:
            raise errors.NotFound("no such routing profile", profile_id=profile_id)
        return profile

    @verb
    def list_routing_profiles(self, tenant_id: int | None = None) -> list[RoutingProfile]:
        return of_tenant(self._state.routing_profiles.values(), tenant_id)

    @verb
    def update_routing_profile(self, profile_id: int, **changes: object) -> RoutingProfile:
        profile = dataclasses.replace(self.get_routing_profile(profile_id), **changes)  # type: ignore[arg-type]
        if not profile.name:
            raise errors.InvalidArgument("a routing profile needs a name", field="name")
        self._state.routing_profiles[profile_id] = profile
        return profile

    # -- routes ---------------------------------------------------------------------------

    @verb
    def create_route(self, profile_id: int, name: str, pattern: str, provider_id: int, *, order: int | None = None,
                     emergency: bool = False, use_pin: bool = False, attributes: Attributes | None = None) -> Route:
        """A route at the end of its profile unless ``order`` places it."""
        self.get_routing_profile(profile_id)
        self._check_route(name, pattern, provider_id)
        if order is None:
            order = max((r.order for r in self.list_routes(profile_id)), default=0) + 1
        route = Route(self._ids.next("route"), profile_id, name, pattern, provider_id, order, emergency, use_pin,
                      dict(attributes or {}))
        self._state.routes[route.id] = route
        return route

    def _check_route(self, name: str, pattern: str, provider_id: int) -> None:
        if not name:
            raise errors.InvalidArgument("a route needs a name", field="name")
        route_regex(pattern)
        if provider_id not in self._state.providers:
            raise errors.ProviderNotFound("no such provider", provider_id=provider_id)

    @verb
    def get_route(self, route_id: int) -> Route:
        route = self._state.routes.get(route_id)
        if route is None:
            raise errors.NotFound("no such route", route_id=route_id)
        return route

    @verb
    def list_routes(self, profile_id: int | None = None, tenant_id: int | None = None) -> list[Route]:
        """Routes in the order calls try them (``order``, then id)."""
        profiles = self._state.routing_profiles
        found = [
            r for r in self._state.routes.values()
            if (profile_id is None or r.profile_id == profile_id)
            and (tenant_id is None or profiles[r.profile_id].tenant_id == tenant_id)
        ]
        return sorted(found, key=lambda r: (r.order, r.id))

    @verb
    def update_route(self, route_id: int, **changes: object) -> Route:
        route = dataclasses.replace(self.get_route(route_id), **changes)  # type: ignore[arg-type]
        self.get_routing_profile(route.profile_id)
        self._check_route(route.name, route.pattern, route.provider_id)
        self._state.routes[route_id] = route
        return route

    @verb
    def delete_route(self, route_id: int) -> None:
        self.get_route(route_id)
        del self._state.routes[route_id]

    # -- choosing the way out -------------------------------------------------------------

    @verb
    def route_outbound(self, tenant_id: int, number: str) -> OutboundChoice:
        """Which provider and trunk an outside call from the tenant to ``number`` takes."""
        return self.way_out(tenant_id, dialled_number(number))

    @verb
    def way_out(self, tenant_id: int, number: str) -> OutboundChoice:
        """As :meth:`route_outbound`, for a number the caller has already checked (telephony)."""
        trunks = [t for t in self._state.trunks.values() if tenant_id in t.tenant_ids and t.enabled]
        profile = next((p for p in self._state.routing_profiles.values()
                        if p.tenant_id == tenant_id and p.kind == VOICE), None)
        if profile is None:
            first = trunks[0] if trunks else None
            return OutboundChoice(True, None if first is None else first.provider_id,
                                  None if first is None else first.id)
        for route in self.list_routes(profile.id):
            if route_regex(route.pattern).search(number):
                trunk = next((t for t in trunks if t.provider_id == route.provider_id), None)
                return OutboundChoice(True, route.provider_id, None if trunk is None else trunk.id)
        return OutboundChoice(False)
