"""ePBX's route table: each endpoint declared once, and the one installer that serves them.

An :class:`Endpoint` names its method and route, whether the route names one of the caller's
own customers, the request schema that turns the input into a typed body, the handler, the
status a success answers with and the journal's word for it, and the parameters conformance
checks (``operations.py`` reads them from here). Handlers are plain functions of a
:class:`Call` that return data; :func:`install` renders that data as Laravel's JSON envelope.

The request path, in order (the order of Laravel's middleware and route-model binding, which
decides which refusal a bad request gets): the guard (size, token, throttle; protocol.py),
the customer the route names, the body through the schema, then the handler inside the
request's one transaction (``base.in_world``). The body is read before the world is held, so
a slow upload never holds it; the answer is encoded after it is released.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response
from pydantic import BaseModel
from werkzeug.datastructures import FileStorage

from ...core.entities import Tenant
from ..base import exchange, in_world, set_outcome
from ..optable import Operation
from . import validation as v
from .auth import Caller
from .protocol import caller, owned_customer
from .wire import success

CUSTOMER = "/customers/<customer_id>"


@dataclass(frozen=True, slots=True)
class Input:
    """What a request schema reads: the input fields, its uploads, and the route's customer."""

    fields: Mapping[str, object]
    tenant: Tenant | None

    def files(self) -> Mapping[str, FileStorage]:
        return v.uploaded_files()


@dataclass(frozen=True, slots=True)
class Call:
    """What a handler gets: the caller, the route's customer, and the body its schema parsed."""

    caller: Caller
    tenant: Tenant | None = None
    body: Any = None

    def say(self, outcome: str) -> None:
        """The journal's word for this request, instead of the endpoint's (base.journal_outcome)."""
        set_outcome(outcome)

    @property
    def customer(self) -> Tenant:
        """The route's customer, for endpoints under ``/customers/<customer_id>``."""
        if self.tenant is None:
            raise AssertionError("this endpoint's route names no customer")
        return self.tenant


@dataclass(frozen=True, slots=True)
class Answer:
    """Data plus extra top-level members after ``data`` (a list's ``meta``)."""

    data: object
    extra: Mapping[str, object] = field(default_factory=dict)


Handler = Callable[[Call], object]
Schema = Callable[[Input], object]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One ePBX endpoint, as the route table declares it.

    Attributes:
        method: the HTTP method (GET rules answer HEAD too, as Flask's do).
        route: the rule below the prefix; ``<customer_id>`` names one of the caller's customers,
            checked before the body is read (any other's is a 404).
        handler: the work, under the request's transaction; returns data or an :class:`Answer`.
        schema: the request schema (``schemas.py``) run on the input first, or None for no body.
        model: the pydantic model of the body the schema validates: its fields are the
            endpoint's parameters, and those without a default the required ones.
        patterns: what a field's text must match on the wire, for conformance (optable).
        status: the status of a success.
        outcome: the journal's word for a success (a handler may say otherwise).
    """

    method: str
    route: str
    handler: Handler
    schema: Schema | None = None
    model: type[BaseModel] | None = None
    patterns: Mapping[str, str] = field(default_factory=dict)
    status: int = 200
    outcome: str | None = None

    @property
    def name(self) -> str:
        """``METHOD /route``: the operation's name in conformance reports and fault targets."""
        return f"{self.method} {self.route}"

    @property
    def operation(self) -> Operation:
        """The endpoint as conformance reads it: the same row the dispatcher serves."""
        methods = ("GET", "HEAD") if self.method == "GET" else (self.method,)
        fields = self.model.model_fields if self.model is not None else {}
        required = tuple(name for name, info in fields.items() if info.is_required())
        return Operation(tuple(fields), required=required, patterns=dict(self.patterns), methods=methods)

    @property
    def names_customer(self) -> bool:
        return "<customer_id>" in self.route


def view(endpoint: Endpoint) -> Callable[..., Response]:
    """The Flask view for one endpoint: customer, schema, handler under the lock, renderer."""
    handler, schema, status, outcome = endpoint.handler, endpoint.schema, endpoint.status, endpoint.outcome
    with_customer = endpoint.names_customer

    def serve(customer_id: str | None = None) -> Response:
        tenant = owned_customer(customer_id) if with_customer and customer_id is not None else None
        body = schema(Input(v.request_input(), tenant)) if schema is not None else None
        who = caller()
        result = in_world(who.world, handler, Call(who, tenant, body))
        if outcome is not None:
            record = exchange()
            if record.outcome is None:
                record.outcome = outcome
        if isinstance(result, Answer):
            return success(result.data, status, **result.extra)
        return success(result, status)

    serve.__name__ = handler.__name__
    return serve


def install(blueprint: Blueprint, endpoints: tuple[Endpoint, ...]) -> None:
    """Register every endpoint of the table on the blueprint, each under its handler's name."""
    for endpoint in endpoints:
        blueprint.add_url_rule(endpoint.route, endpoint.handler.__name__, view(endpoint), methods=[endpoint.method])
