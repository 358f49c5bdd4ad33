"""Everything a consumer's test suite needs: a threaded server, interception and pytest fixtures."""

from __future__ import annotations

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
