"""The domain core must load without the web framework or any vendor adapter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = ("flask", "werkzeug", "mockpbx.vendors", "mockpbx.control", "mockpbx.app")

PROBE = """
import json, sys
import mockpbx.core
{extra}
print(json.dumps(sorted(sys.modules)))
"""


def loaded_modules(extra: str = "") -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(extra=extra)], cwd=ROOT, capture_output=True, text=True, timeout=120,
        check=True,
    )
    modules: list[str] = json.loads(out.stdout)
    return modules


def offenders(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]


def test_importing_the_core_loads_no_web_framework_or_vendor() -> None:
    modules = loaded_modules()
    assert "mockpbx.core" in modules
    assert offenders(modules) == []


def test_building_and_running_worlds_loads_no_web_framework_or_vendor() -> None:
    # Scenarios import Faker and YAML lazily; driving a world must not drag the wire in either.
    extra = (
        "from mockpbx.core import Registry, ClockMode\n"
        "r = Registry(clock_mode=ClockMode.MANUAL)\n"
        "w = r.create_world('default', world_id='default')\n"
        "d = r.create_world('demo', size=1)\n"
        "t = w.tenant_by_code('DEMO')\n"
        "c = w.originate_call(t.id, '104', '5550005')\n"
        "w.advance_clock(100)\n"
        "w.restore(w.snapshot())\n"
    )
    modules = loaded_modules(extra)
    assert "faker" in modules  # proves the demo scenario really ran
    assert offenders(modules) == []


def test_core_sources_import_only_the_stdlib_pydantic_and_their_own_helpers() -> None:
    import ast

    allowed = set(sys.stdlib_module_names) | {"pydantic", "faker", "yaml", "lameenc", "re2", "mockpbx"}
    found: dict[str, set[str]] = {}
    for source in sorted((ROOT / "mockpbx" / "core").glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = {node.module}
            elif isinstance(node, ast.ImportFrom) and node.level > 1:
                names = {f"..{node.module}"}  # reaches outside the core package
            else:
                continue
            bad = {n for n in names if n.split(".")[0] not in allowed or n.startswith(("..", "mockpbx."))}
            bad = {n for n in bad if not n.startswith("mockpbx.core")}
            if bad:
                found.setdefault(source.name, set()).update(bad)
    assert found == {}
