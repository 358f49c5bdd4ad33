from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from mockpbx.testing.world import PbxWorld


@pytest.fixture
def world(app: Flask) -> Iterator[PbxWorld]:
    made = PbxWorld.create(app.extensions["mockpbx"], seed=7)
    yield made


@pytest.fixture
def other(app: Flask) -> Iterator[PbxWorld]:
    made = PbxWorld.create(app.extensions["mockpbx"], seed=7)
    yield made
