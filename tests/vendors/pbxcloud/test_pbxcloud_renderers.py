"""One renderer per format: each answer type and layout quirk, byte for byte."""

from __future__ import annotations

import pytest

from mockpbx.vendors.pbxcloud.answers import AS_PLAIN, NOTHING, ONE_ROW, Items, Layout, Pairs, Record, Table, Xml
from mockpbx.vendors.pbxcloud.renderers import render
from mockpbx.vendors.pbxcloud.reply import Reply

ROWS = [("1", "a b"), ("2", None)]


def _bodies(answer: object) -> dict[str, bytes]:
    return {fmt: render(answer, fmt).body for fmt in ("plain", "json", "csv", "xml")}  # type: ignore[arg-type]


def test_a_default_table_prints_pipe_csv_and_json_records_and_no_xml() -> None:
    assert _bodies(Table(("id", "name"), ROWS)) == {
        "plain": b"id|name\n1|a b\n2|\n",
        "json": b'[{"id":"1","name":"a b"},{"id":"2","name":null}]',
        "csv": b'id,name\n1,"a b"\n2,\n',
        "xml": b"",
    }


def test_layout_quirks_are_data() -> None:
    layout = Layout(plain="doubled", csv=AS_PLAIN, xml=Xml("rows", "row"), json="doubled")
    assert _bodies(Table(("id", "name"), ROWS, layout)) == {
        "plain": b"0|id|1|name|1|1|a b|a b|\n2|2|||\n",
        "json": b'[{"0":"1","id":"1","1":"a b","name":"a b"},{"0":"2","id":"2","1":null,"name":null}]',
        "csv": b"0|id|1|name|1|1|a b|a b|\n2|2|||\n",
        "xml": b'<?xml version="1.0" encoding="UTF-8"?>\n<rows>\n<row><id>1</id><name>a b</name></row>\n'
               b"<row><id>2</id><name></name></row>\n</rows>\n",
    }


@pytest.mark.parametrize(("layout", "expected"), [
    (Layout(), {"plain": b"", "json": b"[]", "csv": b"", "xml": b""}),
    (Layout(empty_json=None), {"plain": b"", "json": b"", "csv": b"", "xml": b""}),
    (Layout(empty_json="]", xml=AS_PLAIN), {"plain": b"", "json": b"]", "csv": b"", "xml": b""}),
    (Layout(csv=NOTHING, header_when_empty=True), {"plain": b"id|name\n", "json": b"[]", "csv": b"", "xml": b""}),
])
def test_an_empty_table_prints_what_its_layout_says(layout: Layout, expected: dict[str, bytes]) -> None:
    assert _bodies(Table(("id", "name"), [], layout)) == expected


def test_one_row_and_json_records_of_their_own() -> None:
    assert _bodies(Table(("id", "name"), ROWS[:1], ONE_ROW)) == {
        "plain": b"id|name\n1|a b\n", "json": b'{"id":"1","name":"a b"}', "csv": b"id|name\n1|a b\n",
        "xml": b"id|name\n1|a b\n"}
    table = Table(("Id",), [("1",)], records=lambda: [{"fl_id": "1", "fl_te_id": "2"}])
    assert render(table, "json").body == b'[{"fl_id":"1","fl_te_id":"2"}]'
    assert render(table, "plain").body == b"Id\n1\n"


def test_pairs_items_and_records() -> None:
    assert _bodies(Pairs({"pbx1": 2, "total": 2})) == {
        "plain": b"pbx1:2|total:2|", "json": b'{"pbx1":2,"total":2}', "csv": b"pbx1:2|total:2|",
        "xml": b"pbx1:2|total:2|"}
    assert _bodies(Pairs({})) == {"plain": b"", "json": b"[]", "csv": b"", "xml": b""}  # PHP's empty array
    states = Pairs({"101": {"state": "INUSE", "with": "102"}}, lambda s: f"{s['state']}:{s['with']}")
    assert (render(states, "plain").body, render(states, "json").body) == (
        b"101:INUSE:102|", b'{"101":{"state":"INUSE","with":"102"}}')
    assert (render(Items(["a", "b/c"]), "plain").body, render(Items([]), "json").body) == (b"a|b/c|", b"[]")
    token = Record({"token": "t1", "validity": "ONCE"}, prefix="Success|", shown=("token",))
    assert (render(token, "plain").body, render(token, "json").body) == (
        b"Success|t1|", b'{"token":"t1","validity":"ONCE"}')
    setting = Record({"code": "LANGUAGE", "value": "en"}, shown=("value",), bare=True)
    assert (render(setting, "csv").body, render(setting, "json").body) == (b"en", b'{"code":"LANGUAGE","value":"en"}')


def test_a_finished_reply_prints_as_it_is_in_every_format() -> None:
    audio = Reply(b"ID3", "audio/mpeg")
    assert {render(audio, fmt) for fmt in ("plain", "json", "csv", "xml")} == {audio}
