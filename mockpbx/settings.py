"""Every knob of a mockpbx server in one place: defaults, ``MOCKPBX_*`` variables, CLI flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .core.clock import ClockMode
from .core.state import MIRTA_CDR_COLUMNS, PBXWARE_VERSIONS

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
    # Vendor version profiles for every world the server builds; None keeps the scenario's.
    pbxware_version: str | None = None
    mirta_cdr_columns: str | None = None
    journal_bodies: int = 0
    # Security and resource bounds (docs/configuration.md, "Admin token and bounds").
    admin_token: str | None = None
    scenario_dir: Path | None = None
    autosave: float = 0.0
    max_worlds: int = 100
    max_world_size: int = 200
    max_body: int = 1024 * 1024
    max_state_body: int = 64 * 1024 * 1024
    journal_bytes: int = 16 * 1024 * 1024
    max_advance_calls: int = 10_000

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
        if self.pbxware_version not in (None, *PBXWARE_VERSIONS):
            raise SettingsError(f"pbxware_version must be one of {', '.join(PBXWARE_VERSIONS)}")
        if self.mirta_cdr_columns not in (None, *MIRTA_CDR_COLUMNS):
            raise SettingsError(f"mirta_cdr_columns must be one of {', '.join(MIRTA_CDR_COLUMNS)}")
        if not 0 <= self.journal_bodies <= MAX_JOURNAL_BODY_BYTES:
            raise SettingsError(f"journal_bodies must be 0 (off) to {MAX_JOURNAL_BODY_BYTES} bytes")
        if self.admin_token is not None and not 16 <= len(self.admin_token) <= 512:
            raise SettingsError("admin_token must be 16 to 512 characters")
        if self.admin_token is not None and not (self.admin_token.isascii() and self.admin_token.isprintable()
                                                 and " " not in self.admin_token):
            raise SettingsError("admin_token must be printable ASCII without spaces")
        if not 0 <= self.autosave <= 86_400:
            raise SettingsError("autosave must be 0 (off) to 86400 seconds")
        for name, low, high in _BOUNDS:
            if not low <= getattr(self, name) <= high:
                raise SettingsError(f"{name} must be {low} to {high}")

    def world_settings(self) -> dict[str, object]:
        """The world settings these server settings impose on every world (version profiles)."""
        chosen = {"pbxware_version": self.pbxware_version, "mirta_cdr_columns": self.mirta_cdr_columns}
        return {name: value for name, value in chosen.items() if value is not None}


# Each bound's own sane range: wide enough for any real test suite, never unbounded.
_BOUNDS = (
    ("max_worlds", 1, 100_000),
    ("max_world_size", 1, 10_000),
    ("max_body", 1024, 1024**3),
    ("max_state_body", 1024, 4 * 1024**3),
    ("journal_bytes", 4096, 16 * 1024**3),
    ("max_advance_calls", 1, 100_000_000),
)


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
        if kind == "str | None":
            return raw or None
    except ValueError:
        raise SettingsError(f"{name}: cannot use {raw!r}") from None
    return raw
