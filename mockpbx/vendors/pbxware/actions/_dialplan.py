"""What the IVR, ring group and ERG modules share: finding a tenant's feature by id and
turning optional parameters into stored attributes."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ....core.entities import Feature, FeatureKind, Tenant
from ....core.errors import FeatureNotFound
from .common import invalid, matches, parse_ids
from .registry import ActionContext, PbxwareError


def tenant_features(ctx: ActionContext, kind: FeatureKind) -> tuple[Tenant, list[Feature]]:
    tenant = ctx.tenant()
    return tenant, sorted(ctx.world.directory.list_features(kind, tenant.id), key=lambda f: f.id)


def targets(ctx: ActionContext, kind: FeatureKind) -> list[Feature]:
    """The features ``id`` names (one, ``1,2`` or ``[1,2]``), each of ``kind`` in the ``server`` tenant."""
    tenant = ctx.tenant()
    found = []
    for feature_id in parse_ids(ctx.require("id")):
        feature = ctx.world.directory.get_feature(feature_id, kind)
        if feature.tenant_id != tenant.id:
            raise FeatureNotFound("no such object in this tenant", feature_id=feature_id)
        found.append(feature)
    return found


def options(params: Mapping[str, str], rules: Mapping[str, str]) -> dict[str, str]:
    """The optional parameters present in ``params``, each checked against its regex."""
    found: dict[str, str] = {}
    for name, regex in rules.items():
        value = params.get(name)
        if value is None or value == "":
            continue
        if not matches(regex, value):
            raise invalid(name, value, regex)
        found[name] = value
    return found


def check_number_free(ctx: ActionContext, tenant: Tenant, number: str, *, ignore: Collection[int] = ()) -> None:
    """A dial-plan number may not shadow an extension or another feature of the tenant."""
    taken = any(e.number == number for e in ctx.world.directory.list_extensions(tenant.id)) or any(
        f.number == number and f.id not in ignore for f in ctx.world.directory.list_features(tenant_id=tenant.id)
    )
    if taken:
        raise PbxwareError(f"Number {number} is already reserved.")


def number_rule(tenant: Tenant) -> str:
    return rf"^\d{{{tenant.ext_length}}}$"


def joined(features: list[Feature]) -> str:
    return ",".join(str(f.id) for f in features)



def check_renumber(ctx: ActionContext, tenant: Tenant, number: str | None, features: list[Feature]) -> None:
    """An edit may move one feature to a free number; several cannot share one."""
    if number is None:
        return
    if len(features) > 1:
        raise PbxwareError(f"Number {number} is already reserved.")
    check_number_free(ctx, tenant, number, ignore={f.id for f in features})
