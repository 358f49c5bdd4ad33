"""E-mail addresses, domains and usernames are unique without regard to case, by one rule
(core/uniqueness.py) that creation, update, snapshot restore and state files all apply; a key
belongs to one world whether it is issued or restored (core/keyring.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockpbx.control.origins import Origins
from mockpbx.core import Registry, World, errors
from mockpbx.core.clock import ClockMode
from mockpbx.core.entities import KeyScope, Vendor
from mockpbx.core.uniqueness import duplicates, folded, taken
from mockpbx.statefile import StateFileError, load, save


def test_folding_ignores_case_and_nothing_else() -> None:
    assert folded("Admin@Example.COM") == "admin@example.com"
    assert folded(" admin@example.com") != folded("admin@example.com")
    assert duplicates(["a@x.com", None, "", "B@x.com", "A@X.com", "b@x.com", ""]) == ["A@X.com", "b@x.com"]


def test_a_tenant_email_in_another_case_is_taken(world: World) -> None:
    first = world.tenancy.create_tenant("501", "First", email="Admin@Example.com")
    before = world.snapshot()
    with pytest.raises(errors.EmailTaken):
        world.tenancy.create_tenant("502", "Second", email="admin@EXAMPLE.com")
    assert world.snapshot() == before
    assert world.tenancy.tenant_email_taken("ADMIN@example.COM") is True
    assert world.tenancy.tenant_email_taken("admin@example.com", except_tenant=first.id) is False
    assert world.tenancy.tenant_email_taken("other@example.com") is False


def test_updating_a_tenant_keeps_emails_and_domains_unique(world: World) -> None:
    first = world.tenancy.create_tenant("501", "First", email="one@example.com", domain="one.example")
    second = world.tenancy.create_tenant("502", "Second", email="two@example.com", domain="two.example")
    before = world.snapshot()
    with pytest.raises(errors.EmailTaken):
        world.tenancy.update_tenant(second.id, email="ONE@example.com")
    with pytest.raises(errors.AlreadyExists):
        world.tenancy.update_tenant(second.id, domain="One.Example")
    assert world.snapshot() == before
    assert world.tenancy.update_tenant(first.id, email="One@Example.com").email == "One@Example.com"  # its own, recased


def test_a_domain_in_another_case_is_taken_and_unique_domain_steps_past_it(world: World) -> None:
    world.tenancy.create_tenant("501", "First", domain="Acme.epbx.bd")
    with pytest.raises(errors.AlreadyExists) as refused:
        world.tenancy.create_tenant("502", "Second", domain="acme.EPBX.bd")
    assert refused.value.context == {"field": "domain", "domain": "acme.EPBX.bd"}
    assert world.tenancy.unique_domain("Acme", "epbx.bd") == "acme-2.epbx.bd"


def test_usernames_in_another_case_are_taken(world: World) -> None:
    profile = world.accounts.create_user_profile("Staff")
    world.accounts.create_user("Alice", "pw-1", profile.id)
    bob = world.accounts.create_user("bob", "pw-2", profile.id)
    with pytest.raises(errors.UsernameTaken):
        world.accounts.create_user("ALICE", "pw-3", profile.id)
    with pytest.raises(errors.UsernameTaken):
        world.accounts.update_user(bob.id, username="alice")
    assert world.accounts.update_user(bob.id, username="Bob").username == "Bob"


@pytest.mark.parametrize(("field", "first", "second"), [
    ("email", "dup@example.com", "DUP@example.com"),
    ("domain", "dup.example", "Dup.Example"),
])
def test_a_snapshot_holding_a_name_twice_is_refused_and_changes_nothing(world: World, field: str, first: str,
                                                                      second: str) -> None:
    one = world.tenancy.create_tenant("501", "First", **{field: first})
    two = world.tenancy.create_tenant("502", "Second")
    before = world.snapshot()
    body = json.loads(before)
    assert body["state"]["tenants"][str(one.id)][field] == first
    body["state"]["tenants"][str(two.id)][field] = second
    with pytest.raises(errors.InvalidArgument) as refused:
        world.restore(json.dumps(body))
    assert str(refused.value) == f"snapshot holds {field} {second!r} twice"
    assert world.snapshot() == before


def test_taken_is_the_one_check_of_creates_and_edits() -> None:
    assert taken("Admin@X.com", ["a@x.com", None, "admin@x.COM"]) is True
    assert taken("admin@x.com", ["", None, "other@x.com"]) is False
    assert taken("", ["", "x"]) is False  # an empty name is no name: never taken
    assert taken(None, ["x"]) is False


def test_a_snapshot_holding_a_username_twice_is_refused_and_changes_nothing(world: World) -> None:
    profile = world.accounts.create_user_profile("Staff")
    world.accounts.create_user("Alice", "pw-1", profile.id)
    bob = world.accounts.create_user("bob", "pw-2", profile.id)
    before = world.snapshot()
    body = json.loads(before)
    body["state"]["users"][str(bob.id)]["username"] = "ALICE"
    with pytest.raises(errors.InvalidArgument) as refused:
        world.restore(json.dumps(body))
    assert str(refused.value) == "snapshot holds username 'ALICE' twice"
    assert world.snapshot() == before


def test_a_state_file_holding_an_email_twice_is_refused_by_the_same_rule(tmp_path: Path) -> None:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world("default", world_id="default")
    world.tenancy.create_tenant("501", "First", email="dup@example.com")
    two = world.tenancy.create_tenant("502", "Second", email="two@example.com")
    path = tmp_path / "state.json"
    save(path, registry, Origins())
    document = json.loads(path.read_text())
    document["worlds"][0]["snapshot"]["state"]["tenants"][str(two.id)]["email"] = "DUP@example.com"
    path.write_text(json.dumps(document))
    with pytest.raises(StateFileError) as refused:
        load(path, Registry(clock_mode=ClockMode.MANUAL), Origins())
    assert str(refused.value) == (f"state file {path}: cannot rebuild world default: "
                                  "snapshot holds email 'DUP@example.com' twice")


def test_a_key_is_one_worlds_on_create_and_on_restore() -> None:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    one, two = registry.create_world("default", world_id="one"), registry.create_world("default", world_id="two")
    mine = one.issue_key(Vendor.EPBX, KeyScope.RESELLER, key="shared-key-1", reseller_id=1)
    with pytest.raises(errors.AlreadyExists):
        two.issue_key(Vendor.EPBX, KeyScope.RESELLER, key=mine.key, reseller_id=1)
    body = json.loads(two.snapshot())
    body["state"]["keys"][mine.key] = {**body["state"]["keys"][next(iter(body["state"]["keys"]))], "key": mine.key}
    before = two.snapshot()
    with pytest.raises(errors.AlreadyExists):
        two.restore(json.dumps(body))
    assert two.snapshot() == before
    assert registry.resolve(mine.key, Vendor.EPBX) is not None
    assert registry.resolve(mine.key, Vendor.EPBX).world is one  # type: ignore[union-attr]
