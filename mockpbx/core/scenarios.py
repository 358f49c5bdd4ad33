"""Built-in worlds and scenario files.

``default`` is small, fixed and documented: every example in the vendors' own documents
(MiRTA tenant DEMO with extensions 102, 104 and 402, queue 281, custom destination 67,
mailbox 102, flow 901, virtual extension 701, response path 1, campaign 1; PBXware's
master key) exists in it. ``pbxware-box`` is only a PBXware system in tenant mode, with no
trunks: the box Bicom's Postman collection runs clean against. ``demo`` is generated from a
seed with Faker at any size. A scenario file (YAML or JSON) describes a world declaratively.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import errors
from .entities import (
    Destination,
    Direction,
    Disposition,
    Extension,
    FeatureKind,
    KeyScope,
    Tech,
    Vendor,
    VoicemailFolder,
)
from .state import MirtaCdrColumns, PbxwareVersion
from .telephony import PastCall, PastCallRow

if TYPE_CHECKING:
    from .base import WorldBase
    from .world import World

DEFAULT_EPOCH = datetime(2026, 1, 5, 9, 0, tzinfo=UTC).timestamp()
# Days the default world's system licence has left at the scenario's start.
LICENCE_DAYS = 365

DEMO_KEYS = {
    "epbx_reseller": "demo-reseller-token",
    "epbx_second_reseller": "demo-reseller2-token",
    "pbxcloud_admin": "demo-admin-key",
    "pbxcloud_demo_rw": "demo-DEMO-rw",
    "pbxcloud_demo_ro": "demo-DEMO-ro",
    "pbxware_master": "Test123456789",
}


@dataclass(frozen=True, slots=True)
class Scenario:
    """A recipe for a world: ``populate`` fills a fresh world, ``epoch`` starts a manual clock."""

    name: str
    builder: Callable[[World], None]
    epoch: float = DEFAULT_EPOCH

    def populate(self, world: WorldBase) -> None:
        self.builder(world)  # type: ignore[arg-type]


def _key(world: World, name: str) -> str | None:
    """The documented demo key in the ``default`` world; generated keys everywhere else."""
    return DEMO_KEYS[name] if world.id == "default" else None


# -- default --------------------------------------------------------------------------------


def build_default(world: World) -> None:
    _default_catalogue(world)
    _default_resellers(world)
    _default_demo_tenant(world)
    _default_pbxware_tenant(world)
    _default_pbxware_dialplan(world)
    _default_demo_equipment(world)


def _default_catalogue(world: World) -> None:
    _packages_and_providers(world)
    world.directory.create_custom_type("Phone number", "Forward to an outside number")
    world.directory.create_custom_type("Web hook", "Call a URL")
    world.issue_key(Vendor.PBXWARE, KeyScope.MASTER, key=_key(world, "pbxware_master"))
    world.issue_key(Vendor.PBXCLOUD, KeyScope.ADMIN, key=_key(world, "pbxcloud_admin"))
    # MiRTA's portal user groups, and a system licence with a year to run.
    for profile in ("Administrator", "Tenant administrator", "Tenant user"):
        world.accounts.create_user_profile(profile)
    _licence(world)


def _packages_and_providers(world: World) -> None:
    world.configure(rate_limit_per_minute=60, currency="BDT")
    for name, rate in (("Package 1", "0.50"), ("Package 2", "0.40"), ("Package 3", "0.30")):
        world.tenancy.create_package(name, rate_per_minute=Decimal(rate))
    world.numbering.create_provider("Generic SIP", kind="voip", tech=Tech.SIP)
    world.numbering.create_provider("Generic Analog", kind="pstn", tech=Tech.SIP)


def _licence(world: World) -> None:
    world.configure(licence_expires_at=world.clock.now() + LICENCE_DAYS * 86_400)


def _default_resellers(world: World) -> None:
    first = world.tenancy.create_reseller("Demo Reseller", opening_balance=Decimal("100000.00"))
    second = world.tenancy.create_reseller("Second Reseller", opening_balance=Decimal("5000.00"))
    world.issue_key(Vendor.EPBX, KeyScope.RESELLER, key=_key(world, "epbx_reseller"), reseller_id=first.id)
    world.issue_key(Vendor.EPBX, KeyScope.RESELLER, key=_key(world, "epbx_second_reseller"), reseller_id=second.id)
    for owner, company, email in (
        (first.id, "Acme Corp", "admin@acme.example"),
        (first.id, "Globex Ltd", "it@globex.example"),
        (second.id, "Initech", "ops@initech.example"),
    ):
        domain = world.tenancy.unique_domain(company, "epbx.bd")
        tenant = world.tenancy.create_tenant(world.tenancy.next_tenant_code(), company, package_id=1, reseller_id=owner,
                                             email=email, domain=domain, country="BD")
        world.directory.create_extension(tenant.id, "101", name=f"{company} Reception", secret="Reception-101x")


def _default_demo_tenant(world: World) -> None:
    demo = world.tenancy.create_tenant("DEMO", "Demo Company", package_id=1, ext_length=3, country="DK")
    world.issue_key(Vendor.PBXCLOUD, KeyScope.TENANT_READ_WRITE, key=_key(world, "pbxcloud_demo_rw"),
                    tenant_id=demo.id)
    world.issue_key(Vendor.PBXCLOUD, KeyScope.TENANT_READ_ONLY, key=_key(world, "pbxcloud_demo_ro"),
                    tenant_id=demo.id)
    reception = world.directory.create_extension(demo.id, "102", name="Reception", email="reception@demo.example",
                                                 secret="Recept1on!102", pin="1020", registered=True)
    agent = world.directory.create_extension(demo.id, "104", name="Support Agent", email="support@demo.example",
                                             secret="Supp0rt!104", pin="1040", registered=True, record_calls=True)
    sales = world.directory.create_extension(demo.id, "402", name="Sales", email="sales@demo.example",
                                             secret="Sa1es!402x", pin="4020", registered=False)
    trunk = world.numbering.create_trunk("DEMO-trunk", provider_id=1, channels=10, tenant_ids=(demo.id,))
    world.numbering.create_did("4535150000", tenant_id=demo.id, trunk_id=trunk.id,
                               destination=Destination("extension", "102"))
    world.numbering.create_did("4535150001", tenant_id=demo.id, trunk_id=trunk.id,
                               destination=Destination("queue", "281"))
    queue = world.directory.create_queue(demo.id, "281", "Support")
    world.directory.add_queue_member(queue.id, agent.id)
    world.directory.add_queue_member(queue.id, reception.id)
    world.directory.create_custom_destination(demo.id, "Boss phone", 1, ("3564732920", "INCOMINGDID", "30"),
                                              custom_id=67)
    world.media.create_media_file(demo.id, "Welcome message", seconds=8, media_id=3619)
    world.directory.create_feature(demo.id, FeatureKind.IVR, "500", "Main menu", members=("1:EXT-102", "2:QUEUE-281"))
    world.directory.create_feature(demo.id, FeatureKind.RING_GROUP, "600", "Everyone", members=("102", "104", "402"))
    world.directory.add_phonebook_entry(demo.id, "Customers", {"NAME": "Boss", "PHONE1": "3564732920"})
    _default_demo_call_control(world, demo.id)
    world.accounts.create_user("demo.admin", "Demo!Admin1", 2, tenant_id=demo.id, email="admin@demo.example")
    world.accounts.create_user("demo.reception", "Recept1on!Web", 3, tenant_id=demo.id, extension_id=reception.id,
                               email="reception@demo.example")
    now = int(world.clock.now())
    world.media.deposit_voicemail(demo.id, "102", '"Susan" <1132555678>', 17, at=now - 7200,
                                  msgid="1475685709-00000004")
    world.media.deposit_voicemail(demo.id, "102", '"Mark" <4520304050>', 9, at=now - 3600, folder=VoicemailFolder.OLD,
                                  msgid="1475685710-00000005")
    world.telephony.import_history([
        PastCall(demo.id, "402", "4520304050", Direction.OUTBOUND, Disposition.ANSWERED, now - 5400, 4, 95,
                 "Sales", sales.id, None, record=True),
        PastCall(demo.id, "1132555678", "102", Direction.INBOUND, Disposition.NO_ANSWER, now - 7230, 30, 0,
                 "Susan", None, reception.id),
        PastCall(demo.id, "104", "102", Direction.INTERNAL, Disposition.ANSWERED, now - 1800, 3, 42,
                 "Support Agent", agent.id, reception.id),
    ])


def _default_demo_call_control(world: World, tenant_id: int) -> None:
    """DEMO's API-driven objects: a day/night flow, a virtual extension, a response path, a campaign."""
    world.dialplan.create_flow(tenant_id, "901", "Night service", active=Destination("extension", "102"),
                               inactive=Destination("queue", "281"))
    for number in ("102", "104"):
        world.dialplan.add_virtual_member(tenant_id, "701", world.directory.extension_by_number(tenant_id, number).id)
    world.dialplan.create_response_path(tenant_id, "Support line",
                                        did_ids=(world.numbering.did_by_number("4535150001").id,))
    world.dialer.create_campaign(tenant_id, "Callbacks", "104",
                                 numbers=(("4520304050", "Mark"), ("4520304051", "Susan")))


