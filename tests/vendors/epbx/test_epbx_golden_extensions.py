"""Golden exchanges: extensions (list, create, number format, password rules, duplicates)."""

from __future__ import annotations

import pytest
from epbx_harness import ACME, GLOBEX, Harness, assert_exchange, next_id

from mockpbx.core.entities import CallState, Tech


def _ext(ext_id: int, number: str, name: str, domain: str) -> bytes:
    return (b'{"id":%d,"extension":"%s","name":"%s","tech":"PJSIP","username":"%s","sip_domain":"%s",'
            b'"status":"active","created_at":"2026-01-05T09:00:00.000000Z"}'
            % (ext_id, number.encode(), name.encode(), number.encode(), domain.encode()))


def test_list_extensions(h: Harness) -> None:
    reception = h.world.directory.extension_by_number(ACME, "101")
    assert_exchange(h.get(f"/customers/{ACME}/extensions"), 200,
                    b'{"status":"success","data":[%s]}' % _ext(reception.id, "101", "Acme Corp Reception",
                                                                 "acme-corp.epbx.bd"))


def test_create_extension_provisions_a_pjsip_endpoint_that_can_call(h: Harness) -> None:
    ext_id = next_id(h.world, "extension")
    response = h.post(f"/customers/{ACME}/extensions", {"extension": "105", "password": "SecurePassword123"})
    assert_exchange(response, 201, b'{"status":"success","data":%s}' % _ext(ext_id, "105", "Extension 105",
                                                                           "acme-corp.epbx.bd"))
    created = h.world.directory.get_extension(ext_id)
    assert (created.tenant_id, created.number, created.secret, created.tech) == (ACME, "105", "SecurePassword123",
                                                                                 Tech.PJSIP)
    call = h.world.telephony.originate_call(ACME, "105", "101")
    assert call.state is CallState.QUEUED
    h.world.advance_clock(600)
    assert h.world.telephony.find_cdr(call.uniqueid).src_extension_id == ext_id
    listed = h.get(f"/customers/{ACME}/extensions").json["data"]  # type: ignore[index]
    assert [e["extension"] for e in listed] == ["101", "105"]


def _err(field: str, *messages: str) -> bytes:
    joined = b",".join(b'"%s"' % m.encode() for m in messages)
    return b'{"status":"error","message":"%s","errors":{"%s":[%s]}}' % (messages[0].encode(), field.encode(), joined)


@pytest.mark.parametrize(("payload", "body"), [
    ({"extension": "101", "password": "SecurePassword123"},
     _err("extension", "The extension has already been taken.")),
    ({"extension": "1050", "password": "SecurePassword123"},
     _err("extension", "The extension field must be 3 digits.")),
    ({"extension": "10a", "password": "SecurePassword123"}, _err("extension", "The extension field must be 3 digits.")),
    ({"extension": 105, "password": "SecurePassword123"}, _err("extension", "The extension field must be a string.")),
    ({"extension": "105", "password": "Short1"}, _err("password", "The password field must be at least 8 characters.")),
    ({"extension": "105", "password": "alllowercase1"},
     _err("password", "The password field must contain at least one uppercase and one lowercase letter.")),
    ({"extension": "105", "password": "NoDigitsHere"},
     _err("password", "The password field must contain at least one number.")),
    ({"extension": "105", "password": "Has Space 123"}, _err("password", "The password field format is invalid.")),
    ({"extension": "105", "password": "Pässword123"}, _err("password", "The password field format is invalid.")),
    ({"extension": "105", "password": "A1" + "a" * 63},
     _err("password", "The password field must not be greater than 64 characters.")),
    ({"password": 12345678}, b'{"status":"error","message":"The extension field is required. (and 1 more error)",'
                             b'"errors":{"extension":["The extension field is required."],'
                             b'"password":["The password field must be a string."]}}'),
])
def test_extension_refusals_change_nothing(h: Harness, payload: dict[str, object], body: bytes) -> None:
    before = h.world.snapshot()
    assert_exchange(h.post(f"/customers/{ACME}/extensions", payload), 422, body)
    assert h.world.snapshot() == before


def test_same_number_in_another_customer_is_fine(h: Harness) -> None:
    assert h.post(f"/customers/{GLOBEX}/extensions", {"extension": "105", "password": "SecurePassword123"}
                  ).status_code == 201
    assert h.post(f"/customers/{ACME}/extensions", {"extension": "105", "password": "SecurePassword123"}
                  ).status_code == 201
