"""Bearer tokens: each one belongs to exactly one reseller in one world."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request

from ...core.entities import ApiKey, KeyScope, Reseller, Vendor
from ...core.errors import ResellerNotFound
from ...core.world import World
from ..base import resolve_key
from .errors import UNAUTHENTICATED, ApiError

# What a reseller token may do; ePBX documents "White Label permissions" without listing them.
PERMISSIONS = ("customers", "kyc", "extensions", "numbers", "wallet")


@dataclass(frozen=True, slots=True)
class Caller:
    """The caller: the world the token opens and the reseller it speaks for."""

    world: World
    key: ApiKey
    reseller: Reseller


def bearer_token(header: str | None) -> str | None:
    """Laravel's ``bearerToken()``: the text after ``Bearer `` up to any comma."""
    if not header:
        return None
    position = header.lower().rfind("bearer ")
    if position < 0:
        return None
    token = header[position + 7:].split(",", 1)[0].strip()
    return token or None


def authenticate() -> Caller:
    token = bearer_token(request.headers.get("Authorization"))
    credential = resolve_key(token, Vendor.EPBX)
    if credential is None or credential.key.scope is not KeyScope.RESELLER or credential.key.reseller_id is None:
        raise ApiError(401, UNAUTHENTICATED)
    try:
        reseller = credential.world.tenancy.get_reseller(credential.key.reseller_id)
    except ResellerNotFound:
        raise ApiError(401, UNAUTHENTICATED) from None
    return Caller(credential.world, credential.key, reseller)
