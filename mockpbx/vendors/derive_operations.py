"""Derive the PBXware and MiRTA operation tables from the handlers' own parameter reads.

Run ``python -m mockpbx.vendors.derive_operations [--collection PATH]`` after changing a
handler; it rewrites
``pbxware/operations.py`` and ``pbxcloud/operations.py``. ``tests/vendors/test_operation_tables.py``
fails while a committed table differs from what this derives, so table and parsing cannot drift.

What it reads, per handler, from the source (never by running it):

* names: every identifier-like string literal in the handler's module (and the modules every
  request goes through), plus what the vendor's documentation sends or lists for the operation
  (Bicom's Postman collection, MiRTA's HELP index). Generous on purpose: a false "unknown
  parameter" would accuse a correct client, while a typo almost never equals a word the module
  happens to contain.
* required: parameters read by a refusing accessor (``ctx.require``, ``require_match``,
  ``require_id``, ``id_list``, ``params.require``, ``params.number``, ``params.json_data``)
  in a statement the handler always runs, following calls into helpers it always calls.
* patterns: the regex a ``require_match``/``optional_match`` checks, or MiRTA's number rule.
* open: a module that walks ``params.items()`` takes names it cannot list (option maps).
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
# common.parse_ids' shapes: one id, ``1,2`` or ``[1,2]`` (quotes allowed around each id).
ID_LIST = r'\[?\s*"?\d+"?(\s*,\s*"?\d+"?)*\s*\]?'
MIRTA_NUMBER = r"\s*[0-9]{1,18}\s*"  # Params.number strips the value first


def _is_word(text: str) -> bool:
    return 0 < len(text) <= 40 and text[0].isalpha() and set(text) <= _WORD_CHARS


@dataclass
class Module:
    path: Path
    tree: ast.Module
    constants: dict[str, str] = field(default_factory=dict)
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # local name -> (module, name)

    @classmethod
    def load(cls, path: Path) -> Module:
        module = cls(path, ast.parse(path.read_text(), str(path)))
        for node in module.tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                    and isinstance(node.value.value, str):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        module.constants[target.id] = node.value.value
            elif isinstance(node, ast.FunctionDef):
                module.functions[node.name] = node
            elif isinstance(node, ast.ImportFrom) and node.level >= 1:
                for alias in node.names:
                    module.imports[alias.asname or alias.name] = (node.module or "", alias.name)
        return module

    def words(self) -> set[str]:
        return {n.value for n in ast.walk(self.tree) if isinstance(n, ast.Constant)
                and isinstance(n.value, str) and _is_word(n.value)}

    def is_open(self) -> bool:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "items" \
                    and isinstance(node.func.value, (ast.Name, ast.Attribute)) \
                    and _tail(node.func.value) == "params" and not node.args:
                return True
        return False

    def regex(self, node: ast.expr, others: dict[str, Module]) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.constants:
                return self.constants[node.id]
            source = self.imports.get(node.id)
            if source is not None and source[0] in others:
                return others[source[0]].constants.get(source[1])
        return None


def _tail(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def _literal(args: list[ast.expr], index: int, default: str | None = None) -> str | None:
    node = args[index] if len(args) > index else None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    return default if len(args) <= index else None


def _always_run(statements: list[ast.stmt]) -> Iterator[ast.AST]:
    """The nodes of statements that run on every call: no branch, loop, try body or short circuit."""
    for statement in statements:
        if isinstance(statement, (ast.If, ast.For, ast.While, ast.Try, ast.Match, ast.FunctionDef,
                                  ast.AsyncFunctionDef, ast.ClassDef)):
            return  # what follows a branch may be skipped by a return inside it
        if isinstance(statement, ast.With):
            yield from _always_run(statement.body)
            continue
        stack: list[ast.AST] = [statement]
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.IfExp, ast.BoolOp, ast.Lambda, ast.comprehension, ast.ListComp,
                                 ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                continue
            yield node
            stack.extend(ast.iter_child_nodes(node))


@dataclass
class Reads:
    required: list[str] = field(default_factory=list)
    patterns: dict[str, str] = field(default_factory=dict)
    conflicting: set[str] = field(default_factory=set)

    def pattern(self, name: str, regex: str) -> None:
        """Keep a name's pattern only while every check of it agrees (branches may differ)."""
        if name in self.conflicting:
            return
        if self.patterns.setdefault(name, regex) != regex:
            del self.patterns[name]
            self.conflicting.add(name)

    def need(self, name: str) -> None:
        if name not in self.required:
            self.required.append(name)


