"""A Postman environment that lets Bicom's own collection run against a mockpbx world.

``newman run PBXwareAPI_Doc.postman_collection.json -e <environment>`` needs the host, a
key and the ids its requests chain through variables. Every value is read from the world
(without changing it), so the same world and seed always give the same environment.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from ...core.entities import FeatureKind, KeyScope, Tenant, Vendor
from ...core.world import World

HOME_TENANT_CODE = "344"
SPARE_TENANT_CODE = "345"


class UnsuitableWorld(Exception):
    """The world lacks something the collection needs (a PBXware key, a tenant)."""


def _host(base_url: str) -> str:
    """The collection writes ``http://{{IP}}/...``, so IP is the host[:port] part only."""
    parts = urlsplit(base_url if "//" in base_url else f"http://{base_url}")
    if not parts.netloc:
        raise UnsuitableWorld(f"base_url {base_url!r} has no host")
    return parts.netloc


def _date(moment: datetime) -> str:
    return moment.strftime("%b-%d-%Y")


def _home_and_spare(world: World) -> tuple[Tenant, Tenant]:
    tenants = world.tenancy.list_tenants()
    by_code = {t.code: t for t in tenants}
    home = by_code.get(HOME_TENANT_CODE) or next(
        (t for t in tenants if world.directory.list_extensions(t.id) and world.numbering.list_dids(t.id)), None)
    if home is None:
        raise UnsuitableWorld("the world has no tenant with extensions and DIDs for the collection")
    spare = by_code.get(SPARE_TENANT_CODE) or next((t for t in tenants if t.id != home.id), None)
    if spare is None:
        raise UnsuitableWorld("the collection deletes a tenant: the world needs a second one")
    return home, spare


