"""Server-Sent Events: a world's live calls, clock and journal, pushed to the dashboard.

Each stream holds one server thread, so streams are few (:class:`StreamHub` counts them) and
short-lived (a stream ends after ``STREAM_SECONDS`` and the page reconnects). Between samples
the stream sleeps on the hub's event, not on the world's lock: a sample is a handful of
short locked reads, and the server's shutdown wakes every stream so it can end cleanly.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Flask, Response, current_app, stream_with_context

from ..core import errors
from ..core.registry import Registry
from ..core.world import World
from .activity import ActivityCursor
from .context import the_registry, world
from .errors import ControlError
from .serialize import call_json, cdr_json, clock_state_json

STREAMS_EXTENSION = "mockpbx.streams"
SAMPLE_SECONDS = 0.25
# Often enough that a closed page frees its stream (and its thread) within seconds.
HEARTBEAT_SECONDS = 2.0
STREAM_SECONDS = 300.0


class StreamHub:
    """Counts open streams against a limit and tells them all when the server stops."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._open = 0
        self._lock = threading.Lock()
        self._closing = threading.Event()

    @property
    def open(self) -> int:
        return self._open

    @property
    def closing(self) -> bool:
        return self._closing.is_set()

    def claim(self) -> StreamSlot | None:
        with self._lock:
            if self._closing.is_set() or self._open >= self.limit:
                return None
            self._open += 1
            return StreamSlot(self)

    def _release(self) -> None:
        with self._lock:
            self._open -= 1

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True once the server is stopping."""
        return self._closing.wait(seconds)

    def close(self) -> None:
        self._closing.set()


class StreamSlot:
    """One open stream's place in the hub, given back exactly once however the stream ends."""

    def __init__(self, hub: StreamHub) -> None:
        self._hub: StreamHub | None = hub

    def release(self) -> None:
        hub, self._hub = self._hub, None
        if hub is not None:
            hub._release()


def streams_of(app: Flask) -> StreamHub:
    hub = app.extensions.get(STREAMS_EXTENSION)
    if hub is None:
        threads = getattr(app.extensions.get("mockpbx.settings"), "threads", 16)
        # A quarter of the server's threads at most, so streams never starve vendor requests.
        hub = app.extensions.setdefault(STREAMS_EXTENSION, StreamHub(max(1, int(threads) // 4)))
    assert isinstance(hub, StreamHub)
    return hub


def close_streams(app: object) -> None:
    """Wake and end every open stream of ``app`` (any WSGI app; others are ignored)."""
    extensions = getattr(app, "extensions", None)
    if isinstance(extensions, dict):
        hub = extensions.get(STREAMS_EXTENSION)
        if isinstance(hub, StreamHub):
            hub.close()


def frame(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


class WorldSampler:
    """What changed in a world since the last sample, as SSE frames."""

    def __init__(self, registry: Registry, found: World) -> None:
        self._registry = registry
        self._world = found
        self._calls: dict[str, dict[str, Any]] = {}
        self._last: str | None = None
        self._journal = ActivityCursor(found)

    def gone(self) -> bool:
        try:
            return self._registry.get(self._world.id) is not self._world
        except errors.DomainError:
            return True

    def frames(self) -> Iterator[str]:
        with self._world.transaction():  # one short locked read, so calls, counts and clock agree
            live_calls = self._world.telephony.live_calls()
            census = self._world.census()
        calls = [call_json(c) for c in live_calls]
        live = {c["uniqueid"]: c for c in calls}
        for uniqueid in self._calls.keys() - live.keys():
            try:
                yield frame("ended", cdr_json(self._world.telephony.find_cdr(uniqueid)))
            except errors.DomainError:  # a reset or a restore took the call away without a CDR
                continue
        self._calls = live
        state = {"clock": clock_state_json(census.clock), "calls": calls,
                 "counts": {"live_calls": census.live_calls, "cdrs": census.cdrs}}
        encoded = json.dumps(state, separators=(",", ":"))
        if encoded != self._last:
            self._last = encoded
            yield f"event: state\ndata: {encoded}\n\n"
        entries = self._journal.new_entries()
        if entries:
            yield frame("journal", {"entries": entries})


def register(bp: Blueprint) -> None:
    @bp.get("/worlds/<world_id>/events")
    def world_events(world_id: str) -> Response:
        """A Server-Sent Events stream of one world.

        Events: ``state`` ``{"clock", "calls", "counts"}`` first and whenever it changes;
        ``ended`` with the CDR of each call that ended; ``journal`` ``{"entries": [...]}`` with
        vendor requests made since the stream opened (as ``.../activity`` shows them);
        ``gone`` when the world is deleted; ``bye`` when the stream ends (server stopping, or
        after five minutes: reconnect).

        Returns:
            200 ``text/event-stream``; 404 for an unknown world; 503 ``too_many_streams`` when
            the server already serves its limit of streams.
        """
        found = world(world_id)
        hub = streams_of(current_app)
        slot = hub.claim()
        if slot is None:
            raise ControlError(503, f"at most {hub.limit} event streams at once; close one and retry",
                               "too_many_streams")
        sampler = WorldSampler(the_registry(), found)

        def generate() -> Iterator[str]:
            try:
                deadline = time.monotonic() + STREAM_SECONDS
                quiet_since = time.monotonic()
                yield "retry: 2000\n\n"
                while True:
                    if sampler.gone():
                        yield frame("gone", {"world": world_id})
                        return
                    for chunk in sampler.frames():
                        quiet_since = time.monotonic()
                        yield chunk
                    now = time.monotonic()
                    if now - quiet_since >= HEARTBEAT_SECONDS:
                        quiet_since = now
                        yield ": ping\n\n"
                    if now >= deadline or hub.wait(SAMPLE_SECONDS):
                        yield frame("bye", {"reason": "stopping" if hub.closing else "reconnect"})
                        return
            finally:
                slot.release()

        response = Response(stream_with_context(generate()), mimetype="text/event-stream")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Accel-Buffering"] = "no"
        response.call_on_close(slot.release)  # also when the body was never iterated
        return response
