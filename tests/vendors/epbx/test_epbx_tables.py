"""The adapter's tables and small parts: domain error mapping, bearer parsing, the throttle, the contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import schemathesis
import yaml
from hypothesis import given
from hypothesis import strategies as st

from mockpbx.core import errors
from mockpbx.vendors.epbx.auth import bearer_token
from mockpbx.vendors.epbx.errors import DOMAIN_ERRORS, domain_failure, summary
from mockpbx.vendors.epbx.validation import EMAIL_PATTERN, PASSWORD_PATTERN, RuleFailed, password
from mockpbx.vendors.epbx.wire import php_json_encode

CONTRACT = Path(__file__).resolve().parents[3] / "contracts" / "epbx" / "openapi.yaml"


@pytest.mark.parametrize("error_class", errors.all_domain_errors(), ids=lambda c: c.__name__)
def test_every_domain_error_renders_as_a_4xx(error_class: type[errors.DomainError]) -> None:
    rendering = DOMAIN_ERRORS.lookup(error_class)
    assert rendering.status in (404, 422)
    failure = domain_failure(error_class("neutral core wording"))
    assert failure.status == rendering.status
    assert "neutral core wording" not in failure.message  # the core's words never reach the wire
    if rendering.field is not None:
        assert failure.errors == {rendering.field: [rendering.message]}


def test_specific_mappings() -> None:
    assert domain_failure(errors.TenantNotFound("x")).message == "Customer not found."
    assert domain_failure(errors.EmailTaken("x")).errors == {"email": ["The email has already been taken."]}
    assert domain_failure(errors.CallLimitReached("x")).status == 422


def test_laravel_summary_counts_the_rest() -> None:
    assert summary({"a": ["A."]}) == "A."
    assert summary({"a": ["A."], "b": ["B."]}) == "A. (and 1 more error)"
    assert summary({"a": ["A.", "A2."], "b": ["B."]}) == "A. (and 2 more errors)"


@pytest.mark.parametrize(("header", "token"), [
    (None, None), ("", None), ("Bearer abc", "abc"), ("bearer abc", "abc"), ("BEARER abc", "abc"),
    ("Bearer abc,def", "abc"), ("Bearer ", None), ("Token abc", None), ("Basic x, Bearer abc", "abc"),
])
def test_bearer_token(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


def test_php_json_encoding() -> None:
    assert php_json_encode({"a": "x/y", "b": "é€😀"}) == b'{"a":"x\\/y","b":"\\u00e9\\u20ac\\ud83d\\ude00"}'


def test_contract_is_valid_openapi_31_and_shares_the_email_pattern() -> None:
    schemathesis.openapi.from_path(CONTRACT).validate()  # against the OpenAPI 3.1 meta-schema
    document = yaml.safe_load(CONTRACT.read_text())
    assert document["openapi"] == "3.1.0"
    create = document["paths"]["/customers"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert create["properties"]["email"]["pattern"] == EMAIL_PATTERN


def test_contract_documents_every_route() -> None:
    from mockpbx.app import create_app

    document = yaml.safe_load(CONTRACT.read_text())
    app = create_app()
    served = {
        (rule.rule.removeprefix("/api/v2").replace("<customer_id>", "{customerId}"), method.lower())
        for rule in app.url_map.iter_rules() if rule.endpoint.startswith("epbx.")
        for method in rule.methods or () if method not in ("HEAD", "OPTIONS")
    }
    documented = {(path, method) for path, item in document["paths"].items() for method in item
                  if method != "parameters"}
    assert served == documented


def test_contract_shares_the_password_pattern_and_has_no_filtering_allof() -> None:
    document = yaml.safe_load(CONTRACT.read_text())
    body = document["paths"]["/customers/{customerId}/extensions"]["post"]["requestBody"]["content"]
    schema = body["application/json"]["schema"]["properties"]["password"]
    assert (schema["pattern"], schema["minLength"], schema["maxLength"]) == (PASSWORD_PATTERN, 8, 64)
    assert "allOf" not in schema  # several patterns make a generator draw from one and discard by the rest


def _contract_accepts(value: str) -> bool:
    return 8 <= len(value) <= 64 and re.fullmatch(PASSWORD_PATTERN, value) is not None


def _rules_accept(value: str) -> bool:
    try:
        password("password", value)
    except RuleFailed:
        return False
    return True


@pytest.mark.parametrize(("value", "accepted"), [
    ("Abcdefg1", True), ("1abcdefG", True), ("a1!~~~~B", True), ("abcdefg1", False), ("ABCDEFG1", False),
    ("Abcdefgh", False), ("Abc def1", False), ("Abcdef1", False), ("Ab1" + "x" * 61, True), ("Ab1" + "x" * 62, False),
    ("Abcdefg1\n", False), ("Abcdéfg1", False),
])
def test_password_pattern_examples(value: str, accepted: bool) -> None:
    assert _contract_accepts(value) is accepted
    assert _rules_accept(value) is accepted


@given(st.text(alphabet=st.characters(min_codepoint=9, max_codepoint=0x7F) | st.sampled_from("é\u00a0"),
               max_size=70))
def test_the_contract_pattern_and_the_server_rules_agree(value: str) -> None:
    assert _contract_accepts(value) is _rules_accept(value)
