"""Server bounds: each refused with a clear 4xx that changes nothing."""

from __future__ import annotations

import io
import threading

import pytest
from flask.testing import FlaskClient

from mockpbx import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.core.registry import Registry
from mockpbx.core.world import World
from mockpbx.settings import Settings

BASE = "/_mockpbx"


def client_for(**settings: object) -> FlaskClient:
    return create_app(Settings(clock=ClockMode.MANUAL).with_values(settings)).test_client()


def test_max_worlds_refuses_the_next_world() -> None:
    client = client_for(max_worlds=2)
    assert client.post(f"{BASE}/worlds", json={"id": "second"}).status_code == 201
    response = client.post(f"{BASE}/worlds", json={"id": "third"})
    assert (response.status_code, response.get_json()) == (
        409, {"error": "this server holds at most 2 worlds; delete one first", "code": "limit_exceeded"})
    assert [w["id"] for w in client.get(f"{BASE}/worlds").get_json()["worlds"]] == ["default", "second"]
    assert client.delete(f"{BASE}/worlds/second").status_code == 204
    assert client.post(f"{BASE}/worlds", json={"id": "third"}).status_code == 201


def test_max_world_size_refuses_a_large_demo() -> None:
    client = client_for(max_world_size=3)
    response = client.post(f"{BASE}/worlds", json={"scenario": "demo", "size": 4})
    assert (response.status_code, response.get_json()) == (
        422, {"error": "size 4 is above this server's max_world_size of 3", "code": "limit_exceeded"})
    assert client.get(f"{BASE}/health").get_json()["worlds"] == 1
    assert client.post(f"{BASE}/worlds", json={"scenario": "demo", "size": 3}).status_code == 201


def test_default_max_world_size_refuses_ten_thousand() -> None:
    response = client_for().post(f"{BASE}/worlds", json={"scenario": "demo", "size": 10_000})
    assert (response.status_code, response.get_json()["code"]) == (422, "limit_exceeded")


def test_control_bodies_above_max_body_are_413_before_they_are_read() -> None:
    client = client_for(max_body=2048)
    body = b'{"id": "x", "scenario": {"name": "' + b"a" * 4000 + b'"}}'
    response = client.post(f"{BASE}/worlds", data=body, content_type="application/json")
    assert (response.status_code, response.get_json()) == (
        413, {"error": f"the body is {len(body)} bytes; this route takes at most 2048 (see max_body and "
                       "max_state_body)", "code": "body_too_large"})
    assert client.get(f"{BASE}/health").get_json()["worlds"] == 1


def test_a_chunked_body_without_a_length_is_cut_at_the_same_bound() -> None:
    client = client_for(max_body=2048)

    body = b'{"id": "x", "scenario": {"name": "' + b"a" * 10_000 + b'"}}'
    # As a server hands over a chunked body: no Content-Length, the stream ends where the body does.
    response = client.post(f"{BASE}/worlds", input_stream=io.BytesIO(body), content_type="application/json",
                           headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})
    assert (response.status_code, response.get_json()) == (413, {
        "error": "the body is over 2048 bytes; this route takes at most 2048 (see max_body and max_state_body)",
        "code": "body_too_large"})
    small = b'{"id": "chunked"}'
    response = client.post(f"{BASE}/worlds", input_stream=io.BytesIO(small), content_type="application/json",
                           headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})
    assert (response.status_code, response.get_json()["id"]) == (201, "chunked")
    assert client.get(f"{BASE}/health").get_json()["worlds"] == 2


def test_state_uploads_have_their_own_larger_bound() -> None:
    client = client_for(max_body=2048, max_state_body=4096)
    snapshot = client.get(f"{BASE}/worlds/default/state").data
    assert len(snapshot) > 4096
    response = client.put(f"{BASE}/worlds/default/state", data=snapshot, content_type="application/json")
    assert (response.status_code, response.get_json()["code"]) == (413, "body_too_large")
    roomy = client_for(max_body=2048, max_state_body=len(snapshot))
    assert roomy.put(f"{BASE}/worlds/default/state", data=snapshot, content_type="application/json").status_code == 200


def test_journal_keeps_within_its_byte_budget() -> None:
    client = client_for(journal_bytes=8192)
    for n in range(10):
        client.get(f"/?apikey=Test123456789&action=pbxware.tenant.list&pad={n}{'x' * 3000}")
    entries = client.get(f"{BASE}/worlds/default/journal").get_json()["entries"]
    # Each entry holds about 3.2 KB of text: two fit in 8 KB, the newest two.
    assert [e["params"]["pad"][0] for e in entries] == ["8", "9"]


