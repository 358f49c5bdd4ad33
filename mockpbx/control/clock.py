"""A world's clock: read it, move it forward, switch between manual and realtime."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from .bodies import ClockChange, json_body
from .context import world
from .serialize import clock_json


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/clock")
    def read_clock(world_id: str) -> Response:
        """The world's virtual time.

        Returns:
            200 ``{"mode": "manual" | "realtime", "scale": 1.0, "now": epoch, "iso": "...Z"}``.
        """
        found = world(world_id)
        found.tick()
        return jsonify(clock_json(found))

    @bp.post("/worlds/<world_id>/clock")
    def change_clock(world_id: str) -> Response:
        """Advance the clock and/or change its mode and scale.

        Body:
            ``{"advance": seconds}`` fires every event due on the way, in order (calls ring,
            answer and end; DID requests auto-approve); works in both modes. ``{"mode":
            "manual" | "realtime", "scale": n}`` re-anchors the clock without a jump. Mode and
            scale apply before the advance when both are given.

        Returns:
            200 with the clock as ``GET`` shows it; 422 if nothing or a bad value is given;
            409 ``limit_exceeded`` (nothing changed) if the move would simulate more demo
            calls than ``max_advance_calls`` -- advance in smaller steps.
        """
        change = ClockChange.model_validate(json_body())
        found = world(world_id)
        with found.transaction():
            # Checked as a whole first, so a refused advance does not leave a changed scale behind.
            found.refuse_heavy_pace(advance=change.advance or 0.0, scale=change.scale, mode=change.mode)
            if change.mode is not None or change.scale is not None:
                found.clock.configure(mode=change.mode, scale=change.scale)
            if change.advance is not None:
                found.advance_clock(change.advance)
        return jsonify(clock_json(found))
