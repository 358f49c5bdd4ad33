"""What a proxyapi answer is before Flask sees it: bytes and a content type, always HTTP 200."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response

HTML = "text/html; charset=UTF-8"
JSON = "application/json"

# MiRTA's one error text for a bad key, a tenant the key may not reach and a scope the key lacks.
AUTH_FAILURE = "Too bad... you mistaken the security api key."
# Observed bodies are 46 bytes, one more than the text: the mock takes the 46th to be a newline.
AUTH_FAILURE_BODY = (AUTH_FAILURE + "\n").encode()


@dataclass(frozen=True, slots=True)
class Reply:
    """A body and, when it is not text, the media type that goes with it.

    ``content_type`` None means "follow the request's ``format``": MiRTA sets the header
    from the parameter, not from what it actually prints.
    """

    body: bytes
    content_type: str | None = None

    @classmethod
    def text(cls, text: str) -> Reply:
        return cls(text.encode("utf-8"))


EMPTY = Reply(b"")


def content_type_for(fmt: str) -> str:
    return JSON if fmt == "json" else HTML


def to_response(reply: Reply, fmt: str) -> Response:
    content_type = reply.content_type or content_type_for(fmt)
    return Response(reply.body, status=200, content_type=content_type)
