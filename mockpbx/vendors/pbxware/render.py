"""PBXware's bytes: PHP ``json_encode`` (compact, ``\\/``, ``\\uXXXX``) or PHP ``serialize``."""

from __future__ import annotations

from decimal import Decimal

from flask import Response

from ..php import php_json_encode as encode
from ..php import php_json_encode_simple as encode_simple
from .actions.registry import PlainText
from .phpser import php_serialize

JSON_CONTENT_TYPE = "application/json"
# PHP's default header: PBXware sets no type for serialized or plain-text answers.
PHP_CONTENT_TYPE = "text/html; charset=UTF-8"


def wants_php(apiformat: str | None) -> bool:
    """``apiformat=php`` selects PHP serialize; anything else (or nothing) is JSON."""
    return apiformat == "php"


# Leaves pydantic_core writes exactly as the json module does (not floats: 1e-05 becomes 0.00001).
_SIMPLE = frozenset({str, int, bool, type(None)})


def _plain(value: object, unusual: list[object] | None = None) -> object:
    """What ``json_decode`` would give back: Decimals and tuples become JSON's own types.

    Copy on write: a plain dict or list that is already JSON's shape (nearly every body) is
    returned as it is, so only the parts that change are rebuilt, and leaves cost no call.
    Leaves other than str, int, bool and None (floats, odd types) are noted in ``unusual``.
    """
    cls = type(value)
    if cls in _SIMPLE:
        return value
    if isinstance(value, dict):
        if _is_php_list(value):
            # PHP holds "0".."n-1" as int keys in order (or nothing), and json_encode makes that a list.
            return [_plain(v, unusual) for v in value.values()]
        if cls is dict:
            return _plain_dict(value, unusual)
        return {str(k): _plain(v, unusual) for k, v in value.items()}
    if isinstance(value, list):
        return _plain_list(value, unusual) if cls is list else [_plain(v, unusual) for v in value]
    if isinstance(value, tuple):
        return [_plain(v, unusual) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if unusual is not None:
        unusual.append(value)
    return value


def _is_php_list(value: dict[object, object]) -> bool:
    if not value:
        return True
    return str(next(iter(value))) == "0" and all(str(key) == str(index) for index, key in enumerate(value))


def _plain_dict(value: dict[object, object], unusual: list[object] | None) -> dict[object, object]:
    out: dict[object, object] | None = None
    done = 0
    for key, item in value.items():
        plain = item if type(item) in _SIMPLE else _plain(item, unusual)
        if out is None:
            if plain is item and type(key) is str:
                done += 1
                continue
            out = {}
            for earlier, (k, v) in enumerate(value.items()):  # unchanged so far: copy them as they are
                if earlier == done:
                    break
                out[k] = v
        out[str(key)] = plain
    return value if out is None else out


def _plain_list(value: list[object], unusual: list[object] | None) -> list[object]:
    out: list[object] | None = None
    for index, item in enumerate(value):
        plain = item if type(item) in _SIMPLE else _plain(item, unusual)
        if out is None:
            if plain is item:
                continue
            out = value[:index]
        out.append(plain)
    return value if out is None else out


def php_json_encode(value: object) -> bytes:
    """PHP ``json_encode`` of the array PBXware would hold for ``value``."""
    unusual: list[object] = []
    plain = _plain(value, unusual)
    return encode(plain) if unusual else encode_simple(plain)


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
