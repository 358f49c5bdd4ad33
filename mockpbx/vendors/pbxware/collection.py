"""Bicom's Postman collection, pointed at mockpbx: every request goes to ``http://{{IP}}``.

The collection is Bicom's (github:bicomsystems/PBXware-API-Documentation); we do not ship it.
The user downloads it, and ``mockpbx bicom-collection`` rewrites it for a local run: as
published, four requests go over https (one extension request and three Enhanced Ring Group
requests) and "Adding DIDs" goes to a fixed private address, so newman would fail the TLS
handshake against a plain-HTTP mockpbx or leave the machine. Only those URLs change; every
request, parameter and test script stays as Bicom wrote it.
"""

from __future__ import annotations

import copy
import re
from typing import Any

FILE_NAME = "PBXwareAPI_Doc.postman_collection.json"
REPOSITORY = "bicomsystems/PBXware-API-Documentation"
# The commit the figures in contracts/pbxware/CATALOGUE.md were measured with.
COMMIT = "5eab5649b30de9d7ef9d83e8b7809e9db8bda54b"
DOWNLOAD_URL = f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}/{FILE_NAME}"
HOST = "{{IP}}"
_ORIGIN = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/?#]*")


class NotACollection(Exception):
    """The file is not a Postman collection (no ``item`` list)."""


def _local_url(url: Any) -> tuple[Any, bool]:
    if isinstance(url, str):
        raw = _ORIGIN.sub(f"http://{HOST}", url, count=1)
        return raw, raw != url
    if not isinstance(url, dict):
        return url, False
    if url.get("protocol", "http") == "http" and url.get("host") == [HOST] and "port" not in url:
        return url, False
    local: dict[str, Any] = {**url, "protocol": "http", "host": [HOST]}
    local.pop("port", None)
    if isinstance(local.get("raw"), str):
        local["raw"] = _ORIGIN.sub(f"http://{HOST}", local["raw"], count=1)
    return local, True


def localize(collection: Any) -> tuple[dict[str, Any], list[str]]:
    """A copy of the collection with every request URL on ``http://{{IP}}``, and the requests changed."""
    if not isinstance(collection, dict) or not isinstance(collection.get("item"), list):
        raise NotACollection("not a Postman collection: no top-level 'item' list")
    local = copy.deepcopy(collection)
    changed: list[str] = []
    stack: list[tuple[str, Any]] = [("", item) for item in reversed(local["item"])]
    while stack:
        prefix, item = stack.pop()
        if not isinstance(item, dict):
            continue
        name = f"{prefix}{item.get('name', '?')}"
        if isinstance(item.get("item"), list):
            stack.extend((f"{name}/", child) for child in reversed(item["item"]))
            continue
        request = item.get("request")
        if isinstance(request, dict) and "url" in request:
            request["url"], moved = _local_url(request["url"])
            if moved:
                changed.append(name)
    return local, changed