def test_one_request_larger_than_the_journal_keeps_its_names_only() -> None:
    client = client_for(journal_bytes=4096)
    client.get(f"/?apikey=Test123456789&action=pbxware.tenant.list&pad={'x' * 10_000}")
    entries = client.get(f"{BASE}/worlds/default/journal").get_json()["entries"]
    assert [e["params"] for e in entries] == [{"apikey": "<cut: larger than the journal>",
                                               "action": "<cut: larger than the journal>",
                                               "pad": "<cut: larger than the journal>"}]


def _with_traffic(client: FlaskClient, rate: float) -> None:
    assert client.patch(f"{BASE}/worlds/default/settings", json={"traffic_calls_per_minute": rate}).status_code == 200


def test_an_advance_that_would_simulate_too_many_calls_is_refused_and_changes_nothing() -> None:
    client = client_for(max_advance_calls=100)
    _with_traffic(client, 60)
    before = client.get(f"{BASE}/worlds/default/state").data
    response = client.post(f"{BASE}/worlds/default/clock", json={"advance": 366 * 86400, "scale": 2})
    assert (response.status_code, response.get_json()) == (409, {
        "error": "advancing 3.16224e+07 s at 60 demo calls per minute would simulate about 31622400 calls; this "
                 "server simulates at most 100 per advance (max_advance_calls): advance in smaller steps",
        "code": "limit_exceeded"})
    assert client.get(f"{BASE}/worlds/default/state").data == before
    assert client.post(f"{BASE}/worlds/default/clock", json={"advance": 90}).status_code == 200


def test_a_realtime_pace_that_would_simulate_too_much_per_second_is_refused() -> None:
    client = create_app(Settings(clock=ClockMode.REALTIME, max_advance_calls=100)).test_client()
    _with_traffic(client, 600)
    response = client.post(f"{BASE}/worlds/default/clock", json={"scale": 1000})
    assert (response.status_code, response.get_json()["code"]) == (409, "limit_exceeded")
    assert client.get(f"{BASE}/worlds/default/clock").get_json()["scale"] == 1.0
    client.post(f"{BASE}/worlds/default/clock", json={"scale": 5})
    response = client.patch(f"{BASE}/worlds/default/settings",
                            json={"traffic_calls_per_minute": 6000, "currency": "EUR"})
    assert (response.status_code, response.get_json()["code"]) == (409, "limit_exceeded")
    settings = client.get(f"{BASE}/worlds/default/settings").get_json()
    assert (settings["traffic_calls_per_minute"], settings["currency"]) == (600.0, "BDT")


def test_listing_worlds_does_not_wait_for_a_busy_world() -> None:
    client = client_for()
    registry: Registry = client.application.extensions["mockpbx"]
    client.post(f"{BASE}/worlds", json={"id": "busy"})
    client.get(f"{BASE}/worlds")  # a first census of every world
    busy = registry.get("busy")
    holding, release = threading.Event(), threading.Event()
    listed_while_held: list[bool] = []

    def hold() -> None:
        with busy.transaction():
            holding.set()
            release.wait(timeout=30)
            listed_while_held.append(release.is_set())

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait()
    try:
        response = client.get(f"{BASE}/worlds")
        assert not release.is_set()  # answered while the world was still held
    finally:
        release.set()
        holder.join()
    assert response.status_code == 200
    assert [w["id"] for w in response.get_json()["worlds"]] == ["default", "busy"]
    assert listed_while_held == [True]


def test_resolving_a_key_asks_at_most_one_world(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    worlds = [registry.create_world("demo", size=1, world_id=f"w{n}") for n in range(20)]
    asked: list[str] = []
    original = World.find_key

    def counting(self: World, key: str) -> object:
        asked.append(self.id)
        return original(self, key)

    monkeypatch.setattr(World, "find_key", counting)
    from mockpbx.core.entities import Vendor

    assert registry.resolve("nobody-issued-this", Vendor.PBXCLOUD) is None
    assert asked == []
    key = worlds[17].keys()[0]
    found = registry.resolve(key.key, key.vendor)
    assert found is not None and found.world is worlds[17]
    assert asked == ["w17"]
