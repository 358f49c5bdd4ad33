"""Golden exchanges: KYC uploads, sniffed types, limits, review and resubmission."""

from __future__ import annotations

import hashlib
import io

import pytest
from epbx_harness import ACME, GLOBEX, JPEG, PDF, PNG, Harness, assert_exchange, next_id

from mockpbx.core.entities import ReviewStatus


def _kyc_body(kyc_id: int, customer: int, status: str, docs: bytes, decided: bytes = b"null",
              reason: bytes = b"null") -> bytes:
    return (b'{"status":"success","data":{"id":%d,"customer_id":%d,"status":"%s","nid_number":"1234567890",'
            b'"address":"123 Main St","documents":[%s],"reason":%s,"submitted_at":"2026-01-05T09:00:00.000000Z",'
            b'"decided_at":%s}}' % (kyc_id, customer, status.encode(), docs, reason, decided))


def _doc(field: str, filename: str, content_type: str, data: bytes) -> bytes:
    return (b'{"field":"%s","filename":"%s","content_type":"%s","size":%d,"sha256":"%s"}'
            % (field.encode(), filename.encode(), content_type.replace("/", "\\/").encode(), len(data),
               hashlib.sha256(data).hexdigest().encode()))


def test_submit_kyc_stores_sniffed_documents(h: Harness) -> None:
    kyc_id = next_id(h.world, "kyc")
    # The names lie: the front is really a PNG and the "jpg" licence really a PDF.
    response = h.kyc(ACME, nid_front=(PNG, "front.pdf"), trade_license=(PDF, "licence.jpg"))
    docs = _doc("nid_front", "front.pdf", "image/png", PNG) + b"," + _doc("trade_license", "licence.jpg",
                                                                         "application/pdf", PDF)
    assert_exchange(response, 201, _kyc_body(kyc_id, ACME, "pending", docs))
    stored = h.world.kyc.latest_kyc(ACME)
    assert stored is not None and stored.status is ReviewStatus.PENDING
    assert stored.fields == {"nid_number": "1234567890", "address": "123 Main St"}
    assert [(f.content_type, f.size, f.data) for f in stored.files] == [("image/png", len(PNG), PNG),
                                                                        ("application/pdf", len(PDF), PDF)]
    assert_exchange(h.get(f"/customers/{ACME}/kyc"), 200, _kyc_body(kyc_id, ACME, "pending", docs))


def test_kyc_status_follows_the_review(h: Harness) -> None:
    assert_exchange(h.get(f"/customers/{ACME}/kyc"), 404,
                    b'{"status":"error","message":"No KYC submission found for this customer."}')
    first = h.kyc(ACME).json["data"]["id"]  # type: ignore[index]
    h.world.advance_clock(90)
    h.world.kyc.review_kyc(first, approve=False, reason="Blurry photo")
    body = h.get(f"/customers/{ACME}/kyc").json["data"]  # type: ignore[index]
    assert (body["status"], body["reason"], body["decided_at"]) == ("rejected", "Blurry photo",
                                                                     "2026-01-05T09:01:30.000000Z")
    # After a rejection a new submission is taken.
    second = h.kyc(ACME).json["data"]["id"]  # type: ignore[index]
    h.world.kyc.review_kyc(second, approve=True)
    assert h.get(f"/customers/{ACME}/kyc").json["data"]["status"] == "approved"  # type: ignore[index]
    before = h.world.snapshot()
    assert_exchange(h.kyc(ACME), 422,
                    b'{"status":"error","message":"KYC has already been approved for this customer.",'
                    b'"errors":{"kyc":["KYC has already been approved for this customer."]}}')
    assert h.world.snapshot() == before


def test_resubmitting_while_pending_replaces_the_submission(h: Harness) -> None:
    first = h.kyc(ACME).json["data"]["id"]  # type: ignore[index]
    second = h.kyc(ACME, address="456 New Rd").json["data"]["id"]  # type: ignore[index]
    assert second == first + 1
    mine = [k for k in h.world.kyc.list_kyc() if k.tenant_id == ACME]
    assert [(k.id, k.fields["address"]) for k in mine] == [(second, "456 New Rd")]


def _err(field: str, message: str) -> bytes:
    return b'{"status":"error","message":"%s","errors":{"%s":["%s"]}}' % (message.encode(), field.encode(),
                                                                          message.encode())


