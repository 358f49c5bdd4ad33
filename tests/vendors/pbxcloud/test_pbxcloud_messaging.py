"""FAX and SMS: exact bytes in every format, the state they leave, and refusals that change nothing."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from mirta_client import ADMIN, PATH, RO, RW

from mockpbx.core.entities import DeliveryStatus
from mockpbx.core.world import World
from mockpbx.vendors.pbxcloud.params import part_file_name

SECURITY = b"Too bad... you mistaken the security api key.\n"
# Two page objects under one page tree: a two-page fax.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] >>\n2 0 obj << /Type /Page >>\n" \
      b"3 0 obj <</Type/Page>>\n%%EOF\n"
SEND = {"key": RW, "tenant": "DEMO", "reqtype": "FAX", "action": "send", "source_number": "4535150000",
        "dest_number": "4520304050"}


def send_fax(client: FlaskClient, document: bytes = PDF, name: str = "offer.pdf", **extra: str) -> bytes:
    response = client.post(PATH, query_string={**SEND, **extra},
                           data={"filename": (io.BytesIO(document), name)}, content_type="multipart/form-data")
    assert response.status_code == 200
    return response.data


def get(client: FlaskClient, **query: str) -> tuple[bytes, str]:
    response = client.get(PATH, query_string={"tenant": "DEMO", **query})
    assert response.status_code == 200
    return response.data, response.content_type


# -- FAX ------------------------------------------------------------------------------------


def test_send_queues_a_fax_that_is_sent_on_the_clock(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert send_fax(client, quality="204x196", pagesize="A4", rotate="e", statusemail="me@demo.example") \
        == b"Success|Fax successfully queued|1|"
    fax = world.messaging.get_fax(1)
    assert (fax.source, fax.destination, fax.pages, fax.filename, fax.status) == \
           ("4535150000", "4520304050", 2, "offer.pdf", DeliveryStatus.QUEUED)
    assert (fax.quality, fax.page_size, fax.rotate, fax.status_email) == ("204x196", "a4", "E", "me@demo.example")
    world.advance_clock(5)
    assert world.messaging.get_fax(1).status is DeliveryStatus.SENDING
    world.advance_clock(59)
    assert world.messaging.get_fax(1).status is DeliveryStatus.SENDING
    world.advance_clock(1)
    sent = world.messaging.get_fax(1)
    assert (sent.status, sent.done_at, sent.document) == (DeliveryStatus.SENT, 1767603665, PDF)


def test_list_in_every_format(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    send_fax(client)
    world.advance_clock(100)
    send_fax(client, dest_number="", number="5550001", deleteaftersend="on", schedule="2026-01-05 10:00:00")
    listing = {"key": RO, "reqtype": "FAX", "action": "list"}
    header = ("fx_id|fx_te_id|fx_date|fx_source|fx_destination|fx_pages|fx_status|fx_senddate|fx_donedate|"
              "fx_error|fx_filename|fx_quality|fx_pagesize|fx_rotate|fx_deleteaftersend|fx_statusemail|fx_document\n")
    assert get(client, **listing) == ((
        header
        + "1|5|2026-01-05 09:00:00|4535150000|4520304050|2|SENT|2026-01-05 09:00:00|2026-01-05 09:01:05||"
          "offer.pdf||||||yes\n"
        + "2|5|2026-01-05 09:01:40|4535150000|5550001|2|QUEUED|2026-01-05 10:00:00|||offer.pdf||||on||yes\n"
    ).encode(), "text/html; charset=UTF-8")
    body, content_type = get(client, **listing, format="json")
    assert content_type == "application/json"
    assert body.startswith(b'[{"fx_id":"1","fx_te_id":"5","fx_date":"2026-01-05 09:00:00","fx_source":"4535150000",')
    assert body.endswith(b'"fx_deleteaftersend":"on","fx_statusemail":"","fx_document":"yes"}]')
    csv, _ = get(client, **listing, format="csv")
    assert csv.splitlines()[2] == (b'2,5,"2026-01-05 09:01:40",4535150000,5550001,2,QUEUED,"2026-01-05 10:00:00",'
                                   b',,offer.pdf,,,,on,,yes')
    assert get(client, **listing, format="xml")[0] == b""
    # The scheduled fax to a busy number fails; deleteaftersend keeps a failed fax's document.
    world.advance_clock(3600)
    failed = world.messaging.get_fax(2)
    assert (failed.status, failed.failure, failed.document) == (DeliveryStatus.FAILED, "busy", PDF)
    assert b"|FAILED|2026-01-05 10:00:00|2026-01-05 10:01:05|busy|" in get(client, **listing)[0]


def test_the_listed_file_name_has_no_path_or_separators(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    send_fax(client, name="C:\\scans\\q1|q2,\tfinal.pdf")
    assert world.messaging.get_fax(1).filename == "q1q2final.pdf"


def send_raw_fax(client: FlaskClient, disposition: bytes) -> bytes:
    """A multipart body written byte for byte, as a browser sends it: no escaping inside the quotes."""
    body = (b"--B\r\nContent-Disposition: form-data; " + disposition + b"\r\nContent-Type: application/pdf\r\n\r\n"
            + PDF + b"\r\n--B--\r\n")
    response = client.post(PATH, query_string=SEND, data=body, content_type="multipart/form-data; boundary=B")
    assert response.status_code == 200
    return response.data


@pytest.mark.parametrize(("disposition", "listed"), [
    (b'name="filename"; filename="C:\\Users\\ann\\scan 7.pdf"', "scan 7.pdf"),  # IE/old Edge send the path
    (b'name="filename"; filename="/home/ann/offer.pdf"', "offer.pdf"),
    (b'name="filename"; filename="a\\\\b.pdf"', "b.pdf"),  # PHP reads \\\\ as one backslash: still a separator
    (b'name="filename"; filename="say \\"hi\\".pdf"', 'say "hi".pdf'),  # PHP reads \\" as a quote
    (b'name="filename"; filename="x%22y;z.pdf"', "x%22y;z.pdf"),  # the HTML standard's escape stays as sent
    (b'name="filename"; filename=bare.pdf', "bare.pdf"),
    (b'filename="first.pdf"; name="filename"', "first.pdf"),
])
def test_the_file_name_is_read_from_the_raw_part_header(pbx: tuple[FlaskClient, World], disposition: bytes,
                                                         listed: str) -> None:
    client, world = pbx
    assert send_raw_fax(client, disposition) == b"Success|Fax successfully queued|1|"
    assert world.messaging.get_fax(1).filename == listed


@pytest.mark.parametrize(("header", "found"), [
    ('form-data; name="f"; filename="C:\\a\\b.pdf"', "C:\\a\\b.pdf"),
    ('form-data; name="f; filename=trap"; filename="real.pdf"', "real.pdf"),
    ('form-data; FILENAME="upper.pdf"', "upper.pdf"),
    ('form-data; name="f"', None),
])
def test_part_file_name_reads_only_the_filename_parameter(header: str, found: str | None) -> None:
    assert part_file_name(header) == found


def test_empty_list(pbx: tuple[FlaskClient, World]) -> None:
    client, _ = pbx
    assert get(client, key=RO, reqtype="FAX", action="list") == (b"", "text/html; charset=UTF-8")
    assert get(client, key=RO, reqtype="FAX", action="list", format="json") == (b"[]", "application/json")


def test_download_returns_the_pdf_until_deleted_after_sending(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    send_fax(client, deleteaftersend="on")
    assert get(client, key=RO, reqtype="FAX", action="download", id="1") == (PDF, "application/pdf")
    assert get(client, key=RO, reqtype="FAX", action="download", id="2") == (b"", "text/html; charset=UTF-8")
    world.advance_clock(65)
    assert world.messaging.get_fax(1).status is DeliveryStatus.SENT
    assert world.messaging.get_fax(1).document is None
    assert get(client, key=RO, reqtype="FAX", action="download", id="1")[0] == b""
    assert b"|SENT|" in get(client, key=RO, reqtype="FAX", action="list")[0]


def test_another_tenants_fax_is_out_of_reach(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    other = world.tenancy.create_tenant("OTHER", "Other")
    world.messaging.send_fax(other.id, "4535150000", "4520304050", PDF)
    assert get(client, key=RO, reqtype="FAX", action="download", id="1")[0] == b""
    assert get(client, key=RO, reqtype="FAX", action="list")[0] == b""


@pytest.mark.parametrize(("document", "extra"), [
    (b"GIF89a not a pdf", {}),
    (b"", {}),
    (PDF, {"dest_number": "12ab"}),
    (PDF, {"dest_number": ""}),
    (PDF, {"source_number": "1"}),
    (PDF, {"quality": "best"}),
    (PDF, {"pagesize": "a3"}),
    (PDF, {"rotate": "N"}),
    (PDF, {"deleteaftersend": "maybe"}),
    (PDF, {"schedule": "tomorrow"}),
    (PDF, {"statusemail": "not-an-email"}),
])
def test_a_refused_send_prints_nothing_and_changes_nothing(pbx: tuple[FlaskClient, World], document: bytes,
                                                           extra: dict[str, str]) -> None:
    client, world = pbx
    before = world.snapshot()
    assert send_fax(client, document, **extra) == b""
    assert world.messaging.list_faxes() == []
    assert world.snapshot() == before


def test_send_needs_a_file_and_a_read_write_key(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert get(client, **{**SEND, "tenant": "DEMO"})[0] == b""
    assert send_fax(client, key=RO) == SECURITY
    assert get(client, key=RO, reqtype="FAX")[0] == b""
    assert world.messaging.list_faxes() == []


def test_a_fax_over_the_upload_limit_is_refused(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert send_fax(client, PDF + b"\0" * (16 * 1024 * 1024)) == b""
    assert world.messaging.list_faxes() == []


# -- SMS ------------------------------------------------------------------------------------


def sms(client: FlaskClient, **query: str) -> bytes:
    return get(client, reqtype="SMS", **{"key": RW, "source": "102", "dest": "4520304050", "message": "Hello",
                                         **query})[0]


def test_sms_is_queued_then_sent(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert sms(client, destclid="Reception", format="json") == b"Success|SMS successfully queued|bd98b4258cead6|"
    [message] = world.messaging.list_sms()
    assert (message.message_id, message.source, message.destination, message.text, message.account,
            message.caller_id, message.status) == ("bd98b4258cead6", "102", "4520304050", "Hello", "102-DEMO",
                                                   "Reception", DeliveryStatus.QUEUED)
    world.advance_clock(1)
    assert world.messaging.list_sms()[0].status is DeliveryStatus.SENT


def test_sms_source_from_the_account_and_a_failing_number(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert sms(client, source="ACCOUNT", account="402-DEMO", dest="+455550003").startswith(b"Success|")
    world.advance_clock(1)
    [message] = world.messaging.list_sms()
    assert (message.source, message.account, message.status, message.failure) == \
           ("402", "402-DEMO", DeliveryStatus.FAILED, "failed")


@pytest.mark.parametrize("query", [
    {"dest": ""}, {"dest": "45-20"}, {"source": ""}, {"source": "x1"}, {"message": ""},
    {"message": "x" * 1601}, {"tenant": ""},
])
def test_a_refused_sms_prints_nothing_and_changes_nothing(pbx: tuple[FlaskClient, World],
                                                          query: dict[str, str]) -> None:
    client, world = pbx
    before = world.snapshot()
    body = sms(client, **query) if query != {"tenant": ""} else sms(client, key=ADMIN, tenant="")
    assert body == b""
    assert world.snapshot() == before


def test_sms_with_a_read_only_key_is_refused(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    assert sms(client, key=RO) == SECURITY
    assert world.messaging.list_sms() == []
