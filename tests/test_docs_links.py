"""Every link in the project's Markdown stays inside the repository and points at something
that exists, and no document cites material a reader of the repository cannot open."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(p for pattern in ("*.md", "docs/**/*.md", "contracts/**/*.md", "bench/**/*.md", "fixtures/**/*.md")
                   for p in ROOT.glob(pattern))
LINK = re.compile(r"\]\(([^)\s]+)\)")
# Places that exist only on the machine the project was written on.
OUTSIDE = re.compile(r"\.\./shared|/work/|vendor-reference|vendor-docs|seed-[a-z]+-", re.IGNORECASE)


def test_there_are_documents_to_check() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in DOCUMENTS}
    assert {"README.md", "docs/architecture.md", "docs/contributing.md", "contracts/README.md",
            "contracts/pbxware/reference.md", "contracts/pbxcloud/reference.md",
            "contracts/epbx/reference.md"} <= names


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_resolve_inside_the_repository(document: Path) -> None:
    broken = []
    for target in LINK.findall(document.read_text(encoding="utf-8")):
        path = target.split("#", 1)[0]
        if not path:
            continue  # an anchor in the same document
        resolved = (document.parent / path).resolve()
        if re.match(r"[a-z]+:", path) or not resolved.is_relative_to(ROOT) or not resolved.exists():
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_document_cites_material_outside_the_repository(document: Path) -> None:
    assert OUTSIDE.findall(document.read_text(encoding="utf-8")) == []
