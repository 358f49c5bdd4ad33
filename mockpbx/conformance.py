"""Request conformance: what each journalled request got wrong, read from the vendors' tables.

Classification runs when someone reads the journal, a report or the unmatched requests, never
on the request path: a request costs no more for being checked, and the vendor's answer never
depends on the check. See docs/conformance.md for the classes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from .core.entities import JournalEntry, Vendor
from .core.registry import Registry, Unmatched
from .vendors.epbx import PREFIX as EPBX_PREFIX
from .vendors.epbx.operations import TABLE as EPBX
from .vendors.optable import Finding, Issue, OperationTable, closest
from .vendors.pbxcloud import PATHS as PBXCLOUD_PATHS
from .vendors.pbxcloud.operations import TABLE as PBXCLOUD
from .vendors.pbxware.operations import TABLE as PBXWARE

TABLES: dict[str, OperationTable] = {"epbx": EPBX, "pbxcloud": PBXCLOUD, "pbxware": PBXWARE}
KEY_PARAMS = {"pbxcloud": "key", "pbxware": "apikey"}
# What a client most likely meant when its path belongs to no vendor.
KNOWN_PATHS = ("/", "/index.php", *PBXCLOUD_PATHS, *(EPBX_PREFIX + route.split(" ", 1)[1] for route in EPBX.operations))


@dataclass(frozen=True, slots=True)
class Checked:
    """A request with its operation name and what it got wrong (empty: conformant)."""

    vendor: str
    operation: str
    method: str
    path: str
    params: Mapping[str, str]
    status: int
    issues: tuple[Issue, ...]

    @property
    def conformant(self) -> bool:
        return not self.issues


@lru_cache(maxsize=1)
def _epbx_routes() -> Map:
    methods: dict[str, set[str]] = {}
    for name, operation in EPBX.operations.items():
        route = name.split(" ", 1)[1]
        methods.setdefault(route, set()).update(operation.methods)
    return Map([Rule(route, endpoint=route, methods=sorted(allowed)) for route, allowed in methods.items()],
               merge_slashes=False)


def operation_of(vendor: str, method: str, path: str, params: Mapping[str, str]) -> tuple[str, list[Issue]]:
    """The operation a request names, or the route issue that stops it being found."""
    if vendor == "pbxware":
        return params.get("action", ""), []
    if vendor == "pbxcloud":
        if path not in PBXCLOUD_PATHS:
            return f"{method} {path}", [Issue(Finding.UNKNOWN_ROUTE, expected="a proxyapi.php path",
                                              near_miss=closest(path, PBXCLOUD_PATHS))]
        return params.get("reqtype", "").strip().upper(), []
    if vendor == "epbx":
        route = path[len(EPBX_PREFIX):] or "/"
        try:
            endpoint, _ = _epbx_routes().bind("mockpbx").match(route, method)
        except MethodNotAllowed as refused:
            allowed = " or ".join(sorted(refused.valid_methods or ()))
            return f"{method} {route}", [Issue(Finding.WRONG_METHOD, expected=allowed)]
        except NotFound:
            near = closest(route, tuple(r.rule for r in _epbx_routes().iter_rules()))
            return f"{method} {route}", [Issue(Finding.UNKNOWN_ROUTE, expected="an /api/v2 route",
                                               near_miss=near and EPBX_PREFIX + near)]
        return f"{method} {endpoint}", []
    near = closest(path, KNOWN_PATHS)
    return f"{method} {path}", [Issue(Finding.UNKNOWN_ROUTE, expected="a vendor path", near_miss=near)]


def check(vendor: str, method: str, path: str, params: Mapping[str, str], content_type: str,
          status: int) -> Checked:
    operation, issues = operation_of(vendor, method, path, params)
    if not issues:
        issues = TABLES[vendor].check(operation, method, params, content_type)
    return Checked(vendor, operation, method, path, params, status, tuple(issues))


def check_entry(entry: JournalEntry) -> Checked:
    return check(entry.vendor, entry.method, entry.path, entry.params, entry.content_type, entry.status)


def issued_keys(registry: Registry) -> dict[str, tuple[str, ...]]:
    """Every key each vendor's worlds issued: the candidates for an unknown key's near miss."""
    keys: dict[str, list[str]] = {}
    for world in registry.worlds():
        for key in world.keys():
            keys.setdefault(str(key.vendor), []).append(key.key)
    return {vendor: tuple(found) for vendor, found in keys.items()}


def check_unmatched(entry: Unmatched, registry: Registry, keys: dict[str, tuple[str, ...]] | None = None) -> Checked:
    """A request no world took: a bad key (with the nearest real key), or a path no vendor has.

    ``keys`` (from :func:`issued_keys`) saves collecting them again for each of many entries.
    """
    operation, issues = operation_of(entry.vendor, entry.method, entry.path, entry.params)
    if entry.vendor and not issues:
        param = KEY_PARAMS.get(entry.vendor, "Authorization")
        if not entry.key or registry.resolve(entry.key, Vendor(entry.vendor)) is None:
            candidates = (keys if keys is not None else issued_keys(registry)).get(entry.vendor, ())
            issues = [Issue(Finding.UNKNOWN_KEY, param, "a key a world issued" if entry.key else "a key",
                            closest(entry.key, candidates) if entry.key else "")]
        issues.extend(i for i in TABLES[entry.vendor].check(operation, entry.method, entry.params, entry.content_type)
                      if i.kind is not Finding.MISSING_PARAMETER or i.parameter != param)
    return Checked(entry.vendor, operation, entry.method, entry.path, entry.params, entry.status, tuple(issues))


def findings_json(checked: Checked) -> list[dict[str, str]]:
    return [issue.as_json() for issue in checked.issues]


def nonconformant(checked: Iterable[Checked]) -> list[Checked]:
    return [c for c in checked if c.issues]
