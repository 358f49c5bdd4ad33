"""Talking to a mockpbx server about one world: sketch it, read its truth and its journal."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import requests

from ..core.sketches import WorldSketch

Json = dict[str, Any]
VENDORS = ("pbxware", "pbxcloud", "epbx")
TIMEOUT = 30


class ControlPlaneError(RuntimeError):
    """The server refused a control-plane request (its JSON error is the message)."""


class WorldSession:
    """One world on a server reached over HTTP, as a client under test would reach it."""

    def __init__(self, url: str, world_id: str = "fuzz", *, admin_token: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.world_id = world_id
        self._http = requests.Session()
        # A server that guards /_mockpbx with an admin token takes it as a bearer token.
        token = admin_token if admin_token is not None else os.environ.get("MOCKPBX_ADMIN_TOKEN")
        if token:
            self._http.headers["Authorization"] = f"Bearer {token}"

    def _call(self, method: str, path: str, **kwargs: Any) -> Json:
        answer = self._http.request(method, f"{self.url}/_mockpbx/worlds/{self.world_id}{path}",
                                    timeout=TIMEOUT, **kwargs)
        if answer.status_code >= 400:
            raise ControlPlaneError(f"{method} {path or '/'}: {answer.status_code} {answer.text.strip()}")
        body: Json = answer.json()
        return body

    def build(self, sketch: WorldSketch) -> Json:
        """Make the world hold exactly ``sketch``; returns its keys, tenants and build time."""
        return self._call("PUT", "/sketch", data=sketch.model_dump_json(),
                          headers={"Content-Type": "application/json"})

    def arm_faults(self, faults: Sequence[Json]) -> list[Json]:
        """Disarm the world's faults, then arm ``faults`` in order (faults survive a rebuild)."""
        self._call("DELETE", "/faults")
        return [self._call("POST", "/faults", json=fault) for fault in faults]

    def fault_firings(self) -> list[Json]:
        firings: list[Json] = self._call("GET", "/faults")["firings"]
        return firings

    def truth(self, view: str, tenant: str | None = None) -> Json:
        params = {"view": view} if tenant is None else {"view": view, "tenant": tenant}
        return self._call("GET", "/truth", params=params)

    def journal(self) -> list[Json]:
        entries: list[Json] = self._call("GET", "/journal")["entries"]
        return entries

    def environment(self, built: Json) -> dict[str, str]:
        """The variables a client under test reads: where the server is and which keys open the world."""
        tenants = built["tenants"]
        first = tenants[0] if tenants else {"code": "", "id": "", "key": ""}
        return {
            "MOCKPBX_URL": self.url,
            "MOCKPBX_WORLD": self.world_id,
            "MOCKPBX_EPBX_TOKEN": built["keys"]["epbx"],
            "MOCKPBX_PBXCLOUD_KEY": built["keys"]["pbxcloud_admin"],
            "MOCKPBX_PBXWARE_KEY": built["keys"]["pbxware"],
            "MOCKPBX_TENANTS": ",".join(t["code"] for t in tenants),
            "MOCKPBX_TENANT_IDS": ",".join(str(t["id"]) for t in tenants),
            "MOCKPBX_TENANT": str(first["code"]),
            "MOCKPBX_TENANT_ID": str(first["id"]),
            "MOCKPBX_PBXCLOUD_TENANT_KEY": str(first["key"]),
        }
