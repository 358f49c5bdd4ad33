"""mockpbx: a faithful, stateful emulator of three cloud-PBX vendor HTTP APIs."""

from __future__ import annotations

from .app import create_app
from .core import DomainError, Registry, World
from .settings import Settings

__version__ = "0.1.0"

__all__ = ["DomainError", "Registry", "Settings", "World", "__version__", "create_app"]
