"""The action table: one small function per ``pbxware.object.method``.

Handlers receive an :class:`ActionContext` and return plain data (dicts, lists, str,
numbers); the route renders it as JSON or PHP. Failures are raised as
:class:`PbxwareError` (the vendor's own wording) or as core ``DomainError``s, which
``errors.py`` maps to that wording.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ....core.entities import ApiKey, Tenant
from ....core.errors import TenantNotFound
from ....core.numerals import whole_number
from ....core.world import World

Handler = Callable[["ActionContext"], object]

MASTER_SERVER = 1


class PbxwareError(Exception):
    """A failure PBXware reports as ``{"error": message}`` inside an HTTP 200."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class PlainText:
    """A body PBXware sends as bare text instead of JSON (``Live Calls: 0``)."""

    text: str


@dataclass(slots=True)
class ActionContext:
    world: World
    key: ApiKey
    params: dict[str, str]
    action: str

    def require(self, name: str) -> str:
        value = self.params.get(name)
        if value is None or value == "":
            raise PbxwareError(f"Required field '{name}' is missing")
        return value

    def server(self) -> int:
        """The ``server`` parameter: a tenant's internal id, 1 meaning the master."""
        raw = self.params.get("server", str(MASTER_SERVER)) or str(MASTER_SERVER)
        server = whole_number(raw)
        if server is None:
            raise PbxwareError(f"Required field 'server={raw}' contains invalid data (Regex: /^\\d+$/)")
        return server

    def tenant(self) -> Tenant:
        """The tenant named by ``server``; server=1 (the master) is not a tenant."""
        server = self.server()
        try:
            return self.world.tenancy.get_tenant(server)
        except TenantNotFound:
            raise PbxwareError("Invalid server ID.") from None


class ActionTable:
    """Action names to handlers, filled by each object module's ``register``."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def action(self, name: str) -> Callable[[Handler], Handler]:
        def add(handler: Handler) -> Handler:
            if name in self._handlers:
                raise ValueError(f"action {name} registered twice")
            self._handlers[name] = handler
            return handler

        return add

    def get(self, name: str) -> Handler | None:
        return self._handlers.get(name)

    def names(self) -> list[str]:
        return sorted(self._handlers)
