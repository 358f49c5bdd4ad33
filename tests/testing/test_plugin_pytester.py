"""The plugin as a consumer meets it: loaded by name (as the pytest11 entry point does)."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

pytest_plugins = ["pytester"]


def plugin_args() -> list[str]:
    """Installed, the pytest11 entry point loads the plugin; from a checkout, name it with -p."""
    installed = any(ep.value == "mockpbx.testing.plugin" for ep in entry_points(group="pytest11"))
    return ["-q", "-p", "no:cacheprovider"] + ([] if installed else ["-p", "mockpbx.testing.plugin"])


def test_consumer_suite_uses_every_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_consumer="""
        import requests

        def test_world(pbx_world, pbx_client):
            key = pbx_world.key("pbxware", "master")
            assert pbx_client.get(f"/?apikey={key}&action=pbxware.tenant.list").status_code == 200
            pbx_world.assert_requested("pbxware", action="pbxware.tenant.list")

        def test_server(pbx_server):
            assert requests.get(pbx_server.url + "/_mockpbx/health", timeout=5).json()["status"] == "ok"

        def test_mock(pbx_mock):
            answer = requests.get("https://pbxware.example/?apikey=wrong&action=pbxware.tenant.list")
            assert answer.text == '{"error":"Invalid API key."}'
    """)
    result = pytester.runpytest(*plugin_args())
    result.assert_outcomes(passed=3)


def test_scenario_fixture_can_be_overridden(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("""
        import pytest

        @pytest.fixture(scope="session")
        def pbx_scenario():
            return "demo"
    """)
    pytester.makepyfile(test_override="""
        def test_demo_world(pbx_world):
            assert pbx_world.world.scenario.name == "demo:5"
    """)
    result = pytester.runpytest(*plugin_args())
    result.assert_outcomes(passed=1)


def test_an_error_inside_the_server_fails_the_test_that_caused_it(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("""
        import pytest
        from mockpbx import create_app

        @pytest.fixture(scope="session")
        def pbx_app():
            app = create_app()

            @app.get("/_mockpbx/test-boom")
            def boom():
                raise RuntimeError("handler bug")

            return app
    """)
    pytester.makepyfile(test_boom="""
        import requests

        def test_hits_the_bug(pbx_server):
            assert requests.get(pbx_server.url + "/_mockpbx/test-boom", timeout=5).status_code == 500

        def test_after_it_is_clean(pbx_server):
            assert requests.get(pbx_server.url + "/_mockpbx/health", timeout=5).status_code == 200
    """)
    result = pytester.runpytest(*plugin_args())
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_hits_the_bug*", "*ServerError*handler bug*"])


def test_without_the_test_extras_an_unrelated_run_passes_and_only_pbx_mock_fails(pytester: pytest.Pytester) -> None:
    # `pip install mockpbx pytest` without [test]: `responses` is missing. A package of that name
    # that refuses to import, first on the child's path, makes it so here.
    pytester.mkpydir("responses").joinpath("__init__.py").write_text(
        'raise ModuleNotFoundError("No module named \'responses\'", name="responses")\n')
    pytester.makepyfile(test_unrelated="""
        import sys

        import pytest

        def test_plain_arithmetic():
            assert "mockpbx.testing.plugin" in sys.modules  # the plugin is loaded ...
            with pytest.raises(ModuleNotFoundError):
                import responses  # noqa: F401  ... and responses really is missing

        def test_a_world_needs_no_extras(pbx_world):
            assert pbx_world.key("pbxware", "master")

        def test_mock(pbx_mock):
            pass
    """)
    result = pytester.runpytest_subprocess(*plugin_args(), "-rf")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.re_match_lines([r"^_+ ERROR at setup of test_mock _+$",
                                  r"^pbx_mock needs the 'responses' package: pip install 'mockpbx\[test\]'$",
                                  r"^2 passed, 1 error"])
    assert "Error while loading plugin" not in result.stderr.str()


def test_an_admin_token_from_the_environment_locks_the_app_and_the_fixtures_carry_it(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKPBX_TEST_ADMIN_TOKEN", "pytest-admin-token-0123")
    pytester.makepyfile(test_locked="""
        import requests

        def test_client_sends_the_token(pbx_app, pbx_client):
            assert pbx_client.get("/_mockpbx/worlds").status_code == 200
            assert pbx_app.test_client().get("/_mockpbx/worlds").status_code == 401

        def test_server_headers(pbx_server, pbx_admin_headers):
            assert pbx_admin_headers == {"Authorization": "Bearer pytest-admin-token-0123"}
            assert pbx_server.admin_headers == pbx_admin_headers
            url = pbx_server.url + "/_mockpbx/worlds"
            assert requests.get(url, timeout=5).status_code == 401
            assert requests.get(url, headers=pbx_admin_headers, timeout=5).status_code == 200
    """)
    result = pytester.runpytest(*plugin_args())
    result.assert_outcomes(passed=2)
