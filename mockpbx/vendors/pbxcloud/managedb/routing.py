"""Providers, routing profiles and their routes: the way outside calls leave.

Providers are system-wide (a ``tenant`` in the request does not narrow them) and are the
core's providers, so PBXware's ``trunk.providers`` lists the ones added here. MiRTA's peer
columns (``pr_peername``, ``host``, ``allow``, ``pr_userealtime``) are provider attributes.
"""

from __future__ import annotations

from ....core import errors as core
from ....core.entities import Provider, Route, RoutingProfile, Tech
from ....core.numerals import whole_number
from ..context import Context
from ..errors import Nothing
from ..reply import Reply
from ..rows import Row, yes
from .columns import ProviderColumns, RouteColumns, RoutingProfileColumns
from .common import as_row, changed, keyed, objectid, owned, parse_columns, update_sql

# provider attribute names behind MiRTA's peer columns
_PEER_COLUMNS = {"pr_peername": "peername", "pr_userealtime": "userealtime", "host": "host", "allow": "allow"}

# -- rows -----------------------------------------------------------------------------------


def provider_row(provider: Provider) -> Row:
    attrs = provider.attributes
    return {
        "pr_id": str(provider.id),
        "pr_name": provider.name,
        "pr_peername": attrs.get("peername", ""),
        "pr_tech": provider.tech.value,
        "pr_userealtime": attrs.get("userealtime", ""),
        "host": attrs.get("host", ""),
        "allow": attrs.get("allow", ""),
    }


def routing_profile_row(profile: RoutingProfile) -> Row:
    return {"rp_id": str(profile.id), "rp_te_id": str(profile.tenant_id), "rp_name": profile.name,
            "rp_type": profile.kind.upper()}


def route_row(route: Route) -> Row:
    return {
        "dl_id": str(route.id),
        "dl_rp_id": str(route.profile_id),
        "dl_name": route.name,
        "dl_regex": route.pattern,
        "dl_pr_id": str(route.provider_id),
        "dl_order": str(route.order),
        "dl_emergencyroute": yes(route.emergency),
        "dl_usepin": yes(route.use_pin),
    }


# -- providers ------------------------------------------------------------------------------


def provider_list(ctx: Context) -> Reply:
    return keyed([provider_row(p) for p in ctx.world.numbering.list_providers()], "pr_id")


def _provider(ctx: Context) -> Provider:
    try:
        return ctx.world.numbering.get_provider(objectid(ctx))
    except core.ProviderNotFound:
        raise Nothing() from None


def provider_get(ctx: Context) -> Reply:
    return as_row(provider_row(_provider(ctx)))


def _peer_settings(ctx: Context, columns: ProviderColumns, current: Provider | None) -> dict[str, str]:
    """The provider's attributes with the request's peer columns applied; a peer name is unique."""
    attributes = dict(current.attributes) if current is not None else {}
    for column, name in _PEER_COLUMNS.items():
        value = getattr(columns, column)
        if value is not None:
            attributes[name] = value
    peer = attributes.get("peername", "")
    if peer and any(p.attributes.get("peername") == peer and (current is None or p.id != current.id)
                    for p in ctx.world.numbering.list_providers()):
        raise Nothing()
    return attributes


def provider_add(ctx: Context) -> Reply:
    columns, _ = parse_columns(ctx, ProviderColumns)
    if columns.pr_name is None or columns.pr_peername is None:
        raise Nothing()
    attributes = _peer_settings(ctx, columns, None)
    created = ctx.world.numbering.create_provider(columns.pr_name, tech=Tech((columns.pr_tech or "SIP").upper()),
                                                  attributes=attributes)
    return as_row(provider_row(created))


def provider_update(ctx: Context) -> Reply:
    provider_id = objectid(ctx)
    columns, raw = parse_columns(ctx, ProviderColumns)
    if columns.pr_id is not None and columns.pr_id != provider_id:
        raise Nothing()
    changes = changed(raw, "pr_id")
    current = _provider(ctx)
    update: dict[str, object] = {"attributes": _peer_settings(ctx, columns, current)}
    if columns.pr_name is not None:
        update["name"] = columns.pr_name
    if columns.pr_tech is not None:
        update["tech"] = Tech(columns.pr_tech.upper())
    ctx.world.numbering.update_provider(provider_id, **update)
    return Reply.text(update_sql("pr_providers", changes, None, None, "pr_id", provider_id))


# -- routing profiles -----------------------------------------------------------------------


