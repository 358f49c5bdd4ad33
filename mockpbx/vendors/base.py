"""What every vendor adapter shares: its spec, error tables, parameters and the journal."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, ParamSpec, TypeVar
from urllib.parse import parse_qsl

from flask import Blueprint, Flask, Request, Response, current_app, g, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from ..core.entities import Vendor
from ..core.errors import DomainError
from ..core.registry import Credential, Registry
from ..core.world import World

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")


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
        key_of: the credential the current request carries (faults find its world by it).
        operation_of: the current request's operation name: PBXware action, MiRTA reqtype,
            ePBX ``METHOD /route``; what fault targets and conformance call sites name.
    """

    vendor: Vendor
    title: str
    blueprint: Blueprint
    owns: Callable[[str], bool]
    not_found: Callable[[], Response]
    internal_error: Callable[[], Response]
    paths: tuple[str, ...]
    hosts: tuple[str, ...] = ()
    key_of: Callable[[], str] | None = None
    operation_of: Callable[[], str] | None = None


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

    Every ``g``/``request``/``current_app`` lookup goes through a context-variable proxy, and
    on this path those lookups cost as much as the work itself; a view that fetches its
    exchange once and calls its methods pays for one.
    """

    world: World | None = None
    vendor: str = ""
    outcome: str | None = None
    refusal: DomainError | None = None  # what the core refused, however the vendor worded it
    fault: str = ""  # the armed fault that fired on this request, journalled by name
    # Parsed on first ask (the ePBX adapter never asks; the journal then does).
    params: dict[str, str] | None = None
    query: list[tuple[str, str]] | None = None
    form: MultiDict[str, str] | None = None

    def merged_params(self) -> dict[str, str]:
        """See :func:`merged_params`."""
        return dict(self.params if self.params is not None else _parse(self, _request()))

    def repeated_params(self) -> dict[str, list[str]]:
        """See :func:`repeated_params`."""
        if self.params is None:
            _parse(self, _request())
        repeated: dict[str, list[str]] = {}
        for name, value in self.query or ():
            repeated.setdefault(name, []).append(value)
        if self.form is not None:
            for name, values in self.form.lists():
                repeated.setdefault(name or "", []).extend(values)
        return repeated

    def refuse(self, error: DomainError) -> None:
        """Remember a refusal the core made, for :func:`journal_outcome` to word."""
        self.refusal = error

    def resolve_key(self, key: str | None, vendor: Vendor) -> Credential | None:
        """See :func:`resolve_key`."""
        credential = registry().resolve(key or "", vendor)
        if credential is not None:
            self.world = credential.world
            self.vendor = str(vendor)
        return credential


_EXCHANGE = "mockpbx_exchange"


def _request() -> Request:
    """The request itself rather than its proxy: one lookup, then plain attribute reads."""
    found: Request = request._get_current_object()  # type: ignore[attr-defined]
    return found


def exchange() -> Exchange:
    """This request's exchange record, created on first use."""
    store = g._get_current_object()
    found: Exchange | None = store.get(_EXCHANGE)
    if found is None:
        found = Exchange()
        setattr(store, _EXCHANGE, found)
    return found


def registry() -> Registry:
    """The registry of the app serving this request."""
    found: Registry = current_app.extensions["mockpbx"]
    return found


def resolve_key(key: str | None, vendor: Vendor) -> Credential | None:
    """Find the key's world and remember it, so the request is journalled there."""
    return exchange().resolve_key(key, vendor)


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


def _parse(record: Exchange, req: Request) -> dict[str, str]:
    """Fill in the record's parameters: query string, then form fields (the form wins)."""
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
        # A part whose name werkzeug cannot read is keyed None; parameters are text, so it is "".
        params.update((name or "", value) for name, value in form.items())
    record.query, record.form, record.params = query, form, params
    return params


def merged_params() -> dict[str, str]:
    """Query-string and form parameters together; the form wins, as PHP's $_REQUEST does.

    Parsed once per request (the adapter and the journal both ask); each caller gets its
    own copy to change.
    """
    return exchange().merged_params()


def repeated_params() -> dict[str, list[str]]:
    """Every value of every parameter, query string first, then form, in the order sent."""
    return exchange().repeated_params()


def param_reader(name: str, *, upper: bool = False) -> Callable[[], str]:
    """A ``VendorSpec.key_of``/``operation_of`` reading one merged parameter of the current request."""

    def read() -> str:
        params = exchange().params
        value = (params if params is not None else _parse(exchange(), _request())).get(name, "")
        return value.strip().upper() if upper else value

    return read


