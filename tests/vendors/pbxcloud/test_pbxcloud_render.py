"""The encoders behind every proxyapi body, byte for byte, and the error table's reach."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockpbx.core.errors import DomainError, TenantNotFound, all_domain_errors
from mockpbx.core.patterns import SqlLike
from mockpbx.vendors.pbxcloud.errors import ERRORS
from mockpbx.vendors.pbxcloud.managedb import delete_sql, update_sql
from mockpbx.vendors.pbxcloud.params import Params, date_window, parse_instant
from mockpbx.vendors.pbxcloud.render import both_keys, csv_field, csv_table, doubled_pipe, php_json, pipe_pairs
from mockpbx.vendors.pbxcloud.reply import AUTH_FAILURE_BODY, EMPTY
from mockpbx.vendors.pbxcloud.rows import lookup_id, when


def test_php_json_escapes_like_json_encode() -> None:
    assert php_json({"a/b": "é\"<x>", "n": None, "l": [1, "2"]}) == '{"a\\/b":"\\u00e9\\"<x>","n":null,"l":[1,"2"]}'
    assert php_json([]) == "[]"


@pytest.mark.parametrize(("value", "written"), [
    ("plain", "plain"), ("two words", '"two words"'), ('say "hi"', '"say ""hi"""'), ("a,b", '"a,b"'),
    ("tab\there", '"tab\there"'), ("line\nbreak", '"line\nbreak"'), ("back\\slash", '"back\\slash"'),
    ("", ""), (None, ""),
])
def test_csv_fields_are_quoted_as_fputcsv_does(value: str | None, written: str) -> None:
    assert csv_field(value) == written


def test_csv_table_ends_every_line() -> None:
    assert csv_table(["a", "b c"], [["1", None], ["x y", "2"]]) == 'a,"b c"\n1,\n"x y",2\n'


def test_both_keys_interleaves_positions_and_names() -> None:
    assert list(both_keys({"sc_te_id": "5", "tenantcode": "DEMO"}).items()) == [
        ("0", "5"), ("sc_te_id", "5"), ("1", "DEMO"), ("tenantcode", "DEMO")]


def test_doubled_pipe_is_malformed_exactly_as_observed() -> None:
    rows = [{"a": "1", "b": "x"}, {"a": "2", "b": None}]
    assert doubled_pipe(rows) == "0|a|1|b|1|1|x|x|\n2|2|||\n"
    assert doubled_pipe([]) == ""


def test_pipe_pairs() -> None:
    assert pipe_pairs([("1", "Support"), ("2", "Sales")]) == "1:Support|2:Sales|"


def test_sql_texts_escape_like_mysqli() -> None:
    assert update_sql("di_dids", {"di_comment": "O'Brien \\ \"x\"\n", "di_recording": "yes"}, "di_te_id", 5,
                      "di_id", 27699) == (
        "update di_dids set di_comment='O\\'Brien \\\\ \\\"x\\\"\\n',di_recording='yes' "
        "where di_te_id='5' and di_id='27699'")
    assert update_sql("te_tenants", {"te_name": 7}, None, None, "te_id", 2) == (
        "update te_tenants set te_name='7' where te_id='2'")
    assert delete_sql("ex_extensions", "ex_te_id", 2, "ex_id", 4) == (
        "delete from ex_extensions where ex_te_id='2' and ex_id='4'")


@pytest.mark.parametrize(("given", "found"), [
    ("1767603600.12", "1767603600.12"), ("pbx4fl-1767603600.12", "1767603600.12"),
    ("srv02-node-1509806457.625", "1509806457.625"), (" 15a4cfe6429054 ", "15a4cfe6429054"),
])
def test_lookup_accepts_node_prefixed_uniqueids(given: str, found: str) -> None:
    assert lookup_id(given) == found


def test_dates_and_windows() -> None:
    assert parse_instant("2017-01-01") == 1483228800
    assert parse_instant("2017-01-01 10:30") == 1483266600
    assert parse_instant("2017-01-01 10:30:05") == 1483266605
    assert parse_instant("01/01/2017") is None
    now = 1767603600.0  # 2026-01-05 09:00 UTC
    assert date_window(Params({}), now) == (1767571200, 1767657600)
    assert date_window(Params({"start": "2017-01-01", "end": "2017-02-01"}), now) == (1483228800, 1485907200)


