"""Dial-plan objects the API drives: flows (day/night toggles), virtual extensions, response paths."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from . import errors
from .base import Aggregate, of_tenant, verb
from .entities import Cdr, Destination, Flow, FlowState, ResponsePath, VirtualExtension

if TYPE_CHECKING:
    from .world import World


def _digits(number: str, field: str) -> str:
    if not (number and number.isascii() and number.isdigit() and len(number) <= 20):
        raise errors.InvalidArgument(f"{field} must be digits", field=field)
    return number


class Dialplan(Aggregate):
    """Flows, virtual extensions and response paths.

    Owns ``WorldState.flows``, ``virtual_extensions`` and ``response_paths``; asks the
    directory which numbers are real extensions and telephony for a path's calls.
    """

    def __init__(self, world: World) -> None:
        super().__init__(world)
        self._calls = world  # the directory and telephony are still the world's own verbs

    @verb
    def forget_tenant(self, tenant_id: int) -> None:
        """A deleted tenant's flows, virtual extensions and response paths go."""
        state = self._state
        for table in (state.flows, state.virtual_extensions, state.response_paths):
            for key in [k for k, v in table.items() if v.tenant_id == tenant_id]:
                del table[key]

    # -- flows ----------------------------------------------------------------------------

    @verb
    def create_flow(self, tenant_id: int, number: str, name: str, *, active: Destination | None = None,
                    inactive: Destination | None = None, state: FlowState = FlowState.NOT_INUSE) -> Flow:
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        _digits(number, "number")
        if any(f.tenant_id == tenant_id and f.number == number for f in self._state.flows.values()):
            raise errors.AlreadyExists("flow number already in use", field="number", number=number)
        flow = Flow(self._ids.next("flow"), tenant_id, number, name, state, "", active, inactive)
        self._state.flows[flow.id] = flow
        return flow

    @verb
    def list_flows(self, tenant_id: int | None = None) -> list[Flow]:
        return of_tenant(self._state.flows.values(), tenant_id)

    @verb
    def get_flow(self, flow_id: int) -> Flow:
        flow = self._state.flows.get(flow_id)
        if flow is None:
            raise errors.NotFound("no such flow", flow_id=flow_id)
        return flow

    @verb
    def flow_by_number(self, tenant_id: int, number: str) -> Flow:
        for flow in self._state.flows.values():
            if flow.tenant_id == tenant_id and flow.number == number:
                return flow
        raise errors.NotFound("no such flow", number=number)

    @verb
    def set_flow(self, flow_id: int, *, state: FlowState | None = None, value: str | None = None) -> Flow:
        """Switch a flow and/or set its variable; calls routed through it follow the new state at once."""
        flow = self.get_flow(flow_id)
        updated = dataclasses.replace(flow, state=flow.state if state is None else state,
                                      value=flow.value if value is None else value)
        self._state.flows[flow_id] = updated
        return updated

    # -- virtual extensions ---------------------------------------------------------------

    def _virtual(self, tenant_id: int, number: str) -> VirtualExtension | None:
        return next((v for v in self._state.virtual_extensions.values()
                     if v.tenant_id == tenant_id and v.number == number), None)

    @verb
    def virtual_extension(self, tenant_id: int, number: str) -> VirtualExtension:
        virtual = self._virtual(tenant_id, number)
        if virtual is None:
            raise errors.NotFound("no such virtual extension", number=number)
        return virtual

    @verb
    def list_virtual_extensions(self, tenant_id: int | None = None) -> list[VirtualExtension]:
        return of_tenant(self._state.virtual_extensions.values(), tenant_id)

    @verb
    def add_virtual_member(self, tenant_id: int, number: str, extension_id: int) -> VirtualExtension:
        """Join an extension to a virtual number, creating the number with its first member."""
        _digits(number, "number")
        extension = self._state.extensions.get(extension_id)
        if extension is None or extension.tenant_id != tenant_id:
            raise errors.ExtensionNotFound("no such extension", extension_id=extension_id)
        if self._calls.directory.has_extension(tenant_id, number):
            raise errors.ExtensionExists("a real extension has this number", field="number", number=number)
        virtual = self._virtual(tenant_id, number)
        if virtual is None:
            virtual = VirtualExtension(self._ids.next("virtual_extension"), tenant_id, number)
        if extension_id in virtual.extension_ids:
            raise errors.AlreadyExists("already a member", number=number, extension_id=extension_id)
        virtual = dataclasses.replace(virtual, extension_ids=(*virtual.extension_ids, extension_id))
        self._state.virtual_extensions[virtual.id] = virtual
        return virtual

    @verb
    def remove_virtual_member(self, tenant_id: int, number: str, extension_id: int) -> None:
        """Take one member off; a virtual number left with none is gone."""
        virtual = self.virtual_extension(tenant_id, number)
        if extension_id not in virtual.extension_ids:
            raise errors.NotFound("not a member", number=number, extension_id=extension_id)
        kept = tuple(m for m in virtual.extension_ids if m != extension_id)
        if kept:
            self._state.virtual_extensions[virtual.id] = dataclasses.replace(virtual, extension_ids=kept)
        else:
            del self._state.virtual_extensions[virtual.id]

    @verb
    def drop_member(self, extension_id: int) -> None:
        """The extension is gone: it leaves every virtual number, and a number left with no
        member goes with it (as VIRTUALEXT del does)."""
        for virtual in [v for v in self._state.virtual_extensions.values() if extension_id in v.extension_ids]:
            remaining = tuple(m for m in virtual.extension_ids if m != extension_id)
            if remaining:
                self._state.virtual_extensions[virtual.id] = dataclasses.replace(virtual, extension_ids=remaining)
            else:
                del self._state.virtual_extensions[virtual.id]

    @verb
    def clear_virtual_extension(self, tenant_id: int, number: str) -> int:
        """Remove every member (and so the virtual number); returns how many there were."""
        virtual = self.virtual_extension(tenant_id, number)
        del self._state.virtual_extensions[virtual.id]
        return len(virtual.extension_ids)

    # -- response paths -------------------------------------------------------------------

    @verb
    def create_response_path(self, tenant_id: int, name: str, *, did_ids: tuple[int, ...] = ()) -> ResponsePath:
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        for did_id in did_ids:
            did = self._state.dids.get(did_id)
            if did is None or did.tenant_id != tenant_id:
                raise errors.DidNotFound("no such DID in the tenant", did_id=did_id)
        path = ResponsePath(self._ids.next("response_path"), tenant_id, name, did_ids)
        self._state.response_paths[path.id] = path
        return path

    @verb
    def get_response_path(self, path_id: int) -> ResponsePath:
        path = self._state.response_paths.get(path_id)
        if path is None:
            raise errors.NotFound("no such response path", path_id=path_id)
        return path

    @verb
    def list_response_paths(self, tenant_id: int | None = None) -> list[ResponsePath]:
        return of_tenant(self._state.response_paths.values(), tenant_id)

    @verb
    def path_responses(self, path_id: int) -> list[Cdr]:
        """The ended calls that came in through the path's DIDs, newest first: its responses."""
        path = self.get_response_path(path_id)
        dids = set(path.did_ids)
        return self._calls.telephony.query_cdrs(path.tenant_id, where=lambda cdr: cdr.did_id in dids)
