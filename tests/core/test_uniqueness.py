"""E-mail addresses, domains and usernames are unique without regard to case, by one rule
(core/uniqueness.py) that creation, update and snapshot restore all apply."""

from __future__ import annotations

import json

import pytest

from mockpbx.core import World, errors
from mockpbx.core.uniqueness import duplicates, folded


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