def _strptime_instant(text: str) -> int | None:
    """What parse_instant did before it became one pattern: each format tried through strptime."""
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return int(datetime.strptime(text.strip(), pattern).replace(tzinfo=UTC).timestamp())
        except ValueError:
            continue
    return None


_DIGITS = st.text(alphabet="0123456789\u0663\uff17", min_size=0, max_size=5)
_SPACES = st.sampled_from(["", " ", "  ", "\t", " \n", "x"])


@given(st.tuples(_DIGITS, st.sampled_from(["-", ":", "/"]), _DIGITS, st.sampled_from(["-", " -"]),
                 st.sampled_from(["", " "]), _DIGITS, _SPACES, _DIGITS, st.sampled_from([":", "", "-"]), _DIGITS,
                 st.sampled_from([":", ""]), _DIGITS, _SPACES).map("".join))
def test_dates_are_read_as_strptime_reads_them(text: str) -> None:
    assert parse_instant(text) == _strptime_instant(text)


@pytest.mark.parametrize("text", [
    "2017-1-1", "2017-01- 5", "2016-02-29 23:59:59", "2017-02-29", "2016-02-29 23:59:60", "2016-02-29\t1:2:3",
    "0000-01-01", "0001-01-01", "9999-12-31 23:59:59", "\uff12\uff10\uff11\uff17-01-01", "2017-01-01 10",
    "2017-01-01 24:00", "2017-13-01", "2017-01-32", "2017-01-3 1", " 2017-01-01 10:30 ", "2017-01-01 10:30:61",
])
def test_date_edge_cases_match_strptime(text: str) -> None:
    assert parse_instant(text) == _strptime_instant(text)


@given(st.integers(min_value=-(10**11), max_value=10**11) | st.floats(min_value=-1e10, max_value=1e11))
def test_row_times_print_as_gmtime_and_strftime_print_them(epoch: float) -> None:
    assert when(epoch) == time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(int(epoch)))


_CELLS = st.none() | st.text(alphabet=st.sampled_from('ab ,"\\\n\r\t\x1f1'), max_size=6)


@given(st.lists(st.lists(_CELLS, min_size=1, max_size=5), max_size=4))
def test_csv_tables_quote_each_field_as_fputcsv_does(rows: list[list[str | None]]) -> None:
    header = ["a", "b c"]
    expected = "".join(",".join(csv_field(v) for v in line) + "\n" for line in [header, *rows])
    assert csv_table(header, rows) == expected


@given(st.lists(st.dictionaries(st.sampled_from(["name", "0", "1", "x", "12"]), _CELLS, min_size=1), min_size=1,
                max_size=3))
def test_doubled_pipe_lists_each_row_as_both_keys_does(rows: list[dict[str, str | None]]) -> None:
    header = "".join(f"{key}|" for key in both_keys(rows[0]))
    body = "".join("".join(f"{'' if v is None else v}|" for v in both_keys(row).values()) + "\n" for row in rows)
    assert doubled_pipe(rows) == header + body


def test_like_matches_mysql_wildcards_without_case() -> None:
    # PHONEBOOK query's matcher; tests/core/test_patterns.py holds it to the regex it replaced
    def like(pattern: str, value: str) -> bool:
        return SqlLike(pattern).matches(value)

    assert (like("bo%", "Boss"), like("%ss", "Boss"), like("B_ss", "boss")) == (True, True, True)
    assert (like("bo", "Boss"), like("x%", "Boss")) == (False, False)
    assert like("%" * 50 + "z", "a" * 40 + "z") is True


def test_every_domain_error_renders_as_mirta_does() -> None:
    for error in all_domain_errors():
        assert ERRORS.lookup(error).body in (b"", AUTH_FAILURE_BODY)
    assert ERRORS.lookup(TenantNotFound).body == AUTH_FAILURE_BODY
    assert ERRORS.lookup(DomainError) == EMPTY
    assert len(AUTH_FAILURE_BODY) == 46
