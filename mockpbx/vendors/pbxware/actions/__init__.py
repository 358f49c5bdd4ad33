"""The PBXware action table, assembled from every object module in this package.

Each module (``tenant.py``, ``ext.py``, ...) exposes ``register(table)``; adding an object
is adding a module, never editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil

from .registry import ActionContext, ActionTable, PbxwareError, PlainText

__all__ = ["ActionContext", "ActionTable", "PbxwareError", "PlainText", "build_table"]

# Modules in this package that hold shared machinery, not actions.
_NOT_OBJECTS = frozenset({"registry", "common"})


def build_table() -> ActionTable:
    """A fresh table holding every action of every object module."""
    table = ActionTable()
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name in _NOT_OBJECTS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(table)
    return table