def _default_pbxware_tenant(world: World, *, trunked: bool = True) -> None:
    """Tenants 344 and 345; ``trunked`` gives 344 a trunk carrying its DID (a bare box has none)."""
    tenant = world.tenancy.create_tenant("344", "t1.dot.com", package_id=1, ext_length=3, country="US")
    user = world.directory.create_extension(tenant.id, "530", name="User 530", email="name@provider.com",
                                            secret="Secret!530a", pin="1234", registered=True)
    # 531 is 530's slave account (ext.slaves), as PBXware's acc_slave/slave_accountcode record it.
    world.directory.create_extension(tenant.id, "531", name="User 531", email="user531@provider.com",
                                     secret="Secret!531a", pin="4321",
                                     attributes={"acc_slave": "1", "slave_accountcode": "530"})
    trunk = world.numbering.create_trunk("t1-trunk", provider_id=1, channels=30,
                                         tenant_ids=(tenant.id,)) if trunked else None
    world.numbering.create_did("12345", tenant_id=tenant.id, trunk_id=trunk.id if trunk else None,
                               destination=Destination("extension", "530"))
    # A DID group (PBXware keeps them per tenant; the core stores them as tenant attributes).
    group_id = world.allocate_id("didgroup")
    world.tenancy.update_tenant(tenant.id, attributes={
        "didgroups": f'{{"{group_id}": {{"group_name": "Main", "min_did": "12300", "max_did": "12399"}}}}'})
    # A second tenant the collection adds an extension to and finally deletes. Its own user
    # gives that extension a colleague (speed dials, paging lists default to the tenant's others).
    spare = world.tenancy.create_tenant("345", "t2.dot.com", package_id=1, ext_length=3, country="US")
    world.directory.create_extension(spare.id, "200", name="User 200", email="user200@provider.com",
                                     secret="Secret!200a", pin="2000")
    now = int(world.clock.now())
    world.telephony.import_history([
        # Dated inside the window Bicom's collection asks cdr.download for (Sep-27-2022 .. Sep-27-2025).
        PastCall(tenant.id, "530", "0123456789", Direction.OUTBOUND, Disposition.ANSWERED,
                 int(datetime(2025, 3, 14, 10, 0, tzinfo=UTC).timestamp()), 4, 62, "User 530", user.id, None),
        PastCall(tenant.id, "530", "0123456789", Direction.OUTBOUND, Disposition.ANSWERED, now - 86_000, 5, 35,
                 "User 530", user.id, None),
        PastCall(tenant.id, "530", "5550001", Direction.OUTBOUND, Disposition.BUSY, now - 43_000, 2, 0,
                 "User 530", user.id, None),
    ])


