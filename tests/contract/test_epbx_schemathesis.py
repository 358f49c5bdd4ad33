"""Schemathesis against contracts/epbx/openapi.yaml, in process through the WSGI app.

Checks: no server errors, status codes / content types / headers / bodies as the contract
says, and every schema-violating request refused. ``positive_data_acceptance`` is left
out on purpose: the contract cannot express the business rules (a package or provider
that exists, an email or extension not yet taken, enough funds, file bytes that really are
JPEG/PNG/PDF), so schema-valid requests are legitimately refused with 422.
"""

from __future__ import annotations

from pathlib import Path

import schemathesis
from flask import Flask
from hypothesis import given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import Registry
from mockpbx.vendors.epbx.validation import RuleFailed, password

CONTRACT = Path(__file__).resolve().parents[2] / "contracts" / "epbx" / "openapi.yaml"
TOKEN = "demo-reseller-token"


def _app() -> Flask:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world("default", world_id="default")
    world.configure(rate_limit_per_minute=0)  # the fuzzer sends far more than 60 a minute
    return create_app(registry=registry)


schema = schemathesis.openapi.from_path(
    CONTRACT, config=schemathesis.Config.from_dict({"auth": {"openapi": {"bearerAuth": {"bearer": TOKEN}}}}),
)
schema.app = _app()


@schema.parametrize()
@settings(max_examples=25)
def test_epbx_contract(case: schemathesis.Case) -> None:
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@given(schema["/customers/{customerId}/extensions"]["POST"].as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE))
def test_the_contract_generates_extension_passwords_the_server_accepts(case: schemathesis.Case) -> None:
    # Drawn from the contract's one pattern, with every health check on: a schema that made the
    # generator discard most of what it drew (as an allOf of three patterns did) fails here first.
    assert isinstance(case.body, dict)
    try:
        password("password", case.body["password"])
    except RuleFailed as refused:  # pragma: no cover - the failure message is the point
        raise AssertionError(f"{case.body['password']!r}: {refused}") from None
