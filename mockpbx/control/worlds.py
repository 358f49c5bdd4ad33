"""Worlds: list, create, read, delete, reset, and export or import a whole world's state."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for

from ..core.registry import DEFAULT_WORLD
from .bodies import CreateWorld, json_body
from .context import origins, the_registry, world
from .errors import ControlError
from .guard import is_admin, settings
from .origins import WorldOrigin, control_scenario
from .serialize import world_json


def register(bp: Blueprint) -> None:
    @bp.get("/worlds")
    def list_worlds() -> Response:
        """List every world with its summary.

        Returns:
            200 ``{"worlds": [summary, ...]}``, the ``default`` world first, then by creation.
        """
        book, admin = origins(), is_admin()
        return jsonify(worlds=[world_json(w, book.of(w), show_keys=admin, wait=False)
                               for w in the_registry().worlds()])

    @bp.post("/worlds")
    def create_world() -> Response:
        """Create a world from a scenario and seed.

        Body:
            ``{"scenario": "default" | "demo" | "path.yaml" | {inline scenario}, "seed": 1,
            "id": "my-ci-job", "size": 5, "clock": "manual" | "realtime", "clock_scale": 1.0}``,
            every field optional.

        Returns:
            201 with the world's summary (including every key it issued) and a Location header;
            409 if the id or one of the scenario's fixed keys is taken, or the server already
            holds ``max_worlds`` worlds; 422 for a bad field, a ``size`` above
            ``max_world_size``, or a scenario file outside ``--scenario-dir``.
        """
        body = CreateWorld.model_validate(json_body(required=False))
        config = settings()
        if body.size is not None and body.size > config.max_world_size:
            raise ControlError(422, f"size {body.size} is above this server's max_world_size of "
                                    f"{config.max_world_size}", "limit_exceeded")
        scenario = control_scenario(body.scenario, size=body.size, scenario_dir=config.scenario_dir)
        created = the_registry().create_world(scenario, seed=body.seed, world_id=body.id, size=body.size,
                                              clock_mode=body.clock, clock_scale=body.clock_scale)
        origin = WorldOrigin(body.scenario, body.seed, body.size)
        origins().remember(created.id, origin)
        response = jsonify(world_json(created, origin, show_keys=is_admin()))
        response.status_code = 201
        response.headers["Location"] = url_for(".read_world", world_id=created.id)
        return response

    @bp.get("/worlds/<world_id>")
    def read_world(world_id: str) -> Response:
        """One world's summary: scenario, seed, clock, counts and keys; 404 if there is none."""
        found = world(world_id)
        return jsonify(world_json(found, origins().of(found), show_keys=is_admin()))

    @bp.delete("/worlds/<world_id>")
    def delete_world(world_id: str) -> Response:
        """Delete a world and every key it issued.

        Returns:
            204; 404 if there is no such world; 409 for ``default``, whose documented demo keys
            must always answer (reset it instead).
        """
        if world_id == DEFAULT_WORLD:
            raise ControlError(409, "the default world cannot be deleted; reset it instead", "invalid_state")
        the_registry().delete(world_id)
        origins().forget(world_id)
        return Response(status=204)

    @bp.post("/worlds/<world_id>/reset")
    def reset_world(world_id: str) -> Response:
        """Rebuild a world from its scenario and seed; the clock keeps its mode and scale.

        Returns:
            200 with the summary of the rebuilt world.
        """
        found = world(world_id)
        found.reset()
        return jsonify(world_json(found, origins().of(found), show_keys=is_admin()))

    @bp.get("/worlds/<world_id>/state")
    def export_state(world_id: str) -> Response:
        """Export a world as a snapshot (JSON): state, clock and id positions.

        Returns:
            200 ``application/json``; the document ``PUT .../state`` accepts.
        """
        return Response(world(world_id).snapshot(), status=200, mimetype="application/json")

    @bp.put("/worlds/<world_id>/state")
    def import_state(world_id: str) -> Response:
        """Replace a world's whole state with a snapshot from ``GET .../state``.

        Returns:
            200 with the new summary; 400 for malformed JSON; 422 if the document is not a
            snapshot of this format or holds a value no world can hold (out-of-range clock,
            amount or id counter); 409 if it holds a key another world issued. Every refusal
            leaves the world untouched.
        """
        found = world(world_id)
        json_body()  # malformed JSON is a 400, before the snapshot schema says 422
        found.restore(request.get_data(cache=True))
        return jsonify(world_json(found, origins().of(found), show_keys=is_admin()))
