"""Where API-driven dial-plan objects send a call: flows by their state, virtual extensions by member.

Pure functions over the state, so the call engine can consult them without knowing the verbs
that manage those objects.
"""

from __future__ import annotations

from collections.abc import Callable

from .entities import Destination, FlowState
from .numerals import whole_number
from .state import WorldState


def flow_destination(state: WorldState, tenant_id: int, flow_id: str) -> Destination | None:
    """A ``flow`` destination resolved: the flow's active side while it is INUSE, else its inactive side."""
    number = whole_number(flow_id)
    flow = state.flows.get(number) if number is not None else None
    if flow is None or flow.tenant_id != tenant_id:
        return None
    return flow.active if flow.state is FlowState.INUSE else flow.inactive


def virtual_callee(state: WorldState, tenant_id: int, number: str, free: Callable[[int], bool]) -> int | None:
    """The member a virtual extension rings: the first with a free line, else the first (who is busy)."""
    for virtual in state.virtual_extensions.values():
        if virtual.tenant_id == tenant_id and virtual.number == number:
            members = [m for m in virtual.extension_ids if m in state.extensions]
            return next((m for m in members if free(m)), members[0] if members else None)
    return None
