"""The encoders behind every proxyapi body, byte for byte, and the error table's reach."""

from __future__ import annotations

import pytest

from mockpbx.core.errors import DomainError, TenantNotFound, all_domain_errors
from mockpbx.core.patterns import SqlLike
from mockpbx.vendors.pbxcloud.errors import ERRORS
from mockpbx.vendors.pbxcloud.managedb import delete_sql, update_sql
from mockpbx.vendors.pbxcloud.params import Params, date_window, parse_instant
from mockpbx.vendors.pbxcloud.render import both_keys, csv_field, csv_table, doubled_pipe, php_json, pipe_pairs
from mockpbx.vendors.pbxcloud.reply import AUTH_FAILURE_BODY, EMPTY
from mockpbx.vendors.pbxcloud.rows import lookup_id


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
