"""Tiny reference clients, written the way an integrator writes against each real vendor.

The pact consumer tests drive these against Pact's mock server; the provider tests then
replay what they recorded against mockpbx. Each function is what a billing portal, a CRM
dialer or a PBXware sync job actually calls, with the base URL as the only setting.
"""

from __future__ import annotations

from typing import Any

import requests

TIMEOUT = 10


def epbx_customers(base_url: str, token: str, *, page: int = 1) -> Any:
    response = requests.get(f"{base_url}/api/v2/customers", params={"page": page},
                            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                            timeout=TIMEOUT)
    return response.status_code, response.json()


def epbx_wallet(base_url: str, token: str) -> Any:
    response = requests.get(f"{base_url}/api/v2/wallet",
                            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                            timeout=TIMEOUT)
    return response.status_code, response.json()


def pbxcloud_dial(base_url: str, key: str, *, tenant: str, source: str, dest: str) -> str | None:
    """The originate id, or None when MiRTA refuses (it answers 200 either way)."""
    response = requests.get(f"{base_url}/pbx/proxyapi.php", params={
        "key": key, "reqtype": "DIAL", "source": source, "dest": dest, "tenant": tenant,
        "account": f"{source}-{tenant}",
    }, timeout=TIMEOUT)
    parts = response.text.split("|")
    return parts[2] if response.text.lower().startswith("success") and len(parts) > 2 else None


def pbxcloud_key_rejected(base_url: str, key: str) -> bool:
    response = requests.get(f"{base_url}/pbx/proxyapi.php", params={"key": key, "reqtype": "COUNTCALLS"},
                            timeout=TIMEOUT)
    return "mistaken the security api key" in response.text.lower()


def pbxware_tenants(base_url: str, apikey: str) -> dict[str, Any]:
    response = requests.get(f"{base_url}/", params={"apikey": apikey, "action": "pbxware.tenant.list"},
                            timeout=TIMEOUT)
    body: dict[str, Any] = response.json()
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        raise RuntimeError(body["error"])
    return body


def pbxware_error(base_url: str, apikey: str, action: str) -> str | None:
    response = requests.get(f"{base_url}/index.php", params={"apikey": apikey, "action": action},
                            timeout=TIMEOUT)
    body = response.json()
    return body.get("error") if isinstance(body, dict) else None
