"""Every knob of a mockpbx server in one place: defaults, ``MOCKPBX_*`` variables, CLI flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .core.clock import ClockMode

# The most of one response body the journal keeps (journal_bodies); bounds memory per entry.
MAX_JOURNAL_BODY_BYTES = 1_048_576


class SettingsError(ValueError):
    """A setting with a value mockpbx cannot use; the message names the setting."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Server configuration. Each field ``x`` is read from ``MOCKPBX_X`` and ``--x``."""

    host: str = "127.0.0.1"
    port: int = 8080
    scenario: str = "default"
    seed: int = 1
    size: int = 5
    clock: ClockMode = ClockMode.REALTIME
    clock_scale: float = 1.0
    state_file: Path | None = None
    traffic: float = 0.0
    threads: int = 16
    journal_size: int = 1000
    rate_limit: int = 60
    journal_bodies: int = 0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = env.get(f"MOCKPBX_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = raw
        return cls().with_values(values)

    def with_values(self, values: Mapping[str, object]) -> Settings:
        """A copy with the given fields parsed from text (or taken as they are)."""
        parsed: dict[str, object] = {}
        kinds = {f.name: f.type for f in fields(self)}
        for name, raw in values.items():
            if name not in kinds:
                raise SettingsError(f"unknown setting {name!r}")
            parsed[name] = _parse(name, str(kinds[name]), raw)
        result = replace(self, **parsed)  # type: ignore[arg-type]
        result.validate()
        return result

    def validate(self) -> None:
        if not 0 <= self.port <= 65535:
            raise SettingsError("port must be 0 to 65535")
        if self.clock_scale <= 0:
            raise SettingsError("clock_scale must be positive")
        if self.traffic < 0:
            raise SettingsError("traffic must be zero or positive")
        if not 1 <= self.threads <= 256:
            raise SettingsError("threads must be 1 to 256")
        if not 1 <= self.size <= 10_000:
            raise SettingsError("size must be 1 to 10000")
        if self.journal_size < 1:
            raise SettingsError("journal_size must be at least 1")
        if self.rate_limit < 0:
            raise SettingsError("rate_limit must be zero (off) or positive")
        if not 0 <= self.journal_bodies <= MAX_JOURNAL_BODY_BYTES:
            raise SettingsError(f"journal_bodies must be 0 (off) to {MAX_JOURNAL_BODY_BYTES} bytes")


def _parse(name: str, kind: str, raw: object) -> object:
    if not isinstance(raw, str):
        return raw
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "ClockMode":
            return ClockMode(raw.lower())
        if kind == "Path | None":
            return Path(raw) if raw else None
    except ValueError:
        raise SettingsError(f"{name}: cannot use {raw!r}") from None
    return raw
