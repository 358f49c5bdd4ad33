"""CDR pages printed from each CDR's remembered encoded part print what the row-by-row rendering printed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockpbx.core.registry import Registry
from mockpbx.vendors.pbxcloud.answers import Table
from mockpbx.vendors.pbxcloud.cdrs import (
    CDR_COLUMNS,
    SHORT_CDR_COLUMNS,
    SIMPLE_CDR_COLUMNS,
    CdrNames,
    _cdr_row,
    _simple_row,
    cdr_table,
    simple_cdr_table,
)
from mockpbx.vendors.pbxcloud.render import both_keys, csv_table, doubled_pipe, php_json, pipe_table, xml_rows
from mockpbx.vendors.pbxcloud.renderers import (
    CSV,
    DOUBLED,
    DOUBLED_RECORDS,
    PIPE,
    RECORDS,
    render,
    stencil,
    xml_rows_of,
)

FORMATS = ("plain", "json", "csv", "xml")


def _reference(table: Table) -> Table:
    """The same table without its encoded fast path: every row built and encoded whole."""
    return replace(table, rows=list(table.rows), lines=None)


@pytest.mark.parametrize("columns", [CDR_COLUMNS, SHORT_CDR_COLUMNS])
def test_cdr_pages_print_as_their_rows_print_in_every_format(columns: tuple[str, ...]) -> None:
    world = Registry().create_world("demo", size=1, world_id="cdrs")
    found = world.telephony.query_cdrs(limit=300)
    assert len(found) == 300
    rows = [_cdr_row(c, CdrNames(world)) for c in found]
    shown = [{c: row[c] for c in columns} for row in rows]
    expected = {  # the encoders the handlers called before the renderers existed
        "plain": pipe_table(columns, [list(r.values()) for r in shown]),
        "csv": csv_table(columns, [list(r.values()) for r in shown]),
        "json": php_json(shown),
        "xml": xml_rows("cdrs", "cdr", shown),
    }
    for _ in range(2):  # the second time from the remembered parts
        table = cdr_table(found, CdrNames(world), columns)
        for fmt in FORMATS:
            assert render(table, fmt).body.decode() == expected[fmt]
            assert render(_reference(table), fmt) == render(table, fmt)


def test_simplecdrs_pages_print_as_their_rows_print_in_every_format() -> None:
    world = Registry().create_world("demo", size=1, world_id="cdrs")
    found = world.telephony.query_cdrs(limit=300)
    rows = [_simple_row(c, CdrNames(world)) for c in found]
    expected = {
        "plain": doubled_pipe(rows),
        "csv": csv_table(SIMPLE_CDR_COLUMNS, [list(r.values()) for r in rows]),
        "json": php_json([both_keys(r) for r in rows]),
        "xml": "",
    }
    for _ in range(2):
        table = simple_cdr_table(found, CdrNames(world))
        for fmt in FORMATS:
            assert render(table, fmt).body.decode() == expected[fmt]
            assert render(_reference(table), fmt) == render(table, fmt)


def test_a_remembered_cdr_row_follows_a_renamed_tenant() -> None:
    world = Registry().create_world("default", world_id="cdrs")
    tenant = world.tenancy.tenant_by_code("DEMO")
    world.telephony.originate_call(tenant.id, "104", "5550005")
    world.advance_clock(600)
    cdr = world.telephony.query_cdrs(tenant.id)[-1]
    first = _cdr_row(cdr, CdrNames(world))
    assert list(first) == list(CDR_COLUMNS)
    assert first["accountcode"] == "DEMO"
    before = {fmt: render(cdr_table([cdr], CdrNames(world), CDR_COLUMNS), fmt).body for fmt in FORMATS}
    world.tenancy.update_tenant(tenant.id, code="DEMO2")
    again = _cdr_row(cdr, CdrNames(world))
    assert again["accountcode"] == "DEMO2"
    assert {k: v for k, v in again.items() if k not in ("accountcode", "srcchannel", "dstchannel", "peeraccount")} \
        == {k: v for k, v in first.items() if k not in ("accountcode", "srcchannel", "dstchannel", "peeraccount")}
    for fmt in FORMATS:
        after = render(cdr_table([cdr], CdrNames(world), CDR_COLUMNS), fmt).body
        assert after == before[fmt].replace(b"DEMO", b"DEMO2")


_VALUES = st.none() | st.text(max_size=12) | st.sampled_from(
    ["", "a b", 'q"', "x,y", "<&>", "/", "\ue000", "é", "{0}", "}{", "PJSIP/101-DEMO-0000000a"])
_COLUMNS = ("a", "1", "b", "c")


@given(st.lists(_VALUES, min_size=4, max_size=4), st.lists(_VALUES, min_size=4, max_size=4),
       st.sets(st.integers(min_value=0, max_value=3)))
def test_a_stencil_filled_prints_what_encoding_the_whole_row_prints(fixed: list[str | None], named: list[str | None],
                                                                   holes: set[int]) -> None:
    positions = sorted(holes)
    whole = [named[i] if i in holes else fixed[i] for i in range(4)]
    for row_format in (PIPE, DOUBLED, CSV, RECORDS, DOUBLED_RECORDS, xml_rows_of("cdr")):
        pattern = stencil(row_format, _COLUMNS, fixed, positions)
        expected = row_format.line(_COLUMNS, whole)
        if pattern is None:  # a fixed value holds a private-use character: encoded whole instead
            assert any(v is not None and any("\ue000" <= ch <= "\ue0ff" for ch in v) for v in fixed)
            continue
        assert pattern.fill([row_format.value(named[i]) for i in positions]) == expected


@given(_VALUES)
def test_each_format_encodes_one_value_as_its_whole_row_encoder_does(value: str | None) -> None:
    """The per-value encoders (JSON's skips the encoder for plain text) against the row encoders."""
    assert RECORDS.value(value) == php_json(value)
    assert CSV.value(value) == CSV.line(["v"], [value])[:-1]
    assert PIPE.value(value) == PIPE.line(["v"], [value])[:-1]
    assert xml_rows_of("r").value(value) == xml_rows_of("r").line(["v"], [value])[len("<r><v>"):-len("</v></r>\n")]
