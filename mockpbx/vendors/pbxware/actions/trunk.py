"""``pbxware.trunk.*``: trunks and providers on the core's numbering; system objects (server=1)."""

from __future__ import annotations

import re

from ....core.entities import Tech, Trunk
from ....core.errors import ProviderNotFound
from .common import collect, id_list, invalid, keyed, master_only, matches, number, require_match
from .registry import ActionContext, ActionTable, PbxwareError

YES_NO = r"^(yes|no|1|0)$"
REQUIRED: dict[str, str] = {
    "name": r"^.+$", "provider_id": r"^[0-9]+$", "type": r"^(user|friend|peer)$",
    "dtmfmode": r"^(auto|inband|rfc2833|info|shortinfo)$", "status": r"^(active|not active|suspended)$",
    "country": r"^\d{1,10}$", "national": r"^\d{1,10}$", "international": r"^\d{1,10}$", "emerg_trunk": YES_NO,
    "host": r"^.+$", "username": r"^.+$", "insecure": r"^(port|invite|port,invite|very)$", "looserouting": YES_NO,
    "incominglimit": r"^\d{1,10}$", "outgoinglimit": r"^\d{1,10}$", "busylevel": r"^\d{1,10}$",
    "codecs": r"^[\w.]+([,:][\w.]+)*$", "codecs_ptime": r"^\d+([,:]\d+)*$",
}
# DOC: the peer credentials are marked "(Required)", but Bicom's own add request leaves them out
# (disabled) and asserts success, so they stay optional.
OPTIONS: dict[str, str] = {
    "secret": r"^.+$", "peer_host": r"^.+$", "peer_username": r"^.+$", "peer_secret": r"^.+$",
    "qualify": r"^(yes|no|\d{1,5})$", "e164a": YES_NO, "passthru_mode": YES_NO, "national_leave": YES_NO,
    "area_code": r"^\d{1,10}$", "prefix": r"^[\w\s]+$", "testnum": r"^[\w\s]+$", "authname": r"^.+$",
    "auth": r"^.+$", "register": r"^([0-5])$", "register_suffix": r"^\w+$", "register_expiration": r"^\d{1,4}$",
    "fromuser": r"^[\w\s]+$", "fromdomain": r"^.+$", "phoneinuri": YES_NO, "outboundproxy": r"^.+$",
    "from_ipaddr": r"^[a-zA-Z0-9.,]+$", "transport": r"\w+$", "encryption": r"^(yes|offer)$",
    "direct_media": r"^(no|yes|nonat|update|nonat,update)$", "directrtpsetup": r"^(yes|no)$",
    "defaultip": r"^\d{1,3}.\d{1,3}.\d{1,3}.\d{1,3}$", "trustrpid": YES_NO, "sendrpid": r"^(rpid|pai)$",
    "trust_id_outbound": YES_NO, "rpid_connectedline": YES_NO, "rpid_update": YES_NO, "sendpai": r"^[\w\s]+$",
    "privacy": r"^(none|anonymous|anonymous_id|anonymous_number|anonymous_number_id)$",
    "callerid": r"^[\w\s]+$", "dialed_num_minimum_length": r"^\d{1,4}$", "allow_es_callerid": YES_NO,
    "email_on_limit": YES_NO, "outgoing_dialoptions": r"^[tTr]+$", "videosupport": YES_NO, "autoframing": YES_NO,
    "prefix_emerg": r"^(yes|no)$", "emerg_location_header": r"^[\w\-,]{1,100}$",
}
PROTOCOLS = {Tech.SIP: "sip", Tech.PJSIP: "sip", Tech.IAX: "iax"}


def _channels(attrs: dict[str, str]) -> int:
    return max(1, int(attrs.get("outgoinglimit", "30") or "30"))


def _check_codecs(attrs: dict[str, str]) -> None:
    codecs, ptimes = attrs.get("codecs"), attrs.get("codecs_ptime")
    if codecs is not None and ptimes is not None and \
            len(re.split(r"[,:]", codecs)) != len(re.split(r"[,:]", ptimes)):
        raise PbxwareError("Fields codecs and codecs_ptime must match in size")


def listing(ctx: ActionContext, trunk: Trunk) -> dict[str, str]:
    provider = ctx.world.numbering.get_provider(trunk.provider_id).name if trunk.provider_id else ""
    return {"name": trunk.name, "protocol": PROTOCOLS[trunk.tech], "provider_id": str(trunk.provider_id or ""),
            "provider_name": provider, "status": "enabled" if trunk.enabled and not _faulted(ctx) else "disabled"}


