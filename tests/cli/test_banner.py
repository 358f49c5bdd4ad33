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


def test_the_banner_points_at_the_dashboard() -> None:
    text = banner(Settings(), build_registry(Settings()), vendor_specs(), host="127.0.0.1", port=8080, version="0.1.0")
    lines = text.splitlines()
    control = next(i for i, line in enumerate(lines) if "/_mockpbx/health" in line)
    assert lines[control + 1].split() == ["dashboard", "http://127.0.0.1:8080/_mockpbx/ui/"]
    assert lines[control + 1].index("http") == lines[control].index("http")
