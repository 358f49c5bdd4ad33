"""Value patterns the conformance check shares between endpoints (as the contract spells them)."""

from __future__ import annotations

PAGE_PATTERNS = {"page": r"\s*[0-9]+\s*", "per_page": r"\s*[0-9]+\s*"}
INTEGER = r"\s*-?[0-9]+\s*"
