"""What every benchmark report starts with, and how it is printed and saved."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from typing import Any


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def header(load_before: list[float]) -> dict[str, Any]:
    """Date, machine and the load around the run: the machine is shared, so figures need it."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs python {platform.python_version()}",
        "loadavg_before": load_before,
        "loadavg_after": loadavg(),
    }


def emit(report: dict[str, Any], json_path: str | None) -> int:
    """Print the report and, if asked, save it; the exit status of every benchmark's main."""
    print(json.dumps(report, indent=2))
    if json_path:
        with open(json_path, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=2)
    return 0
