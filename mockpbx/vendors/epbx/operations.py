"""ePBX's operations as data: each endpoint's fields, read from the route table itself.

Keyed ``METHOD /route`` as the blueprint writes its rules; the dispatcher (``table.install``)
and conformance read the same rows, so a new endpoint is in both or in neither. The fields
follow the endpoint's request schema (``schemas.py``) and ``contracts/epbx/openapi.yaml``;
``tests/vendors/test_operation_tables.py`` checks the table against the served routes. See
``mockpbx/vendors/optable.py``.
"""

from __future__ import annotations

from ..optable import Operation, OperationTable
from .endpoints import build_table

OPERATIONS: dict[str, Operation] = {endpoint.name: endpoint.operation for endpoint in build_table()}

TABLE = OperationTable("epbx", (), OPERATIONS, content_types=(
    "application/json", "application/x-www-form-urlencoded", "multipart/form-data"))