def _scan(function: ast.FunctionDef, module: Module, modules: dict[str, Module], reads: Reads, depth: int = 0) -> None:
    """Required parameters and patterns of one handler, following helpers it always calls."""
    for node in ast.walk(function):  # patterns wherever they are checked
        if isinstance(node, ast.Call) and _tail(node.func) in ("require_match", "optional_match"):
            checked = _literal(node.args, 1)
            regex = module.regex(node.args[2], modules) if len(node.args) > 2 else None
            if checked is not None and regex is not None:
                reads.pattern(checked, regex)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("number", "optional_number") and _tail(node.func.value) == "params":
            counted = _literal(node.args, 0)
            if counted is not None:
                reads.pattern(counted, MIRTA_NUMBER)
    for node in _always_run(function.body):
        if not isinstance(node, ast.Call):
            continue
        callee = _tail(node.func)
        receiver = _tail(node.func.value) if isinstance(node.func, ast.Attribute) else ""
        name: str | None = None
        if callee == "require" and receiver in ("ctx", "params"):
            name = _literal(node.args, 0)
        elif callee in ("number", "json_data") and receiver == "params":
            name = _literal(node.args, 0, "jsondata" if callee == "json_data" else None)
        elif callee == "require_match":
            name = _literal(node.args, 1)
        elif callee in ("require_id", "id_list"):
            name = _literal(node.args, 1, "id")
            if name is not None:  # require_id is require_match with ^\d+$; id_list also takes 1,2 or [1,2]
                reads.pattern(name, r"^\d+$" if callee == "require_id" else ID_LIST)
        elif depth < 3 and isinstance(node.func, ast.Name):
            helper, owner = _resolve(node.func.id, module, modules)
            if helper is not None and owner is not None:
                _scan(helper, owner, modules, reads, depth + 1)
        if name is not None:
            reads.need(name)


def _resolve(name: str, module: Module, modules: dict[str, Module]) -> tuple[ast.FunctionDef | None, Module | None]:
    if name in module.functions:
        return module.functions[name], module
    source = module.imports.get(name)
    if source is not None and source[0] in modules:
        owner = modules[source[0]]
        return owner.functions.get(source[1]), owner
    return None, None


def _load_package(package: Path, prefix: str = "") -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).with_suffix("")
        parts = [p for p in relative.parts if p != "__init__"]
        found[prefix + ".".join(parts)] = Module.load(path)
    return found


# -- PBXware ----------------------------------------------------------------------------------------


COLLECTION_NAME = "PBXwareAPI_Doc.postman_collection.json"
# Bicom's collection is not ours to ship: it is read where it lives, as the tests read it.
REFERENCE_COLLECTION = HERE.parents[2] / "shared" / "vendor-docs" / "pbxware" / COLLECTION_NAME


def default_collection() -> Path:
    """``MOCKPBX_BICOM_COLLECTION``, else the reference folder's copy beside the project."""
    named = os.environ.get("MOCKPBX_BICOM_COLLECTION")
    return Path(named) if named else REFERENCE_COLLECTION


def collection_requests(collection: Path) -> list[tuple[str, dict[str, str]]]:
    """Every request of Bicom's Postman collection: its method and its parameters (query and body)."""
    import json

    found: list[tuple[str, dict[str, str]]] = []

    def walk(items: list[dict[str, object]]) -> None:
        for item in items:
            if isinstance(item.get("item"), list):
                walk(item["item"])  # type: ignore[arg-type]
            request = item.get("request")
            if isinstance(request, dict):
                url = request.get("url")
                fields = list(url.get("query", [])) if isinstance(url, dict) else []
                body = request.get("body") or {}
                for mode in ("formdata", "urlencoded"):
                    fields += body.get(mode, []) if body.get("mode") == mode else []
                params = {str(f["key"]): str(f.get("value") or "") for f in fields if not f.get("disabled")}
                found.append((str(request.get("method", "GET")), params))

    walk(json.loads(collection.read_text(encoding="utf-8"))["item"])
    return found


