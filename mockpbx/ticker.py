"""A daemon thread that keeps idle worlds live: calls progress even when nobody asks."""

from __future__ import annotations

import logging
import threading

from .core.registry import Registry

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0


class Ticker:
    """Calls ``registry.tick_all()`` every ``interval`` seconds until :meth:`stop`."""

    def __init__(self, registry: Registry, interval: float = TICK_SECONDS) -> None:
        self._registry = registry
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mockpbx-ticker", daemon=True)

    def start(self) -> Ticker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._registry.tick_all()
            except Exception:  # a failing world must not stop the others from ticking
                log.exception("ticker: a world failed to advance")
