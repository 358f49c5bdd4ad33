"""Faults: arm, list and disarm the faults of one world (docs/faults.md)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from ..core.faults import MAX_FAULTS_PER_WORLD
from ..core.faultspec import FaultSpec, fault_json
from .bodies import json_body
from .context import world
from .errors import ControlError


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/faults")
    def list_faults(world_id: str) -> Response:
        """The world's armed faults in the order armed, and the latest firings (oldest first).

        Returns:
            200 ``{"faults": [fault, ...], "firings": [{"time", "fault", "name", "vendor",
            "operation"}, ...]}``.
        """
        book = world(world_id).faults
        return jsonify(faults=[fault_json(f) for f in book.all()],
                       firings=[{"time": f.time, "fault": f.fault_id, "name": f.name, "vendor": f.vendor,
                                 "operation": f.operation} for f in book.firings()])

    @bp.post("/worlds/<world_id>/faults")
    def arm_fault(world_id: str) -> Response:
        """Arm one fault.

        Returns:
            201 with the fault (its ``id`` names it for DELETE); 422 for an unknown name, a
            stray option or a value out of bounds; 409 when the world already holds
            MAX_FAULTS_PER_WORLD faults. A refusal arms nothing.
        """
        found = world(world_id)
        spec = FaultSpec.model_validate(json_body())
        try:
            fault = found.faults.arm(spec.build(found.clock.now()))
        except OverflowError:
            raise ControlError(409, f"a world holds at most {MAX_FAULTS_PER_WORLD} faults",
                               "limit_exceeded") from None
        response = jsonify(fault_json(fault))
        response.status_code = 201
        return response

    @bp.delete("/worlds/<world_id>/faults")
    def clear_faults(world_id: str) -> Response:
        """Disarm every fault of the world. Returns 200 ``{"removed": n}``."""
        return jsonify(removed=world(world_id).faults.clear())

    @bp.delete("/worlds/<world_id>/faults/<fault_id>")
    def remove_fault(world_id: str, fault_id: str) -> Response:
        """Disarm one fault. Returns 204; 404 if the world has no such fault."""
        if not world(world_id).faults.remove(fault_id):
            raise ControlError(404, "no such fault", "not_found")
        return Response(status=204)
