"""The start-up banner lists every key a user needs to reach the default world."""

from __future__ import annotations

from mockpbx.app import build_registry
from mockpbx.banner import banner
from mockpbx.settings import Settings
from mockpbx.vendors import vendor_specs


def key_lines(settings: Settings) -> list[str]:
    text = banner(settings, build_registry(settings), vendor_specs(), host="127.0.0.1", port=8080, version="0.1.0")
    lines = text.splitlines()
    start = lines.index('keys of world "default":')
    return [line for line in lines[start + 1:] if line.startswith("  ")]


def test_default_world_shows_every_documented_key_by_name() -> None:
    assert key_lines(Settings()) == [
        "  pbxware_master        Test123456789",
        "  pbxcloud_admin        demo-admin-key",
        "  epbx_reseller         demo-reseller-token",
        "  epbx_second_reseller  demo-reseller2-token",
        "  pbxcloud_demo_rw      demo-DEMO-rw",
        "  pbxcloud_demo_ro      demo-DEMO-ro",
    ]


def test_demo_world_also_shows_its_generated_keys() -> None:
    assert key_lines(Settings(scenario="demo", size=2)) == [
        "  pbxware_master               Test123456789",
        "  pbxcloud_admin               demo-admin-key",
        "  epbx/reseller reseller 1     default-TDZsaJOOY6fjcIGW4Inv",
        "  pbxcloud/tenant_rw tenant 2  default-gwkwDW9S9MdT3esqds2G",
        "  pbxcloud/tenant_rw tenant 3  default-lpW0vihmCgCjxQvPDJRx",
    ]


OPEN_WARNING = ("WARNING: the control plane is open to anyone who reaches http://0.0.0.0:8080: they can read every "
                "key, overwrite and delete worlds. Set --admin-token or MOCKPBX_ADMIN_TOKEN.")
LOCKED = "control plane: locked; send 'Authorization: Bearer <admin token>' (health stays open)"


def _lines(settings: Settings, host: str) -> list[str]:
    text = banner(settings, build_registry(settings), vendor_specs(), host=host, port=8080, version="0.1.0")
    return text.splitlines()


def test_all_interfaces_without_a_token_warn() -> None:
    lines = _lines(Settings(host="0.0.0.0"), "0.0.0.0")
    assert OPEN_WARNING in lines and LOCKED not in lines
    assert lines[-1] == "mockpbx listening on http://0.0.0.0:8080"


def test_loopback_without_a_token_does_not_warn() -> None:
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        assert not any(line.startswith("WARNING") for line in _lines(Settings(), host)), host


def test_a_token_locks_and_says_so_without_printing_it() -> None:
    lines = _lines(Settings(host="0.0.0.0", admin_token="banner-secret-token-1"), "0.0.0.0")
    assert LOCKED in lines and not any(line.startswith("WARNING") for line in lines)
    assert not any("banner-secret-token-1" in line for line in lines)
