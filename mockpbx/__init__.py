"""mockpbx: a faithful, stateful emulator of three cloud-PBX vendor HTTP APIs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .core import DomainError, Registry, World
from .settings import Settings

if TYPE_CHECKING:
    from .app import create_app

__version__ = "0.1.0"

__all__ = ["DomainError", "Registry", "Settings", "World", "__version__", "create_app"]


def __getattr__(name: str) -> Any:
    # Loaded on first use so that `import mockpbx.core` never pulls in Flask (the layering rule).
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
