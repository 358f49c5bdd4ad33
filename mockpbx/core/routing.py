"""Outbound routing: a tenant's routing profiles and their routes choose the provider of each dialled number.

A tenant with no routing profile keeps the older behaviour (its first enabled trunk carries
every outside call), so worlds that never configure routing route everything. Once a tenant
has a voice profile, its first one decides: routes are tried by ``order`` (then id), the first
whose pattern is found in the dialled number wins, and a number no route matches cannot leave.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from . import errors
from .base import WorldBase, of_tenant, verb
from .entities import Attributes, Provider, Route, RoutingProfile

MAX_PATTERN_LENGTH = 255
VOICE = "voice"  # the profile kind calls use; others (e.g. "sms") route messages


@dataclass(frozen=True, slots=True)
class OutboundChoice:
    """Where an outside call leaves: ``routed`` is False when the tenant's routes refuse the number."""

    routed: bool
    provider_id: int | None = None
    trunk_id: int | None = None


# A quantified group that itself holds a quantifier, e.g. ``(\d+)+``: matching such a pattern can take
# exponential time, and routes are matched under the world's lock on every outside call.
_NESTED_QUANTIFIER = re.compile(r"\([^()]*[+*}][^()]*\)(?:[+*]|\{[0-9,]+\})")


def _compile(pattern: str) -> re.Pattern[str]:
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise errors.InvalidArgument("route pattern too long", field="pattern")
    if _NESTED_QUANTIFIER.search(pattern):
        raise errors.InvalidArgument("route pattern repeats a repetition", field="pattern")
    try:
        return re.compile(pattern)
    except re.error:
        raise errors.InvalidArgument("route pattern is not a regular expression", field="pattern") from None


class RoutingVerbs(WorldBase):
    # -- providers' settings --------------------------------------------------------------

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
        _compile(pattern)
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

    def _way_out(self, tenant_id: int, number: str) -> OutboundChoice:
        trunks = [t for t in self._state.trunks.values() if tenant_id in t.tenant_ids and t.enabled]
        profile = next((p for p in self._state.routing_profiles.values()
                        if p.tenant_id == tenant_id and p.kind == VOICE), None)
        if profile is None:
            first = trunks[0] if trunks else None
            return OutboundChoice(True, None if first is None else first.provider_id,
                                  None if first is None else first.id)
        for route in self.list_routes(profile.id):
            if _compile(route.pattern).search(number):
                trunk = next((t for t in trunks if t.provider_id == route.provider_id), None)
                return OutboundChoice(True, route.provider_id, None if trunk is None else trunk.id)
        return OutboundChoice(False)
