"""The server's client connections as the kernel sees them: find one, drop one, count them.

granian keeps its sockets in Rust and offers no "close this connection" call, nor a connection
limit that evicts.  Both are needed (the ``reset`` fault drops a connection without an answer;
slow clients must not lock a fast one out), so they are done on the socket itself: the process's
own descriptors are listed under ``/proc/self/fd`` and matched by address.  ``shutdown()`` on a
duplicate descriptor acts on the shared socket, so granian sees the peer gone and lets it go.

Linux only (the production image is Linux); elsewhere :func:`connections` finds nothing, so a
``reset`` becomes a 500 and the connection limit is granian's backpressure alone.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

_FD_DIR = "/proc/self/fd"

Address = tuple[str, int]


def parse_address(text: str) -> Address:
    """``"127.0.0.1:5000"`` or ``"[::1]:5000"`` (granian's scope) as ``(host, port)``."""
    host, _, port = text.rpartition(":")
    return host.strip("[]"), int(port)


def descriptor_count() -> int:
    """Open descriptors of this process; cheap, and an upper bound on its connections."""
    try:
        return len(os.listdir(_FD_DIR))
    except OSError:
        return 0


def connections(local: Address) -> Iterator[tuple[Address, socket.socket]]:
    """Each accepted connection on ``local`` as ``(peer, duplicate socket)``; the caller closes it."""
    try:
        names = os.listdir(_FD_DIR)
    except OSError:
        return
    for name in names:
        try:
            if not os.readlink(f"{_FD_DIR}/{name}").startswith("socket:"):
                continue
            dup = socket.socket(fileno=os.dup(int(name)))
        except (OSError, ValueError):
            continue
        try:
            mine = dup.getsockname()[:2] == local
            peer = dup.getpeername()[:2] if mine else None
        except OSError:  # the listener (no peer), or a socket closed meanwhile
            peer = None
        if peer is None:
            dup.close()
            continue
        yield (str(peer[0]), int(peer[1])), dup


def drop(dup: socket.socket) -> None:
    """Close the connection for both sides, sending nothing more; closes ``dup`` too."""
    try:
        dup.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        dup.close()


def drop_peer(local: Address, peer: Address) -> bool:
    """Drop the connection from ``peer``; False if it is not (or no longer) open."""
    for address, dup in connections(local):
        if address == peer:
            drop(dup)
            return True
        dup.close()
    return False