def environment_values(world: World, base_url: str) -> dict[str, str]:
    """Variable name → value for the collection, read from ``world`` in one consistent view."""
    with world.transaction():
        key = next((k.key for k in world.keys() if k.vendor is Vendor.PBXWARE and k.scope is KeyScope.MASTER), None)
        if key is None:
            raise UnsuitableWorld("the world has no PBXware master key")
        home, spare = _home_and_spare(world)
        extensions = world.directory.list_extensions(home.id)
        spare_numbers = {e.number for e in world.directory.list_extensions(spare.id)}
        routed = {d.destination.target for d in world.numbering.list_dids(home.id)
                  if d.destination is not None and d.destination.kind == "extension"}
        # IVR keys and ring groups point at the extension a DID routes to.
        target = next((e for e in extensions if e.number in routed), extensions[0])
        # ExtensionIDs is the extension "Add Extensions" creates first in tenantID: the collection
        # edits it, deletes it with server={{Srv/Tenant-ID}} (which keeps another tenant's
        # extension, see actions/_deletes.py) and goes on using it.
        added = world.peek_id("extension")
        mailbox = next((e.number for e in extensions if e.number not in spare_numbers), target.number)
        other = next((e.number for e in extensions if e.id != target.id), target.number)
        providers = world.numbering.list_providers()
        packages = {t.package_id for t in world.tenancy.list_tenants() if t.package_id is not None}
        features = {kind: [f for f in world.directory.list_features(kind, home.id)] for kind in FeatureKind}
        taken_numbers = ({e.number for e in extensions}
                         | {f.number for f in world.directory.list_features(tenant_id=home.id)})
        numbers = range(10 ** (home.ext_length - 1), 10 ** home.ext_length)
        free = [str(n) for n in numbers if str(n) not in taken_numbers]
        now = datetime.fromtimestamp(world.clock.now(), UTC)
        new_code = world.tenancy.next_tenant_code()
        cli_route = world.peek_id("clirouting")
        dids = {d.number for d in world.numbering.list_dids()}
        # On a box with no trunks (the pbxware-box scenario) these are the ids the collection's own
        # "Adding Trunks" and first "Adding SMS trunk" give the trunks they create.
        home_trunks = [t.id for t in world.numbering.list_trunks(home.id)] or [world.peek_id("trunk")]
        sms_trunks = [t.id for t in world.numbering.list_sms_trunks(home.id)] or [world.peek_id("sms_trunk")]
    did = next(str(n) for n in range(15551230000, 15551240000) if str(n) not in dids)

    def first_id(kind: FeatureKind) -> str:
        return str(features[kind][0].id) if features[kind] else ""

    def last_id(kind: FeatureKind) -> str:
        return str(features[kind][-1].id) if features[kind] else ""

    return {
        "IP": _host(base_url), "API_Key": key, "Srv/Tenant-ID": str(home.id), "tenantID": str(spare.id),
        # tenant.add
        "tenant_name": f"tenant{new_code}.mockpbx.test", "tenant_code": new_code, "ExtLength": "3",
        "TenantPackageID": str(min(packages) if packages else 1), "TenantPackageName": "API Package",
        "tenantPackageId": str(min(packages) if packages else 1), "TenantStatus": "1",
        "Country": "869", "NationalCode": "1", "InternationalCode": "011",
        # ext.add (into the spare tenant) and the extension the ext.* requests act on
        "name": "API User", "email": "api.user@example.com", "extension": mailbox, "secret": "Mock!Secret9",
        "pin": "1234", "ext": mailbox, "ExtensionID": str(added), "ExtensionIDs": str(added),
        "DateStart": _date(datetime(2020, 1, 1, tzinfo=UTC)), "DateEnd": _date(now + timedelta(days=1)),
        "StartTime": "00:00:00", "EndTime": "23:59:59",
        # trunk.add
        "TrunkName": "API Trunk", "ProviderID": str(providers[0].id) if providers else "1", "TrunkType": "peer",
        "TrunkDTMFmode": "rfc2833", "TrunkStatus": "active", "EmergTrunk": "no", "TrunkHost": "sip.example.com",
        "TrunkUserName": "apiuser", "TrunkSecret": "Trunk!Secret9", "TrunkPeerHost": "sip.example.com",
        "TrunkPeerUserName": "apipeer", "TrunkPeerSecret": "Peer!Secret9", "TrunkInsecure": "port,invite",
        "TrunkLooseRouting": "yes", "TrunkIncomingLimit": "10", "TrunkOutgoingLimit": "10", "TrunkBusyLevel": "5",
        "TrunkCodecs": "ulaw,alaw", "TrunkCodecsPrimeTime": "20,20", "trunkID": "",
        # did.add, CLI routing, DID groups
        "DID": did, "did": did, "DestType": "0", "Destination": other, "DID-Disabled": "0",
        "CallerID": "38761555123", "MatchEx": "1", "CLIRoutingID": str(cli_route),
        "DIDGroupName": "API Group", "DIDMin": "15551230000", "DIDMax": "15551239999",
        # dial plan (IVRs, ring groups, ERGs) in the home tenant
        "IVRName": "APIMenu", "IVRNum": free[0] if free else "", "IVRGreet": "greeting-main", "IVRStatus": "1",
        "IVRKeyMap": "1", "Key1Type": "ex", "Key1Dest": target.number, "Key2Type": "ex", "Key2Dest": other,
        "Key3Type": "ex", "Key3Dest": target.number,
        # ivr.edit/delete consume IVRsID: the last IVR, so the first stays for otimes.ivr.list
        "IVRsID": last_id(FeatureKind.IVR),
        "IVR-ID": first_id(FeatureKind.IVR), "RGName": "APIGroup", "RGNum": free[1] if len(free) > 1 else "",
        "RGExt": f"{target.number},{other}", "RGsID": first_id(FeatureKind.RING_GROUP),
        "ERG_Name": "APIERG", "ERG_Number": free[2] if len(free) > 2 else "", "ERGMaxCallers": "10",
        # ERGsID stays unset: erg.add fills it before anything reads it.
        "ERGRingToAnswer": "0", "ERGPenal": "0,1",
        "OperationTimesID": first_id(FeatureKind.IVR),
        # tenant trunks, catalogue ids
        "Primary": str(home_trunks[0]), "Secondary": "", "Tertiary": "",
        "PrimaryEm": str(home_trunks[0]), "SecondaryEm": "", "TertiaryEm": "",
        "UADsID": "50", "SP-ID": "1", "RouteID": "869", "DestGrID": "1",
        # SMS trunks
        # sms.trunks.edit runs before sms.trunks.list fills SMSTrunkIDs; one provider variable feeds
        # all five provider-specific adds, and only OZ SMS needs no credentials of its own.
        "SMSTrunkIDs": str(sms_trunks[0]),
        "SMSTrunkEnabled": "1", "SMSTrunkName": "API SMS", "SMSTrunkProvider": "ozsms",
        "TelnyxAPI": "KEYTELNYX0001", "TelnyxPublicKey": "PUBTELNYX0001", "TelnyxProfileID": "40017a00-0000",
        "BandwithUserName": "apiuser", "BandwithPassword": "Band!Secret9", "BandwithUserID": "u-0001",
        "BandwithAppID": "a-0001", "TwilioAccSID": "AC0000000000000000000000000000001",
        "TwilioAuthToken": "token0001", "VoipSecret": "Voip!Secret9", "VoipLogin": "apilogin",
        "OzAPI": "KEYOZ0001", "OzUserName": "apiuser",
    }


def postman_environment(world: World, base_url: str) -> dict[str, object]:
    """The Postman environment (v2.1 JSON) for running Bicom's collection against ``world``.

    Args:
        world: the world to run against; read, never changed.
        base_url: where mockpbx serves it, e.g. ``http://127.0.0.1:8080``.

    Returns:
        A dict ready for ``json.dump`` and ``newman run ... -e``.
    """
    values = environment_values(world, base_url)
    return {
        "id": f"mockpbx-{world.id}",
        "name": f"mockpbx {world.id}",
        "values": [{"key": k, "value": v, "type": "default", "enabled": True} for k, v in values.items()],
        "_postman_variable_scope": "environment",
    }
