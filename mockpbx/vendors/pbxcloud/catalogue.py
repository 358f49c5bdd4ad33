"""Request types with no observable meaning in the mock: the answers of an empty system.

The mock has no campaigns, flows, response paths or virtual extensions; each entry prints
what MiRTA prints when there is nothing to show or nothing matched (an empty JSON list, or
no bytes).
"""

from __future__ import annotations

from .context import Context
from .reply import EMPTY, Reply


def empty_list(ctx: Context) -> Reply:
    return Reply.text("[]") if ctx.fmt == "json" else EMPTY


def nothing(ctx: Context) -> Reply:
    return EMPTY


EMPTY_LIST_REQTYPES = ("BLFS", "FLOWS")
NOTHING_REQTYPES = ("ATXTRANSFER", "TRANSFER", "CAMPAIGN", "QUEUERESET", "REBOOT", "UNREGISTER",
                    "RESPONSEPATH", "SETFLOW", "VIRTUALEXT")
