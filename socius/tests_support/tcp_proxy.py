"""A TCP proxy on loopback that a fault test can take down and bring back.

Put it between the platform and PostgreSQL (``database_url_for_test(port=proxy.port)``): while it
is up it passes bytes both ways; ``down()`` does what a database restart or a network fault
does to the clients, at once: it closes its listening socket, so new connections are refused,
and cuts every connection it carries. ``up()`` listens again on the same port.

Threads, not asyncio: one for accepting, two per connection. A test opens a handful.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from types import TracebackType

HOST = "127.0.0.1"
_CHUNK = 64 * 1024


class TcpProxy:
    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0  # chosen by the system at the first up(), kept after that
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self._carried: set[socket.socket] = set()
        self._lock = threading.Lock()

    def __enter__(self) -> TcpProxy:
        self.up()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.down()

    @property
    def is_up(self) -> bool:
        return self._listener is not None

    def up(self) -> None:
        """Listen (again, on the same port) and accept connections."""
        if self._listener is not None:
            return
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # The connections cut by down() wait in TIME_WAIT on this port; this lets the port be
        # bound again meanwhile, as a restarted server does.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._acceptor = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._acceptor.start()

    def down(self) -> None:
        """Refuse new connections and cut the ones carried now. Returns once both are true."""
        listener, self._listener = self._listener, None
        if listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            _quietly(listener.shutdown, socket.SHUT_RDWR)
            listener.close()
            if self._acceptor is not None:
                self._acceptor.join(timeout=10)
        with self._lock:
            carried, self._carried = self._carried, set()
        for sock in carried:
            _quietly(sock.shutdown, socket.SHUT_RDWR)
            sock.close()

    @property
    def connections(self) -> int:
        """How many connections (client side) the proxy carries now."""
        with self._lock:
            return len(self._carried) // 2

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:  # down(): the listening socket was shut
                return
            try:
                server = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                if self._listener is not listener:  # went down meanwhile
                    client.close()
                    server.close()
                    return
                self._carried.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(_CHUNK):
                target.sendall(data)
        except OSError:
            pass  # cut by down(), or the other side went away
        # One side ended: end both, as a real connection between them would.
        with self._lock:
            self._carried.discard(source)
            self._carried.discard(target)
        for sock in (source, target):
            _quietly(sock.shutdown, socket.SHUT_RDWR)
        source.close()


def _quietly(call: Callable[..., object], *args: object) -> None:
    with contextlib.suppress(OSError):
        call(*args)
