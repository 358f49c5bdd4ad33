"""The things a world holds, as frozen values.

Verbs hand these out directly: they are immutable, so a renderer cannot change state
behind the lock, and an update is always a new value swapped in under it. Field names
are the domain's; each vendor maps them to its own wire names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class TenantStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Tech(StrEnum):
    SIP = "SIP"
    PJSIP = "PJSIP"
    IAX = "IAX"


class ExtensionStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    SUSPENDED = "suspended"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    INTERNAL = "internal"


class CallState(StrEnum):
    QUEUED = "queued"
    RINGING = "ringing"
    ANSWERED = "answered"
    ENDED = "ended"


class Disposition(StrEnum):
    ANSWERED = "answered"
    BUSY = "busy"
    NO_ANSWER = "no_answer"
    FAILED = "failed"


class ReviewStatus(StrEnum):
    """Shared by KYC submissions and DID requests: both wait for an operator."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class FeatureKind(StrEnum):
    IVR = "ivr"
    RING_GROUP = "ring_group"
    ENHANCED_RING_GROUP = "enhanced_ring_group"
    CONFERENCE = "conference"
    TIME_CONDITION = "time_condition"


class VoicemailFolder(StrEnum):
    INBOX = "INBOX"
    OLD = "Old"


class OwnerKind(StrEnum):
    RESELLER = "reseller"
    TENANT = "tenant"
    EXTENSION = "extension"


class Vendor(StrEnum):
    """The vendor systems a world can hold; keys are issued per system."""

    EPBX = "epbx"
    PBXCLOUD = "pbxcloud"
    PBXWARE = "pbxware"


class KeyScope(StrEnum):
    RESELLER = "reseller"
    ADMIN = "admin"
    TENANT_READ_WRITE = "tenant_rw"
    TENANT_READ_ONLY = "tenant_ro"
    MASTER = "master"
    RESTRICTED = "restricted"


Attributes = dict[str, str]


@dataclass(frozen=True, slots=True)
class ApiKey:
    key: str
    vendor: Vendor
    scope: KeyScope
    tenant_id: int | None = None
    reseller_id: int | None = None
    allowed_actions: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Reseller:
    id: int
    name: str
    currency: str = "BDT"


@dataclass(frozen=True, slots=True)
class Package:
    id: int
    name: str
    rate_per_minute: Decimal = Decimal("0.00")
    max_extensions: int = 100
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Tenant:
    id: int
    code: str
    name: str
    package_id: int | None
    status: TenantStatus = TenantStatus.ACTIVE
    ext_length: int = 3
    country: str = "US"
    reseller_id: int | None = None
    email: str | None = None
    domain: str | None = None
    created_at: int = 0
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EnhancedService:
    """One of an extension's enhanced services (DND, call forwarding, follow-me, ...)."""

    enabled: bool = False
    settings: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Extension:
    id: int
    tenant_id: int
    number: str
    name: str
    email: str = ""
    secret: str = ""
    pin: str = ""
    tech: Tech = Tech.PJSIP
    status: ExtensionStatus = ExtensionStatus.ACTIVE
    voicemail: bool = True
    incoming_limit: int = 2
    outgoing_limit: int = 2
    registered: bool = False
    record_calls: bool = False
    services: dict[str, EnhancedService] = field(default_factory=dict)
    created_at: int = 0
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Provider:
    id: int
    name: str
    kind: str = "voip"
    tech: Tech = Tech.SIP
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Trunk:
    id: int
    name: str
    provider_id: int | None
    tech: Tech = Tech.SIP
    channels: int = 30
    enabled: bool = True
    tenant_ids: tuple[int, ...] = ()
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RoutingProfile:
    """A tenant's outbound dial plan: its routes, tried in order, pick the provider of a dialled number."""

    id: int
    tenant_id: int
    name: str
    kind: str = "voice"
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Route:
    """One line of a routing profile: numbers matching ``pattern`` (a regular expression) leave by ``provider_id``."""

    id: int
    profile_id: int
    name: str
    pattern: str
    provider_id: int
    order: int = 0
    emergency: bool = False
    use_pin: bool = False
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SmsTrunk:
    """A messaging provider account (Telnyx, Twilio, ...); tenants send SMS through the one assigned to them."""

    id: int
    name: str
    provider: str
    enabled: bool = True
    description: str = ""
    tenant_ids: tuple[int, ...] = ()
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Destination:
    """Where an inbound number goes: ``kind`` names the object, ``target`` its number or id."""

    kind: str
    target: str