def in_world(world: World, handler: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run one request's handler inside one transaction of the world its key opened.

    Every vendor's dispatch calls its handler through here, and handlers take no lock of their
    own: one request is one transaction, so a compound read sees one instant and a compound
    write is seen whole or not at all. What happens before (the fault gate's delays, reading
    the body and its uploads, authentication) and after (encoding and streaming the answer)
    stays outside, so a slow client or a delay fault never holds the world.
    """
    with world.transaction():
        return handler(*args, **kwargs)


def set_outcome(outcome: str) -> None:
    """A short word for the journal: what the request achieved or why it was refused."""
    exchange().outcome = outcome


def journal_outcome(said: str | None, status: int, refusal: DomainError | None = None) -> str:
    """The journal's word for a request, the one rule for every vendor and every path.

    What the adapter said wins (``insufficient_funds`` over the 422 that carries it, a fault's
    ``fault:<name>``); then a refusal of the core, by its code (``insufficient_funds`` whether
    ePBX answers it with a 422, PBXware with an error inside a 200 or MiRTA with its text);
    otherwise an answer below 400 is ``ok`` and any other ``refused:<status>``.
    """
    if said is not None:
        return said
    if refusal is not None:
        return refusal.code
    return "ok" if status < 400 else f"refused:{status}"


def journal_params() -> dict[str, str]:
    """What the client sent, as text: query, form fields, file names, or a JSON object's fields.

    The journal runs after the adapter has answered, possibly refusing a body it could not
    read (too large, malformed); reading it again must not turn that answer into an error.
    """
    return dict(_journal_params(exchange(), _request()))  # the journal's own dict stays unshared


def _journal_params(record: Exchange, req: Request) -> dict[str, str]:
    environ = req.environ
    if req.method == "GET" and (("CONTENT_LENGTH" not in environ and "HTTP_TRANSFER_ENCODING" not in environ)
                                or not req.content_length):
        # Nothing but the query string, which the adapter already parsed. The journal keeps
        # that dict itself: merged_params hands out copies, so nobody changes it.
        return record.params if record.params is not None else _parse(record, req)
    params = dict(req.args.items())
    try:
        params = record.merged_params()
        if req.mimetype == "multipart/form-data":
            # A part may come without a name (werkzeug keys it None): the journal holds text only.
            params.update({name or "": f"<file {upload.filename!r}>" for name, upload in req.files.items()})
        body = json.loads(req.get_data(cache=True)) if req.is_json else None
    except (HTTPException, ValueError, RecursionError):
        return params
    if isinstance(body, dict):
        params.update({str(k): v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
    return params


def journal_hook(specs: list[VendorSpec], control_prefix: str, body_bytes: int,
                 served: Registry) -> Callable[[Response], Response]:
    """The after-request hook that journals each vendor request in the world its key chose, and
    each request no world accepted in the registry's unmatched journal.

    Everything it needs is bound here, so a journalled request pays no extra context lookups.
    """

    def journal_response(response: Response) -> Response:
        record: Exchange | None = g._get_current_object().get(_EXCHANGE)
        if record is None or record.world is None:
            return journal_unmatched(response, record)
        req = _request()
        status = response.status_code
        outcome = journal_outcome(record.outcome, status, record.refusal)
        world = record.world
        fault = record.fault
        if world.faults.armed_here():  # a domain fault (trunk_down) may have fired inside the handler
            fault = ",".join(filter(None, (fault, *world.faults.take_pending())))
        body = response.get_data()[:body_bytes] \
            if body_bytes and not response.direct_passthrough and not response.is_streamed else None
        world.note_request(record.vendor, req.method, req.path, _journal_params(record, req), status, outcome,
                           req.environ.get("CONTENT_TYPE", ""), fault, body)
        return response

    def journal_unmatched(response: Response, record: Exchange | None) -> Response:
        req = _request()
        path = req.path
        if path.startswith(control_prefix):
            return response
        spec = next((s for s in specs if s.owns(path)), None)
        record = record if record is not None else exchange()
        key = ""
        if spec is not None and spec.key_of is not None:
            try:
                key = spec.key_of()
            except HTTPException:  # a body the adapter refused to read has no key to show
                key = ""
        served.note_unmatched(str(spec.vendor) if spec is not None else "", req.method, path,
                                _journal_params(record, req), response.status_code,
                                req.environ.get("CONTENT_TYPE", ""), key[:200])
        return response

    return journal_response


def install_journal(app: Flask, specs: list[VendorSpec] | None = None, control_prefix: str = "/_mockpbx",
                    body_bytes: int = 0) -> None:
    served: Registry = app.extensions["mockpbx"]
    app.after_request(journal_hook(list(specs or []), control_prefix, body_bytes, served))
