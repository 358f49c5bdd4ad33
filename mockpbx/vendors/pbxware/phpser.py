"""Byte-exact PHP ``serialize()`` / ``unserialize()`` for PBXware's ``apiformat=php``.

Real PBXware builds one PHP array per response and hands it either to ``json_encode`` or to
``serialize``.  The mock builds the equivalent of ``json_decode($json, true)`` in Python, so
:func:`php_serialize` reproduces PHP 8's ``serialize()`` of *that* value: the Python value is
first read the way ``json.dumps`` + ``json_decode(..., true)`` would read it, then serialized.

Every rule below was checked against php-cli 8.2 (see ``tests/vendors/pbxware/test_phpser_php.py``).

Python → PHP:

========================  ==================================================================
``None``                  ``N;``
``bool``                  ``b:1;`` / ``b:0;``
``int`` in int64          ``i:<n>;``
``int`` outside int64     a float, as ``json_decode`` gives for a too-big JSON integer
``float``                 ``d:<repr>;`` in PHP's ``serialize_precision=-1`` format (below)
``str``                   ``s:<UTF-8 byte length>:"<UTF-8 bytes>";`` (no escaping)
``decimal.Decimal``       the string ``str(d)``: JSON has no decimal type and the mock only
                          uses ``Decimal`` for money columns PBXware returns as strings
``list`` / ``tuple``      ``a:<n>:{i:0;...i:<n-1>;...}``
``dict``                  ``a:<n>:{<key><value>...}``; keys ``str`` or ``int``, a string that
                          is a canonical int64 decimal (``"12"``, ``"-3"``; not ``"012"``,
                          ``"-0"``, ``"+1"``, ``" 1"``) becomes an int key as in PHP
========================  ==================================================================

Float format (PHP ``zend_gcvt`` with mode 0, i.e. the shortest round-trip digits, same as
Python's ``repr``): with ``decpt`` the decimal exponent such that the value is
``0.<digits> * 10**decpt``, exponential form ``D.DDDE±X`` is used when ``decpt < -3`` or
``decpt > 17`` (``1.0E-5``, ``1.0E+17``, single digit mantissas get ``.0``), otherwise plain
digits without a trailing ``.0`` (``0.0001``, ``2``, ``10000000000000000``). ``-0.0`` is
``-0``; infinities are ``INF``/``-INF``; every NaN is ``NAN``.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

__all__ = ["php_serialize", "php_unserialize"]

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1

# PHP's ZEND_HANDLE_NUMERIC_STR: no sign other than "-", no leading zeros, no "-0".
_CANONICAL_INT_KEY = re.compile(r"-?[1-9][0-9]*|0")


def _int_key(key: str) -> int | None:
    """The int PHP would turn the array key ``key`` into, or ``None`` if it stays a string."""
    if len(key) > 20 or _CANONICAL_INT_KEY.fullmatch(key) is None:
        return None
    value = int(key)
    return value if _INT64_MIN <= value <= _INT64_MAX else None


def _php_float(value: float) -> str:
    if math.isnan(value):
        # zend_gcvt only prints a sign for INF, so -NaN is plain "NAN" too.
        return "NAN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    # repr() is David Gay's shortest round-trip dtoa, the same digits as zend_dtoa mode 0;
    # only the layout differs, so re-lay them out the way zend_gcvt does.
    text = repr(value)
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    raw = whole + fraction
    digits = raw.lstrip("0")
    decpt = len(whole) + (int(exponent) if exponent else 0) - (len(raw) - len(digits))
    digits = digits.rstrip("0")
    if not digits:
        return sign + "0"
    if decpt < -3 or decpt > 17:
        exp = decpt - 1
        return f"{sign}{digits[0]}.{digits[1:] or '0'}E{'-' if exp < 0 else '+'}{abs(exp)}"
    if decpt <= 0:
        return f"{sign}0.{'0' * -decpt}{digits}"
    if len(digits) <= decpt:
        return sign + digits + "0" * (decpt - len(digits))
    return f"{sign}{digits[:decpt]}.{digits[decpt:]}"


def _php_int(value: int) -> str:
    if _INT64_MIN <= value <= _INT64_MAX:
        return f"i:{value};"
    # json_decode reads an out-of-range JSON integer as a (possibly infinite) double.
    try:
        as_float = float(value)
    except OverflowError:
        as_float = math.inf if value > 0 else -math.inf
    return f"d:{_php_float(as_float)};"


def _php_str(value: str) -> str:
    # isascii() is O(1) on CPython, which spares the encode for the common ASCII case.
    size = len(value) if value.isascii() else len(value.encode("utf-8"))
    return f's:{size}:"{value}";'


def _php_key(key: object) -> str:
    if isinstance(key, str):
        text = str.__str__(key)
        number = _int_key(text)
        return _php_str(text) if number is None else f"i:{number};"
    if isinstance(key, int) and not isinstance(key, bool):
        # json.dumps writes an int key as its decimal string, so an out-of-range one stays a string.
        return _php_key(str(int(key)))
    raise TypeError(f"PHP array keys must be str or int, not {type(key).__name__}")


def _normalised_items(mapping: dict[object, object]) -> list[tuple[str, object]]:
    # {1: x, "1": y} is two JSON members with the same name; json_decode keeps the first
    # position and the last value, so merge on the rendered key the same way.
    merged: dict[str, object] = {}
    for key, value in mapping.items():
        merged[_php_key(key)] = value
    return list(merged.items())


def php_serialize(value: object) -> bytes:
    """Serialize ``value`` exactly as PHP 8 ``serialize(json_decode(<json.dumps(value)>, true))``.

    Args:
        value: ``None``, ``bool``, ``int``, ``float``, ``str``, ``Decimal``, or ``list``/``tuple``
            /``dict`` of those; nesting depth is bounded by the recursion limit, as for json.dumps.

    Returns:
        The serialized bytes; strings are emitted as UTF-8.

    Raises:
        TypeError: a value or dict key of an unsupported type.
        ValueError: a container that contains itself, or a string with lone surrogates
            (``UnicodeEncodeError``, which ``json_decode`` would reject as invalid UTF-8).
    """
    parts: list[str] = []
    append = parts.append
    # Row dicts share their field names, so each distinct key is rendered once per call.
    key_cache: dict[str, str] = {}
    active: set[int] = set()

    def emit(item: object) -> None:
        kind = type(item)
        if kind is str:
            assert isinstance(item, str)
            append(_php_str(item))
        elif kind is dict:
            assert isinstance(item, dict)
            emit_dict(item)
        elif kind is int:
            assert isinstance(item, int)
            append(_php_int(item))
        elif kind is list or kind is tuple:
            assert isinstance(item, list | tuple)
            emit_list(item)
        elif item is None:
            append("N;")
        elif kind is bool:
            append("b:1;" if item else "b:0;")
        elif kind is float:
            assert isinstance(item, float)
            append(f"d:{_php_float(item)};")
        else:
            emit_subclass(item)

    def emit_subclass(item: object) -> None:
        # Enum and other subclasses are serialized as their base value, as json.dumps does.
        if isinstance(item, bool):
            append("b:1;" if item else "b:0;")
        elif isinstance(item, int):
            append(_php_int(int(item)))
        elif isinstance(item, float):
            append(f"d:{_php_float(float(item))};")
        elif isinstance(item, str):
            append(_php_str(str.__str__(item)))
        elif isinstance(item, Decimal):
            append(_php_str(str(item)))
        elif isinstance(item, dict):
            emit_dict(item)
        elif isinstance(item, list | tuple):
            emit_list(item)
        else:
            raise TypeError(f"cannot PHP-serialize {type(item).__name__}")

    def enter(container: object) -> int:
        ident = id(container)
        if ident in active:
            raise ValueError("circular reference in value to PHP-serialize")
        active.add(ident)
        return ident

    def emit_list(items: list[object] | tuple[object, ...]) -> None:
        ident = enter(items)
        append(f"a:{len(items)}:{{")
        for index, child in enumerate(items):
            append(f"i:{index};")
            emit(child)
        append("}")
        active.discard(ident)

    def emit_dict(mapping: dict[object, object]) -> None:
        ident = enter(mapping)
        start = len(parts)
        append(f"a:{len(mapping)}:{{")
        for key, child in mapping.items():
            if type(key) is not str:
                # Rare path: non-str keys may collide with str ones, so count after merging.
                del parts[start:]
                items = _normalised_items(mapping)
                append(f"a:{len(items)}:{{")
                for rendered, merged_child in items:
                    append(rendered)
                    emit(merged_child)
                break
            rendered_key = key_cache.get(key)
            if rendered_key is None:
                rendered_key = key_cache[key] = _php_key(key)
            if type(child) is str:
                # Inlined hot path: API rows are mostly string fields.
                size = len(child) if child.isascii() else len(child.encode("utf-8"))
                append(f'{rendered_key}s:{size}:"{child}";')
            else:
                append(rendered_key)
                emit(child)
        append("}")
        active.discard(ident)

    emit(value)
    return "".join(parts).encode("utf-8")


_INT_RE = re.compile(rb"[+-]?[0-9]+")
_FLOAT_RE = re.compile(rb"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|-?INF|NAN")
_UINT_RE = re.compile(rb"[0-9]+")


class _Reader:
    """Recursive-descent parser over PHP's serialize grammar, limited to what json_decode yields."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def fail(self, message: str) -> ValueError:
        return ValueError(f"malformed PHP serialized data at offset {self.pos}: {message}")

    def expect(self, token: bytes) -> None:
        if not self.data.startswith(token, self.pos):
            raise self.fail(f"expected {token!r}")
        self.pos += len(token)

    def until(self, terminator: bytes, pattern: re.Pattern[bytes], what: str) -> bytes:
        end = self.data.find(terminator, self.pos)
        if end < 0:
            raise self.fail(f"unterminated {what}")
        text = self.data[self.pos : end]
        if pattern.fullmatch(text) is None:
            raise self.fail(f"invalid {what} {text!r}")
        self.pos = end + len(terminator)
        return text

    def integer(self) -> int:
        number = int(self.until(b";", _INT_RE, "integer"))
        if not _INT64_MIN <= number <= _INT64_MAX:
            raise self.fail(f"integer {number} out of int64 range")
        return number

    def string(self) -> str:
        size = int(self.until(b":", _UINT_RE, "string length"))
        self.expect(b'"')
        end = self.pos + size
        if end > len(self.data):
            raise self.fail("string runs past end of data")
        raw = self.data[self.pos : end]
        self.pos = end
        self.expect(b'";')
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise self.fail(f"string is not valid UTF-8 ({exc.reason})") from None

    def key(self) -> int | str:
        tag = self.data[self.pos : self.pos + 2]
        self.pos += 2
        if tag == b"i:":
            return self.integer()
        if tag == b"s:":
            text = self.string()
            number = _int_key(text)
            return text if number is None else number
        self.pos -= 2
        raise self.fail("array key must be i: or s:")

    def array(self) -> list[object] | dict[str, object]:
        count = int(self.until(b":", _UINT_RE, "array length"))
        self.expect(b"{")
        entries: dict[int | str, object] = {}
        for _ in range(count):
            key_pos = self.pos
            key = self.key()
            if key in entries:
                self.pos = key_pos
                raise self.fail(f"duplicate array key {key!r}")
            entries[key] = self.value()
        self.expect(b"}")
        if all(key == index for index, key in enumerate(entries)):
            return list(entries.values())
        return {str(key): child for key, child in entries.items()}

    def value(self) -> object:
        tag = self.data[self.pos : self.pos + 2]
        self.pos += 2
        if tag == b"N;":
            return None
        if tag == b"b:":
            flag = self.data[self.pos : self.pos + 2]
            if flag not in (b"0;", b"1;"):
                raise self.fail("boolean must be b:0; or b:1;")
            self.pos += 2
            return flag == b"1;"
        if tag == b"i:":
            return self.integer()
        if tag == b"d:":
            return float(self.until(b";", _FLOAT_RE, "float"))
        if tag == b"s:":
            return self.string()
        if tag == b"a:":
            return self.array()
        self.pos -= 2
        raise self.fail(f"unsupported or unknown type tag {tag[:1]!r}")


def php_unserialize(data: bytes) -> object:
    """Parse PHP ``serialize()`` output into what ``json_decode($json, true)`` would hold.

    Arrays whose keys are exactly ``0..n-1`` in order become lists (PHP's ``json_encode`` writes
    those as JSON arrays, including the empty array); any other array becomes a dict with its
    int keys turned into strings.  Stricter than PHP: trailing bytes, duplicate array keys,
    out-of-range integers and non-UTF-8 strings are errors, and objects, references and enums
    (``O:``, ``C:``, ``r:``, ``R:``, ``E:``) are not supported.

    Args:
        data: The serialized bytes.

    Returns:
        ``None``, ``bool``, ``int``, ``float``, ``str``, ``list`` or ``dict``.

    Raises:
        ValueError: ``data`` is malformed or uses an unsupported construct.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"php_unserialize() needs bytes, not {type(data).__name__}")
    reader = _Reader(bytes(data))
    try:
        result = reader.value()
    except RecursionError:
        raise ValueError("PHP serialized data nested too deeply") from None
    if reader.pos != len(reader.data):
        raise reader.fail("trailing data after value")
    return result
