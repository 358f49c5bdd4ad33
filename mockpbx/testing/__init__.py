"""Everything a consumer's test suite needs: a threaded server, interception and pytest fixtures."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import MockPbxError, ServerAlreadyRunning, ServerError, ServerNotRunning
    from .intercept import MockPbx, mock_pbx
    from .server import ThreadedServer
    from .world import PbxWorld

__all__ = [
    "MockPbx",
    "MockPbxError",
    "PbxWorld",
    "ServerAlreadyRunning",
    "ServerError",
    "ServerNotRunning",
    "ThreadedServer",
    "mock_pbx",
]

# Imported on first use: pytest imports this package (for the plugin) in every run wherever
# mockpbx is installed, and interception needs ``responses``, which only mockpbx[test] brings.
_LAZY = {"MockPbx": ".intercept", "mock_pbx": ".intercept", "MockPbxError": ".errors",
         "ServerAlreadyRunning": ".errors", "ServerError": ".errors", "ServerNotRunning": ".errors",
         "ThreadedServer": ".server", "PbxWorld": ".world"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