def _default_pbxware_dialplan(world: World, *, sms_trunk: bool = True) -> None:
    """An IVR, a ring group and an ERG in tenant 344, so Bicom's collection has objects to read."""
    tenant = world.tenancy.tenant_by_code("344")
    world.directory.create_feature(tenant.id, FeatureKind.IVR, "700", "MainMenu", members=("1:530", "2:531"),
                                   attributes={"greeting": "greeting-main", "keymap.1.type": "ex",
                                               "keymap.2.type": "ex"})
    world.directory.create_feature(tenant.id, FeatureKind.IVR, "701", "AfterHours", members=("9:531",),
                                   attributes={"greeting": "greeting-closed", "keymap.9.type": "vm"})
    world.directory.create_feature(tenant.id, FeatureKind.RING_GROUP, "600", "Sales", members=("530", "531"))
    world.directory.create_feature(tenant.id, FeatureKind.ENHANCED_RING_GROUP, "800", "Support",
                                   members=("530:0", "531:1"),
                         attributes={"max_wait_callers": "10", "rings_answer": "0", "ring_strategy": "ringall"})
    if sms_trunk:
        sms = world.numbering.create_sms_trunk("t1-sms", "telnyx", description="Tenant 344 messaging",
                                               attributes={"api_key": "KEY0123", "public_key": "PUB0123",
                                                 "messaging_profile_id": "1"})
        world.numbering.assign_sms_trunk(tenant.id, sms.id)
    # A caller-id route (callerid|dest_type|destination|match explicitly), as tenant.clirouting stores it.
    route_id = world.allocate_id("tenant_cli_route")
    world.tenancy.update_tenant(tenant.id,
                                attributes={**tenant.attributes, f"clirouting.{route_id}": "38761555000|0|530|1"})


