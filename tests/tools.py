"""What some tests check mockpbx against but the repository does not hold.

External programs (php-cli with curl, newman) and third-party reference files (Bicom's Postman
collection, the vendors' example snippets), read where they live at test time: we do not
redistribute what we did not write. A developer machine without one skips those tests with one
line saying how to get it; CI (``CI`` set) fails instead, so a missing install step can never
pass as a green run. ``.ci/run`` installs the programs; CI has the reference folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

INSTALL = {
    "php": "apt-get install -y php-cli php-curl",
    "newman": "npm install -g newman@6.2.2",
}


PROJECT_ROOT = Path(__file__).resolve().parents[1]
# The reference folder beside the project root, as CI has it (MOCKPBX_VENDOR_DOCS overrides).
VENDOR_DOCS = PROJECT_ROOT.parent / "shared" / "vendor-docs"
BICOM_COLLECTION_NAME = "PBXwareAPI_Doc.postman_collection.json"
BICOM_REPOSITORY = "github:bicomsystems/PBXware-API-Documentation"


def _missing(what: str, name: str) -> None:
    _unavailable(f"{what} is not available; install it with: {INSTALL[name]}")


def _unavailable(message: str) -> None:
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


def vendor_docs() -> Path:
    return Path(os.environ.get("MOCKPBX_VENDOR_DOCS") or VENDOR_DOCS)


def find_bicom_collection() -> Path | None:
    """Bicom's Postman collection: ``MOCKPBX_BICOM_COLLECTION``, else the reference folder's copy."""
    named = os.environ.get("MOCKPBX_BICOM_COLLECTION")
    found = Path(named) if named else vendor_docs() / "pbxware" / BICOM_COLLECTION_NAME
    return found if found.is_file() else None


def require_bicom_collection() -> Path:
    found = find_bicom_collection()
    if found is None:
        _unavailable(f"Bicom's Postman collection is not here; get {BICOM_COLLECTION_NAME} from {BICOM_REPOSITORY} "
                     "and set MOCKPBX_BICOM_COLLECTION to its path")
        raise AssertionError("unreachable")
    return found


def require_vendor_doc(name: str) -> Path:
    """A file of the reference folder (the vendors' own documents, which we do not copy in)."""
    found = vendor_docs() / name
    if not found.is_file():
        _unavailable(f"the vendor document {name} is not here; set MOCKPBX_VENDOR_DOCS to the folder holding it")
        raise AssertionError("unreachable")
    return found
