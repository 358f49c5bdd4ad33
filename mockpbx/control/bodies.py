"""Request bodies of the control plane, validated before any world is touched."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Annotated, Any, Self

from flask import request
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..core.clock import ClockMode
from ..core.entities import Disposition
from ..core.state import MirtaCdrColumns, PbxwareVersion
from .errors import ControlError

# A year of virtual time per request: enough for any test, and bounds the work one call can ask for.
MAX_ADVANCE_SECONDS = 366 * 86_400
MAX_CLOCK_SCALE = 1_000_000.0

WorldId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class CreateWorld(_Body):
    scenario: str | dict[str, Any] = "default"
    seed: int = Field(1, ge=0, le=2**63 - 1)
    id: WorldId | None = None
    size: int | None = Field(None, ge=1, le=10_000)
    clock: ClockMode | None = None
    clock_scale: float | None = Field(None, gt=0, le=MAX_CLOCK_SCALE)


class ClockChange(_Body):
    advance: float | None = Field(None, ge=0, le=MAX_ADVANCE_SECONDS)
    mode: ClockMode | None = None
    scale: float | None = Field(None, gt=0, le=MAX_CLOCK_SCALE)

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.advance is None and self.mode is None and self.scale is None:
            raise ValueError("give advance, mode or scale")
        return self


class Originate(_Body):
    tenant: int | str | None = None
    caller: str = Field(alias="from", min_length=1, max_length=64)
    to: str | None = Field(None, min_length=1, max_length=64)
    did: str | None = Field(None, min_length=1, max_length=64)
    caller_name: str = Field("", max_length=128)
    outcome: Disposition | None = None
    talk_seconds: int | None = Field(None, ge=0, le=86_400)

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if self.did is not None:
            if self.tenant is not None or self.to is not None:
                raise ValueError("an inbound call takes did and from only")
        elif self.tenant is None or self.to is None:
            raise ValueError("give tenant, from and to (outbound) or did and from (inbound)")
        return self


class Decision(_Body):
    reason: str = Field("", max_length=1000)


class SettingsPatch(_Body):
    rate_limit_per_minute: int | None = Field(None, ge=0, le=1_000_000)
    did_request_auto_approve_seconds: int | None = Field(None, ge=0, le=MAX_ADVANCE_SECONDS)
    traffic_calls_per_minute: float | None = Field(None, ge=0, le=6_000)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    call_rate_per_minute: Decimal | None = Field(None, ge=0, le=1_000_000, decimal_places=4)
    licence_expires_at: float | None = Field(None, ge=0, le=253_402_300_799)  # up to 9999-12-31
    pbxware_version: PbxwareVersion | None = None
    mirta_cdr_columns: MirtaCdrColumns | None = None

    @model_validator(mode="after")
    def _no_nulls(self) -> Self:
        # The auto-approve delay may be null ("never approve on its own"), and the licence ("none").
        for name in self.model_fields_set - {"did_request_auto_approve_seconds", "licence_expires_at"}:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


def checked_world_id(world_id: str) -> str:
    """A world id from a path or query, refused before anything is built under it."""
    if not 1 <= len(world_id) <= 64 or not re.fullmatch(r"[A-Za-z0-9_-]+", world_id):
        raise ControlError(422, "world id must be 1 to 64 letters, digits, - or _", "invalid_argument")
    return world_id


def json_body(*, required: bool = True) -> dict[str, Any]:
    """The request's JSON object; malformed JSON is a 400, a non-object a 422."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if required:
            raise ControlError(400, "a JSON body is required", "malformed_json")
        return {}
    try:
        parsed = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ControlError(400, f"malformed JSON: {exc}", "malformed_json") from None
    if not isinstance(parsed, dict):
        raise ControlError(422, "the body must be a JSON object", "invalid_argument")
    return parsed