def routing_profile_list(ctx: Context) -> Reply:
    return keyed([routing_profile_row(p) for p in ctx.world.routing.list_routing_profiles(ctx.tenant_id)], "rp_id")


def _profile(ctx: Context, profile_id: int) -> RoutingProfile:
    try:
        found = ctx.world.routing.get_routing_profile(profile_id)
    except core.NotFound:
        raise Nothing() from None
    owned(ctx, found.tenant_id)
    return found


def routing_profile_get(ctx: Context) -> Reply:
    return as_row(routing_profile_row(_profile(ctx, objectid(ctx))))


def routing_profile_routes(ctx: Context) -> Reply:
    profile = _profile(ctx, objectid(ctx))
    return keyed([route_row(r) for r in ctx.world.routing.list_routes(profile.id)], "dl_id")


def routing_profile_add(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    columns, _ = parse_columns(ctx, RoutingProfileColumns)
    if columns.rp_name is None or columns.rp_te_id not in (None, tenant.id):
        raise Nothing()
    created = ctx.world.routing.create_routing_profile(tenant.id, columns.rp_name,
                                                       kind=(columns.rp_type or "VOICE").lower())
    return as_row(routing_profile_row(created))


def routing_profile_update(ctx: Context) -> Reply:
    profile_id = objectid(ctx)
    columns, raw = parse_columns(ctx, RoutingProfileColumns)
    if columns.rp_id not in (None, profile_id):
        raise Nothing()
    changes = changed(raw, "rp_id")
    current = _profile(ctx, profile_id)
    if columns.rp_te_id not in (None, current.tenant_id):
        raise Nothing()
    update: dict[str, object] = {}
    if columns.rp_name is not None:
        update["name"] = columns.rp_name
    if columns.rp_type is not None:
        update["kind"] = columns.rp_type.lower()
    ctx.world.routing.update_routing_profile(profile_id, **update)
    return Reply.text(update_sql("rp_routingprofiles", changes, "rp_te_id", current.tenant_id, "rp_id", profile_id))


# -- routes ---------------------------------------------------------------------------------


def route_list(ctx: Context) -> Reply:
    wanted = ctx.params.get("routingprofileid").strip()
    if wanted:
        profile_id = whole_number(wanted)
        if profile_id is None:
            raise Nothing()
        routes = ctx.world.routing.list_routes(_profile(ctx, profile_id).id)
    else:
        routes = ctx.world.routing.list_routes(tenant_id=ctx.tenant_id)
    return keyed([route_row(r) for r in routes], "dl_id")


def _route(ctx: Context) -> Route:
    try:
        found = ctx.world.routing.get_route(objectid(ctx))
    except core.NotFound:
        raise Nothing() from None
    _profile(ctx, found.profile_id)
    return found


def route_get(ctx: Context) -> Reply:
    return as_row(route_row(_route(ctx)))


def _flags(columns: RouteColumns) -> dict[str, object]:
    flags: dict[str, object] = {}
    if columns.dl_emergencyroute is not None:
        flags["emergency"] = columns.dl_emergencyroute == "yes"
    if columns.dl_usepin is not None:
        flags["use_pin"] = columns.dl_usepin == "yes"
    return flags


def route_add(ctx: Context) -> Reply:
    columns, _ = parse_columns(ctx, RouteColumns)
    if columns.dl_rp_id is None or columns.dl_name is None or columns.dl_regex is None or columns.dl_pr_id is None:
        raise Nothing()
    profile = _profile(ctx, columns.dl_rp_id)
    created = ctx.world.routing.create_route(profile.id, columns.dl_name, columns.dl_regex, columns.dl_pr_id,
                                             order=columns.dl_order, emergency=columns.dl_emergencyroute == "yes",
                                             use_pin=columns.dl_usepin == "yes")
    return as_row(route_row(created))


def route_update(ctx: Context) -> Reply:
    columns, raw = parse_columns(ctx, RouteColumns)
    changes = changed(raw, "dl_id")
    current = _route(ctx)
    if columns.dl_id not in (None, current.id) or columns.dl_rp_id not in (None, current.profile_id):
        raise Nothing()
    update = _flags(columns)
    for column, name in (("dl_name", "name"), ("dl_regex", "pattern"), ("dl_pr_id", "provider_id"),
                         ("dl_order", "order")):
        if getattr(columns, column) is not None:
            update[name] = getattr(columns, column)
    ctx.world.routing.update_route(current.id, **update)
    return Reply.text(update_sql("dl_dialroutes", changes, None, None, "dl_id", current.id))
