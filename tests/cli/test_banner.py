"""The start-up banner lists, for every world, each key with exactly what a request sends with it."""

from __future__ import annotations

from mockpbx.app import build_registry
from mockpbx.banner import banner
from mockpbx.core.entities import KeyScope, Vendor
from mockpbx.core.registry import Registry
from mockpbx.settings import Settings
from mockpbx.vendors import vendor_specs


def key_lines(settings: Settings, registry: Registry | None = None) -> list[str]:
    text = banner(settings, registry or build_registry(settings), vendor_specs(), host="127.0.0.1", port=8080,
                  version="0.1.0")
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("world "))
    return lines[start:-1]


def test_default_world_shows_every_documented_key_as_a_request_sends_it() -> None:
    assert key_lines(Settings()) == [
        'world "default" (scenario default): 6 key(s)',
        "  PBXware  master, every tenant        apikey=Test123456789",
        "  MiRTA    admin, every tenant         key=demo-admin-key&tenant=<any tenant code>",
        '  ePBX     reseller "Demo Reseller"    Authorization: Bearer demo-reseller-token',
        '  ePBX     reseller "Second Reseller"  Authorization: Bearer demo-reseller2-token',
        "  MiRTA    read/write                  key=demo-DEMO-rw&tenant=DEMO",
        "  MiRTA    read-only                   key=demo-DEMO-ro&tenant=DEMO",
    ]


def test_demo_world_names_mirta_tenants_by_the_code_a_request_sends() -> None:
    assert key_lines(Settings(scenario="demo", size=2)) == [
        'world "default" (scenario demo:2): 5 key(s)',
        "  PBXware  master, every tenant      apikey=Test123456789",
        "  MiRTA    admin, every tenant       key=demo-admin-key&tenant=<any tenant code>",
        '  ePBX     reseller "Demo Reseller"  Authorization: Bearer default-TDZsaJOOY6fjcIGW4Inv',
        "  MiRTA    read/write                key=default-gwkwDW9S9MdT3esqds2G&tenant=100",
        "  MiRTA    read/write                key=default-lpW0vihmCgCjxQvPDJRx&tenant=101",
    ]


def test_the_banner_points_at_the_dashboard() -> None:
    text = banner(Settings(), build_registry(Settings()), vendor_specs(), host="127.0.0.1", port=8080, version="0.1.0")
    lines = text.splitlines()
    control = next(i for i, line in enumerate(lines) if "/_mockpbx/health" in line)
    assert lines[control + 1].split() == ["dashboard", "http://127.0.0.1:8080/_mockpbx/ui/"]
    assert lines[control + 1].index("http") == lines[control].index("http")


def test_pbxware_box_has_only_its_master_key() -> None:
    assert key_lines(Settings(scenario="pbxware-box")) == [
        'world "default" (scenario pbxware-box): 1 key(s)',
        "  PBXware  master, every tenant  apikey=Test123456789",
    ]


def test_every_world_is_listed_with_restricted_and_tenant_keys_and_a_cap() -> None:
    settings = Settings(scenario="pbxware-box")
    registry = build_registry(settings)
    other = registry.create_world("default", world_id="ci-7", seed=7)
    other.issue_key(Vendor.PBXWARE, KeyScope.RESTRICTED, key="only-two", allowed_actions=("a", "b"))
    other.issue_key(Vendor.PBXWARE, KeyScope.RESTRICTED, key="one-tenant", tenant_id=6, allowed_actions=("a",))
    for n in range(6):
        other.issue_key(Vendor.PBXCLOUD, KeyScope.TENANT_READ_ONLY, key=f"ro-{n}",
                        tenant_id=other.tenancy.tenant_by_code("DEMO").id)
    lines = key_lines(settings, registry)
    assert lines[:2] == ['world "default" (scenario pbxware-box): 1 key(s)',
                         "  PBXware  master, every tenant  apikey=Test123456789"]
    assert lines[2] == 'world "ci-7" (scenario default): 14 key(s)'
    assert "  PBXware  restricted to 2 action(s)   apikey=only-two" in lines
    assert "  PBXware  restricted to 1 action(s)   apikey=one-tenant&server=6" in lines
    assert "  MiRTA    read-only                   key=ro-3&tenant=DEMO" in lines
    assert lines[-1] == "  ... and 2 more: GET /_mockpbx/worlds/ci-7/keys"
    assert len(lines) == 3 + 12 + 1


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
