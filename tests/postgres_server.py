"""A throwaway PostgreSQL server for the storage tests.

Uses $SECU4ALL_TEST_POSTGRES_URL when set (a server the caller runs);
otherwise starts a private cluster from Debian's postgresql package in a
temporary folder on a free port, and removes it afterwards. Under CI a
missing PostgreSQL is an error, never a skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _binaries() -> str | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(candidates[-1]) if candidates else None


def _as_server_user(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresServer:
    def __init__(self, admin_url: str, cleanup=None, control=None):
        self.admin_url = admin_url
        self._cleanup = cleanup
        # pg_ctl with "stop" or "start", for a test of the app while the database is down;
        # None for a server the caller runs ($SECU4ALL_TEST_POSTGRES_URL).
        self.control = control

    def new_database(self) -> str:
        name = f"secu4all_test_{uuid.uuid4().hex[:10]}"
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def stop(self) -> None:
        if self._cleanup:
            self._cleanup()


@contextmanager
def postgres_server():
    configured = os.environ.get("SECU4ALL_TEST_POSTGRES_URL")
    if configured:
        yield PostgresServer(configured)
        return
    binaries = _binaries()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (Debian package 'postgresql'); scripts/run_tests.sh installs it")
    folder = tempfile.mkdtemp(prefix="secu4all-pg-")
    data = os.path.join(folder, "data")
    port = free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        _as_server_user([f"{binaries}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale"]),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(
        _as_server_user([f"{binaries}/pg_ctl", "-D", data, "-o", options, "-l", os.path.join(folder, "log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )

    def cleanup():
        subprocess.run(_as_server_user([f"{binaries}/pg_ctl", "-D", data, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)

    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    deadline = time.time() + 30
    while True:
        try:
            engine = create_engine(url)
            with engine.connect():
                pass
            engine.dispose()
            break
        except Exception:
            if time.time() > deadline:
                cleanup()
                raise
            time.sleep(0.2)

    def control(action: str) -> None:
        command = [f"{binaries}/pg_ctl", "-D", data, "-w", action]
        if action == "stop":
            command += ["-m", "fast"]
        else:
            command += ["-o", options, "-l", os.path.join(folder, "log")]
        subprocess.run(_as_server_user(command), check=True, capture_output=True)

    server = PostgresServer(url, cleanup, control)
    try:
        yield server
    finally:
        server.stop()
