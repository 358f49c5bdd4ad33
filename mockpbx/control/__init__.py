"""The /_mockpbx control plane: the only back door into the worlds."""

from __future__ import annotations

from .routes import control_blueprint

__all__ = ["control_blueprint"]
