"""Every action in Bicom's collection, asked for JSON and for PHP: php-cli must read the PHP
answer back as exactly the JSON answer's value, and re-serialize it to the same bytes.

Bicom's 256 example requests run in order on two twin worlds (one asked for JSON, one for
``apiformat=php``), with ``{{variables}}`` filled from mockpbx's Postman environment.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pbxware_client import COLLECTION, php_disagreements

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import DEFAULT_WORLD, Registry
from mockpbx.vendors.pbxware.postman import environment_values

VARIABLE = re.compile(r"\{\{([^}]+)\}\}")
def _requests() -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if "item" in item:
                walk(item["item"])
            else:
                query = item["request"]["url"].get("query", [])
                found.append([(p["key"], p.get("value") or "") for p in query if not p.get("disabled")])

    walk(json.loads(COLLECTION.read_text())["item"])
    return found


def test_every_actions_php_answer_is_its_json_answer() -> None:
    clients = []
    for _ in range(2):
        registry = Registry(clock_mode=ClockMode.MANUAL)
        registry.create_world("default", world_id=DEFAULT_WORLD)
        clients.append(create_app(registry=registry).test_client())
    values = environment_values(registry.get(DEFAULT_WORLD), "127.0.0.1")
    pairs: list[tuple[str, bytes, bytes]] = []
    for query in _requests():
        params = [(k, VARIABLE.sub(lambda m: values.get(m.group(1), ""), v)) for k, v in query]
        as_json = clients[0].get("/index.php", query_string=params)
        as_php = clients[1].get("/index.php", query_string=[*params, ("apiformat", "php")])
        assert as_json.status_code == as_php.status_code == 200
        if as_json.data.startswith(b"Live Calls: "):
            assert as_php.data == as_json.data
            continue
        pairs.append((dict(params)["action"], as_json.data, as_php.data))
    assert php_disagreements(pairs) == []
    assert len({action for action, _, _ in pairs}) >= 246
