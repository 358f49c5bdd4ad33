"""Scenario files: a small YAML or JSON world description, and the ways one can be wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockpbx.core import ClockMode, Registry, errors, load_scenario
from mockpbx.core.entities import KeyScope, OwnerKind, Vendor

TINY = """\
name: tiny
epoch: 2026-03-01T12:00:00Z
packages:
  - {name: Gold, rate_per_minute: "0.25"}
resellers:
  - {name: Acme Reseller, balance: "150.00", token: tiny-reseller-token}
tenants:
  - code: "500"
    name: Tiny Ltd
    package: Gold
    reseller: Acme Reseller
    extensions:
      - {number: "201", name: Alice, secret: "Alice!201x", pin: "2010", record_calls: true}
      - {number: "202", name: Bob}
    dids:
      - {number: "3310000001", extension: "201"}
    queues:
      - {number: "800", name: Sales, members: ["201", "202"]}
    keys:
      - {vendor: pbxcloud, scope: tenant_rw, key: tiny-rw}
keys:
  - {vendor: pbxware, scope: master, key: tiny-master}
"""


def write(tmp_path: Path, text: str, name: str = "tiny.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_scenario_builds_the_described_world(tmp_path: Path) -> None:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world(str(write(tmp_path, TINY)), world_id="tiny")
    assert world.scenario.name == "tiny"
    assert world.clock.now() == 1772366400.0  # the file's epoch, on a manual clock
    tenant = world.tenancy.tenant_by_code("500")
    assert (tenant.name, world.tenancy.get_package(tenant.package_id or 0).name) == ("Tiny Ltd", "Gold")
    alice = world.directory.extension_by_number(tenant.id, "201")
    assert (alice.name, alice.secret, alice.pin, alice.record_calls) == ("Alice", "Alice!201x", "2010", True)
    assert world.numbering.did_by_number("3310000001").destination is not None
    [queue] = world.directory.list_queues(tenant.id)
    assert [m.extension_id for m in queue.members] == [alice.id,
                                                       world.directory.extension_by_number(tenant.id, "202").id]
    reseller_wallet = world.billing.wallet_of(OwnerKind.RESELLER, tenant.reseller_id or 0)
    assert str(reseller_wallet.balance) == "150.00"
    for key, vendor, scope in (("tiny-reseller-token", Vendor.EPBX, KeyScope.RESELLER),
                               ("tiny-rw", Vendor.PBXCLOUD, KeyScope.TENANT_READ_WRITE),
                               ("tiny-master", Vendor.PBXWARE, KeyScope.MASTER)):
        found = registry.resolve(key, vendor)
        assert found is not None and found.world is world and found.key.scope is scope


def test_json_scenario_is_equivalent(tmp_path: Path) -> None:
    import yaml

    as_json = json.dumps(yaml.safe_load(TINY), default=str)
    one = Registry(clock_mode=ClockMode.MANUAL).create_world(str(write(tmp_path, TINY)), world_id="x")
    two = Registry(clock_mode=ClockMode.MANUAL).create_world(str(write(tmp_path, as_json, "tiny.json")),
                                                             world_id="x")
    assert one.snapshot() == two.snapshot()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("name: [unclosed", "invalid scenario file"),
        ("- just\n- a list\n", "invalid scenario file"),
        ("name: x\ncolour: red\n", "invalid scenario file"),  # unknown top-level field
        ("tenants: []\n", "invalid scenario file"),  # name is required
        ("name: x\ntenants:\n  - {code: '1', name: y, extensions: [{number: 1, nmae: z}]}\n", "invalid scenario"),
        ("name: x\nepoch: yesterday\n", "invalid scenario file"),
    ],
)
def test_malformed_files_are_refused_on_load(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(errors.InvalidArgument) as caught:
        load_scenario(str(write(tmp_path, text)))
    assert fragment in caught.value.message
    assert caught.value.field == "scenario"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("name: x\ntenants:\n  - {code: '500', name: y, package: Missing}\n", errors.InvalidArgument),
        ("name: x\ntenants:\n  - {code: '500', name: y, queues: [{number: '8', name: q, members: ['9']}]}\n",
         errors.InvalidArgument),
        ("name: x\ntenants:\n  - {code: '500', name: y, extensions: [{number: '12'}]}\n",
         errors.InvalidExtensionNumber),
        ("name: x\ntenants:\n  - {code: '500', name: a}\n  - {code: '500', name: b}\n", errors.TenantCodeTaken),
    ],
)
def test_files_that_describe_an_impossible_world_fail_to_build_and_leave_no_world(
        tmp_path: Path, text: str, error: type[errors.DomainError]) -> None:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    with pytest.raises(error):
        registry.create_world(str(write(tmp_path, text)), world_id="bad")
    assert registry.worlds() == []
    with pytest.raises(errors.NotFound):
        registry.get("bad")
    registry.create_world("default", world_id="bad")  # the id is free again


def test_missing_file_and_unknown_names(tmp_path: Path) -> None:
    with pytest.raises(errors.InvalidArgument, match="does not exist"):
        load_scenario(str(tmp_path / "nope.yaml"))
    with pytest.raises(errors.InvalidArgument, match="unknown scenario"):
        load_scenario("nope")
    with pytest.raises(errors.InvalidArgument, match="unknown scenario"):
        load_scenario(str(write(tmp_path, TINY, "tiny.txt")))


@pytest.mark.parametrize("size", [0, 10_001])
def test_demo_size_bounds(size: int) -> None:
    with pytest.raises(errors.InvalidArgument):
        load_scenario("demo", size=size)


def test_demo_world_has_the_documented_shape() -> None:
    world = Registry(clock_mode=ClockMode.MANUAL).create_world("demo", size=2)
    tenants = world.tenancy.list_tenants()
    assert len(tenants) == 2
    for tenant in tenants:
        assert len(world.directory.list_extensions(tenant.id)) == 100
        assert len(world.numbering.list_dids(tenant.id)) == 10
        assert len(world.telephony.query_cdrs(tenant.id)) == 1_000


def test_an_epoch_without_a_zone_is_utc(tmp_path: Path) -> None:
    naive = load_scenario(str(write(tmp_path, TINY.replace("2026-03-01T12:00:00Z", "2026-03-01T12:00:00"))))
    assert naive.epoch == load_scenario(str(write(tmp_path, TINY, "zoned.yaml"))).epoch == 1772366400.0


def test_deleting_a_tenant_revokes_its_keys(tmp_path: Path) -> None:
    world = Registry(clock_mode=ClockMode.MANUAL).create_world(str(write(tmp_path, TINY)), world_id="tiny")
    tenant = world.tenancy.tenant_by_code("500")
    assert world.find_key("tiny-rw") is not None
    world.delete_tenant(tenant.id)
    assert world.find_key("tiny-rw") is None
    assert world.find_key("tiny-master") is not None
