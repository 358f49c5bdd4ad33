"""Everything a world holds, in one container that snapshots to JSON and back.

``WorldState`` is the persisted truth. Each aggregate derives its own indexes from it
(``BillingIndexes``, ``DirectoryIndexes``, ...) and rebuilds them after a restore, so a
snapshot never carries data that could disagree with itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Literal, get_args

from pydantic import ConfigDict, TypeAdapter

from .clock import ClockState
from .entities import (
    ApiKey,
    AuthToken,
    Call,
    Campaign,
    Cdr,
    CustomDestination,
    CustomDestinationType,
    Did,
    DidRequest,
    Extension,
    Fax,
    Feature,
    Flow,
    KycSubmission,
    LedgerEntry,
    MediaFile,
    Package,
    Phone,
    PhonebookEntry,
    PortalUser,
    Provider,
    Queue,
    QueueLogEntry,
    Recording,
    Reseller,
    ResponsePath,
    Route,
    RoutingProfile,
    SmsMessage,
    SmsTrunk,
    Tenant,
    Trunk,
    UserProfile,
    VirtualExtension,
    VoicemailBox,
    VoicemailMessage,
    Wallet,
)
from .ids import IdState


@dataclass(frozen=True, slots=True, order=True)
class ScheduledEvent:
    """Something the clock owes the world: ``kind`` names the handler, ``ref`` its subject."""

    due: float
    seq: int
    kind: str
    ref: int


# PBXware 6 and 7 lay out a tenant's cdr.download differently; license.info names the release.
PbxwareVersion = Literal["6.x", "7.x"]
# MiRTA's INFO CDRS prints 31 columns on most systems; some stop after ``pincode``.
MirtaCdrColumns = Literal["full", "short"]
PBXWARE_VERSIONS: tuple[str, ...] = get_args(PbxwareVersion)
MIRTA_CDR_COLUMNS: tuple[str, ...] = get_args(MirtaCdrColumns)


@dataclass(slots=True)
class WorldSettings:
    """Per-world knobs that vendors and the engine read; changed through the control plane."""

    rate_limit_per_minute: int = 60
    did_request_auto_approve_seconds: int | None = None
    traffic_calls_per_minute: float = 0.0
    currency: str = "BDT"
    call_rate_per_minute: Decimal = Decimal("0.00")
    # When the system licence runs out (epoch seconds); None: the world has no licence.
    licence_expires_at: float | None = None
    # Vendor version profiles: where real systems of one vendor answer differently by release,
    # which release the world emulates (docs/configuration.md, "Vendor version profiles").
    pbxware_version: PbxwareVersion = "7.x"
    mirta_cdr_columns: MirtaCdrColumns = "full"


@dataclass(slots=True)
class WorldState:
    scenario: str
    seed: int
    keys: dict[str, ApiKey] = field(default_factory=dict)
    resellers: dict[int, Reseller] = field(default_factory=dict)
    packages: dict[int, Package] = field(default_factory=dict)
    tenants: dict[int, Tenant] = field(default_factory=dict)
    extensions: dict[int, Extension] = field(default_factory=dict)
    providers: dict[int, Provider] = field(default_factory=dict)
    trunks: dict[int, Trunk] = field(default_factory=dict)
    sms_trunks: dict[int, SmsTrunk] = field(default_factory=dict)
    routing_profiles: dict[int, RoutingProfile] = field(default_factory=dict)
    routes: dict[int, Route] = field(default_factory=dict)
    dids: dict[int, Did] = field(default_factory=dict)
    did_requests: dict[int, DidRequest] = field(default_factory=dict)
    queues: dict[int, Queue] = field(default_factory=dict)
    queue_log: list[QueueLogEntry] = field(default_factory=list)
    features: dict[int, Feature] = field(default_factory=dict)
    custom_types: dict[int, CustomDestinationType] = field(default_factory=dict)
    custom_destinations: dict[int, CustomDestination] = field(default_factory=dict)
    phonebook: dict[int, PhonebookEntry] = field(default_factory=dict)
    phones: dict[int, Phone] = field(default_factory=dict)
    media_files: dict[int, MediaFile] = field(default_factory=dict)
    calls: dict[int, Call] = field(default_factory=dict)
    cdrs: list[Cdr] = field(default_factory=list)
    recordings: dict[int, Recording] = field(default_factory=dict)
    voicemail_boxes: dict[int, VoicemailBox] = field(default_factory=dict)
    voicemail: dict[int, VoicemailMessage] = field(default_factory=dict)
    wallets: dict[int, Wallet] = field(default_factory=dict)
    ledger: list[LedgerEntry] = field(default_factory=list)
    kyc: dict[int, KycSubmission] = field(default_factory=dict)
    faxes: dict[int, Fax] = field(default_factory=dict)
    sms_messages: dict[int, SmsMessage] = field(default_factory=dict)
    # Per tenant, setting code -> value; codes never set keep the vendor's default.
    tenant_settings: dict[int, dict[str, str]] = field(default_factory=dict)
    user_profiles: dict[int, UserProfile] = field(default_factory=dict)
    users: dict[int, PortalUser] = field(default_factory=dict)
    auth_tokens: dict[str, AuthToken] = field(default_factory=dict)
    events: list[ScheduledEvent] = field(default_factory=list)
    settings: WorldSettings = field(default_factory=WorldSettings)
    flows: dict[int, Flow] = field(default_factory=dict)
    virtual_extensions: dict[int, VirtualExtension] = field(default_factory=dict)
    response_paths: dict[int, ResponsePath] = field(default_factory=dict)
    campaigns: dict[int, Campaign] = field(default_factory=dict)


@dataclass(slots=True)
class Snapshot:
    """A world's state plus the clock and id positions needed to carry on identically."""

    # Nested plain dataclasses inherit this, so uploaded files travel as base64 text.
    __pydantic_config__ = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")

    format: int
    state: WorldState
    clock: ClockState
    ids: IdState


SNAPSHOT_FORMAT = 1


@cache
def snapshot_adapter() -> TypeAdapter[Snapshot]:
    # Built once per process on first use: the schema covers every entity and is costly.
    return TypeAdapter(Snapshot)
