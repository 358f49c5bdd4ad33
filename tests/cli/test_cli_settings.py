"""CLI configuration: every serve flag has a MOCKPBX_* variable, flags win, bad input exits 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mockpbx.cli import SERVE_FLAGS, build_parser, main, resolve_settings
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings

ROOT = Path(__file__).resolve().parents[2]

# flag value, parsed setting, for each serve flag
SAMPLES: dict[str, tuple[str, object]] = {
    "host": ("0.0.0.0", "0.0.0.0"),
    "port": ("18080", 18080),
    "scenario": ("demo", "demo"),
    "seed": ("42", 42),
    "size": ("3", 3),
    "clock": ("manual", ClockMode.MANUAL),
    "clock_scale": ("2.5", 2.5),
    "state_file": ("/data/state.json", Path("/data/state.json")),
    "traffic": ("12", 12.0),
    "threads": ("4", 4),
    "journal_size": ("50", 50),
    "rate_limit": ("0", 0),
    "pbxware_version": ("6.x", "6.x"),
    "mirta_cdr_columns": ("short", "short"),
    "journal_bodies": ("4096", 4096),
    "admin_token": ("s3cret-admin-token-0123", "s3cret-admin-token-0123"),
    "scenario_dir": ("/app/fixtures", Path("/app/fixtures")),
    "autosave": ("2.5", 2.5),
    "max_worlds": ("7", 7),
    "max_world_size": ("20", 20),
    "max_body": ("65536", 65536),
    "max_state_body": ("1048576", 1048576),
    "journal_bytes": ("100000", 100000),
    "max_advance_calls": ("500", 500),
}


def test_every_flag_is_sampled() -> None:
    assert set(SAMPLES) == set(SERVE_FLAGS)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_environment_variable_sets_the_flag(name: str) -> None:
    raw, parsed = SAMPLES[name]
    settings = resolve_settings(build_parser().parse_args(["serve"]), {f"MOCKPBX_{name.upper()}": raw})
    assert getattr(settings, name) == parsed
    assert settings == Settings().with_values({name: raw})


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_flag_sets_the_setting(name: str) -> None:
    raw, parsed = SAMPLES[name]
    args = build_parser().parse_args(["serve", SERVE_FLAGS[name][0], raw])
    assert getattr(resolve_settings(args, {}), name) == parsed


def test_flags_win_over_environment() -> None:
    args = build_parser().parse_args(["serve", "--port", "9000", "--clock", "realtime"])
    settings = resolve_settings(args, {"MOCKPBX_PORT": "7000", "MOCKPBX_CLOCK": "manual", "MOCKPBX_SEED": "9"})
    assert (settings.port, settings.clock, settings.seed) == (9000, ClockMode.REALTIME, 9)


def test_no_flags_no_environment_gives_the_defaults() -> None:
    assert resolve_settings(build_parser().parse_args(["serve"]), {}) == Settings()


@pytest.mark.parametrize(("argv", "message"), [
    (["--port", "abc"], "mockpbx: error: port: cannot use 'abc'\n"),
    (["serve", "--port", "70000"], "mockpbx: error: port must be 0 to 65535\n"),
    (["--bogus"], "mockpbx: error: unrecognized arguments: --bogus\n"),
    (["--clock", "sundial"], "mockpbx: error: clock: cannot use 'sundial'\n"),
    (["--clock-scale", "0"], "mockpbx: error: clock_scale must be positive\n"),
    (["--threads", "0"], "mockpbx: error: threads must be 1 to 256\n"),
    (["--pbxware-version", "5.x"], "mockpbx: error: pbxware_version must be one of 6.x, 7.x\n"),
    (["--mirta-cdr-columns", "all"], "mockpbx: error: mirta_cdr_columns must be one of full, short\n"),
    (["--journal-bodies", "-1"], "mockpbx: error: journal_bodies must be 0 (off) to 1048576 bytes\n"),
    (["--scenario", "nope"],
     "mockpbx: error: unknown scenario 'nope': use default, pbxware-box, demo, sketch or a .yaml/.json path\n"),
    (["--scenario", "missing.yaml"], "mockpbx: error: scenario file missing.yaml does not exist\n"),
    (["scenario"], "mockpbx: error: the following arguments are required: path\n"),
    (["--admin-token", "short"], "mockpbx: error: admin_token must be 16 to 512 characters\n"),
    (["--admin-token", "has a space in it ok"], "mockpbx: error: admin_token must be printable ASCII without spaces\n"),
    (["--autosave", "-1"], "mockpbx: error: autosave must be 0 (off) to 86400 seconds\n"),
    (["--autosave", "nan"], "mockpbx: error: autosave must be 0 (off) to 86400 seconds\n"),
    (["--autosave", "5"], "mockpbx: error: --autosave needs --state-file\n"),
    (["--max-worlds", "0"], "mockpbx: error: max_worlds must be 1 to 100000\n"),
    (["--max-body", "10"], "mockpbx: error: max_body must be 1024 to 1073741824\n"),
    (["--journal-bytes", "1"], "mockpbx: error: journal_bytes must be 4096 to 17179869184\n"),
    (["--max-advance-calls", "0"], "mockpbx: error: max_advance_calls must be 1 to 100000000\n"),
    (["--traffic", "6000", "--max-advance-calls", "10"],
     "mockpbx: error: 6000 demo calls per minute at clock scale 1 would simulate about 100 calls per real "
     "second; this server simulates at most 10 at once (max_advance_calls)\n"),
    (["scenario", "fixtures/acme.yaml", "--seed", "\u00b2"], "mockpbx: error: --seed must be a whole number\n"),
])
def test_bad_flags_exit_2_with_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SAMPLES:
        monkeypatch.delenv(f"MOCKPBX_{name.upper()}", raising=False)
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message)


def test_bad_environment_exits_2_with_one_line(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKPBX_SIZE", "lots")
    assert main(["serve"]) == 2
    assert capsys.readouterr().err == "mockpbx: error: environment (MOCKPBX_*): size: cannot use 'lots'\n"


def test_python_m_mockpbx_bad_flag_has_no_traceback() -> None:
    done = subprocess.run([sys.executable, "-m", "mockpbx", "--port", "-1"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "mockpbx: error: port must be 0 to 65535\n")


def test_scenario_command_checks_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", str(ROOT / "fixtures" / "acme.yaml")]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{ROOT / 'fixtures' / 'acme.yaml'}: scenario 'acme': ")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == "mockpbx 0.1.0\n"
