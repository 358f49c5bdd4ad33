"""Every piece of a world's state has one owner, and only the owner's module writes it.

The check reads the source (no import): for every module under ``mockpbx/`` it finds each
write to a ``WorldState`` field or to an index (assignment, augmented assignment, ``del``,
subscript store, a mutating method call such as ``append``/``pop``/``setdefault``, or
``heapq.heappush``), through local aliases too (``events = self._state.events``), and
fails naming the module, the line and the owner whenever the writer is not the owner.

``OWNER`` is the explicit ownership table. ``NOT_YET_OWNED`` lists what is still written by
several of the verb mixins that have not become aggregates: it may only shrink (a test
below fails when an entry there has become single-owner, so it moves to ``OWNER``).
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from mockpbx.core import state as state_module
from mockpbx.core.billing import BillingIndexes
from mockpbx.core.directory import DirectoryIndexes
from mockpbx.core.numbering import NumberingIndexes
from mockpbx.core.telephony import TelephonyIndexes
from mockpbx.core.tenancy import TenancyIndexes

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mockpbx"

STATE_FIELDS = frozenset(f.name for f in dataclasses.fields(state_module.WorldState))
INDEX_CLASSES = {"TelephonyIndexes": TelephonyIndexes, "BillingIndexes": BillingIndexes,
                 "TenancyIndexes": TenancyIndexes, "NumberingIndexes": NumberingIndexes,
                 "DirectoryIndexes": DirectoryIndexes}
INDEX_FIELDS = frozenset(f"ix.{f.name}" for cls in INDEX_CLASSES.values() for f in dataclasses.fields(cls))
# Methods of an index class that change it: calling one writes that class's indexes.
INDEX_METHODS = {name: cls_name for cls_name, cls in INDEX_CLASSES.items() for name in vars(cls)
                 if name.startswith(("add_", "drop_", "remove_"))}

BILLING = "mockpbx/core/billing.py"
TENANCY = "mockpbx/core/tenancy.py"
NUMBERING = "mockpbx/core/numbering.py"
DIALPLAN = "mockpbx/core/dialplan.py"
DIRECTORY = "mockpbx/core/directory.py"
TELEPHONY = "mockpbx/core/telephony.py"
OWNER: dict[str, str] = {
    # aggregates
    "wallets": BILLING, "ledger": BILLING, "ix.wallet_by_owner": BILLING, "ix.ledger_by_wallet": BILLING,
    "BillingIndexes": BILLING,
    "faxes": "mockpbx/core/messaging.py", "sms_messages": "mockpbx/core/messaging.py",
    "user_profiles": "mockpbx/core/accounts.py", "users": "mockpbx/core/accounts.py",
    "auth_tokens": "mockpbx/core/accounts.py", "tenant_settings": "mockpbx/core/accounts.py",
    "kyc": "mockpbx/core/kyc.py",
    "phones": "mockpbx/core/phones.py",
    "campaigns": "mockpbx/core/dialer.py",
    "media_files": "mockpbx/core/media.py", "voicemail": "mockpbx/core/media.py",
    "providers": NUMBERING, "trunks": NUMBERING, "sms_trunks": NUMBERING, "dids": NUMBERING,
    "did_requests": NUMBERING, "ix.did_by_number": NUMBERING, "NumberingIndexes": NUMBERING,
    "routes": "mockpbx/core/routing.py", "routing_profiles": "mockpbx/core/routing.py",
    "flows": DIALPLAN, "response_paths": DIALPLAN, "virtual_extensions": DIALPLAN,
    "extensions": DIRECTORY, "queues": DIRECTORY, "queue_log": DIRECTORY, "features": DIRECTORY,
    "custom_types": DIRECTORY, "custom_destinations": DIRECTORY, "phonebook": DIRECTORY,
    "voicemail_boxes": DIRECTORY, "ix.extension_by_number": DIRECTORY, "ix.extensions_by_tenant": DIRECTORY,
    "ix.voicemail_box_by_mailbox": DIRECTORY, "DirectoryIndexes": DIRECTORY,
    "calls": TELEPHONY, "cdrs": TELEPHONY, "recordings": TELEPHONY, "TelephonyIndexes": TELEPHONY,
    **{f"ix.{f.name}": TELEPHONY for f in dataclasses.fields(TelephonyIndexes)},
    "resellers": TENANCY, "packages": TENANCY, "tenants": TENANCY,
    "ix.tenant_by_code": TENANCY, "ix.tenants_by_reseller": TENANCY, "TenancyIndexes": TENANCY,
    # the facade: the scheduler's queue, the world's settings and its keys (beside the keyring)
    "events": "mockpbx/core/base.py",
    "settings": "mockpbx/core/world.py",
    "keys": "mockpbx/core/world.py",
    # set once when a world's state is made, never written after
    "scenario": "mockpbx/core/state.py", "seed": "mockpbx/core/state.py",
}

# Still written by several modules, each named here: empty since every verb module became an
# aggregate. A collection or index added later that two modules write must be listed here, and
# the list may only shrink.
NOT_YET_OWNED: dict[str, frozenset[str]] = {}


class Write(NamedTuple):
    module: str
    line: int
    target: str  # a WorldState field, "ix.<index>" or an index class name
    how: str


MUTATORS = frozenset({"append", "appendleft", "pop", "popleft", "popitem", "setdefault", "clear", "update",
                      "remove", "insert", "extend", "discard", "add", "sort", "reverse"})
HEAP_FUNCTIONS = frozenset({"heappush", "heappop", "heapify", "heapreplace", "heappushpop"})
STATE_ROOTS = frozenset({"_state", "state"})


class _Finder(ast.NodeVisitor):
    def __init__(self, module: str) -> None:
        self.module = module
        self.writes: list[Write] = []
        self.aliases: list[dict[str, str]] = [{}]
        self.state_names: list[set[str]] = [set(STATE_ROOTS)]

    # -- scopes: aliases live per function -------------------------------------------------

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.aliases.append({})
        self.state_names.append(set(STATE_ROOTS))
        self.generic_visit(node)
        self.aliases.pop()
        self.state_names.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    # -- what an expression names ------------------------------------------------------------

    def _is_state(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.state_names[-1]
        return isinstance(node, ast.Attribute) and node.attr in STATE_ROOTS

    def _names(self, node: ast.expr) -> str | None:
        """The field or index this expression is (not an element of it), if any."""
        if isinstance(node, ast.Name):
            return self.aliases[-1].get(node.id)
        if isinstance(node, ast.Attribute):
            if node.attr in STATE_FIELDS and self._is_state(node.value):
                return node.attr
            if f"ix.{node.attr}" in INDEX_FIELDS:
                return f"ix.{node.attr}"
        return None

    def _within(self, node: ast.expr) -> str | None:
        """The field or index this expression is or lies inside (``x[k]``, ``x.attr``, ``x.get(k)``)."""
        while True:
            named = self._names(node)
            if named is not None:
                return named
            if isinstance(node, ast.Subscript | ast.Attribute):
                node = node.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                node = node.func.value
            else:
                return None

    def _note(self, node: ast.AST, target: str | None, how: str) -> None:
        for one in (target or "").split(","):
            if one:
                self.writes.append(Write(self.module, getattr(node, "lineno", 0), one, how))

    # -- writes ------------------------------------------------------------------------------

    def _store(self, target: ast.expr, node: ast.AST, how: str) -> None:
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._store(element, node, how)
        elif isinstance(target, ast.Subscript | ast.Attribute):
            self._note(node, self._within(target), how)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._store(target, node, "assignment")
            if isinstance(target, ast.Name):
                named = self._names(node.value)
                if named is not None:
                    self.aliases[-1][target.id] = named
                elif self._is_state(node.value):
                    self.state_names[-1].add(target.id)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._store(node.target, node, "augmented assignment")
        if isinstance(node.target, ast.Name):
            self._note(node, self.aliases[-1].get(node.target.id), "augmented assignment")
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._store(node.target, node, "assignment")
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        # ``for table in (state.extensions, state.queues): del table[k]`` writes each of them.
        if isinstance(node.target, ast.Name) and isinstance(node.iter, ast.Tuple | ast.List):
            named = [self._names(element) for element in node.iter.elts]
            if any(named):
                self.aliases[-1][node.target.id] = ",".join(n for n in named if n)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._store(target, node, "del")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr in MUTATORS:
                self._note(node, self._within(func.value), f".{func.attr}()")
            if func.attr in INDEX_METHODS:
                self._note(node, INDEX_METHODS[func.attr], f".{func.attr}()")
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in HEAP_FUNCTIONS and node.args:
            self._note(node, self._within(node.args[0]), f"{name}()")
        if name == "setattr" and node.args:
            self._note(node, self._within(node.args[0]), "setattr()")
        self.generic_visit(node)


def writes_in(source: str, module: str) -> list[Write]:
    finder = _Finder(module)
    finder.visit(ast.parse(source))
    return finder.writes


def all_writes() -> Iterator[Write]:
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(ROOT).as_posix()
        yield from writes_in(path.read_text(encoding="utf-8"), module)


def violations(writes: list[Write]) -> list[str]:
    found = []
    for write in writes:
        owner = OWNER.get(write.target)
        allowed = {owner} if owner is not None else NOT_YET_OWNED.get(write.target, frozenset())
        if write.module not in allowed:
            owned_by = owner or (", ".join(sorted(allowed)) or "nobody")
            found.append(f"{write.module}:{write.line} writes {write.target} ({write.how}); "
                         f"only {owned_by} may")
    return found


# Index classes are not state fields: their owner is the module that defines them.
OWNED_THINGS = STATE_FIELDS | INDEX_FIELDS | set(INDEX_CLASSES)


def test_every_field_and_index_has_exactly_one_entry_in_the_tables() -> None:
    assert set(OWNER).isdisjoint(NOT_YET_OWNED)
    assert set(OWNER) | set(NOT_YET_OWNED) == OWNED_THINGS


def test_no_module_writes_state_it_does_not_own() -> None:
    assert violations(list(all_writes())) == []


def test_the_not_yet_owned_list_only_shrinks() -> None:
    """An entry written by one module only belongs in OWNER now, with that module."""
    writers: dict[str, set[str]] = {}
    for write in all_writes():
        writers.setdefault(write.target, set()).add(write.module)
    single = sorted(t for t in NOT_YET_OWNED if len(writers.get(t, set())) <= 1)
    assert single == []
    for target, modules in NOT_YET_OWNED.items():
        assert writers.get(target, set()) == modules, target


# -- the checker itself catches violations -------------------------------------------------

PLANTED = '''
import heapq

class Intruder:
    def meddle(self, wallet_id, entry):
        self._state.wallets[wallet_id] = None
        del self._state.ledger[0]
        self._state.ledger.append(entry)
        self._ix.wallet_by_owner.setdefault(("tenant", 1), 7)
        events = self._state.events
        heapq.heappush(events, entry)
        state = self._state
        state.kyc.clear()
        self.billing_ix.ledger_by_wallet[3] += [1]
        self._ix.add_ledger_entry(0, entry)
        setattr(self._state.settings, "currency", "EUR")
        for table in (self._state.phones, self._state.faxes):
            del table[1]

    def reads_only(self, wallet_id):
        wallet = self._state.wallets[wallet_id]
        wallet.balance  # reading an element is not writing the collection
        return [e for e in self._state.ledger if e.wallet_id == wallet_id]
'''


def test_a_planted_violation_is_named_with_module_line_and_owner() -> None:
    found = violations(writes_in(PLANTED, "mockpbx/vendors/intruder.py"))
    assert found == [
        "mockpbx/vendors/intruder.py:6 writes wallets (assignment); only mockpbx/core/billing.py may",
        "mockpbx/vendors/intruder.py:7 writes ledger (del); only mockpbx/core/billing.py may",
        "mockpbx/vendors/intruder.py:8 writes ledger (.append()); only mockpbx/core/billing.py may",
        "mockpbx/vendors/intruder.py:9 writes ix.wallet_by_owner (.setdefault()); only mockpbx/core/billing.py may",
        "mockpbx/vendors/intruder.py:11 writes events (heappush()); only mockpbx/core/base.py may",
        "mockpbx/vendors/intruder.py:13 writes kyc (.clear()); only mockpbx/core/kyc.py may",
        "mockpbx/vendors/intruder.py:14 writes ix.ledger_by_wallet (augmented assignment); "
        "only mockpbx/core/billing.py may",
        "mockpbx/vendors/intruder.py:15 writes BillingIndexes (.add_ledger_entry()); only mockpbx/core/billing.py may",
        "mockpbx/vendors/intruder.py:16 writes settings (setattr()); only mockpbx/core/world.py may",
        "mockpbx/vendors/intruder.py:18 writes phones (del); only mockpbx/core/phones.py may",
        "mockpbx/vendors/intruder.py:18 writes faxes (del); only mockpbx/core/messaging.py may",
    ]


def test_the_owner_itself_may_write() -> None:
    assert violations(writes_in(PLANTED.replace("state.kyc.clear()", "pass"), BILLING)) == [
        "mockpbx/core/billing.py:11 writes events (heappush()); only mockpbx/core/base.py may",
        "mockpbx/core/billing.py:16 writes settings (setattr()); only mockpbx/core/world.py may",
        "mockpbx/core/billing.py:18 writes phones (del); only mockpbx/core/phones.py may",
        "mockpbx/core/billing.py:18 writes faxes (del); only mockpbx/core/messaging.py may",
    ]


@pytest.mark.parametrize("module", ["mockpbx/core/billing.py", TENANCY, "mockpbx/core/messaging.py",
                                    "mockpbx/core/accounts.py", "mockpbx/core/kyc.py", "mockpbx/core/phones.py",
                                    "mockpbx/core/dialer.py", "mockpbx/core/media.py", NUMBERING,
                                    "mockpbx/core/routing.py", DIALPLAN, DIRECTORY, TELEPHONY])
def test_each_aggregate_writes_only_what_it_owns(module: str) -> None:
    written = {w.target for w in all_writes() if w.module == module}
    assert written
    assert all(OWNER.get(target) == module for target in written), written
