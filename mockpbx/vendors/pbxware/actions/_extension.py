"""Finding the extensions an ``ext.*`` action names, by ``id`` or by ``ext`` number.

Bicom's collection fills ``id`` from a variable that its own ``ext.list`` test rewrites as
a JSON array (``[12,13]``) and other requests as a comma list, so every id-taking action
here accepts ``12``, ``12,13`` and ``[12,13]`` alike.
"""

from __future__ import annotations

import json
import re

from ....core.entities import Extension
from ....core.errors import ExtensionNotFound
from .common import invalid
from .registry import ActionContext, PbxwareError

ID_LIST = r"^\[?\"?\d+\"?(,\s*\"?\d+\"?)*\]?$"


def parse_ids(raw: str, name: str = "id") -> list[int]:
    """``12``, ``12,13`` or a JSON array of ids, in order, without repeats."""
    if re.fullmatch(ID_LIST, raw.strip()) is None:
        raise invalid(name, raw, r"^\d+$")
    text = raw.strip()
    values: list[object] = list(json.loads(text)) if text.startswith("[") else list(text.split(","))
    seen: list[int] = []
    for value in values:
        number = int(str(value).strip().strip('"'))
        if number not in seen:
            seen.append(number)
    return seen


def target_extensions(ctx: ActionContext) -> list[Extension]:
    """The extensions named by ``id`` (one or many) or ``ext``, all in the ``server`` tenant."""
    raw_id = ctx.params.get("id", "")
    raw_ext = ctx.params.get("ext", "")
    if raw_id and raw_ext:
        raise PbxwareError("You cannot supply id and ext at the same time!")
    tenant = ctx.tenant()
    if raw_ext:
        return [ctx.world.extension_by_number(tenant.id, extension_number(raw_ext, tenant.ext_length))]
    if not raw_id:
        raise PbxwareError("Required field 'id' is missing")
    found = []
    for extension_id in parse_ids(raw_id):
        extension = ctx.world.get_extension(extension_id)
        if extension.tenant_id != tenant.id:
            raise ExtensionNotFound("no such extension in this tenant", extension_id=extension_id)
        found.append(extension)
    return found


def target_extension(ctx: ActionContext) -> Extension:
    """The first extension the request names (enhanced services act on one at a time)."""
    return target_extensions(ctx)[0]


def peers_of(extensions: list[Extension], ext: Extension) -> list[str]:
    """The numbers of the tenant's other extensions, lowest first."""
    return sorted((e.number for e in extensions if e.id != ext.id and e.tenant_id == ext.tenant_id), key=int)


def extension_number(raw: str, length: int, name: str = "ext") -> str:
    """An extension number of the tenant's length, or PBXware's invalid-data error."""
    rule = rf"^\d{{{length}}}$"
    if re.fullmatch(rule, raw) is None:
        raise invalid(name, raw, rule)
    return raw
