"""The event stream the dashboard listens to: its frames, its limit, and how it ends."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from flask import Flask

from mockpbx import create_app
from mockpbx.control.streams import close_streams, streams_of
from mockpbx.core.clock import ClockMode
from mockpbx.core.world import World
from mockpbx.settings import Settings
from mockpbx.testing import ThreadedServer

BASE = "/_mockpbx/worlds/default"
FIRST_STATE = (b'event: state\ndata: {"clock":{"mode":"manual","scale":1.0,"now":1767603600.0,'
               b'"iso":"2026-01-05T09:00:00Z"},"calls":[],"counts":{"live_calls":0,"cdrs":6}}\n\n')


@pytest.fixture
def app() -> Flask:
    return create_app(Settings(clock=ClockMode.MANUAL, threads=4))


def world_of(app: Flask) -> World:
    found: World = app.extensions["mockpbx"].get("default")
    return found


def events(chunks: Iterator[bytes], count: int) -> list[tuple[str, object]]:
    """The next ``count`` named events, skipping heartbeats."""
    found: list[tuple[str, object]] = []
    while len(found) < count:
        chunk = next(chunks).decode()
        if chunk.startswith("event: "):
            name, data = chunk.split("\n")[:2]
            found.append((name[len("event: "):], json.loads(data[len("data: "):])))
    return found


def test_a_stream_opens_with_the_world_state(app: Flask) -> None:
    response = app.test_client().get(f"{BASE}/events")
    assert (response.status_code, response.mimetype) == (200, "text/event-stream")
    assert response.headers["Cache-Control"] == "no-store"
    chunks = iter(response.response)
    assert next(chunks) == b"retry: 2000\n\n"
    assert next(chunks) == FIRST_STATE
    response.close()
    assert streams_of(app).open == 0


def test_calls_ring_answer_and_end_in_the_stream(app: Flask) -> None:
    client = app.test_client()
    response = client.get(f"{BASE}/events")
    chunks = iter(response.response)
    events(chunks, 1)
    placed = client.post(f"{BASE}/calls", json={"tenant": "DEMO", "from": "104", "to": "5550005"}).get_json()
    [(name, state)] = events(chunks, 1)
    assert name == "state" and isinstance(state, dict)
    assert [(c["uniqueid"], c["state"]) for c in state["calls"]] == [(placed["uniqueid"], "queued")]
    world_of(app).advance_clock(1)
    assert [c["state"] for c in events(chunks, 1)[0][1]["calls"]] == ["ringing"]  # type: ignore[index]
    world_of(app).advance_clock(10)
    assert [c["state"] for c in events(chunks, 1)[0][1]["calls"]] == ["answered"]  # type: ignore[index]
    world_of(app).advance_clock(60)
    (ended_name, cdr), (state_name, after) = events(chunks, 2)
    assert (ended_name, state_name) == ("ended", "state")
    assert cdr == client.get(f"{BASE}/cdrs?limit=1").get_json()["cdrs"][0]
    assert isinstance(cdr, dict) and cdr["uniqueid"] == placed["uniqueid"] and cdr["billsec"] == 60
    assert after["calls"] == [] and after["counts"] == {"live_calls": 0, "cdrs": 7}  # type: ignore[index]
    response.close()


def test_vendor_requests_arrive_as_journal_events(app: Flask) -> None:
    client = app.test_client()
    client.get("/?apikey=Test123456789&action=pbxware.tenant.get&tenant=2")  # before: .../activity shows it
    response = client.get(f"{BASE}/events")
    chunks = iter(response.response)
    events(chunks, 1)
    client.get("/?apikey=Test123456789&action=pbxware.tenant.list")
    [(name, body)] = events(chunks, 1)
    assert name == "journal"
    assert body == {"entries": [{"time": 1767603600.0, "iso": "2026-01-05T09:00:00Z", "vendor": "pbxware",
                                 "scope": "master", "action": "pbxware.tenant.list", "method": "GET", "path": "/",
                                 "status": 200, "outcome": "ok", "fault": "", "findings": []}]}
    response.close()


def test_streams_are_bounded_and_their_slots_come_back(app: Flask) -> None:
    client = app.test_client()
    assert streams_of(app).limit == 1  # a quarter of the four threads
    first = client.get(f"{BASE}/events")
    refused = client.get(f"{BASE}/events")
    assert (refused.status_code, refused.get_json()) == (
        503, {"error": "at most 1 event streams at once; close one and retry", "code": "too_many_streams"})
    first.close()  # closed before it was ever read: the slot still comes back
    again = client.get(f"{BASE}/events")
    assert again.status_code == 200
    again.close()
    assert streams_of(app).open == 0


def test_unknown_world_is_404_and_takes_no_slot(app: Flask) -> None:
    response = app.test_client().get("/_mockpbx/worlds/nope/events")
    assert (response.status_code, response.get_json()["code"]) == (404, "not_found")
    assert streams_of(app).open == 0


def test_a_deleted_world_ends_its_stream(app: Flask) -> None:
    client = app.test_client()
    client.post("/_mockpbx/worlds", json={"id": "brief", "clock": "manual"})
    response = client.get("/_mockpbx/worlds/brief/events")
    chunks = iter(response.response)
    events(chunks, 1)
    assert client.delete("/_mockpbx/worlds/brief").status_code == 204
    assert events(chunks, 1) == [("gone", {"world": "brief"})]
    assert list(chunks) == []
    assert streams_of(app).open == 0


def test_closing_the_hub_says_bye_and_refuses_new_streams(app: Flask) -> None:
    client = app.test_client()
    response = client.get(f"{BASE}/events")
    chunks = iter(response.response)
    events(chunks, 1)
    close_streams(app)
    assert events(chunks, 1) == [("bye", {"reason": "stopping"})]
    assert list(chunks) == []
    refused = client.get(f"{BASE}/events")
    assert (refused.status_code, refused.get_json()["code"]) == (503, "too_many_streams")


def test_server_shutdown_ends_open_streams_promptly() -> None:
    app = create_app(Settings(clock=ClockMode.MANUAL))
    server = ThreadedServer(app, tick=False).start()
    received: list[bytes] = []
    opened = threading.Event()

    def listen() -> None:
        with requests.get(f"{server.url}{BASE}/events", stream=True, timeout=10) as answer:
            for chunk in answer.iter_content(chunk_size=None):
                received.append(chunk)
                opened.set()

    listener = threading.Thread(target=listen)
    listener.start()
    assert opened.wait(5)
    started = time.monotonic()
    server.stop()
    listener.join(10)
    # Well inside the server's five-second drain: the stream ended, it was not cut off.
    assert not listener.is_alive() and time.monotonic() - started < 3
    assert b"".join(received).endswith(b'event: bye\ndata: {"reason":"stopping"}\n\n')
