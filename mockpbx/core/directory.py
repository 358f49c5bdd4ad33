"""What a tenant's callers can reach: extensions (and their phones' registration), queues and
agents with their log and statistics, dial-plan features, custom destinations, phonebooks and
voicemail boxes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import errors
from .base import IndexedAggregate, of_tenant, verb
from .entities import (
    Attributes,
    CustomDestination,
    CustomDestinationType,
    EnhancedService,
    Extension,
    ExtensionStatus,
    Feature,
    FeatureKind,
    PhonebookEntry,
    Queue,
    QueueLogEntry,
    QueueMember,
    Tech,
    VoicemailBox,
)
from .numerals import whole_number
from .state import WorldState

if TYPE_CHECKING:
    from .world import World

# How long a rebooted phone is off the network before it registers again.
REBOOT_SECONDS = 30
ANSWERED_EVENT = "ANSWERED"
ABANDONED_EVENT = "ABANDONED"
# A phonebook value's length, as a VARCHAR(255) column holds it; it also bounds the work of a
# LIKE search over the values (patterns.SqlLike), which MiRTA's PHONEBOOK query runs.
MAX_PHONEBOOK_VALUE = 255


@dataclass(frozen=True, slots=True)
class QueueStats:
    """What a queue counted since its statistics were last reset (from its queue log)."""

    since: int
    completed: int = 0
    abandoned: int = 0
    hold_seconds: int = 0
    talk_seconds: int = 0


@dataclass(slots=True)
class DirectoryIndexes:
    """Lookups over extensions and voicemail boxes; never snapshotted, always rebuildable."""

    extension_by_number: dict[tuple[int, str], int] = field(default_factory=dict)
    # Insertion-ordered id sets, so a tenant's extensions list in creation order without a scan.
    extensions_by_tenant: dict[int, dict[int, None]] = field(default_factory=dict)
    voicemail_box_by_mailbox: dict[tuple[int, str], int] = field(default_factory=dict)

    @classmethod
    def build(cls, state: WorldState) -> DirectoryIndexes:
        ix = cls()
        ix.extension_by_number = {(e.tenant_id, e.number): e.id for e in state.extensions.values()}
        for extension in state.extensions.values():
            ix.extensions_by_tenant.setdefault(extension.tenant_id, {})[extension.id] = None
        ix.voicemail_box_by_mailbox = {(b.tenant_id, b.mailbox): b.id for b in state.voicemail_boxes.values()}
        return ix


class Directory(IndexedAggregate[DirectoryIndexes]):
    """Extensions, queues and their log, features, custom destinations, phonebooks, voicemail boxes.

    Owns ``WorldState.extensions``, ``queues``, ``queue_log``, ``features``, ``custom_types``,
    ``custom_destinations``, ``phonebook`` and ``voicemail_boxes`` and :class:`DirectoryIndexes`;
    raises the ``extension_register`` event (a rebooted phone coming back).
    """

    def __init__(self, world: World) -> None:
        super().__init__(world, DirectoryIndexes.build)
        # Accounts, media and the dial plan forget what pointed at a deleted extension or box.
        self._peers = world
        world.on_event("extension_register", self._on_extension_register)

    def extension_id(self, tenant_id: int, number: str) -> int | None:
        """The id of the tenant's extension with this number, or None (one index read, no lock needed)."""
        return self._ix.extension_by_number.get((tenant_id, number))

    @verb
    def forget_tenant(self, tenant_id: int) -> None:
        """A deleted tenant's extensions, queues, features, destinations, phonebook and boxes go."""
        state = self._state
        for table in (state.extensions, state.queues, state.features, state.custom_destinations,
                      state.phonebook, state.voicemail_boxes):
            for key in [k for k, v in table.items() if v.tenant_id == tenant_id]:
                del table[key]
        self._ix.extension_by_number = {k: v for k, v in self._ix.extension_by_number.items() if k[0] != tenant_id}
        self._ix.extensions_by_tenant.pop(tenant_id, None)
        self._ix.voicemail_box_by_mailbox = {k: v for k, v in self._ix.voicemail_box_by_mailbox.items()
                                             if k[0] != tenant_id}

    # -- extensions -----------------------------------------------------------------------

    def _tenant_or_raise(self, tenant_id: int) -> None:
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)

    @verb
    def create_extension(
        self,
        tenant_id: int,
        number: str,
        *,
        name: str = "",
        email: str = "",
        secret: str | None = None,
        pin: str | None = None,
        tech: Tech = Tech.PJSIP,
        status: ExtensionStatus = ExtensionStatus.ACTIVE,
        voicemail: bool = True,
        incoming_limit: int = 2,
        outgoing_limit: int = 2,
        registered: bool = False,
        record_calls: bool = False,
        attributes: Attributes | None = None,
    ) -> Extension:
        self._tenant_or_raise(tenant_id)
        tenant = self._state.tenants[tenant_id]
        if not (number.isascii() and number.isdigit() and len(number) == tenant.ext_length):
            raise errors.InvalidExtensionNumber(
                f"extension number must be {tenant.ext_length} digits", field="number", ext_length=tenant.ext_length
            )
        if (tenant_id, number) in self._ix.extension_by_number:
            raise errors.ExtensionExists("extension number already in use", field="number", number=number)
        extension = Extension(
            id=self._ids.next("extension"),
            tenant_id=tenant_id,
            number=number,
            name=name or f"Extension {number}",
            email=email,
            secret=secret if secret is not None else self._ids.token(12),
            pin=pin if pin is not None else self._ids.digits(4),
            tech=tech,
            status=status,
            voicemail=voicemail,
            incoming_limit=incoming_limit,
            outgoing_limit=outgoing_limit,
            registered=registered,
            record_calls=record_calls,
            created_at=self._stamp(),
            attributes=dict(attributes or {}),
        )
        self._state.extensions[extension.id] = extension
        self._ix.extension_by_number[(tenant_id, number)] = extension.id
        self._ix.extensions_by_tenant.setdefault(tenant_id, {})[extension.id] = None
        if voicemail:
            self._ensure_voicemail_box(extension)
        return extension

    def _find_voicemail_box(self, tenant_id: int, mailbox: str) -> VoicemailBox | None:
        # Deleting a box (or its tenant) drops its entry; the box is still confirmed, as a cheap guard.
        box_id = self._ix.voicemail_box_by_mailbox.get((tenant_id, mailbox))
        box = None if box_id is None else self._state.voicemail_boxes.get(box_id)
        if box is None or box.tenant_id != tenant_id or box.mailbox != mailbox:
            return None
        return box

    def _add_voicemail_box(self, box: VoicemailBox) -> None:
        self._state.voicemail_boxes[box.id] = box
        self._ix.voicemail_box_by_mailbox[(box.tenant_id, box.mailbox)] = box.id

    def _ensure_voicemail_box(self, extension: Extension) -> VoicemailBox:
        box = self._find_voicemail_box(extension.tenant_id, extension.number)
        if box is not None:
            return box
        box = VoicemailBox(
            self._ids.next("voicemail_box"), extension.tenant_id, extension.number, extension.pin,
            extension.name, extension.email,
        )
        self._add_voicemail_box(box)
        return box

    @verb
    def get_extension(self, extension_id: int) -> Extension:
        try:
            return self._state.extensions[extension_id]
        except KeyError:
            raise errors.ExtensionNotFound("no such extension", extension_id=extension_id) from None

    @verb
    def extension_by_number(self, tenant_id: int, number: str) -> Extension:
        extension_id = self._ix.extension_by_number.get((tenant_id, number))
        if extension_id is None:
            raise errors.ExtensionNotFound("no such extension", tenant_id=tenant_id, number=number)
        return self._state.extensions[extension_id]

    def has_extension(self, tenant_id: int, number: str) -> bool:
        """Whether the tenant has an extension with this number (one index read, no lock needed)."""
        return (tenant_id, number) in self._ix.extension_by_number

    @verb
    def list_extensions(self, tenant_id: int | None = None) -> list[Extension]:
        if tenant_id is None:
            return list(self._state.extensions.values())
        self._tenant_or_raise(tenant_id)
        extensions = self._state.extensions
        return [extensions[i] for i in self._ix.extensions_by_tenant.get(tenant_id, ())]

    @verb
    def update_extension(self, extension_id: int, **changes: object) -> Extension:
        current = self.get_extension(extension_id)
        number = changes.get("number")
        if number is not None and number != current.number:
            tenant = self._state.tenants[current.tenant_id]
            text = str(number)
            if not (text.isascii() and text.isdigit() and len(text) == tenant.ext_length):
                raise errors.InvalidExtensionNumber(
                    f"extension number must be {tenant.ext_length} digits", field="number",
                    ext_length=tenant.ext_length,
                )
            if (current.tenant_id, text) in self._ix.extension_by_number:
                raise errors.ExtensionExists("extension number already in use", field="number", number=text)
            del self._ix.extension_by_number[(current.tenant_id, current.number)]
            self._ix.extension_by_number[(current.tenant_id, text)] = extension_id
        extension = dataclasses.replace(current, **changes)  # type: ignore[arg-type]
        self._state.extensions[extension_id] = extension
        if extension.voicemail:
            self._ensure_voicemail_box(extension)
        return extension

    @verb
    def set_enhanced_service(
        self, extension_id: int, service: str, *, enabled: bool | None = None, settings: Attributes | None = None
    ) -> EnhancedService:
        """Change one enhanced service; settings merge into what is already stored."""
        extension = self.get_extension(extension_id)
        current = extension.services.get(service, EnhancedService())
        updated = EnhancedService(
            enabled=current.enabled if enabled is None else enabled,
            settings={**current.settings, **(settings or {})},
        )
        services = {**extension.services, service: updated}
        self._state.extensions[extension_id] = dataclasses.replace(extension, services=services)
        return updated

    @verb
    def delete_extension(self, extension_id: int) -> None:
        extension = self.get_extension(extension_id)
        del self._state.extensions[extension_id]
        del self._ix.extension_by_number[(extension.tenant_id, extension.number)]
        mine = self._ix.extensions_by_tenant[extension.tenant_id]
        del mine[extension_id]
        if not mine:
            del self._ix.extensions_by_tenant[extension.tenant_id]  # as a rebuild would have it
        for queue in list(self._state.queues.values()):
            members = tuple(m for m in queue.members if m.extension_id != extension_id)
            if members != queue.members:
                self._state.queues[queue.id] = dataclasses.replace(queue, members=members)
        # Nothing may keep pointing at it: portal users lose their phone, virtual extensions the member
        # (and go with their last one, as VIRTUALEXT del does).
        self._peers.accounts.detach_extension(extension_id)
        self._peers.dialplan.drop_member(extension_id)

    # -- queues and agents ----------------------------------------------------------------

    @verb
    def create_queue(self, tenant_id: int, number: str, name: str, *, strategy: str = "ringall",
                     timeout: int = 30) -> Queue:
        self._tenant_or_raise(tenant_id)
        queue = Queue(self._ids.next("queue"), tenant_id, number, name, strategy, timeout)
        self._state.queues[queue.id] = queue
        return queue

    @verb
    def get_queue(self, queue_id: int) -> Queue:
        try:
            return self._state.queues[queue_id]
        except KeyError:
            raise errors.QueueNotFound("no such queue", queue_id=queue_id) from None

    @verb
    def list_queues(self, tenant_id: int | None = None) -> list[Queue]:
        return of_tenant(self._state.queues.values(), tenant_id)

    @verb
    def delete_queue(self, queue_id: int) -> None:
        self.get_queue(queue_id)
        del self._state.queues[queue_id]

    def _log_queue(self, queue: Queue, event: str, extension_id: int | None, *data: str, call_id: str = "") -> None:
        entry = QueueLogEntry(
            self._ids.next("queue_log"), queue.tenant_id, queue.id, self._stamp(), event, call_id, extension_id, data
        )
        self._state.queue_log.append(entry)

    def _member_queue(self, queue_id: int, extension_id: int) -> tuple[Queue, int]:
        queue = self.get_queue(queue_id)
        self.get_extension(extension_id)
        for index, member in enumerate(queue.members):
            if member.extension_id == extension_id:
                return queue, index
        raise errors.NotFound("extension is not a member of the queue", queue_id=queue_id, extension_id=extension_id)

    @verb
    def add_queue_member(self, queue_id: int, extension_id: int, *, penalty: int = 0, paused: bool = False) -> Queue:
        queue = self.get_queue(queue_id)
        extension = self.get_extension(extension_id)
        if extension.tenant_id != queue.tenant_id:
            raise errors.InvalidArgument("extension belongs to another tenant", field="extension")
        if any(m.extension_id == extension_id for m in queue.members):
            raise errors.QueueMemberExists("already a member", queue_id=queue_id, extension_id=extension_id)
        queue = dataclasses.replace(queue, members=(*queue.members, QueueMember(extension_id, penalty, paused)))
        self._state.queues[queue_id] = queue
        self._log_queue(queue, "ADDMEMBER", extension_id)
        return queue

    @verb
    def remove_queue_member(self, queue_id: int, extension_id: int) -> Queue:
        queue, index = self._member_queue(queue_id, extension_id)
        queue = dataclasses.replace(queue, members=queue.members[:index] + queue.members[index + 1:])
        self._state.queues[queue_id] = queue
        self._log_queue(queue, "REMOVEMEMBER", extension_id)
        return queue

    @verb
    def set_agent_paused(self, queue_id: int, extension_id: int, paused: bool, *, reason: str = "") -> QueueMember:
        """Pause or unpause one agent; queue logs record it the way Asterisk's queue_log does."""
        queue, index = self._member_queue(queue_id, extension_id)
        member = dataclasses.replace(queue.members[index], paused=paused, pause_reason=reason if paused else "")
        members = queue.members[:index] + (member,) + queue.members[index + 1:]
        queue = dataclasses.replace(queue, members=members)
        self._state.queues[queue_id] = queue
        self._log_queue(queue, "PAUSE" if paused else "UNPAUSE", extension_id, reason)
        return member

    @verb
    def log_queue_event(self, queue_id: int, event: str, *, extension_id: int | None = None,
                        data: tuple[str, ...] = (), call_id: str = "") -> QueueLogEntry:
        """A custom queue-log line, as a PBX API lets integrations write their own events."""
        queue = self.get_queue(queue_id)
        if extension_id is not None and self.get_extension(extension_id).tenant_id != queue.tenant_id:
            raise errors.InvalidArgument("extension belongs to another tenant", field="extension")
        if not event:
            raise errors.InvalidArgument("a queue-log event needs a name", field="event")
        self._log_queue(queue, event, extension_id, *data, call_id=call_id)
        return self._state.queue_log[-1]

    @verb
    def queue_log(self, tenant_id: int | None = None, *, start: int | None = None,
                  end: int | None = None) -> list[QueueLogEntry]:
        return [
            e for e in self._state.queue_log
            if (tenant_id is None or e.tenant_id == tenant_id)
            and (start is None or e.time >= start) and (end is None or e.time < end)
        ]

    # -- dial-plan features ---------------------------------------------------------------

    @verb
    def create_feature(self, tenant_id: int, kind: FeatureKind, number: str, name: str, *,
                       members: tuple[str, ...] = (), attributes: Attributes | None = None) -> Feature:
        self._tenant_or_raise(tenant_id)
        feature = Feature(self._ids.next("feature"), tenant_id, kind, number, name, members,
                          attributes=dict(attributes or {}))
        self._state.features[feature.id] = feature
        return feature

    @verb
    def get_feature(self, feature_id: int, kind: FeatureKind | None = None) -> Feature:
        feature = self._state.features.get(feature_id)
        if feature is None or (kind is not None and feature.kind is not kind):
            raise errors.FeatureNotFound("no such object", feature_id=feature_id)
        return feature

    @verb
    def list_features(self, kind: FeatureKind | None = None, tenant_id: int | None = None) -> list[Feature]:
        return [
            f for f in self._state.features.values()
            if (kind is None or f.kind is kind) and (tenant_id is None or f.tenant_id == tenant_id)
        ]

    @verb
    def update_feature(self, feature_id: int, **changes: object) -> Feature:
        feature = dataclasses.replace(self.get_feature(feature_id), **changes)  # type: ignore[arg-type]
        self._state.features[feature_id] = feature
        return feature

    @verb
    def delete_feature(self, feature_id: int) -> None:
        self.get_feature(feature_id)
        del self._state.features[feature_id]

    # -- custom destinations --------------------------------------------------------------

    @verb
    def create_custom_type(self, name: str, description: str = "") -> CustomDestinationType:
        custom_type = CustomDestinationType(self._ids.next("custom_type"), name, description)
        self._state.custom_types[custom_type.id] = custom_type
        return custom_type

    @verb
    def list_custom_types(self) -> list[CustomDestinationType]:
        return list(self._state.custom_types.values())

    @verb
    def create_custom_destination(self, tenant_id: int, name: str, type_id: int,
                                  params: tuple[str, str, str] = ("", "", ""), *,
                                  custom_id: int | None = None) -> CustomDestination:
        self._tenant_or_raise(tenant_id)
        if type_id not in self._state.custom_types:
            raise errors.InvalidArgument("no such custom destination type", field="type_id")
        if custom_id is None:
            custom_id = self._ids.next("custom")
        else:
            if custom_id in self._state.custom_destinations:
                raise errors.AlreadyExists("custom destination id in use", custom_id=custom_id)
            self._ids.ensure_above("custom", custom_id)
        destination = CustomDestination(custom_id, tenant_id, name, type_id, params)
        self._state.custom_destinations[destination.id] = destination
        return destination

    @verb
    def get_custom_destination(self, custom_id: int) -> CustomDestination:
        try:
            return self._state.custom_destinations[custom_id]
        except KeyError:
            raise errors.CustomDestinationNotFound("no such custom destination", custom_id=custom_id) from None

    @verb
    def list_custom_destinations(self, tenant_id: int | None = None) -> list[CustomDestination]:
        return of_tenant(self._state.custom_destinations.values(), tenant_id)

    @verb
    def update_custom_destination(self, custom_id: int, **changes: object) -> CustomDestination:
        current = self.get_custom_destination(custom_id)
        type_id = changes.get("type_id")
        if type_id is not None and type_id not in self._state.custom_types:
            raise errors.InvalidArgument("no such custom destination type", field="type_id")
        updated = dataclasses.replace(current, **changes)  # type: ignore[arg-type]
        self._state.custom_destinations[custom_id] = updated
        return updated

    # -- phonebooks -----------------------------------------------------------------------

    @verb
    def add_phonebook_entry(self, tenant_id: int, phonebook: str, fields: Attributes) -> PhonebookEntry:
        self._tenant_or_raise(tenant_id)
        if any(len(value) > MAX_PHONEBOOK_VALUE for value in fields.values()):
            raise errors.InvalidArgument(f"a phonebook value is at most {MAX_PHONEBOOK_VALUE} characters",
                                         field="fields")
        entry = PhonebookEntry(self._ids.next("phonebook"), tenant_id, phonebook, dict(fields))
        self._state.phonebook[entry.id] = entry
        return entry

    @verb
    def list_phonebook(self, tenant_id: int, phonebook: str | None = None) -> list[PhonebookEntry]:
        return [
            e for e in self._state.phonebook.values()
            if e.tenant_id == tenant_id and (phonebook is None or e.phonebook == phonebook)
        ]

    @verb
    def delete_phonebook_entry(self, entry_id: int) -> None:
        if self._state.phonebook.pop(entry_id, None) is None:
            raise errors.PhonebookEntryNotFound("no such phonebook entry", entry_id=entry_id)

    @verb
    def clear_phonebook(self, tenant_id: int, phonebook: str) -> int:
        doomed = [e.id for e in self._state.phonebook.values() if e.tenant_id == tenant_id and e.phonebook == phonebook]
        for entry_id in doomed:
            del self._state.phonebook[entry_id]
        return len(doomed)

    # -- voicemail boxes ------------------------------------------------------------------

    @verb
    def create_voicemail_box(self, tenant_id: int, mailbox: str, *, password: str = "", fullname: str = "",
                             email: str = "") -> VoicemailBox:
        self._tenant_or_raise(tenant_id)
        if any(b.tenant_id == tenant_id and b.mailbox == mailbox for b in self._state.voicemail_boxes.values()):
            raise errors.AlreadyExists("mailbox already exists", mailbox=mailbox)
        box = VoicemailBox(self._ids.next("voicemail_box"), tenant_id, mailbox, password, fullname, email)
        self._add_voicemail_box(box)
        return box

    @verb
    def list_voicemail_boxes(self, tenant_id: int | None = None) -> list[VoicemailBox]:
        return of_tenant(self._state.voicemail_boxes.values(), tenant_id)

    @verb
    def delete_voicemail_box(self, box_id: int) -> None:
        box = self._state.voicemail_boxes.pop(box_id, None)
        if box is None:
            raise errors.VoicemailNotFound("no such mailbox", box_id=box_id)
        self._ix.voicemail_box_by_mailbox.pop((box.tenant_id, box.mailbox), None)
        self._peers.media.forget_mailbox(box.tenant_id, box.mailbox)

    # -- phones' registration --------------------------------------------------------------

    @verb
    def unregister_extension(self, extension_id: int) -> Extension:
        """Drop the phone's registration; it stays unregistered until it registers again."""
        return self._set_registered(extension_id, False)

    @verb
    def reboot_extension(self, extension_id: int) -> Extension:
        """The phone restarts: unregistered now, registered again :data:`REBOOT_SECONDS` later."""
        extension = self._set_registered(extension_id, False)
        self._schedule(REBOOT_SECONDS, "extension_register", extension_id)
        return extension

    def _set_registered(self, extension_id: int, registered: bool) -> Extension:
        extension = self._state.extensions.get(extension_id)
        if extension is None:
            raise errors.ExtensionNotFound("no such extension", extension_id=extension_id)
        updated = dataclasses.replace(extension, registered=registered)
        self._state.extensions[extension_id] = updated
        return updated

    def _on_extension_register(self, extension_id: int) -> None:
        extension = self._state.extensions.get(extension_id)
        if extension is not None and extension.status is ExtensionStatus.ACTIVE:
            self._set_registered(extension_id, True)

    # -- queue statistics -----------------------------------------------------------------

    @verb
    def reset_queue_stats(self, queue_id: int) -> Queue:
        """Start the queue's statistics afresh from now; the queue log itself is kept."""
        queue = self._state.queues.get(queue_id)
        if queue is None:
            raise errors.QueueNotFound("no such queue", queue_id=queue_id)
        updated = dataclasses.replace(queue, stats_since=self._stamp())
        self._state.queues[queue_id] = updated
        return updated

    @verb
    def queue_stats(self, queue_id: int) -> QueueStats:
        queue = self._state.queues.get(queue_id)
        if queue is None:
            raise errors.QueueNotFound("no such queue", queue_id=queue_id)
        completed = abandoned = hold = talk = 0
        for entry in self._state.queue_log:
            if entry.queue_id != queue_id or entry.time < queue.stats_since:
                continue
            if entry.event not in (ANSWERED_EVENT, ABANDONED_EVENT) or len(entry.data) < 3:
                continue
            held, talked = _seconds(entry.data[1]), _seconds(entry.data[2])
            if entry.event == ANSWERED_EVENT:
                completed, hold, talk = completed + 1, hold + held, talk + talked
            else:
                abandoned, hold = abandoned + 1, hold + held
        return QueueStats(queue.stats_since, completed, abandoned, hold, talk)

    @verb
    def record_queue_call(self, tenant_id: int, queue_id: int, time: int, event: str, uniqueid: str,
                          extension_id: int | None, data: tuple[str, ...]) -> None:
        """Telephony's line for a queue call that ended (the queue log is the directory's)."""
        self._state.queue_log.append(QueueLogEntry(self._ids.next("queue_log"), tenant_id, queue_id, time, event,
                                                   uniqueid, extension_id, data))


def _seconds(text: str) -> int:
    return whole_number(text) or 0
