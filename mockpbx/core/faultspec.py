"""A fault as a client writes it, validated and bounded before anything is armed, and back."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .faults import CATALOGUE, MAX_PATTERN, MAX_STARS, VENDOR_ONLY, Fault, Trigger

MAX_SECONDS = 30.0  # the longest a fault may hold a server thread
MAX_WINDOW = 366 * 86_400.0
MAX_BODY = 65_536

Pattern = Annotated[str, Field(max_length=MAX_PATTERN, pattern=r"^[\x20-\x7e]*$")]
Text = Annotated[str, Field(max_length=500, pattern=r"^[\x20-\x7e]*$")]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TargetSpec(_Spec):
    """Which requests; domain faults act on the world every vendor sees, whatever the vendor."""

    vendor: Literal["epbx", "pbxcloud", "pbxware", "*"]
    operation: Pattern = ""
    path: Pattern = ""

    @model_validator(mode="after")
    def _bounded_globs(self) -> Self:
        for name in ("operation", "path"):
            if getattr(self, name).count("*") > MAX_STARS:
                raise ValueError(f"{name} may hold at most {MAX_STARS} '*'")
        return self


class TriggerSpec(_Spec):
    kind: Trigger = Trigger.ALWAYS
    count: int = Field(1, ge=1, le=1_000_000)
    probability: float = Field(1.0, ge=0.0, le=1.0)
    start: float = Field(0.0, ge=0.0, le=MAX_WINDOW, description="world seconds from now")
    duration: float | None = Field(None, gt=0.0, le=MAX_WINDOW, description="world seconds the window lasts")


class ExpirySpec(_Spec):
    fires: int | None = Field(None, ge=1, le=1_000_000)
    after: float | None = Field(None, gt=0.0, le=MAX_WINDOW, description="world seconds from now")


class OptionsSpec(_Spec):
    status: int | None = Field(None, ge=100, le=599)
    body: str | None = Field(None, max_length=MAX_BODY)
    content_type: Text | None = None
    front: Literal["nginx", "laravel"] | None = None
    delay: float | None = Field(None, ge=0.0, le=MAX_SECONDS)
    delay_min: float | None = Field(None, ge=0.0, le=MAX_SECONDS)
    delay_max: float | None = Field(None, ge=0.0, le=MAX_SECONDS)
    keep_bytes: int | None = Field(None, ge=0, le=16 * 1024 * 1024)
    hold: float | None = Field(None, ge=0.0, le=MAX_SECONDS)
    retry_after: int | None = Field(None, ge=0, le=86_400)
    limit: int | None = Field(None, ge=1, le=100_000)
    message: Text | None = None
    lag: float | None = Field(None, gt=0.0, le=86_400.0)


# Which options each fault reads; any other option is refused rather than silently ignored.
OPTIONS_OF: dict[str, frozenset[str]] = {
    "latency": frozenset({"delay", "delay_min", "delay_max"}),
    "truncate": frozenset({"keep_bytes"}),
    "status": frozenset({"status", "body", "content_type", "front"}),
    "reset": frozenset(),
    "timeout": frozenset({"hold"}),
    "rate_limit": frozenset({"retry_after", "limit"}),
    "vendor_error": frozenset({"message"}),
    "empty_answer": frozenset(),
    "auth_text": frozenset(),
    "trunk_down": frozenset(),
    "cdr_lag": frozenset({"lag"}),
    "recording_missing": frozenset(),
    "duplicate_cdr": frozenset(),
}


class FaultSpec(_Spec):
    """``{"name", "target": {"vendor", "operation", "path"}, "trigger": {...}, "expiry": {...},
    "options": {...}}``; see docs/faults.md."""

    name: str = Field(max_length=32)
    target: TargetSpec
    trigger: TriggerSpec = TriggerSpec()
    expiry: ExpirySpec = ExpirySpec()
    options: OptionsSpec = OptionsSpec()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.name not in CATALOGUE:
            raise ValueError(f"unknown fault {self.name!r}; the catalogue has: {', '.join(CATALOGUE)}")
        only = VENDOR_ONLY.get(self.name)
        if only is not None and self.target.vendor != only:
            raise ValueError(f"{self.name} is a {only} fault; target.vendor must be {only}")
        given = {name for name, value in self.options if value is not None}
        stray = given - OPTIONS_OF[self.name]
        if stray:
            raise ValueError(f"{self.name} takes no option {', '.join(sorted(stray))}")
        if self.name == "cdr_lag" and self.trigger.kind not in (Trigger.ALWAYS, Trigger.WINDOW):
            raise ValueError("cdr_lag holds CDRs back while it is in force: trigger always or window")
        if self.name == "status" and self.options.status is None:
            raise ValueError("a status fault needs options.status")
        low, high = self.options.delay_min, self.options.delay_max
        if (low is None) != (high is None) or (low is not None and high is not None and high < low):
            raise ValueError("delay_min and delay_max come together, with delay_min <= delay_max")
        return self

    def build(self, now: float) -> Fault:
        """The fault to arm, its window and expiry fixed on the world clock as of ``now``."""
        trigger = self.trigger
        window_start = window_end = None
        if trigger.kind is Trigger.WINDOW:
            window_start = now + trigger.start
            window_end = None if trigger.duration is None else window_start + trigger.duration
        options = {name: value for name, value in self.options if value is not None}
        return Fault(id="", name=self.name, vendor=self.target.vendor, operation=self.target.operation,
                     path=self.target.path, trigger=trigger.kind, count=trigger.count,
                     probability=trigger.probability, window_start=window_start, window_end=window_end,
                     max_fires=self.expiry.fires,
                     expires_at=None if self.expiry.after is None else now + self.expiry.after,
                     options=options)


def fault_json(fault: Fault) -> dict[str, object]:
    return {
        "id": fault.id,
        "name": fault.name,
        "target": {"vendor": fault.vendor, "operation": fault.operation, "path": fault.path},
        "trigger": {"kind": str(fault.trigger), "count": fault.count, "probability": fault.probability,
                    "window_start": fault.window_start, "window_end": fault.window_end},
        "expiry": {"fires": fault.max_fires, "at": fault.expires_at},
        "options": dict(fault.options),
        "seen": fault.seen,
        "fired": fault.fired,
    }
