"""IVRs, ring groups and ERGs: create, list, edit, configure and delete agree."""

from __future__ import annotations

from flask.testing import FlaskClient
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from pbxware_client import body, raw

from mockpbx.app import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.entities import FeatureKind
from mockpbx.core.registry import Registry
from mockpbx.core.world import World


def feature_id(world: World, kind: FeatureKind) -> int:
    return world.directory.list_features(kind, world.tenancy.tenant_by_code("344").id)[0].id


def test_default_lists_golden(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server = world.tenancy.tenant_by_code("344").id
    ivr, group, erg = (feature_id(world, k) for k in (FeatureKind.IVR, FeatureKind.RING_GROUP,
                                                        FeatureKind.ENHANCED_RING_GROUP))
    assert raw(client, "ivr.list", server=server) == (
        b'{"%d":{"name":"MainMenu","type":"0","ext":"700","greeting":"greeting-main","keymap":{"1":{"type":"ex",'
        b'"destination":"530"},"2":{"type":"ex","destination":"531"}},"status":"enabled","operator":null},'
        b'"%d":{"name":"AfterHours","type":"0","ext":"701","greeting":"greeting-closed","keymap":{"9":{"type":"vm",'
        b'"destination":"531"}},"status":"enabled","operator":null}}' % (ivr, ivr + 1))
    assert raw(client, "ring_group.list", server=server) == (
        b'{"%d":{"name":"Sales","ext":"600","destinations":"530,531","last_dest":"","last_dest_vm":"no"}}' % group)
    assert raw(client, "erg.list", server=server) == (
        b'{"%d":{"name":"Support","number":"800","strategy":"ringall","members":[{"ext":"530","penalty":"0"},'
        b'{"ext":"531","penalty":"1"}]}}' % erg)
    assert raw(client, "ring_group.list", server=server, apiformat="php").startswith(b'a:1:{i:%d;a:5:{' % group)
    demo = world.tenancy.tenant_by_code("DEMO").id
    assert raw(client, "erg.list", server=demo) == b"[]"


def test_ivr_lifecycle(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server = world.tenancy.tenant_by_code("344").id
    keys = {"keymap[1][type]": "ex", "keymap[1][destination]": "530", "keymap[*][type]": "vm",
            "keymap[*][destination]": "531"}
    created = body(client, "ivr.add", server=server, name="Night", ext="702", greeting="greeting-night", status=0,
                   **keys)
    new = created["id"]
    assert created == {"success": f"IVR ID: {new}", "id": new} and isinstance(new, int)
    row = body(client, "ivr.list", server=server)[str(new)]
    assert row["keymap"] == {"*": {"type": "vm", "destination": "531"}, "1": {"type": "ex", "destination": "530"}}
    assert row["status"] == "disabled"
    assert body(client, "ivr.edit", server=server, id=new, name="Late", status=1, operator="530") == {
        "success": f"IVR ID: {new}", "id": str(new)}
    row = body(client, "ivr.list", server=server)[str(new)]
    assert (row["name"], row["ext"], row["status"], row["operator"]) == ("Late", "702", "enabled", "530")
    assert body(client, "ivr.delete", server=server, id=new) == {"success": f"Deleted IVR ID {new} successfully."}
    assert str(new) not in body(client, "ivr.list", server=server)
    assert body(client, "ivr.delete", server=server, id=new) == {"error": "Invalid object ID."}


def test_ivr_refusals_change_nothing(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server = world.tenancy.tenant_by_code("344").id
    before = world.directory.list_features()
    key = {"keymap[1][type]": "ex", "keymap[1][destination]": "530"}
    assert body(client, "ivr.add", server=server, name="X", ext="703", greeting="greeting-x") == {
        "error": "Required field 'keymap' is missing"}
    assert body(client, "ivr.add", server=server, name="X", ext="701", greeting="hello", **key) == {
        "error": "Required field 'greeting=hello' contains invalid data (Regex: /^greeting\\-([\\w\\-]+)$/)"}
    assert body(client, "ivr.add", server=server, name="X", ext="530", greeting="greeting-x", **key) == {
        "error": "Number 530 is already reserved."}
    assert body(client, "ivr.add", server=server, name="X", ext="701", greeting="greeting-x",
                **{"keymap[1][type]": "zz", "keymap[1][destination]": "530"}) == {
        "error": "Required field 'keymap[1][type]=zz' contains invalid data (Regex: /^(aa|qu|cf|ex|vm|rg|aatree)$/)"}
    assert body(client, "ivr.add", server=1, name="X", ext="701", greeting="greeting-x", **key) == {
        "error": "Invalid server ID."}
    assert world.directory.list_features() == before


def test_ring_group_lifecycle(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server = world.tenancy.tenant_by_code("344").id
    created = body(client, "ring_group.add", server=server, name="Ops", ext="601", extensions="531", timeout="45")
    new = created["id"]
    assert created == {"success": f"Ring Group ID: {new}", "id": new}
    config = body(client, "ring_group.configuration", server=server, id=new)[str(new)]
    assert (config["destinations"], config["options"]["timeout"], config["options"]["ring_strategy"]) == (
        "531", "45", "all")
    listed = ",".join(body(client, "ring_group.list", server=server))
    assert body(client, "ring_group.edit", server=server, id=listed, name="Renamed", last_dest_vm="yes") == {
        "success": f"Ring Group ID: {listed}", "id": listed}
    rows = body(client, "ring_group.list", server=server)
    assert {r["name"] for r in rows.values()} == {"Renamed"} and {r["last_dest_vm"] for r in rows.values()} == {"yes"}
    assert body(client, "ring_group.edit", server=server, id=new, ring_strategy="bogus") == {
        "error": "Required field 'ring_strategy=bogus' contains invalid data "
                 "(Regex: /^(all|leastrecent|round|round_memory)$/)"}
    before = world.directory.list_features(FeatureKind.RING_GROUP, server)
    assert body(client, "ring_group.edit", server=server, id=listed, ext="609") == {
        "error": "Number 609 is already reserved."}  # two groups cannot move to one number
    assert body(client, "ring_group.edit", server=server, id=new, ext="600") == {
        "error": "Number 600 is already reserved."}
    assert world.directory.list_features(FeatureKind.RING_GROUP, server) == before
    assert body(client, "ring_group.delete", server=server, id=listed) == {
        "success": f"Deleted Ring Group ID {listed} successfully."}
    assert raw(client, "ring_group.list", server=server) == b"[]"


def test_erg_lifecycle(pbx: tuple[FlaskClient, World]) -> None:
    client, world = pbx
    server = world.tenancy.tenant_by_code("344").id
    created = body(client, "erg.add", server=server, name="Help_Desk", ext="801", max_wait_callers=10,
                   rings_answer=0, ring_strategy="linear")
    new = created["id"]
    assert created == {"success": f"ERG ID: {new}", "id": new}
    assert body(client, "erg.edit", server=server, id=new, name="Desk") == {"success": f"ERG ID: {new}",
                                                                          "id": str(new)}
    assert body(client, "erg.members", server=server, id=new, numbers="530,531", penalties="0,5") == {
        "success": f"ERG ID: {new} members updated.", "id": str(new)}
    assert body(client, "erg.list", server=server)[str(new)] == {
        "name": "Desk", "number": "801", "strategy": "linear",
        "members": [{"ext": "530", "penalty": "0"}, {"ext": "531", "penalty": "5"}]}
    assert body(client, "erg.members", server=server, id=new, numbers="530,531", penalties="0") == {
        "error": "Fields numbers and penalties must match in size"}
    assert body(client, "erg.members", server=server, id=new, numbers="539", penalties="0") == {
        "error": "Invalid extension ID."}
    assert body(client, "erg.add", server=server, name="bad name", ext="802", max_wait_callers=1,
                rings_answer=0) == {
        "error": "Required field 'name=bad name' contains invalid data (Regex: /^[a-zA-Z0-9-_]+$/)"}
    assert body(client, "erg.add", server=server, name="x", ext="8021", max_wait_callers=1, rings_answer=0) == {
        "error": "Required field 'ext=8021' contains invalid data (Regex: /^\\d{3}$/)"}
    assert body(client, "erg.delete", server=server, id=new) == {"success": f"Deleted ERG ID {new} successfully."}
    assert str(new) not in body(client, "erg.list", server=server)
    # An ERG is not a ring group.
    erg = feature_id(world, FeatureKind.ENHANCED_RING_GROUP)
    assert body(client, "ring_group.configuration", server=server, id=erg) == {"error": "Invalid object ID."}


class RingGroupsAgainstAModel(RuleBasedStateMachine):
    """Ring groups and ERGs added, renamed and deleted through the API always list as a plain
    dictionary model says they should."""

    def __init__(self) -> None:
        super().__init__()
        registry = Registry(clock_mode=ClockMode.MANUAL)
        self.world = registry.create_world("default", world_id="default")
        self.client = create_app(registry=registry).test_client()
        self.server = self.world.tenancy.tenant_by_code("344").id
        self.model: dict[str, dict[str, tuple[str, str]]] = {"ring_group": {}, "erg": {}}
        for kind, listed in (("ring_group", "ring_group.list"), ("erg", "erg.list")):
            for key, row in body(self.client, listed, server=self.server).items():
                self.model[kind][key] = (row["name"], row.get("ext", row.get("number", "")))

    groups = Bundle("groups")

    def _taken(self) -> set[str]:
        numbers = {number for rows in self.model.values() for _, number in rows.values()}
        return numbers | {"530", "531", "700", "701"}

    @rule(target=groups, kind=st.sampled_from(["ring_group", "erg"]), number=st.integers(600, 620),
          name=st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,7}", fullmatch=True))
    def add(self, kind: str, number: int, name: str) -> tuple[str, str]:
        extra = {"extensions": "530"} if kind == "ring_group" else {"max_wait_callers": 5, "rings_answer": 0}
        answer = body(self.client, f"{kind}.add", server=self.server, name=name, ext=number, **extra)
        if str(number) in self._taken():
            assert answer == {"error": f"Number {number} is already reserved."}
            return kind, "0"
        assert isinstance(answer["id"], int)
        self.model[kind][str(answer["id"])] = (name, str(number))
        return kind, str(answer["id"])

    @rule(group=groups, name=st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,7}", fullmatch=True))
    def rename(self, group: tuple[str, str], name: str) -> None:
        kind, key = group
        answer = body(self.client, f"{kind}.edit", server=self.server, id=key, name=name)
        if key not in self.model[kind]:
            assert answer == {"error": "Invalid object ID."}
            return
        assert answer["id"] == key
        self.model[kind][key] = (name, self.model[kind][key][1])

    @rule(group=groups)
    def delete(self, group: tuple[str, str]) -> None:
        kind, key = group
        answer = body(self.client, f"{kind}.delete", server=self.server, id=key)
        if key not in self.model[kind]:
            assert answer == {"error": "Invalid object ID."}
            return
        del self.model[kind][key]
        assert "success" in answer

    @invariant()
    def listings_agree(self) -> None:
        rings = body(self.client, "ring_group.list", server=self.server)
        ergs = body(self.client, "erg.list", server=self.server)
        assert {k: (v["name"], v["ext"]) for k, v in (rings or {}).items()} == self.model["ring_group"]
        assert {k: (v["name"], v["number"]) for k, v in (ergs or {}).items()} == self.model["erg"]


RingGroupsAgainstAModel.TestCase.settings = settings(max_examples=10, stateful_step_count=10, deadline=None)
TestRingGroupsAgainstAModel = RingGroupsAgainstAModel.TestCase
