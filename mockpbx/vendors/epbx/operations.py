"""ePBX's operations as data: each route's fields, from schemas.py and contracts/epbx/openapi.yaml.

Keyed ``METHOD /route`` as the blueprint writes its rules; ``tests/vendors/test_operation_tables.py``
checks that every route of the blueprint is here and nothing else is. See ``mockpbx/vendors/optable.py``.
"""

from __future__ import annotations

from ..optable import Operation, OperationTable

_PAGE = ("page", "per_page")
_PAGE_PATTERNS = {"page": r"\s*[0-9]+\s*", "per_page": r"\s*[0-9]+\s*"}
_INTEGER = r"\s*-?[0-9]+\s*"
_CUSTOMER = "/customers/<customer_id>"

OPERATIONS: dict[str, Operation] = {
    "GET /ping": Operation((), methods=("GET", "HEAD")),
    "GET /customers": Operation(_PAGE, patterns=_PAGE_PATTERNS, methods=("GET", "HEAD")),
    "POST /customers": Operation(("company_name", "email", "package_id"),
                                 required=("company_name", "email", "package_id"),
                                 patterns={"package_id": _INTEGER}, methods=("POST",)),
    f"GET {_CUSTOMER}": Operation((), methods=("GET", "HEAD")),
    f"PUT {_CUSTOMER}/status": Operation(("status",), required=("status",),
                                         patterns={"status": "active|suspended"}, methods=("PUT",)),
    f"POST {_CUSTOMER}/kyc": Operation(("nid_number", "address", "nid_front", "trade_license"),
                                       required=("nid_number", "address", "nid_front", "trade_license"),
                                       patterns={"nid_number": r"[0-9]{10}|[0-9]{13}|[0-9]{17}"}, methods=("POST",)),
    f"GET {_CUSTOMER}/kyc": Operation((), methods=("GET", "HEAD")),
    f"GET {_CUSTOMER}/extensions": Operation((), methods=("GET", "HEAD")),
    f"POST {_CUSTOMER}/extensions": Operation(("extension", "password"), required=("extension", "password"),
                                              patterns={"extension": "[0-9]+"}, methods=("POST",)),
    f"GET {_CUSTOMER}/numbers": Operation((), methods=("GET", "HEAD")),
    f"POST {_CUSTOMER}/numbers": Operation(("preferred_digits", "provider_id", "requested_channels", "notes"),
                                           required=("preferred_digits", "provider_id", "requested_channels"),
                                           patterns={"preferred_digits": "[0-9]{1,8}", "provider_id": _INTEGER,
                                                     "requested_channels": _INTEGER},
                                           methods=("POST",)),
    "GET /wallet": Operation((), methods=("GET", "HEAD")),
    f"POST {_CUSTOMER}/wallet": Operation(("amount", "action"), required=("amount", "action"),
                                          patterns={"action": "add|deduct"}, methods=("POST",)),
}

TABLE = OperationTable("epbx", (), OPERATIONS, content_types=(
    "application/json", "application/x-www-form-urlencoded", "multipart/form-data"))
