"""Periodic saving of the state file, so a kill -9 or an OOM kill loses at most one interval.

Every ``interval`` seconds the worlds are encoded; only if that differs from what was last
written does the file get replaced (with the same atomic write as the save on shutdown).
An idle server therefore writes nothing, and a busy one at most once per interval.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .control.origins import Origins
from .core.registry import Registry
from .statefile import encode_worlds, write_document

log = logging.getLogger(__name__)


class Autosaver:
    """Saves ``registry`` to ``path`` when it changed, every ``interval`` seconds, until :meth:`stop`."""

    def __init__(self, path: Path, registry: Registry, origins: Origins, interval: float) -> None:
        self._path = path
        self._registry = registry
        self._origins = origins
        self._interval = interval
        self._last: bytes | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mockpbx-autosave", daemon=True)

    def start(self) -> Autosaver:
        # What is on disk at start-up (just loaded, or about to be written) counts as saved.
        self._last = encode_worlds(self._registry, self._origins)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def save_if_changed(self) -> bool:
        worlds = encode_worlds(self._registry, self._origins)
        if worlds == self._last:
            return False
        write_document(self._path, worlds)
        self._last = worlds
        return True

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                if self.save_if_changed():
                    log.info("autosaved %d world(s) to %s", len(self._registry.worlds()), self._path)
            except OSError as exc:  # a full disk must not stop the server; the next interval retries
                log.error("autosave to %s failed: %s", self._path, exc.strerror or exc)
            except Exception:
                log.exception("autosave to %s failed", self._path)
