"""The domain core must load without the web framework or any vendor adapter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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
        "t = w.tenancy.tenant_by_code('DEMO')\n"
        "c = w.telephony.originate_call(t.id, '104', '5550005')\n"
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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path, package: str, modules: set[str]) -> set[str]:
    """The mockpbx modules a module imports when it loads (not inside functions or TYPE_CHECKING)."""
    import ast

    found: set[str] = set()
    for statement in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(statement, ast.If) and "TYPE_CHECKING" in ast.unparse(statement.test):
            continue
        for node in ast.walk(statement) if isinstance(statement, ast.If | ast.Try) else (statement,):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                submodules = {f"{target}.{a.name}" for a in node.names} & modules
                found.update(submodules)
                if target in modules and len(submodules) < len(node.names):
                    found.add(target)  # names defined by the module itself, not submodules
    return found


def import_cycles() -> list[list[str]]:
    """Strongly connected groups of mockpbx modules that import each other at load time."""
    paths = {_module_name(p): p for p in (ROOT / "mockpbx").rglob("*.py")}
    modules = set(paths)
    graph = {
        name: _top_level_imports(path, name if path.name == "__init__.py" else name.rpartition(".")[0], modules)
        - {name}
        for name, path in paths.items()
    }
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        order[module] = low[module] = len(order)
        stack.append(module)
        for imported in graph[module]:
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = [stack.pop()]
            while group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return cycles


def test_no_mockpbx_modules_import_each_other_in_a_cycle() -> None:
    assert import_cycles() == []


def test_the_cycle_finder_sees_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "mockpbx"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("from .a import thing\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert import_cycles() == [["mockpbx.a", "mockpbx.b"]]
