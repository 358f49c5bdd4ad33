"""PbxWorld: a world made for one test, with its keys and journal at hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.clock import ClockMode
from ..core.entities import ApiKey, JournalEntry, KeyScope, Vendor
from ..core.faults import Fault
from ..core.faultspec import FaultSpec
from ..core.registry import Registry
from ..core.world import World


@dataclass(frozen=True, slots=True)
class PbxWorld:
    """A fresh world in a registry, and ways to reach into it from a test.

    Attributes:
        world: the world itself; call domain verbs on it directly to arrange state.
        registry: the registry that holds it (the app's, so every mode sees it).
    """

    world: World
    registry: Registry

    @classmethod
    def create(cls, registry: Registry, scenario: str = "default", *, seed: int = 1,
               clock: ClockMode = ClockMode.MANUAL) -> PbxWorld:
        return cls(registry.create_world(scenario, seed=seed, clock_mode=clock), registry)

    @property
    def id(self) -> str:
        return self.world.id

    @property
    def keys(self) -> list[ApiKey]:
        """Every key the world issued, in issue order."""
        return self.world.keys()

    def key(self, vendor: Vendor | str, scope: KeyScope | str | None = None, *, tenant: str | None = None) -> str:
        """The first key of a vendor (and scope, and tenant code) this world issued.

        Raises:
            LookupError: none matches; the message lists the keys there are.
        """
        codes = {t.id: t.code for t in self.world.tenancy.list_tenants()}
        for candidate in self.keys:
            if (candidate.vendor == Vendor(str(vendor)) and (scope is None or candidate.scope == KeyScope(str(scope)))
                    and (tenant is None or codes.get(candidate.tenant_id or -1) == tenant)):
                return candidate.key
        issued = ", ".join(f"{k.vendor}/{k.scope}" + (f" tenant {codes.get(k.tenant_id)}" if k.tenant_id else "")
                           for k in self.keys)
        raise LookupError(f"world {self.id} has no {vendor} key with scope {scope} tenant {tenant}; it has: {issued}")

    def advance(self, seconds: float) -> float:
        """Move the world's clock forward, firing what falls due; returns the new time."""
        return self.world.advance_clock(seconds)

    def journal(self) -> list[JournalEntry]:
        return self.world.journal()

    def fault(self, name: str, vendor: str = "*", *, operation: str = "", path: str = "",
              trigger: dict[str, Any] | None = None, expiry: dict[str, Any] | None = None,
              **options: Any) -> Fault:
        """Arm a fault in this world, as ``POST /_mockpbx/worlds/<id>/faults`` would (docs/faults.md).

        Example:
            ``pbx_world.fault("status", "pbxware", trigger={"kind": "next", "count": 3}, status=502)``

        Raises:
            pydantic.ValidationError: the same refusals as the control plane's 422.
        """
        spec = FaultSpec.model_validate({
            "name": name, "target": {"vendor": vendor, "operation": operation, "path": path},
            "trigger": trigger or {}, "expiry": expiry or {}, "options": options})
        return self.world.faults.arm(spec.build(self.world.clock.now()))

    def conformance_problems(self, unmatched_after: int | None = None) -> list[str]:
        """Each non-conformant request of this world (and, if asked, each unmatched request since
        ``unmatched_after``) as a line naming the finding, the request and the near miss."""
        from ..conformance import check_entry, check_unmatched, issued_keys
        from ..reports import shown_request

        checked = [check_entry(entry) for entry in self.journal()]
        if unmatched_after is not None:
            keys = issued_keys(self.registry)
            late = self.registry.unmatched(unmatched_after)
            checked += [check_unmatched(entry, self.registry, keys) for entry in late]
        return [f"  {shown_request(c)}\n    {issue.describe()}" for c in checked for issue in c.issues]

    def assert_requested(self, vendor: Vendor | str | None = None, path: str | None = None, *, count: int = 1,
                         **params: str) -> list[JournalEntry]:
        """Assert the journal holds exactly ``count`` matching vendor requests and return them.

        A failure lists every journalled request, marking what each one got wrong, so a
        near miss (wrong parameter, wrong path) is visible at once.
        """
        def problems(entry: JournalEntry) -> list[str]:
            wrong = []
            if vendor is not None and entry.vendor != str(vendor):
                wrong.append(f"vendor {entry.vendor}")
            if path is not None and entry.path != path:
                wrong.append(f"path {entry.path}")
            for name, value in params.items():
                if entry.params.get(name) != value:
                    wrong.append(f"{name}={entry.params.get(name)!r}")
            return wrong

        entries = self.journal()
        matched = [e for e in entries if not problems(e)]
        if len(matched) != count:
            wanted = ", ".join([f"vendor={vendor}", f"path={path}", *(f"{k}={v!r}" for k, v in params.items())])
            lines = [f"expected {count} request(s) matching {wanted}; found {len(matched)}"]
            lines.extend(_describe(e, problems) for e in entries[-20:])
            raise AssertionError("\n".join(lines))
        return matched


def _describe(entry: JournalEntry, problems: Callable[[JournalEntry], list[str]]) -> str:
    wrong = problems(entry)
    verdict = "match" if not wrong else "differs: " + ", ".join(wrong)
    return f"  {entry.method} {entry.path} {entry.params} -> {entry.status} ({verdict})"
