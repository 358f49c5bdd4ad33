"""Everything a consumer's test suite needs: a threaded server, interception and pytest fixtures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import MockPbxError, ServerAlreadyRunning, ServerError, ServerNotRunning
from .server import ThreadedServer
from .world import PbxWorld

if TYPE_CHECKING:
    from .intercept import MockPbx, mock_pbx


def __getattr__(name: str) -> Any:
    # Interception needs `responses` (a test extra); the server, strategies and fuzz-client must
    # import without it, so it loads only when asked for.
    if name in ("MockPbx", "mock_pbx"):
        from . import intercept

        return getattr(intercept, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
