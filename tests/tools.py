"""External programs some tests check mockpbx against (php-cli, newman).

A developer machine without them skips those tests; CI (``CI`` set) fails instead, so a
missing install step can never pass as a green run. ``.ci/run`` installs all of them.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

INSTALL = {
    "php": "apt-get install -y php-cli php-curl",
    "newman": "npm install -g newman@6.2.2",
}


def _missing(what: str, name: str) -> None:
    message = f"{what} is not available; install it with: {INSTALL[name]}"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {message}")
    pytest.skip(message)


def require_php(*modules: str) -> str:
    """The php binary, with the given extensions loaded (``curl`` for the knowledge-base snippets)."""
    found = shutil.which("php")
    if found is None:
        _missing("php", "php")
        raise AssertionError("unreachable")
    loaded = subprocess.run([found, "-m"], capture_output=True, text=True, check=False).stdout.lower().split()
    for module in modules:
        if module not in loaded:
            _missing(f"php's {module} extension", "php")
    return found


def require_newman() -> str:
    found = shutil.which("newman")
    if found is None:
        _missing("newman", "newman")
        raise AssertionError("unreachable")
    return found