def _default_demo_equipment(world: World) -> None:
    """DEMO's way out and its devices: provider 1's SIP settings, a routing profile whose one route
    catches every number, a desk phone and a conference room. Made last, so no id above moves."""
    demo = world.tenancy.tenant_by_code("DEMO")
    provider = world.numbering.get_provider(1)
    world.numbering.update_provider(provider.id, attributes={"peername": "generic-sip", "host": "sip.provider.example",
                                                             "allow": "alaw,ulaw", "userealtime": "yes"})
    profile = world.routing.create_routing_profile(demo.id, "Default")
    world.routing.create_route(profile.id, "Everything", ".*", provider.id)
    world.phones.create_phone(demo.id, "Reception phone", "00:15:65:AB:CD:EF", 1)
    world.directory.create_feature(demo.id, FeatureKind.CONFERENCE, "900", "Meeting room", attributes={"pin": "1234"})


# -- pbxware-box ---------------------------------------------------------------------------


def build_pbxware_box(world: World) -> None:
    """A PBXware system in tenant mode as Bicom's collection expects to find it.

    Only PBXware: its master key, the tenant packages and providers a fresh system has, tenants
    344 and 345 with the extensions, DID, dial plan and call history the collection's requests
    name through its environment, and no trunks or SMS trunks at all. The collection lists
    trunks and deletes every one it listed, then uses that list again (``did.add trunk=``,
    ``sms.trunks.tenants.set id=``): on this box the list is only what it added itself.
    """
    _packages_and_providers(world)
    world.issue_key(Vendor.PBXWARE, KeyScope.MASTER, key=_key(world, "pbxware_master"))
    _licence(world)
    _default_pbxware_tenant(world, trunked=False)
    _default_pbxware_dialplan(world, sms_trunk=False)