def _faulted(ctx: ActionContext) -> bool:
    """An armed ``trunk_down`` fault makes every trunk read as down while it holds."""
    return ctx.world.faults.holds("trunk_down", now=ctx.world.clock.now())


def configuration(ctx: ActionContext, trunk: Trunk) -> dict[str, object]:
    options: dict[str, object] = {k: v for k, v in trunk.attributes.items() if k not in ("name", "provider_id")}
    options.setdefault("outgoinglimit", str(trunk.channels))
    return {**listing(ctx, trunk), "options": options}


def _provider(ctx: ActionContext, raw: str) -> int:
    try:
        return ctx.world.numbering.get_provider(number(raw)).id
    except ProviderNotFound:
        raise PbxwareError("Invalid provider ID.") from None


def register(table: ActionTable) -> None:
    @table.action("pbxware.trunk.list")
    def trunk_list(ctx: ActionContext) -> object:
        server = ctx.server()
        tenant_id = None if server == 1 else ctx.tenant().id
        return keyed({t.id: listing(ctx, t) for t in ctx.world.numbering.list_trunks(tenant_id)})

    @table.action("pbxware.trunk.providers")
    def trunk_providers(ctx: ActionContext) -> object:
        return keyed({p.name: [str(p.id), p.kind] for p in ctx.world.numbering.list_providers()})

    @table.action("pbxware.trunk.configuration")
    def trunk_configuration(ctx: ActionContext) -> object:
        raw = ctx.require("trunkid")
        if not matches(r"[a-zA-Z0-9_,\[\]-]+", raw):
            raise invalid("trunkid", raw, r"^[a-zA-Z0-9_-]+$")
        return keyed({i: configuration(ctx, ctx.world.numbering.get_trunk(i)) for i in id_list(ctx, "trunkid")})

    @table.action("pbxware.trunk.add")
    def trunk_add(ctx: ActionContext) -> object:
        # DOC: Bicom's collection marks server "(Required)" on add.
        ctx.require("server")
        master_only(ctx)
        attrs = {name: require_match(ctx, name, regex) for name, regex in REQUIRED.items()}
        attrs.update(collect(ctx, OPTIONS))
        _check_codecs(attrs)
        provider_id = _provider(ctx, attrs["provider_id"])
        trunk = ctx.world.numbering.create_trunk(attrs["name"], provider_id=provider_id, channels=_channels(attrs),
                                                 attributes=attrs)
        if attrs["status"] != "active":
            ctx.world.numbering.update_trunk(trunk.id, enabled=False)
        return {"success": f"Trunk ID: {trunk.id}", "id": trunk.id}

    @table.action("pbxware.trunk.edit")
    def trunk_edit(ctx: ActionContext) -> object:
        master_only(ctx)
        ids = id_list(ctx)
        changes = collect(ctx, {**REQUIRED, **OPTIONS})
        provider_id = _provider(ctx, changes["provider_id"]) if "provider_id" in changes else None
        trunks = [ctx.world.numbering.get_trunk(i) for i in ids]
        for trunk in trunks:
            attrs = {**trunk.attributes, **changes}
            _check_codecs(attrs)
        for trunk in trunks:
            attrs = {**trunk.attributes, **changes}
            moves: dict[str, object] = {"attributes": attrs, "channels": _channels(attrs)}
            if "name" in changes:
                moves["name"] = changes["name"]
            if provider_id is not None:
                moves["provider_id"] = provider_id
            if "status" in changes:
                moves["enabled"] = changes["status"] == "active"
            ctx.world.numbering.update_trunk(trunk.id, **moves)
        return {"success": f"Trunk ID: {ids[0]}", "id": str(ids[0])}

    @table.action("pbxware.trunk.delete")
    def trunk_delete(ctx: ActionContext) -> object:
        master_only(ctx)
        ids = id_list(ctx)
        carried = {d.trunk_id for d in ctx.world.numbering.list_dids()}
        for trunk_id in ids:
            ctx.world.numbering.get_trunk(trunk_id)
            if trunk_id in carried:
                raise PbxwareError(f"Trunk ID {trunk_id} is in use by DIDs.")
        for trunk_id in ids:
            ctx.world.numbering.delete_trunk(trunk_id)
        return {"success": f"Deleted Trunk ID {','.join(map(str, ids))} successfully.", "id": str(ids[0])}
