"""What every vendor adapter shares: its spec, error tables, parameters and the journal."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import parse_qsl

from flask import Blueprint, Flask, Response, current_app, g, request
from werkzeug.datastructures import MultiDict
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


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(slots=True)
class Exchange:
    """What the adapter learnt about one request, kept in ``g`` for the journal.

    One object, fetched once per helper call: every ``g``/``request`` lookup goes through a
    context-variable proxy, and on this path those lookups cost as much as the work itself.
    """

    world: World | None = None
    vendor: str = ""
    outcome: str | None = None
    # Parsed on first ask (the ePBX adapter never asks; the journal then does).
    params: dict[str, str] | None = None
    query: list[tuple[str, str]] | None = None
    form: MultiDict[str, str] | None = None


def exchange() -> Exchange:
    """This request's exchange record, created on first use."""
    found: Exchange | None = getattr(g, "mockpbx_exchange", None)
    if found is None:
        found = g.mockpbx_exchange = Exchange()
    return found


def registry() -> Registry:
    """The registry of the app serving this request."""
    found: Registry = current_app.extensions["mockpbx"]
    return found


def resolve_key(key: str | None, vendor: Vendor) -> Credential | None:
    """Find the key's world and remember it, so the request is journalled there."""
    credential = registry().resolve(key or "", vendor)
    if credential is not None:
        record = exchange()
        record.world = credential.world
        record.vendor = str(vendor)
    return credential


def query_pairs(query_string: str) -> list[tuple[str, str]]:
    """The query string's name/value pairs exactly as werkzeug's ``request.args`` holds them.

    Most queries have nothing to unescape, and for those splitting is all ``parse_qsl`` does;
    anything else goes through ``parse_qsl`` with werkzeug's own arguments.
    """
    if query_string.isascii():
        if "%" not in query_string and "+" not in query_string:
            pairs = []
            for part in query_string.split("&"):
                if part:
                    name, _, value = part.partition("=")
                    pairs.append((name, value))
            return pairs
    else:
        # WSGI hands the raw bytes over as latin-1 text; werkzeug decodes them as UTF-8.
        query_string = query_string.encode("latin1").decode()
    return parse_qsl(query_string, keep_blank_values=True, errors="werkzeug.url_quote")


def _parse(record: Exchange) -> dict[str, str]:
    """Fill in the record's parameters: query string, then form fields (the form wins)."""
    req = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup for the lot
    environ = req.environ
    query = query_pairs(environ.get("QUERY_STRING", ""))
    params: dict[str, str] = {}
    for name, value in query:
        if name not in params:  # the first of a repeated name, as MultiDict.items() gives
            params[name] = value
    form: MultiDict[str, str] | None = None
    # No Content-Type means no form: werkzeug would parse nothing, so don't ask it to.
    if environ.get("CONTENT_TYPE") and req.mimetype in FORM_TYPES:
        form = req.form
        params.update(form.items())
    record.query, record.form, record.params = query, form, params
    return params


def merged_params() -> dict[str, str]:
    """Query-string and form parameters together; the form wins, as PHP's $_REQUEST does.

    Parsed once per request (the adapter and the journal both ask); each caller gets its
    own copy to change.
    """
    record = exchange()
    return dict(record.params if record.params is not None else _parse(record))


def repeated_params() -> dict[str, list[str]]:
    """Every value of every parameter, query string first, then form, in the order sent."""
    record = exchange()
    if record.params is None:
        _parse(record)
    repeated: dict[str, list[str]] = {}
    for name, value in record.query or ():
        repeated.setdefault(name, []).append(value)
    if record.form is not None:
        for name, values in record.form.lists():
            repeated.setdefault(name, []).extend(values)
    return repeated


def set_outcome(outcome: str) -> None:
    """A short word for the journal: what the request achieved or why it was refused."""
    exchange().outcome = outcome


def journal_params() -> dict[str, str]:
    """What the client sent, as text: query, form fields, file names, or a JSON object's fields.

    The journal runs after the adapter has answered, possibly refusing a body it could not
    read (too large, malformed); reading it again must not turn that answer into an error.
    """
    req = request._get_current_object()  # type: ignore[attr-defined]
    environ = req.environ
    record = exchange()
    if req.method == "GET" and (("CONTENT_LENGTH" not in environ and "HTTP_TRANSFER_ENCODING" not in environ)
                                or not req.content_length):
        # Nothing but the query string, which the adapter already parsed. The journal keeps
        # that dict itself: merged_params hands out copies, so nobody changes it.
        return record.params if record.params is not None else _parse(record)
    params = dict(req.args.items())
    try:
        params = merged_params()
        if req.mimetype == "multipart/form-data":
            params.update({name: f"<file {upload.filename!r}>" for name, upload in req.files.items()})
        body = json.loads(req.get_data(cache=True)) if req.is_json else None
    except (HTTPException, ValueError, RecursionError):
        return params
    if isinstance(body, dict):
        params.update({str(k): v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
    return params


def journal_response(response: Response) -> Response:
    record: Exchange | None = getattr(g, "mockpbx_exchange", None)
    world = None if record is None else record.world
    if record is not None and world is not None:
        status = response.status_code
        req = request._get_current_object()  # type: ignore[attr-defined]
        world.record_request(JournalEntry(
            time=world.clock.now(), vendor=record.vendor, method=req.method, path=req.path,
            params=journal_params(), status=status,
            outcome=record.outcome if record.outcome is not None else ("ok" if status < 400 else "error"),
        ))
    return response


def install_journal(app: Flask) -> None:
    app.after_request(journal_response)
