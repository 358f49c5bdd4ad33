"""CDR answers printed from each CDR's remembered part print what the row-by-row rendering printed."""

from __future__ import annotations

from mockpbx.core.registry import Registry
from mockpbx.vendors.pbxcloud.cdrs import (
    _SIMPLE_HEADER,
    CDR_COLUMNS,
    CdrNames,
    _cdr_row,
    _simple_line,
    _simple_row,
)
from mockpbx.vendors.pbxcloud.render import doubled_pipe


def test_simplecdrs_plain_lines_match_doubled_pipe_of_the_rows() -> None:
    world = Registry().create_world("demo", size=1, world_id="cdrs")
    found = world.telephony.query_cdrs(limit=300)
    assert len(found) == 300
    expected = doubled_pipe([_simple_row(c, CdrNames(world)) for c in found])
    for _ in range(2):  # the second time from the remembered parts
        names = CdrNames(world)
        assert _SIMPLE_HEADER + "".join(_simple_line(c, names) for c in found) == expected


def test_a_remembered_cdr_row_follows_a_renamed_tenant() -> None:
    world = Registry().create_world("default", world_id="cdrs")
    tenant = world.tenancy.tenant_by_code("DEMO")
    world.telephony.originate_call(tenant.id, "104", "5550005")
    world.advance_clock(600)
    cdr = world.telephony.query_cdrs(tenant.id)[-1]
    first = _cdr_row(cdr, CdrNames(world))
    assert list(first) == list(CDR_COLUMNS)
    assert first["accountcode"] == "DEMO"
    world.tenancy.update_tenant(tenant.id, code="DEMO2")
    again = _cdr_row(cdr, CdrNames(world))
    assert again["accountcode"] == "DEMO2"
    assert {k: v for k, v in again.items() if k not in ("accountcode", "srcchannel", "dstchannel", "peeraccount")} \
        == {k: v for k, v in first.items() if k not in ("accountcode", "srcchannel", "dstchannel", "peeraccount")}
