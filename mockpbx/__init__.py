"""mockpbx: a faithful, stateful emulator of three cloud-PBX vendor HTTP APIs."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .core import DomainError, Registry, World
    from .settings import Settings

__version__ = "0.1.0"

__all__ = ["DomainError", "Registry", "Settings", "World", "__version__", "create_app"]

# Loaded on first use: `import mockpbx.core` never pulls in Flask (the layering rule), and the
# pytest plugin, which pytest imports in every run wherever mockpbx is installed, costs nothing
# until a test asks for one of its fixtures.
_LAZY = {"create_app": ".app", "DomainError": ".core", "Registry": ".core", "World": ".core",
         "Settings": ".settings"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
