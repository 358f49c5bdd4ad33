"""A Postman environment for Bicom's PBXware collection, filled from one world."""

from __future__ import annotations

import json

from flask import Blueprint, Response, request

from ..vendors.pbxware.postman import UnsuitableWorld, postman_environment
from .context import world
from .errors import ControlError


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/pbxware/postman-environment")
    def pbxware_postman_environment(world_id: str) -> Response:
        """The environment ``newman run PBXwareAPI_Doc.postman_collection.json -e`` needs.

        Query:
            ``base_url``: where newman will reach mockpbx (default: this request's host).

        Returns:
            200 with the environment (the world's master key, tenant, extension, trunk and
            DID ids); 404 for an unknown world; 409 when the world lacks what the collection
            needs (a master key, a tenant with extensions and DIDs, a spare tenant).
        """
        found = world(world_id)
        try:
            environment = postman_environment(found, request.args.get("base_url") or request.host_url)
        except UnsuitableWorld as problem:
            raise ControlError(409, str(problem), "unsuitable_world") from None
        return Response(json.dumps(environment), status=200, content_type="application/json")
