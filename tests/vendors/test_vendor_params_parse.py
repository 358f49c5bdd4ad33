"""The adapters' parameter parsing matches what werkzeug's ``request.args``/``form`` would give."""

from __future__ import annotations

from flask import Flask, request
from hypothesis import example, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from mockpbx.vendors.base import FORM_TYPES, journal_params, merged_params, query_pairs, repeated_params

app = Flask("params-parse")

# Raw query bytes as WSGI hands them over (latin-1 text): separators, escapes good and bad,
# plus signs, and UTF-8 or stray high bytes.
_PIECES = st.sampled_from([b"a", b"b", b"key", b"=", b"&", b"&&", b"%", b"%41", b"%2B", b"%ff", b"%e2%82%ac",
                           b"+", b";", b"\xc3\xa9", b"\xff", b"x y", b"==", b"0"])
QUERIES = st.lists(_PIECES, max_size=12).map(lambda parts: b"".join(parts).decode("latin1"))
FORMS = st.lists(st.tuples(st.sampled_from(["a", "b", "key", "é"]), st.sampled_from(["", "1", "x y", "&="])),
                 max_size=4)


def _reference() -> tuple[dict[str, str], dict[str, list[str]]]:
    """The parsing this module replaced, spelled out with werkzeug's own structures."""
    merged = dict(request.args.items())
    if request.mimetype in FORM_TYPES:
        merged.update(request.form.items())
    repeated: dict[str, list[str]] = {}
    for source in (request.args, request.form):
        for name in source:
            repeated.setdefault(name, []).extend(source.getlist(name))
    return merged, repeated


def _outcome(call: object) -> object:
    try:
        return call() if callable(call) else call
    except UnicodeDecodeError:
        return "UnicodeDecodeError"


@given(QUERIES)
@example("a+b=1&c")
@example("a=%41&a=%ff&=")
@example("x=\xc3\xa9&y=\xff")
@example("&&a==b;c")
def test_query_pairs_are_werkzeugs_args(query: str) -> None:
    with app.test_request_context(environ_overrides={"QUERY_STRING": query}):
        expected = _outcome(lambda: list(request.args.items(multi=True)))
        assert _outcome(lambda: query_pairs(query)) == expected


@given(QUERIES, FORMS, st.sampled_from(["GET", "POST"]))
@example("a=1&b+c=2&a=3", [("a", "form"), ("d", "")], "POST")
def test_merged_and_repeated_params_keep_form_precedence_and_order(query: str, form: list[tuple[str, str]],
                                                                   method: str) -> None:
    body = {"data": MultiDict(form), "content_type": "application/x-www-form-urlencoded"} if form else {}
    with app.test_request_context(method=method, environ_overrides={"QUERY_STRING": query}, **body):
        expected = _outcome(_reference)
        assert _outcome(lambda: (merged_params(), repeated_params())) == expected


def test_callers_get_their_own_copy_and_the_journal_sees_what_was_sent() -> None:
    with app.test_request_context("/?a=1&b=2&a=3"):
        first = merged_params()
        first["a"] = "changed"
        assert merged_params() == {"a": "1", "b": "2"}
        assert repeated_params() == {"a": ["1", "3"], "b": ["2"]}
        assert journal_params() == {"a": "1", "b": "2"}


def test_a_form_body_wins_over_the_query_and_files_are_named_in_the_journal() -> None:
    from io import BytesIO

    data = {"a": "form", "upload": (BytesIO(b"RIFF"), "prompt.wav")}
    with app.test_request_context("/?a=query&b=2", method="POST", data=data, content_type="multipart/form-data"):
        assert merged_params() == {"a": "form", "b": "2"}
        assert repeated_params() == {"a": ["query", "form"], "b": ["2"]}
        assert journal_params() == {"a": "form", "b": "2", "upload": "<file 'prompt.wav'>"}


def test_a_json_body_is_not_a_form() -> None:
    with app.test_request_context("/?a=1", method="POST", json={"a": "body", "n": 2}):
        assert merged_params() == {"a": "1"}
        assert journal_params() == {"a": "body", "n": "2"}
