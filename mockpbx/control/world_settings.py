"""Per-world knobs: rate limit, DID-request auto-approval, demo traffic, currency, call rate, licence,
vendor version profiles."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from .bodies import SettingsPatch, json_body
from .context import world
from .serialize import settings_json


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/settings")
    def read_settings(world_id: str) -> Response:
        """The world's settings.

        Returns:
            200 ``{"rate_limit_per_minute": 60, "did_request_auto_approve_seconds": null,
            "traffic_calls_per_minute": 0.0, "currency": "BDT", "call_rate_per_minute": "0.00",
            "licence_expires_at": 1799139600.0, "pbxware_version": "7.x", "mirta_cdr_columns": "full"}``.
        """
        found = world(world_id)
        with found.transaction():
            return jsonify(settings_json(found.settings))

    @bp.patch("/worlds/<world_id>/settings")
    def patch_settings(world_id: str) -> Response:
        """Change some settings; fields left out keep their value.

        Body:
            any of the fields ``GET`` shows. ``did_request_auto_approve_seconds: null`` turns
            auto-approval off; ``traffic_calls_per_minute > 0`` starts demo traffic on the
            world's clock, ``0`` stops it. ``licence_expires_at`` (epoch seconds, or null for no
            licence) is when the system licence MiRTA's ``LICENSEDAYS`` counts down to runs out.
            ``pbxware_version`` (``6.x``/``7.x``) and ``mirta_cdr_columns`` (``full``/``short``)
            pick the vendor release the world emulates.

        Returns:
            200 with all settings; 422 (and nothing changed) for an unknown field or bad value;
            409 ``limit_exceeded`` (nothing changed) for a traffic rate whose realtime pace would
            simulate more calls per second than ``max_advance_calls``.
        """
        patch = SettingsPatch.model_validate(json_body())
        changes: dict[str, Any] = {name: getattr(patch, name) for name in patch.model_fields_set}
        traffic = changes.pop("traffic_calls_per_minute", None)
        found = world(world_id)
        with found.transaction():
            if traffic is not None:
                found.refuse_heavy_pace(rate=traffic)  # before any change: a refusal changes nothing
            if changes:
                found.configure(**changes)
            if traffic is not None:
                found.set_traffic(traffic)
            return jsonify(settings_json(found.settings))
