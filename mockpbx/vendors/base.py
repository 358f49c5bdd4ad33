"""What every vendor adapter shares: its spec, error tables, parameters and the journal."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import Blueprint, Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from ..core.entities import JournalEntry, Vendor
from ..core.errors import DomainError
from ..core.registry import Credential, Registry
from ..core.world import World

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class VendorSpec:
    """One vendor's wire protocol, as the app needs to know it.

    Attributes:
        vendor: the vendor system this adapter serves.
        title: human name, for the banner and docs.
        blueprint: the vendor's routes at its real paths.
        owns: does a request path belong to this vendor (for 404/405/500 rendering)?
        not_found: the vendor's own answer to an unknown path or method.
        internal_error: the vendor's own answer when the adapter itself fails.
        paths: the paths to print in the banner.
        hosts: real vendor host names, for in-process interception.
    """

    vendor: Vendor
    title: str
    blueprint: Blueprint
    owns: Callable[[str], bool]
    not_found: Callable[[], Response]
    internal_error: Callable[[], Response]
    paths: tuple[str, ...]
    hosts: tuple[str, ...] = ()


class ErrorTable(Generic[T]):
    """Domain error class → vendor rendering, resolved along the MRO (most specific wins)."""

    def __init__(self, table: Mapping[type[DomainError], T]) -> None:
        if DomainError not in table:
            raise TypeError("an error table needs a DomainError fallback")
        self._table = dict(table)

    def lookup(self, error: DomainError | type[DomainError]) -> T:
        cls = error if isinstance(error, type) else type(error)
        for klass in cls.__mro__:
            if klass in self._table:
                return self._table[klass]
        raise AssertionError("unreachable: DomainError is always in the table")


def registry() -> Registry:
    """The registry of the app serving this request."""
    found: Registry = current_app.extensions["mockpbx"]
    return found


def resolve_key(key: str | None, vendor: Vendor) -> Credential | None:
    """Find the key's world and remember it, so the request is journalled there."""
    credential = registry().resolve(key or "", vendor)
    if credential is not None:
        g.mockpbx_world = credential.world
        g.mockpbx_vendor = vendor
    return credential


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def merged_params() -> dict[str, str]:
    """Query-string and form parameters together; the form wins, as PHP's $_REQUEST does.

    Parsed once per request (the adapter and the journal both ask); each caller gets its
    own copy to change.
    """
    parsed: dict[str, str] | None = g.get("mockpbx_params")
    if parsed is None:
        parsed = dict(request.args.items())
        if request.mimetype in FORM_TYPES:
            parsed.update(request.form.items())
        g.mockpbx_params = parsed
    return dict(parsed)


def set_outcome(outcome: str) -> None:
    """A short word for the journal: what the request achieved or why it was refused."""
    g.mockpbx_outcome = outcome


def journal_params() -> dict[str, str]:
    """What the client sent, as text: query, form fields, file names, or a JSON object's fields.

    The journal runs after the adapter has answered, possibly refusing a body it could not
    read (too large, malformed); reading it again must not turn that answer into an error.
    """
    params = dict(request.args.items())
    if request.method == "GET" and not request.content_length:
        return merged_params()  # nothing but the query string, which the adapter already parsed
    try:
        params = merged_params()
        if request.mimetype == "multipart/form-data":
            params.update({name: f"<file {upload.filename!r}>" for name, upload in request.files.items()})
        body = json.loads(request.get_data(cache=True)) if request.is_json else None
    except (HTTPException, ValueError, RecursionError):
        return params
    if isinstance(body, dict):
        params.update({str(k): v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
    return params


def journal_response(response: Response) -> Response:
    world: World | None = g.get("mockpbx_world")
    if world is not None:
        world.record_request(JournalEntry(
            time=world.clock.now(), vendor=str(g.get("mockpbx_vendor", "")), method=request.method,
            path=request.path, params=journal_params(), status=response.status_code,
            outcome=g.get("mockpbx_outcome", "ok" if response.status_code < 400 else "error"),
        ))
    return response


def install_journal(app: Flask) -> None:
    app.after_request(journal_response)
