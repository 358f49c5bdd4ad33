"""``tenant.add``'s ``tenant_name`` is the tenant's domain, unique without regard to case by the
core's one rule (core/uniqueness.py); a second tenant by the same name is refused and changes nothing."""

from __future__ import annotations

from tests.vendors.pbxware.pbxware_client import raw
from tests.worlds import Pbx

TENANT_ADD = {"tenant_code": "346", "package": "2", "ext_length": "3", "country": "869", "national": "1",
              "international": "011"}


def test_a_second_tenant_with_the_same_name_in_another_case_is_refused(pbx: Pbx) -> None:
    client, world = pbx
    first = raw(client, "tenant.add", tenant_name="pbx.example.com", **TENANT_ADD)
    assert first == b'{"success":"Tenant ID: 8","id":8}'
    before = world.snapshot()
    again = raw(client, "tenant.add", tenant_name="PBX.Example.com", **{**TENANT_ADD, "tenant_code": "347"})
    assert again == b'{"error":"Object already exists."}'
    assert world.snapshot() == before