# -- demo -----------------------------------------------------------------------------------

DEMO_EXTENSIONS_PER_TENANT = 100
DEMO_DIDS_PER_TENANT = 10
DEMO_CALLS_PER_EXTENSION = 10
DEMO_HISTORY_DAYS = 30


def demo_scenario(size: int) -> Scenario:
    """``size`` tenants, each with 100 extensions, 10 DIDs, a queue and 1,000 past calls."""
    if not 1 <= size <= 10_000:
        raise errors.InvalidArgument("demo size must be 1 to 10000", field="size")
    return Scenario(f"demo:{size}", lambda world: build_demo(world, size))


DEMO_NAME_POOL = 2_000
_DEMO_OUTCOMES = (Disposition.ANSWERED,) * 78 + (Disposition.NO_ANSWER,) * 12 + (Disposition.BUSY,) * 7 + (
    Disposition.FAILED,) * 3


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Building allocates millions of acyclic rows; the cycle collector would rescan them again and
    again (a third of a size-1000 build) and could free nothing. Reference counting still runs.

    Afterwards everything alive is frozen out of the collector's reach: otherwise the first
    collections after the build walk every row (seconds, in the middle of serving requests).
    Frozen objects are still freed by reference counting when a world is dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def build_demo(world: World, size: int) -> None:
    with _cycle_collector_paused():
        _build_demo(world, size)


def _build_demo(world: World, size: int) -> None:
    from faker import Faker  # only demo worlds need it; the default world starts without it

    fake = Faker()
    fake.seed_instance(world.seed)
    rng = random.Random(world.seed)
    # Faker spends ~250 us on a name: a seeded pool keeps 100,000 extensions affordable.
    names = [fake.name() for _ in range(min(DEMO_NAME_POOL, size * DEMO_EXTENSIONS_PER_TENANT))]
    _default_catalogue(world)
    reseller = world.tenancy.create_reseller("Demo Reseller", opening_balance=Decimal("1000000.00"))
    world.issue_key(Vendor.EPBX, KeyScope.RESELLER, reseller_id=reseller.id)
    now = int(world.clock.now())
    history: list[PastCallRow] = []
    for index in range(size):
        company = fake.unique.company()
        tenant = world.tenancy.create_tenant(
            f"{100 + index}" if size <= 900 else f"T{index:05d}", company, package_id=1 + index % 3,
            ext_length=3 if size <= 900 else 4, reseller_id=reseller.id, email=fake.unique.company_email(),
            domain=world.tenancy.unique_domain(company, "epbx.bd"), country=fake.country_code(),
        )
        world.issue_key(Vendor.PBXCLOUD, KeyScope.TENANT_READ_WRITE, tenant_id=tenant.id)
        extensions = _demo_extensions(world, tenant.id, tenant.ext_length, names, rng)
        trunk = world.numbering.create_trunk(f"{tenant.code}-trunk", provider_id=1, tenant_ids=(tenant.id,))
        for n in range(DEMO_DIDS_PER_TENANT):
            target = extensions[n % len(extensions)]
            world.numbering.create_did(f"1{rng.randrange(10**9, 10**10)}", tenant_id=tenant.id, trunk_id=trunk.id,
                                       destination=Destination("extension", target.number))
        queue = world.directory.create_queue(tenant.id, "8" + "0" * (tenant.ext_length - 1), "Support")
        for agent in extensions[:5]:
            world.directory.add_queue_member(queue.id, agent.id)
        history.extend(_demo_history(tenant.id, extensions, now, rng))
    world.telephony.import_history_rows(history)


