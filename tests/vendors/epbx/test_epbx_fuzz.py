"""Any request under /api/v2 gets a JSON answer in the ePBX envelope, never HTML and never a 500."""

from __future__ import annotations

import json

from epbx_harness import harness
from hypothesis import given
from hypothesis import strategies as st

H = harness(rate_limit=0)  # one app for all examples; refusals change nothing, successes only add

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)
fields = st.sampled_from(["company_name", "email", "package_id", "status", "extension", "password", "amount",
                          "action", "preferred_digits", "provider_id", "requested_channels", "notes", "page",
                          "per_page", "nid_number", "address"])
bodies = st.dictionaries(fields, json_values, max_size=6) | json_values
paths = st.sampled_from(["/ping", "/customers", "/customers/2", "/customers/2/status", "/customers/2/kyc",
                         "/customers/2/extensions", "/customers/2/numbers", "/wallet", "/customers/2/wallet",
                         "/customers/4/wallet", "/customers/x/numbers", "/nope", ""])
methods = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"])
tokens = st.sampled_from(["demo-reseller-token", "demo-reseller2-token", "", "bogus"])


@given(method=methods, path=paths, body=bodies, token=tokens,
       content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"]),
       query=st.dictionaries(fields, st.text(max_size=8), max_size=2))
def test_every_answer_is_enveloped_json(method: str, path: str, body: object, token: str, content_type: str,
                                        query: dict[str, str]) -> None:
    raw = json.dumps(body).encode() if content_type != "application/x-www-form-urlencoded" else b"a=1&amount=%ZZ"
    response = H.client.open(f"/api/v2{path}", method=method, data=raw, content_type=content_type,
                             query_string=query, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (200, 201, 400, 401, 404, 405, 422)
    assert response.headers["Content-Type"] == "application/json"
    payload = response.get_json()
    assert payload["status"] == ("success" if response.status_code < 300 else "error")
    if response.status_code == 422:
        assert payload["errors"] and all(isinstance(m, list) and m for m in payload["errors"].values())
