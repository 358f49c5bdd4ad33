"""What every control route needs: the app's registry, its worlds' origins, one world by id."""

from __future__ import annotations

from flask import current_app

from ..core.registry import Registry
from ..core.world import World
from .origins import Origins

ORIGINS_EXTENSION = "mockpbx.origins"


def the_registry() -> Registry:
    found: Registry = current_app.extensions["mockpbx"]
    return found


def origins() -> Origins:
    """The app's origin book, made on first use from the settings that built the default world."""
    book = current_app.extensions.get(ORIGINS_EXTENSION)
    if book is None:
        settings = current_app.extensions.get("mockpbx.settings")
        scenario = getattr(settings, "scenario", "default")
        size = getattr(settings, "size", None)
        book = current_app.extensions.setdefault(ORIGINS_EXTENSION, Origins(scenario, size))
    assert isinstance(book, Origins)
    return book


def world(world_id: str) -> World:
    return the_registry().get(world_id)