def _demo_extensions(world: World, tenant_id: int, length: int, names: list[str],
                     rng: random.Random) -> list[Extension]:
    first = 10 ** (length - 1)
    made = []
    for n in range(DEMO_EXTENSIONS_PER_TENANT):
        number = str(first + n)
        made.append(world.directory.create_extension(
            tenant_id, number, name=names[rng.randrange(len(names))], email=f"ext{number}.{tenant_id}@example.com",
            secret=f"Demo!{rng.randrange(10**8):08d}", pin=f"{rng.randrange(10**4):04d}",
            registered=rng.random() < 0.7, record_calls=rng.random() < 0.3,
        ))
    return made


def _demo_history(tenant_id: int, extensions: list[Extension], now: int, rng: random.Random) -> list[PastCallRow]:
    # A million of these make up most of a size-1000 build: draw floats (much cheaper than
    # randrange) and make each row a plain tuple.
    span = DEMO_HISTORY_DAYS * 86_400
    first, window = now - span, span - 3600
    people = [(e.number, e.name, e.id, e.record_calls) for e in extensions]
    count = len(people)
    draw = rng.random
    calls: list[PastCallRow] = []
    append = calls.append
    for _ in range(count * DEMO_CALLS_PER_EXTENSION):
        number, name, ext_id, record = people[int(draw() * count)]
        disposition = _DEMO_OUTCOMES[int(draw() * 100)]
        outside = f"1{1_000_000_000 + int(draw() * 9_000_000_000)}"
        start = first + int(draw() * window)
        ring, talk = 2 + int(draw() * 7), 15 + int(draw() * 585)
        if draw() < 0.4:
            append((tenant_id, outside, number, Direction.INBOUND, disposition, start, ring, talk,
                    "", None, ext_id, record))
        else:
            append((tenant_id, number, outside, Direction.OUTBOUND, disposition, start, ring, talk,
                    name, ext_id, None, record))
    return calls


# -- files ----------------------------------------------------------------------------------


