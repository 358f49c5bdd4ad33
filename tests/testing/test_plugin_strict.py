"""Strict mode: a test whose world saw a non-conformant request fails at teardown."""

from __future__ import annotations

import pytest

from tests.testing.test_plugin_pytester import plugin_args

pytest_plugins = ["pytester"]

CONSUMER = """
    import pytest

    def test_typo(pbx_world, pbx_client):
        key = pbx_world.key("pbxware", "master")
        pbx_client.get(f"/?apikey={key}&action=pbxware.ext.list&sever=2")

    def test_clean(pbx_world, pbx_client):
        key = pbx_world.key("pbxware", "master")
        pbx_client.get(f"/?apikey={key}&action=pbxware.ext.list&server=2")

    def test_bad_key(pbx_world, pbx_client):
        pbx_client.get("/?apikey=nope&action=pbxware.ext.lst")

    @pytest.mark.mockpbx_strict(False)
    def test_opted_out(pbx_world, pbx_client):
        key = pbx_world.key("pbxware", "master")
        pbx_client.get(f"/?apikey={key}&action=pbxware.ext.list&sever=2")
"""


def test_ini_setting_fails_nonconformant_tests_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nmockpbx_strict = true\n")
    pytester.makepyfile(test_consumer=CONSUMER)
    result = pytester.runpytest(*plugin_args())
    result.assert_outcomes(passed=4, errors=2)
    result.stdout.fnmatch_lines([
        "*mockpbx strict: non-conformant requests",
        "*GET /?apikey=%2A%2A%2A&action=pbxware.ext.list&sever=2 -> 200",
        "*unknown_parameter 'sever': expected a parameter of pbxware.ext.list (did you mean 'server'?)",
    ])
    result.stdout.fnmatch_lines([
        "*GET /?apikey=%2A%2A%2A&action=pbxware.ext.lst -> 200",
        "*unknown_key 'apikey': expected a key a world issued*",
        "*unknown_action 'action': expected one of the 248 known (did you mean 'pbxware.ext.list'?)",
    ])


def test_marker_turns_strict_on_for_one_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_consumer="""
        import pytest

        @pytest.mark.mockpbx_strict
        def test_typo(pbx_world, pbx_client):
            key = pbx_world.key("pbxware", "master")
            pbx_client.get(f"/?apikey={key}&action=pbxware.ext.list&sever=2")

        def test_not_strict(pbx_world, pbx_client):
            key = pbx_world.key("pbxware", "master")
            pbx_client.get(f"/?apikey={key}&action=pbxware.ext.list&sever=2")
    """)
    result = pytester.runpytest(*plugin_args())
    result.assert_outcomes(passed=2, errors=1)


def test_fault_helper_arms_a_fault(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_consumer="""
        def test_burst(pbx_world, pbx_client):
            pbx_world.fault("status", "pbxware", trigger={"kind": "next", "count": 2}, status=502)
            key = pbx_world.key("pbxware", "master")
            codes = [pbx_client.get(f"/?apikey={key}&action=pbxware.tenant.list").status_code for _ in range(3)]
            assert codes == [502, 502, 200]
    """)
    pytester.runpytest(*plugin_args()).assert_outcomes(passed=1)
