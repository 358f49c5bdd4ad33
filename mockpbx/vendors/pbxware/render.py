"""PBXware's bytes: PHP ``json_encode`` (compact, ``\\/``, ``\\uXXXX``) or PHP ``serialize``."""

from __future__ import annotations

from decimal import Decimal

from flask import Response

from ..php import php_json_encode as encode
from .actions.registry import PlainText
from .phpser import php_serialize

JSON_CONTENT_TYPE = "application/json"
# PHP's default header: PBXware sets no type for serialized or plain-text answers.
PHP_CONTENT_TYPE = "text/html; charset=UTF-8"


def wants_php(apiformat: str | None) -> bool:
    """``apiformat=php`` selects PHP serialize; anything else (or nothing) is JSON."""
    return apiformat == "php"


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: object) -> object:
    """What ``json_decode`` would give back: Decimals and tuples become JSON's own types."""
    if type(value) in _SCALARS:  # most of a body: checked first, exactly, on the hot path
        return value
    if isinstance(value, dict):
        if all(str(key) == str(index) for index, key in enumerate(value)):
            # PHP holds "0".."n-1" as int keys in order (or nothing), and json_encode makes that a list.
            return [_plain(v) for v in value.values()]
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def php_json_encode(value: object) -> bytes:
    """PHP ``json_encode`` of the array PBXware would hold for ``value``."""
    return encode(_plain(value))


def render(result: object, *, php: bool) -> Response:
    """A handler's result as PBXware sends it, always with HTTP 200."""
    if isinstance(result, PlainText):
        return Response(result.text.encode("utf-8"), status=200, content_type=PHP_CONTENT_TYPE)
    if php:
        return Response(php_serialize(_plain(result)), status=200, content_type=PHP_CONTENT_TYPE)
    return Response(php_json_encode(result), status=200, content_type=JSON_CONTENT_TYPE)


def render_error(message: str, *, php: bool) -> Response:
    """``{"error": message}``: PBXware reports every failure inside an HTTP 200."""
    return render({"error": message}, php=php)