def documented_names(collection: Path) -> dict[str, set[str]]:
    """Per action, the parameters Bicom's collection sends: documented, so never unknown, even
    where the handler builds a name (``f"{kind}_dests"``) or ignores it."""
    names: dict[str, set[str]] = {}
    for _, params in collection_requests(collection):
        names.setdefault(params.get("action", ""), set()).update(params)
    return names


def pbxware_table(collection: Path) -> tuple[tuple[str, ...], dict[str, tuple[str, tuple[str, ...] | None, Reads]]]:
    modules = _load_package(HERE / "pbxware" / "actions")
    documented = documented_names(collection)
    # Relative imports inside actions name their siblings plainly (``from .common import x``).
    common = set(modules["registry"].words()) | {"apikey", "action", "apiformat", "server"}
    operations: dict[str, tuple[str, tuple[str, ...] | None, Reads]] = {}
    from .pbxware.actions import build_table  # the live table names every action, loops included

    table = build_table()
    for action in table.names():
        handler = table.get(action)
        code = getattr(handler, "__code__", None)
        module_name = str(getattr(handler, "__module__", "")).rsplit(".", 1)[-1]
        module = modules.get(module_name)
        if module is None or code is None:
            continue
        names = None if module.is_open() else tuple(sorted(module.words() | modules["common"].words()
                                                                  | documented.get(action, set())))
        reads = Reads()
        function = _function_at(module, code.co_firstlineno)
        if function is not None:
            _scan(function, module, modules, reads)
        operations[action] = (module_name, names, reads)
    return tuple(sorted(common)), dict(sorted(operations.items()))


def _function_at(module: Module, line: int) -> ast.FunctionDef | None:
    """The function defined at ``line`` (decorators included), nested or not."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.FunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            if first == line or node.lineno == line:
                return node
    return None


# -- MiRTA ------------------------------------------------------------------------------------------


def help_names() -> dict[str, set[str]]:
    """Per reqtype, the parameters MiRTA's HELP index lists for it (``name - what it is``)."""
    import re

    from .pbxcloud.routes import help_text

    names: dict[str, set[str]] = {}
    current = ""
    for line in help_text().splitlines():
        block = re.match(r"^([A-Z]+)\s+-", line)
        if block is not None:
            current = block.group(1)
            names.setdefault(current, set())
            continue
        listed = re.match(r"^\s+([A-Za-z][A-Za-z0-9_]*)\s+-\s", line)
        if listed is not None and current:
            names[current].add(listed.group(1))
    return names


def pbxcloud_table() -> tuple[tuple[str, ...], dict[str, tuple[str, tuple[str, ...] | None, Reads]]]:
    modules = _load_package(HERE / "pbxcloud")
    documented = help_names()
    routes = modules["routes"]
    shared = routes.words() | modules["context"].words() | {"key", "reqtype", "format", "callback", "tenant"}
    operations: dict[str, tuple[str, tuple[str, ...] | None, Reads]] = {}
    for reqtype, handler in _reqtypes(routes):
        reads = Reads()
        if handler is None:  # HELP: an inline answer reading nothing
            operations[reqtype] = ("routes", (), reads)
            continue
        module_name, function_name = handler
        if module_name == "managedb":
            package = {k: m for k, m in modules.items() if k == "managedb" or k.startswith("managedb.")}
            words = set().union(*(m.words() for m in package.values()))
            is_open = any(m.is_open() for m in package.values())
        else:
            words = modules[module_name].words()
            is_open = modules[module_name].is_open()
        module = modules[module_name]
        function = module.functions.get(function_name)
        if function is not None:
            _scan(function, module, modules, reads)
        names = None if is_open else tuple(sorted(words | modules["params"].words()
                                                   | documented.get(reqtype, set())))
        operations[reqtype] = (module_name, names, reads)
    return tuple(sorted(shared)), dict(sorted(operations.items()))


