"""The ePBX route table, assembled from every module in this package.

Each module (``customers.py``, ``wallet.py``, ...) declares ``ENDPOINTS``, a tuple of
:class:`~mockpbx.vendors.epbx.table.Endpoint`; adding an endpoint is adding it to a module (or
adding a module), never editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..table import Endpoint

__all__ = ["build_table"]


def build_table() -> tuple[Endpoint, ...]:
    """Every endpoint of every module, modules in name order; a route declared twice is refused."""
    found: dict[str, Endpoint] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for endpoint in getattr(module, "ENDPOINTS", ()):
            if endpoint.name in found:
                raise ValueError(f"endpoint {endpoint.name} declared twice")
            found[endpoint.name] = endpoint
    return tuple(found.values())
