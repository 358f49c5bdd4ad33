"""The CDR tables joined from each CDR's remembered part print what the row-by-row tables printed."""

from __future__ import annotations

import pytest

from mockpbx.core.registry import Registry
from mockpbx.vendors.pbxcloud.cdrs import (
    _SIMPLE_HEADER,
    ADMIN_CDR_COLUMNS,
    TENANT_CDR_COLUMNS,
    CdrNames,
    _cdr_row,
    _simple_line,
    _simple_row,
    _table,
)
from mockpbx.vendors.pbxcloud.render import csv_table, doubled_pipe, pipe_table


@pytest.mark.parametrize("csv", [False, True], ids=["pipe", "csv"])
@pytest.mark.parametrize("admin", [False, True], ids=["tenant", "admin"])
def test_joined_tables_match_the_row_by_row_tables(admin: bool, csv: bool) -> None:
    world = Registry().create_world("demo", size=1, world_id="cdrs")
    found = world.query_cdrs(limit=300)
    assert len(found) == 300
    columns = ADMIN_CDR_COLUMNS if admin else TENANT_CDR_COLUMNS
    values = [[row[c] for c in columns] for row in (_cdr_row(c, CdrNames(world), admin) for c in found)]
    expected = csv_table(columns, values) if csv else pipe_table(columns, values)
    assert _table(found, CdrNames(world), admin, columns, csv=csv) == expected
    assert _table(found, CdrNames(world), admin, columns, csv=csv) == expected  # from the remembered parts


def test_simplecdrs_plain_lines_match_doubled_pipe_of_the_rows() -> None:
    world = Registry().create_world("demo", size=1, world_id="cdrs")
    found = world.query_cdrs(limit=300)
    expected = doubled_pipe([_simple_row(c, CdrNames(world)) for c in found])
    for _ in range(2):  # the second time from the remembered parts
        names = CdrNames(world)
        assert _SIMPLE_HEADER + "".join(_simple_line(c, names) for c in found) == expected
