"""The operator's desk: KYC submissions and DID requests waiting for approval."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify, request

from ..core.entities import ReviewStatus
from ..core.world import World
from .bodies import Decision, json_body
from .context import world
from .errors import ControlError
from .serialize import did_request_json, kyc_json


def _status_filter() -> ReviewStatus | None:
    raw = request.args.get("status", "")
    if raw in ("", "all"):
        return None
    try:
        return ReviewStatus(raw)
    except ValueError:
        raise ControlError(422, "status must be pending, approved, rejected or all", "invalid_argument") from None


def _decide(found: World, action: Callable[[World, Decision], Any], render: Callable[[Any], dict[str, Any]]
            ) -> Response:
    decision = Decision.model_validate(json_body(required=False))
    return jsonify(render(action(found, decision)))


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/kyc")
    def list_kyc(world_id: str) -> Response:
        """KYC submissions, ``?status=pending|approved|rejected|all`` (default all).

        Returns:
            200 ``{"kyc": [...]}`` with file names, sizes and SHA-256 digests (not contents).
        """
        status = _status_filter()
        return jsonify(kyc=[kyc_json(k) for k in world(world_id).kyc.list_kyc(status)])

    @bp.post("/worlds/<world_id>/kyc/<int:kyc_id>/approve")
    def approve_kyc(world_id: str, kyc_id: int) -> Response:
        """Approve a pending submission; 404 if unknown, 409 if already decided."""
        return _decide(world(world_id), lambda w, _: w.kyc.review_kyc(kyc_id, approve=True), kyc_json)

    @bp.post("/worlds/<world_id>/kyc/<int:kyc_id>/reject")
    def reject_kyc(world_id: str, kyc_id: int) -> Response:
        """Reject a pending submission with ``{"reason": "..."}``; 404 if unknown, 409 if decided."""
        return _decide(world(world_id), lambda w, d: w.kyc.review_kyc(kyc_id, approve=False, reason=d.reason),
                       kyc_json)

    @bp.get("/worlds/<world_id>/did-requests")
    def list_did_requests(world_id: str) -> Response:
        """DID requests, ``?status=pending|approved|rejected|all`` (default all).

        Returns:
            200 ``{"did_requests": [...]}``.
        """
        status = _status_filter()
        requests = world(world_id).numbering.list_did_requests(status=status)
        return jsonify(did_requests=[did_request_json(r) for r in requests])

    @bp.post("/worlds/<world_id>/did-requests/<int:request_id>/approve")
    def approve_did_request(world_id: str, request_id: int) -> Response:
        """Approve: allocate a DID with the preferred digits and a trunk; 409 if already decided."""
        return _decide(world(world_id), lambda w, _: w.numbering.approve_did_request(request_id), did_request_json)

    @bp.post("/worlds/<world_id>/did-requests/<int:request_id>/reject")
    def reject_did_request(world_id: str, request_id: int) -> Response:
        """Reject with ``{"reason": "..."}``; 404 if unknown, 409 if already decided."""
        return _decide(world(world_id), lambda w, d: w.numbering.reject_did_request(request_id, d.reason),
                       did_request_json)
