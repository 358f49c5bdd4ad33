"""The census: counts of what a world holds, and one page of its keys, in one locked read.

Its size is the page asked for, never the world's: the control plane's world summary reads it
on every listing, so it must not copy every tenant and key of a big world.
"""

from __future__ import annotations

from mockpbx.core import World
from mockpbx.core.entities import KeyScope, Vendor


def test_counts_match_the_collections(world: World) -> None:
    census = world.census()
    assert (census.tenants, census.extensions, census.dids, census.live_calls, census.cdrs, census.key_total) == (
        len(world.tenancy.list_tenants()), len(world.directory.list_extensions()), len(world.numbering.list_dids()),
        len(world.telephony.live_calls()), len(world.telephony.query_cdrs()), len(world.keys()))


def test_a_page_of_keys_in_issue_order_with_only_its_tenants_named(world: World) -> None:
    demo = world.tenancy.tenant_by_code("DEMO")
    for number in range(5):
        world.issue_key(Vendor.PBXCLOUD, KeyScope.TENANT_READ_WRITE, key=f"page-key-{number}", tenant_id=demo.id)
    every = world.keys()
    page = world.census(keys_from=len(every) - 3, keys_limit=2)
    assert [k.key for k in page.keys] == [k.key for k in every[-3:-1]] == ["page-key-2", "page-key-3"]
    assert page.key_total == len(every)
    assert page.tenant_codes == {demo.id: "DEMO"}


def test_no_keys_asked_by_default_names_no_tenant(world: World) -> None:
    census = world.census()  # counts only, unless a page of keys is asked for
    assert (census.keys, census.tenant_codes, census.key_total) == ((), {}, len(world.keys()))


def test_a_page_past_the_end_is_empty(world: World) -> None:
    total = len(world.keys())
    assert world.census(keys_from=total, keys_limit=5).keys == ()
    assert world.census(keys_from=total + 10, keys_limit=5).key_total == total
