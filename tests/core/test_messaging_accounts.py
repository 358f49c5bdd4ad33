"""Faxes, text messages, portal users, tokens, tenant settings and the licence, verb by verb."""

from __future__ import annotations

import pytest

from mockpbx.core import World, errors
from mockpbx.core.entities import DeliveryStatus, TenantStatus
from mockpbx.core.messaging import pdf_pages

PDF = b"%PDF-1.7\n<< /Type /Pages >> << /Type /Page >> << /Type/Page >> << /Type /Page >>"


def test_pdf_pages_counts_page_objects_not_the_tree() -> None:
    assert pdf_pages(PDF) == 3
    assert pdf_pages(b"%PDF-1.4 no pages at all") == 1


def test_a_fax_is_dialled_then_sent_page_by_page(world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO").id
    fax = world.messaging.send_fax(demo, "4535150000", "4520304050", PDF, filename="x.pdf")
    assert (fax.pages, fax.status, fax.send_at) == (3, DeliveryStatus.QUEUED, fax.submitted_at)
    world.advance_clock(5)
    assert world.messaging.get_fax(fax.id).status is DeliveryStatus.SENDING
    world.advance_clock(90)
    done = world.messaging.get_fax(fax.id)
    assert (done.status, done.done_at, done.failure) == (DeliveryStatus.SENT, fax.submitted_at + 95, "")


def test_a_scheduled_fax_waits(world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO").id
    now = int(world.clock.now())
    fax = world.messaging.send_fax(demo, "4535150000", "5550002", PDF, send_at=now + 600)
    world.advance_clock(600)
    assert world.messaging.get_fax(fax.id).status is DeliveryStatus.QUEUED
    world.advance_clock(5 + 90)
    sent = world.messaging.get_fax(fax.id)
    assert (sent.status, sent.failure) == (DeliveryStatus.FAILED, "no_answer")


@pytest.mark.parametrize(("source", "destination", "document"), [
    ("4535150000", "4520304050", b"<html>"),
    ("45", "4520304050", PDF),
    ("4535150000", "45203O4050", PDF),
])
def test_send_fax_refuses_what_is_not_a_fax(world: World, source: str, destination: str, document: bytes) -> None:
    demo = world.tenancy.tenant_by_code("DEMO").id
    with pytest.raises(errors.InvalidArgument):
        world.messaging.send_fax(demo, source, destination, document)
    assert world.messaging.list_faxes() == []


def test_a_suspended_tenant_sends_nothing(world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO").id
    world.tenancy.set_tenant_status(demo, TenantStatus.SUSPENDED)
    with pytest.raises(errors.TenantSuspended):
        world.messaging.send_fax(demo, "4535150000", "4520304050", PDF)
    with pytest.raises(errors.TenantSuspended):
        world.messaging.send_sms(demo, "102", "4520304050", "hi")
    assert world.messaging.list_faxes() == [] and world.messaging.list_sms() == []


def test_text_messages_are_handed_over_a_second_later(world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO").id
    ok = world.messaging.send_sms(demo, "102", "4520304050", "hi")
    busy = world.messaging.send_sms(demo, "102", "5550001", "hi")
    assert len(ok.message_id) == 14 and ok.message_id != busy.message_id
    world.advance_clock(1)
    assert [(m.status, m.failure) for m in world.messaging.list_sms(demo)] == [(DeliveryStatus.SENT, ""),
                                                                      (DeliveryStatus.FAILED, "busy")]


def test_users_tokens_and_their_tenant(world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO").id
    group = world.accounts.create_user_profile("Agents")
    user = world.accounts.create_user("Desk", "s3cret", group.id, tenant_id=demo)
    with pytest.raises(errors.UsernameTaken):
        world.accounts.create_user("desk", "other", group.id)
    with pytest.raises(errors.UserProfileNotFound):
        world.accounts.create_user("nogroup", "pw", 999)
    assert world.accounts.check_credentials("DESK", "s3cret") == user
    with pytest.raises(errors.InvalidCredentials):
        world.accounts.check_credentials("desk", "s3cret", tenant_id=demo + 1)
    token = world.accounts.issue_auth_token(user.id)
    with pytest.raises(errors.InvalidCredentials):
        world.accounts.redeem_auth_token(token.token, tenant_id=demo + 1)
    assert world.accounts.redeem_auth_token(token.token, tenant_id=demo) == user
    with pytest.raises(errors.InvalidCredentials):
        world.accounts.redeem_auth_token(token.token)
    timed = world.accounts.issue_auth_token(user.id, valid_seconds=10)
    assert world.accounts.redeem_auth_token(timed.token) == user
    world.accounts.delete_user(user.id)
    assert world.accounts.list_auth_tokens() == []


def test_settings_and_licence(world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO").id
    assert world.accounts.tenant_setting(demo, "VMAUTORECOVER") is None
    world.accounts.set_tenant_setting(demo, "VMAUTORECOVER", "yes")
    assert world.accounts.tenant_setting(demo, "VMAUTORECOVER") == "yes"
    with pytest.raises(errors.TenantNotFound):
        world.accounts.set_tenant_setting(9999, "VMAUTORECOVER", "yes")
    assert world.accounts.licence_days_left() is None
    world.configure(licence_expires_at=world.clock.now() + 1.5 * 86_400)
    assert world.accounts.licence_days_left() == 2
    world.advance_clock(86_400)
    assert world.accounts.licence_days_left() == 1
