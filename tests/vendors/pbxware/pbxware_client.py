"""Calling PBXware actions through the Flask test client on the `pbx` fixture's default world."""

from __future__ import annotations

import base64
import json
import subprocess
from typing import Any

from flask.testing import FlaskClient

from tests.tools import find_bicom_collection, require_php

KEY = "Test123456789"


def raw(client: FlaskClient, action: str, **params: object) -> bytes:
    """``pbxware.<action>`` with the master key; PBXware answers everything with HTTP 200."""
    query = {"apikey": KEY, "action": f"pbxware.{action}", **{k: str(v) for k, v in params.items()}}
    response = client.get("/", query_string=query)
    assert response.status_code == 200
    return response.data


def body(client: FlaskClient, action: str, **params: object) -> Any:
    return json.loads(raw(client, action, **params))


# Bicom's collection, read where it lives (tests/tools.py); None where it is not available.
COLLECTION = find_bicom_collection()

# For each (json, php) pair: php's unserialize() must give json_decode()'s value, serialize() of
# that value must give the PHP bytes back, and json_encode() the JSON bytes.
_PHP_CHECK = r"""
$pairs = json_decode(stream_get_contents(STDIN), true);
foreach ($pairs as $i => $pair) {
    $json = base64_decode($pair[0]);
    $php = base64_decode($pair[1]);
    $decoded = json_decode($json, true);
    $same = unserialize($php) === $decoded;
    $bytes = serialize($decoded) === $php;
    $encoded = json_encode($decoded) === $json;
    echo $i, ' ', $same ? 'same' : 'DIFFERENT', ' ', $bytes ? 'bytes' : 'BYTES', ' ',
        $encoded ? 'json' : 'JSON', "\n";
}
"""


def php_disagreements(pairs: list[tuple[str, bytes, bytes]]) -> list[tuple[str, str]]:
    """The labelled (json, php) answers real PHP does not read as one value, with PHP's verdict."""
    payload = json.dumps([[base64.b64encode(j).decode(), base64.b64encode(p).decode()] for _, j, p in pairs])
    result = subprocess.run([require_php(), "-r", _PHP_CHECK], input=payload.encode(), capture_output=True,
                            check=True, timeout=60)
    lines = result.stdout.decode().splitlines()
    assert len(lines) == len(pairs)
    return [(pairs[int(line.split()[0])][0], line) for line in lines if line.split()[1:] != ["same", "bytes", "json"]]
