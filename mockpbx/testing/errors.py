"""Errors for misusing the testing helpers; separate from the domain's DomainError."""

from __future__ import annotations


class MockPbxError(Exception):
    """Root of every library-misuse error raised by :mod:`mockpbx.testing`."""


class ServerAlreadyRunning(MockPbxError):
    """``start()`` was called on a server that is already serving."""


class ServerNotRunning(MockPbxError):
    """The server's address was asked for before ``start()``."""


class ServerError(MockPbxError):
    """A request failed inside the server thread; the original error is the ``__cause__``."""