@pytest.mark.parametrize(("kwargs", "body"), [
    ({"nid_front": (b"GIF89a....", "nid.jpg")},
     _err("nid_front", "The nid front field must be a file of type: jpg, jpeg, png, pdf.")),
    ({"trade_license": (b"", "empty.pdf")},
     _err("trade_license", "The trade license field must be a file of type: jpg, jpeg, png, pdf.")),
    ({"nid_front": (JPEG + b"\x00" * (5120 * 1024), "big.jpg")},
     _err("nid_front", "The nid front field must not be greater than 5120 kilobytes.")),
    ({"nid_number": "12345"}, _err("nid_number", "The nid number field format is invalid.")),
    ({"address": " "}, _err("address", "The address field is required.")),
    ({"trade_license": None}, _err("trade_license", "The trade license field is required.")),
])
def test_kyc_refusals_change_nothing(h: Harness, kwargs: dict[str, object], body: bytes) -> None:
    before = h.world.snapshot()
    assert_exchange(h.kyc(GLOBEX, **kwargs), 422, body)  # type: ignore[arg-type]
    assert h.world.snapshot() == before


def test_kyc_document_sent_as_text_is_not_a_file(h: Harness) -> None:
    response = h.client.post(f"/api/v2/customers/{ACME}/kyc", headers={"Authorization": "Bearer demo-reseller-token"},
                             data={"nid_number": "1234567890123", "address": "x", "nid_front": "a photo",
                                   "trade_license": (io.BytesIO(PDF), "t.pdf")},
                             content_type="multipart/form-data")
    assert_exchange(response, 422, _err("nid_front", "The nid front field must be a file."))


def test_kyc_as_json_lists_every_missing_field(h: Harness) -> None:
    assert_exchange(
        h.post(f"/customers/{ACME}/kyc", {"nid_number": "1234567890"}), 422,
        b'{"status":"error","message":"The nid front field is required. (and 2 more errors)",'
        b'"errors":{"nid_front":["The nid front field is required."],'
        b'"trade_license":["The trade license field is required."],"address":["The address field is required."]}}',
    )


def test_oversized_body_is_a_json_413(h: Harness) -> None:
    before = h.world.snapshot()
    big = JPEG + b"\x00" * (13 * 1024 * 1024)
    assert_exchange(h.kyc(ACME, nid_front=(big, "huge.jpg")), 413,
                    b'{"status":"error","message":"The POST data is too large."}')
    assert h.world.snapshot() == before


def test_oversized_chunked_body_without_length_is_a_json_413(h: Harness) -> None:
    boundary = "b0undary"
    payload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"nid_front\"; filename=\"a.jpg\"\r\n\r\n"
               .encode() + JPEG + b"\x00" * (13 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode())
    response = h.client.post(
        f"/api/v2/customers/{ACME}/kyc", headers={"Authorization": "Bearer demo-reseller-token"},
        content_type=f"multipart/form-data; boundary={boundary}",
        environ_overrides={"wsgi.input": io.BytesIO(payload), "wsgi.input_terminated": True,
                           "HTTP_TRANSFER_ENCODING": "chunked", "CONTENT_LENGTH": ""},
    )
    assert_exchange(response, 413, b'{"status":"error","message":"The POST data is too large."}')


def test_an_app_wide_max_content_length_still_answers_in_the_envelope(h: Harness) -> None:
    h.app.config["MAX_CONTENT_LENGTH"] = 4096
    assert_exchange(h.kyc(ACME, nid_front=(JPEG + b"\x00" * 5000, "a.jpg")), 413,
                    b'{"status":"error","message":"The POST data is too large."}')
    assert_exchange(h.post("/customers", data=b"{" + b" " * 5000 + b"}", content_type="application/json"), 413,
                    b'{"status":"error","message":"The POST data is too large."}')
    assert h.kyc(ACME).status_code == 201



@pytest.mark.parametrize(("part", "journalled"), [
    # A file part with no name at all.
    (b'Content-Disposition: form-data; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF',
     {"": "<file 'a.pdf'>"}),
    # A field whose quoted name never ends (name="\"): werkzeug keys it None.
    (b'Content-Disposition: form-data; name="\\"\r\n\r\nnull', {"": "null"}),
], ids=["nameless-file", "unreadable-name"])
def test_a_part_whose_name_cannot_be_read_is_refused_and_journalled_under_an_empty_name(
        part: bytes, journalled: dict[str, str]) -> None:
    from mockpbx.app import create_app

    app = create_app()
    body = b"--XX\r\n" + part + b"\r\n--XX--\r\n"
    answer = app.test_client().post("/api/v2/customers/2/kyc", data=body, headers={
        "Authorization": "Bearer demo-reseller-token", "Content-Type": "multipart/form-data; boundary=XX"})
    assert answer.status_code == 422
    entry = app.extensions["mockpbx"].get("default").journal()[-1]
    assert (entry.path, entry.params, entry.status) == ("/api/v2/customers/2/kyc", journalled, 422)
