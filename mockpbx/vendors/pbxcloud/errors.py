"""How MiRTA refuses: the security-key text, or an empty body, always with HTTP 200."""

from __future__ import annotations

from ...core import errors as core
from ..base import ErrorTable
from .reply import AUTH_FAILURE_BODY, EMPTY, Reply


class ProxyApiRefusal(Exception):
    """Raised by a handler to stop with a fixed vendor answer; no state has changed yet."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.body[:40])
        self.reply = reply


class KeyRejected(ProxyApiRefusal):
    """Bad key, a tenant the key cannot reach, or a scope too small for the request."""

    def __init__(self) -> None:
        super().__init__(Reply(AUTH_FAILURE_BODY))


class Nothing(ProxyApiRefusal):
    """Missing or invalid parameter, lookup miss, unknown option: MiRTA prints nothing."""

    def __init__(self) -> None:
        super().__init__(EMPTY)


# MiRTA reports every domain refusal the same way: it prints nothing. Handlers that have a
# documented or chosen failure text (DIAL) catch the error themselves before it gets here.
ERRORS: ErrorTable[Reply] = ErrorTable({
    core.DomainError: EMPTY,
    core.TenantNotFound: Reply(AUTH_FAILURE_BODY),
})