def _reqtypes(routes: Module) -> Iterator[tuple[str, tuple[str, str] | None]]:
    for node in routes.tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "REQTYPES" \
                and isinstance(node.value, ast.Dict):
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(value, ast.Call) and value.args):
                    continue
                target = value.args[0]
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                    yield str(key.value), (target.value.id, target.attr)
                elif isinstance(target, ast.Name):
                    yield str(key.value), (target.id, target.id)
                else:
                    yield str(key.value), None


# -- writing ----------------------------------------------------------------------------------------

_HEADER = '''"""{title} operations as data: generated by ``python -m mockpbx.vendors.derive_operations``.

Do not edit by hand: change the handler, then regenerate; ``tests/vendors/test_operation_tables.py``
fails while this file and the handlers disagree. See ``mockpbx/vendors/optable.py``.
"""

from __future__ import annotations

from ..optable import Operation, OperationTable

# ruff: noqa: E501


def _with(names: tuple[str, ...] | None, extras: tuple[str, ...]) -> tuple[str, ...] | None:
    """A module's names plus the ones only this operation's documentation adds."""
    return None if names is None else names + extras
'''


def render(title: str, vendor: str, selector: str, case_insensitive: bool,
           derived: tuple[tuple[str, ...], dict[str, tuple[str, tuple[str, ...] | None, Reads]]]) -> str:
    common, operations = derived
    lines = [_HEADER.format(title=title)]
    lines.append(f"COMMON = {common!r}\n")
    # A module's shared names: what all its operations read; an operation's own extras follow it.
    modules: dict[str, set[str] | None] = {}
    for module_name, names, _ in operations.values():
        if module_name not in modules:
            modules[module_name] = None if names is None else set(names)
        else:
            shared = modules[module_name]
            modules[module_name] = None if shared is None or names is None else shared & set(names)
    lines.append("# Every parameter name each handler module reads (None: it also takes open-ended names).")
    lines.append("NAMES: dict[str, tuple[str, ...] | None] = {")
    for module_name, shared in sorted(modules.items()):
        lines.append(f"    {module_name!r}: {None if shared is None else tuple(sorted(shared))!r},")
    lines.append("}\n")
    lines.append("OPERATIONS: dict[str, Operation] = {")
    for operation, (module_name, names, reads) in operations.items():
        shared = modules[module_name]
        extras = () if names is None or shared is None else tuple(sorted(set(names) - shared))
        source = f"NAMES[{module_name!r}]"
        if extras:
            source = f"_with({source}, {extras!r})"
        lines.append(f"    {operation!r}: Operation({source}, required={tuple(reads.required)!r}, "
                     f"patterns={dict(sorted(reads.patterns.items()))!r}),")
    lines.append("}\n")
    lines.append(f"TABLE = OperationTable({vendor!r}, COMMON, OPERATIONS, selector={selector!r}, "
                 f"case_insensitive={case_insensitive!r})")
    return "\n".join(lines) + "\n"


def generated(collection: Path) -> dict[Path, str]:
    return {
        HERE / "pbxware" / "operations.py": render("PBXware's", "pbxware", "action", False,
                                                   pbxware_table(collection)),
        HERE / "pbxcloud" / "operations.py": render("MiRTA's", "pbxcloud", "reqtype", True, pbxcloud_table()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mockpbx.vendors.derive_operations")
    parser.add_argument("--collection", type=Path, default=default_collection(),
                        help=f"Bicom's {COLLECTION_NAME} (default: $MOCKPBX_BICOM_COLLECTION, else ../shared)")
    collection: Path = parser.parse_args(argv).collection
    if not collection.is_file():
        sys.stderr.write(f"no {COLLECTION_NAME} at {collection}: get it from github:bicomsystems/"
                         "PBXware-API-Documentation and pass --collection or set MOCKPBX_BICOM_COLLECTION\n")
        return 2
    for path, text in generated(collection).items():
        path.write_text(text)
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
