"""Finding the extensions an ``ext.*`` action names, by ``id`` or by ``ext`` number.

Bicom's collection fills ``id`` from a variable that its own ``ext.list`` test rewrites as
a JSON array (``[12,13]``) and other requests as a comma list, so every id-taking action
here accepts ``12``, ``12,13`` and ``[12,13]`` alike.
"""

from __future__ import annotations

from ....core.entities import Extension
from .common import id_list, invalid, matches
from .registry import ActionContext, PbxwareError


def target_extensions(ctx: ActionContext, *, by_number: bool = True) -> list[Extension]:
    """The extensions named by ``id`` (one or many) or by ``ext`` number in the ``server`` tenant.

    Extension ids are system-wide (PBXware keeps one extension table), so an id finds its
    extension whichever existing tenant ``server`` names; Bicom's collection relies on it.
    A number is looked up in the ``server`` tenant only [INF]. ``ext.edit`` takes ``ext`` as
    the new number, so it selects by id only (``by_number=False``).
    """
    raw_id = ctx.params.get("id", "")
    raw_ext = ctx.params.get("ext", "") if by_number else ""
    if raw_id and raw_ext:
        raise PbxwareError("You cannot supply id and ext at the same time!")
    tenant = ctx.tenant()
    if raw_ext:
        return [ctx.world.directory.extension_by_number(tenant.id, extension_number(raw_ext, tenant.ext_length))]
    return [ctx.world.directory.get_extension(extension_id) for extension_id in id_list(ctx)]


def target_extension(ctx: ActionContext) -> Extension:
    """The first extension the request names (enhanced services act on one at a time)."""
    return target_extensions(ctx)[0]


def peers_of(extensions: list[Extension], ext: Extension) -> list[str]:
    """The numbers of the tenant's other extensions, lowest first."""
    return sorted((e.number for e in extensions if e.id != ext.id and e.tenant_id == ext.tenant_id), key=int)


def extension_number(raw: str, length: int, name: str = "ext") -> str:
    """An extension number of the tenant's length, or PBXware's invalid-data error."""
    rule = rf"^\d{{{length}}}$"
    if not matches(rule, raw):
        raise invalid(name, raw, rule)
    return raw
