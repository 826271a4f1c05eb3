"""A throwaway PostgreSQL server for the tests, from Debian's `postgresql` package (does I/O:
runs initdb and pg_ctl, on 127.0.0.1 and a socket in a temporary folder).

One server per test process (each pytest-xdist worker starts its own), stopped at the end
of the session; each test that asks for `postgres_url` gets a database of its own, dropped
after. PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user.
Without the binaries the tests that need them are skipped, or fail when CI=true (.ci/run
installs the package).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

DEBIAN = Path("/usr/lib/postgresql")
"""Where Debian installs each PostgreSQL version's programs (<version>/bin)."""
USER = "postgres"
STARTS = 3
"""Tries to start the server (another process may take the free port first)."""


@dataclass(frozen=True)
class Server:
    """A running server: where it listens and the programs that run it."""

    bin: Path
    port: int
    folder: Path

    def url(self, database: str = "postgres") -> str:
        """The URL of one database on the server (trusted local connections)."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str) -> None:
        """Run one statement in the `postgres` database (e.g. CREATE DATABASE)."""
        psql = [str(self.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url()]
        subprocess.run(
            [*psql, "-c", statement],
            check=True,
            capture_output=True,
            text=True,
        )


def newest_bin() -> Path | None:
    """The bin folder of the newest PostgreSQL version installed the Debian way."""
    found = [
        folder / "bin"
        for folder in DEBIAN.glob("*")
        if folder.name.isdigit() and (folder / "bin" / "initdb").exists()
    ]
    return max(found, key=lambda b: int(b.parent.name), default=None)


def _as_owner(command: list[str]) -> list[str]:
    """The command as the server's owner: `postgres` when the tests run as root."""
    return ["runuser", "-u", USER, "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(bin_dir: Path) -> Server:
    """initdb into a new temporary folder and start a server on a free port."""
    folder = Path(tempfile.mkdtemp(prefix="pjb-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, USER, USER)
    data = folder / "data"
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8"]
    subprocess.run(
        _as_owner([*initdb, "--no-instructions", "--locale=C.UTF-8"]),
        check=True,
        capture_output=True,
        text=True,
    )
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log")]
    failure = ""
    for _ in range(STARTS):
        port = _free_port()
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
        started = subprocess.run(
            _as_owner([*pg_ctl, "-o", options, "-w", "-t", "60", "start"]),
            capture_output=True,
            text=True,
        )
        if started.returncode == 0:
            return Server(bin_dir, port, folder)
        log = folder / "server.log"
        failure = started.stderr + (log.read_text(errors="replace") if log.exists() else "")
    shutil.rmtree(folder, ignore_errors=True)
    raise RuntimeError(f"PostgreSQL did not start from {bin_dir}:\n{failure}")


def stop(server: Server) -> None:
    """Stop the server at once and remove its folder."""
    data = str(server.folder / "data")
    subprocess.run(
        _as_owner([str(server.bin / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]),
        capture_output=True,
    )
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """This test process's PostgreSQL server."""
    bin_dir = newest_bin()
    if bin_dir is None:
        reason = (
            f"PostgreSQL is not installed (no {DEBIAN}/<version>/bin/initdb):"
            " apt-get install postgresql"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; .ci/run should have installed it", pytrace=False)
        pytest.skip(reason)
    server = start(bin_dir)
    try:
        yield server
    finally:
        stop(server)


@pytest.fixture
def postgres_url(postgres_server: Server) -> Iterator[str]:
    """A new empty database for one test, dropped after it."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    postgres_server.sql(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_server.url(name)
    finally:
        postgres_server.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