@dataclass(frozen=True, slots=True)
class Did:
    id: int
    number: str
    tenant_id: int | None
    trunk_id: int | None = None
    destination: Destination | None = None
    enabled: bool = True
    record_calls: bool = False
    comment: str = ""
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DidRequest:
    id: int
    tenant_id: int
    preferred_digits: str
    provider_id: int
    channels: int
    notes: str
    status: ReviewStatus = ReviewStatus.PENDING
    created_at: int = 0
    decided_at: int | None = None
    did_id: int | None = None
    trunk_id: int | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class QueueMember:
    """An agent: an extension's membership of one queue."""

    extension_id: int
    penalty: int = 0
    paused: bool = False
    pause_reason: str = ""


@dataclass(frozen=True, slots=True)
class Queue:
    id: int
    tenant_id: int
    number: str
    name: str
    strategy: str = "ringall"
    timeout: int = 30
    members: tuple[QueueMember, ...] = ()
    # Queue statistics count the queue log from this instant on (QUEUERESET moves it).
    stats_since: int = 0


@dataclass(frozen=True, slots=True)
class QueueLogEntry:
    id: int
    tenant_id: int
    queue_id: int
    time: int
    event: str
    call_id: str = ""
    extension_id: int | None = None
    data: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Feature:
    """A dial-plan object reached by number: IVR, ring group, conference, time condition."""

    id: int
    tenant_id: int
    kind: FeatureKind
    number: str
    name: str
    members: tuple[str, ...] = ()
    enabled: bool = True
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CustomDestinationType:
    id: int
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class CustomDestination:
    id: int
    tenant_id: int
    name: str
    type_id: int
    params: tuple[str, str, str] = ("", "", "")


@dataclass(frozen=True, slots=True)
class PhonebookEntry:
    id: int
    tenant_id: int
    phonebook: str
    fields: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Phone:
    """A desk phone the PBX provisions, known by its MAC address (12 lowercase hex digits)."""

    id: int
    tenant_id: int
    name: str
    mac: str
    model_id: int
    attributes: Attributes = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MediaFile:
    id: int
    tenant_id: int
    name: str
    seconds: int = 10
    content_type: str | None = None
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class Call:
    """A live call. ``outcome`` and the timings are fixed at origination so the run replays."""

    id: int
    uniqueid: str
    originate_id: str
    tenant_id: int
    src: str
    dst: str
    direction: Direction
    state: CallState
    outcome: Disposition
    created_at: float
    ring_seconds: int
    talk_seconds: int
    src_extension_id: int | None = None
    dst_extension_id: int | None = None
    did_id: int | None = None
    trunk_id: int | None = None
    account: str = ""
    caller_name: str = ""
    record: bool = False
    answered_at: float | None = None
    variables: Attributes = field(default_factory=dict)
    queue_id: int | None = None
    first_dst: str = ""
    provider_id: int | None = None


@dataclass(frozen=True, slots=True)
class Cdr:
    id: int
    uniqueid: str
    originate_id: str
    tenant_id: int
    src: str
    dst: str
    direction: Direction
    disposition: Disposition
    start: int
    answer: int | None
    end: int
    caller_name: str = ""
    src_extension_id: int | None = None
    dst_extension_id: int | None = None
    did_id: int | None = None
    trunk_id: int | None = None
    recording_id: int | None = None
    voicemail_id: int | None = None
    cost: Decimal = Decimal("0.00")
    userfield: str = ""
    # Where the call was first sent, when a transfer moved it on ("" = never transferred).
    first_dst: str = ""
    queue_id: int | None = None
    provider_id: int | None = None
    # The variables the call carried when it ended, as (name, value) pairs: a tuple, not a dict, so the
    # million CDRs of a large world that carry none share one empty value.
    variables: tuple[tuple[str, str], ...] = ()

    @property
    def duration(self) -> int:
        return self.end - self.start

    @property
    def billsec(self) -> int:
        return 0 if self.answer is None else self.end - self.answer


@dataclass(frozen=True, slots=True)
class Recording:
    id: int
    tenant_id: int
    uniqueid: str
    originate_id: str
    seconds: int
    created_at: int


@dataclass(frozen=True, slots=True)
class VoicemailBox:
    id: int
    tenant_id: int
    mailbox: str
    password: str = ""
    fullname: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class VoicemailMessage:
    id: int
    msgid: str
    tenant_id: int
    mailbox: str
    folder: VoicemailFolder
    caller_id: str
    seconds: int
    created_at: int
    uniqueid: str = ""


@dataclass(frozen=True, slots=True)
class Wallet:
    id: int
    owner_kind: OwnerKind
    owner_id: int
    currency: str
    balance: Decimal = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int
    wallet_id: int
    amount: Decimal
    balance_after: Decimal
    kind: str
    memo: str
    created_at: int
    counterparty_wallet_id: int | None = None
    reference: str = ""