class _FileExtension(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: str
    name: str = ""
    email: str = ""
    secret: str | None = None
    pin: str | None = None
    voicemail: bool = True
    registered: bool = False
    record_calls: bool = False


class _FileDid(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: str
    extension: str | None = None


class _FileQueue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: str
    name: str
    members: list[str] = []


class _FileKey(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vendor: Vendor
    scope: KeyScope
    key: str | None = None


class _FileTenant(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # A fixed id, for contracts that name one (PBXware's server=6, ePBX's /customers/6).
    id: int | None = Field(None, ge=1, le=1_000_000)
    code: str
    name: str
    package: str | None = None
    ext_length: int = 3
    country: str = "US"
    reseller: str | None = None
    email: str | None = None
    domain: str | None = None
    extensions: list[_FileExtension] = []
    dids: list[_FileDid] = []
    queues: list[_FileQueue] = []
    keys: list[_FileKey] = []


class _FileReseller(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    balance: Decimal = Decimal("0")
    currency: str = "BDT"
    token: str | None = None


class _FilePackage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    rate_per_minute: Decimal = Decimal("0")


class _FileSettings(BaseModel):
    """World settings a scenario fixes: which vendor releases the world emulates."""

    model_config = ConfigDict(extra="forbid")
    pbxware_version: PbxwareVersion = "7.x"
    mirta_cdr_columns: MirtaCdrColumns = "full"


class ScenarioFile(BaseModel):
    """The schema of a scenario file; see ``fixtures/`` for examples."""

    model_config = ConfigDict(extra="forbid")
    name: str
    epoch: datetime | None = None
    settings: _FileSettings = _FileSettings()
    packages: list[_FilePackage] = []
    providers: list[str] = ["Generic SIP"]
    resellers: list[_FileReseller] = []
    tenants: list[_FileTenant] = []
    keys: list[_FileKey] = []


def file_scenario(path: Path) -> Scenario:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise errors.InvalidArgument(f"cannot read scenario file {path}: {exc.strerror}", field="scenario") from None
    try:
        if path.suffix in (".yaml", ".yml"):
            import yaml  # a JSON scenario needs no YAML parser

            try:
                raw = yaml.safe_load(text)
            except yaml.YAMLError as exc:  # not a ValueError: turn it into one for the handler below
                raise ValueError(str(exc)) from None
        else:
            import json

            raw = json.loads(text)
        spec = ScenarioFile.model_validate(raw)
    except (ValueError, ValidationError) as exc:
        raise errors.InvalidArgument(f"invalid scenario file {path}: {exc}", field="scenario") from None
    # A time without a zone means UTC, never the server's local time: the same file, the same world.
    epoch = spec.epoch.replace(tzinfo=spec.epoch.tzinfo or UTC).timestamp() if spec.epoch else DEFAULT_EPOCH
    return Scenario(spec.name, lambda world: build_from_file(world, spec), epoch)


def build_from_file(world: World, spec: ScenarioFile) -> None:
    world.configure(**spec.settings.model_dump())
    packages = {p.name: world.tenancy.create_package(p.name, rate_per_minute=p.rate_per_minute).id
                for p in spec.packages}
    for provider in spec.providers:
        world.numbering.create_provider(provider)
    resellers = {}
    for r in spec.resellers:
        reseller = world.tenancy.create_reseller(r.name, currency=r.currency, opening_balance=r.balance)
        resellers[r.name] = reseller.id
        world.issue_key(Vendor.EPBX, KeyScope.RESELLER, key=r.token, reseller_id=reseller.id)
    for k in spec.keys:
        world.issue_key(k.vendor, k.scope, key=k.key)
    for t in spec.tenants:
        if t.package is not None and t.package not in packages:
            raise errors.InvalidArgument(f"tenant {t.code} names unknown package {t.package}", field="package")
        tenant = world.tenancy.create_tenant(
            t.code, t.name, package_id=packages.get(t.package or ""), ext_length=t.ext_length, country=t.country,
            reseller_id=resellers.get(t.reseller or ""), email=t.email, domain=t.domain, tenant_id=t.id,
        )
        numbers = {}
        for e in t.extensions:
            numbers[e.number] = world.directory.create_extension(tenant.id, e.number,
                                                                 **e.model_dump(exclude={"number"})).id
        for d in t.dids:
            destination = Destination("extension", d.extension) if d.extension else None
            world.numbering.create_did(d.number, tenant_id=tenant.id, destination=destination)
        for q in t.queues:
            queue = world.directory.create_queue(tenant.id, q.number, q.name)
            for member in q.members:
                if member not in numbers:
                    raise errors.InvalidArgument(f"queue {q.number} names unknown extension {member}",
                                                 field="members")
                world.directory.add_queue_member(queue.id, numbers[member])
        for k in t.keys:
            world.issue_key(k.vendor, k.scope, key=k.key, tenant_id=tenant.id)


BUILTIN: dict[str, Callable[[], Scenario]] = {
    "default": lambda: Scenario("default", build_default),
    "pbxware-box": lambda: Scenario("pbxware-box", build_pbxware_box),
    "sketch": lambda: _sketch_base(),
}


def _sketch_base() -> Scenario:
    from .sketches import sketch_base_scenario  # sketches builds on this module

    return sketch_base_scenario()


def load_scenario(name: str, *, size: int | None = None) -> Scenario:
    """``default``, ``pbxware-box``, ``demo`` (with ``size``, default 5) or a path to a YAML/JSON scenario file."""
    if name == "demo":
        return demo_scenario(5 if size is None else size)
    if name in BUILTIN:
        return BUILTIN[name]()
    path = Path(name)
    if path.suffix in (".yaml", ".yml", ".json"):
        if not path.exists():
            raise errors.InvalidArgument(f"scenario file {name} does not exist", field="scenario")
        return file_scenario(path)
    raise errors.InvalidArgument(
        f"unknown scenario {name!r}: use default, pbxware-box, demo, sketch or a .yaml/.json path", field="scenario")