@dataclass(frozen=True, slots=True)
class KycFile:
    field: str
    filename: str
    content_type: str
    size: int
    sha256: str
    data: bytes = b""


@dataclass(frozen=True, slots=True)
class KycSubmission:
    id: int
    tenant_id: int
    fields: Attributes
    files: tuple[KycFile, ...]
    status: ReviewStatus = ReviewStatus.PENDING
    submitted_at: int = 0
    decided_at: int | None = None
    reason: str = ""


# -- faxes, text messages, portal users ------------------------------------------------------


class DeliveryStatus(StrEnum):
    """Where an outgoing fax or text message is on its way to the far end."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Fax:
    """An outgoing fax job; ``document`` is the PDF, dropped once sent when asked to."""

    id: int
    tenant_id: int
    source: str
    destination: str
    filename: str
    pages: int
    submitted_at: int
    send_at: int
    status: DeliveryStatus = DeliveryStatus.QUEUED
    done_at: int | None = None
    failure: str = ""
    quality: str = ""
    page_size: str = ""
    rotate: str = ""
    delete_after_send: bool = False
    status_email: str = ""
    document: bytes | None = None


@dataclass(frozen=True, slots=True)
class SmsMessage:
    id: int
    message_id: str
    tenant_id: int
    source: str
    destination: str
    text: str
    created_at: int
    account: str = ""
    caller_id: str = ""
    status: DeliveryStatus = DeliveryStatus.QUEUED
    done_at: int | None = None
    failure: str = ""


@dataclass(frozen=True, slots=True)
class UserProfile:
    """A portal user group: what its users may do in the web portal."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class PortalUser:
    """A web-portal login; ``tenant_id`` None is a system user, ``extension_id`` the phone it uses."""

    id: int
    username: str
    password: str
    profile_id: int
    tenant_id: int | None = None
    extension_id: int | None = None
    email: str = ""
    created_at: int = 0


@dataclass(frozen=True, slots=True)
class AuthToken:
    """A login token for a portal user: single use, or valid until ``expires_at``."""

    token: str
    user_id: int
    created_at: int
    single_use: bool = True
    expires_at: int | None = None


@dataclass(frozen=True, slots=True)
class JournalEntry:
    time: float
    vendor: str
    method: str
    path: str
    params: dict[str, str]
    status: int
    outcome: str
    content_type: str = ""  # as sent, for the conformance check (wrong_content_type)
    fault: str = ""  # the armed fault(s) that fired on this request, by name
    body: bytes | None = None  # the answer's first bytes, when the server keeps them (--journal-bodies)


# -- dial-plan objects driven by the API: flows, virtual extensions, response paths, campaigns


class FlowState(StrEnum):
    """A flow is a toggle shown as a BLF: its state uses the device-state words."""

    INUSE = "INUSE"
    NOT_INUSE = "NOT_INUSE"
    UNAVAILABLE = "UNAVAILABLE"
    RINGING = "RINGING"


@dataclass(frozen=True, slots=True)
class Flow:
    """A day/night style switch: calls go to ``active`` while it is INUSE, else to ``inactive``."""

    id: int
    tenant_id: int
    number: str
    name: str
    state: FlowState = FlowState.NOT_INUSE
    value: str = ""
    active: Destination | None = None
    inactive: Destination | None = None


@dataclass(frozen=True, slots=True)
class VirtualExtension:
    """A number that rings the first of its member extensions with a free line."""

    id: int
    tenant_id: int
    number: str
    extension_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ResponsePath:
    """Records the path of every call that comes in through one of its DIDs."""

    id: int
    tenant_id: int
    name: str
    did_ids: tuple[int, ...] = ()


class CampaignStatus(StrEnum):
    STOPPED = "stopped"
    RUNNING = "running"
    PAUSED = "paused"


class CampaignNumberStatus(StrEnum):
    PENDING = "pending"
    DIALING = "dialing"
    ANSWERED = "answered"
    BUSY = "busy"
    NO_ANSWER = "no_answer"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class CampaignNumber:
    id: int
    number: str
    description: str = ""
    status: CampaignNumberStatus = CampaignNumberStatus.PENDING
    uniqueid: str = ""


@dataclass(frozen=True, slots=True)
class Campaign:
    """A dialer: while running it calls its pending numbers one by one from ``source``."""

    id: int
    tenant_id: int
    name: str
    source: str
    status: CampaignStatus = CampaignStatus.STOPPED
    numbers: tuple[CampaignNumber, ...] = ()
    ticking: bool = False
