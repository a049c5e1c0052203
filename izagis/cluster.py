"""The embedded PostgreSQL + PostGIS cluster izagis runs when no database URL is configured.

One cluster per data folder: ``initdb`` on first use, ``pg_ctl`` to start and stop, TCP on
127.0.0.1 only, a free port chosen at start, generated passwords kept in a 0600 state file.
As root the server runs as the ``postgres`` user, which PostgreSQL requires.

Two login roles: ``izagis`` owns the database (migrations, loads, backups) and ``izagis_app``
serves it, as a member of ``izagis_writer``, which may not change or delete audit rows.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from izagis.errors import ClusterError

log = logging.getLogger(__name__)

DB_NAME = "izagis"
DB_USER = "izagis"
APP_USER = "izagis_app"
WRITER_ROLE = "izagis_writer"  # granted its rights by migration 0011
SERVER_USER = "postgres"
INSTALL_HINT = "apt-get update && apt-get install -y postgresql-15 postgresql-15-postgis-3"


def find_pg_bin(configured: Path | None = None) -> Path:
    """The folder with ``initdb``/``pg_ctl``: configured, on PATH, or Debian's newest."""
    if configured is not None:
        candidates = [configured]
    else:
        on_path = shutil.which("initdb")
        debian = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"),
            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
            reverse=True,
        )
        candidates = ([Path(on_path).parent] if on_path else []) + debian
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    raise ClusterError(f"PostgreSQL server binaries not found; install them with: {INSTALL_HINT}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass(frozen=True)
class ClusterStatus:
    running: bool
    pid: int | None
    port: int | None
    data_dir: Path


class EmbeddedCluster:
    def __init__(self, data_dir: Path, pg_bin: Path | None = None) -> None:
        self.data_dir = data_dir.absolute()
        self.pgdata = self.data_dir / "pgdata"
        self.state_file = self.data_dir / "cluster.json"
        self.log_file = self.pgdata / "server.log"
        self._pg_bin = pg_bin

    # -- running commands -------------------------------------------------------------------
    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    def _bin(self, name: str) -> str:
        return str(find_pg_bin(self._pg_bin) / name)

    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a server-side tool, as ``postgres`` when we are root."""
        tool = Path(args[0]).name
        if self.as_root:
            args = ["runuser", "-u", SERVER_USER, "--", *args]
        proc = subprocess.run(args, capture_output=True, text=True, check=False)
        if check and proc.returncode != 0:
            raise ClusterError(f"{tool} failed: {(proc.stderr or proc.stdout).strip()}")
        return proc

    # -- state ------------------------------------------------------------------------------
    def _read_state(self) -> dict[str, object]:
        if not self.state_file.exists():
            return {}
        data: dict[str, object] = json.loads(self.state_file.read_text())
        return data

    def _write_state(self, state: dict[str, object]) -> None:
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2))
        tmp.chmod(0o600)
        tmp.replace(self.state_file)

    @property
    def initialized(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists() and self.state_file.exists()

    @property
    def password(self) -> str:
        return str(self._read_state()["password"])

    @property
    def port(self) -> int | None:
        port = self._read_state().get("port")
        return int(port) if isinstance(port, int | str) else None

    def url(self) -> str:
        """The owner's URL."""
        if not self.initialized:
            raise ClusterError(f"no cluster in {self.data_dir}; run: izagis db start")
        return f"postgresql+psycopg://{DB_USER}:{self.password}@127.0.0.1:{self.port}/{DB_NAME}"

    def app_url(self) -> str:
        """The server's URL: the app role, which cannot alter the schema or the audit log."""
        app_password = self._read_state().get("app_password")
        if not self.initialized or not app_password:
            raise ClusterError(f"no cluster in {self.data_dir}; run: izagis db start")
        return f"postgresql+psycopg://{APP_USER}:{app_password}@127.0.0.1:{self.port}/{DB_NAME}"

    # -- lifecycle --------------------------------------------------------------------------
    def _check_reachable(self) -> None:
        """As root, the server user must be able to enter every parent folder."""
        if not self.as_root:
            return
        probe = self.data_dir
        while not probe.exists():
            probe = probe.parent
        proc = subprocess.run(
            ["runuser", "-u", SERVER_USER, "--", "test", "-x", str(probe)], check=False
        )
        if proc.returncode != 0:
            raise ClusterError(
                f"the '{SERVER_USER}' user cannot enter {probe}; set IZAGIS_DATA_DIR to a folder "
                "outside /root, for example /var/lib/izagis"
            )

    def init(self) -> None:
        """initdb, once; call with the lock held."""
        if self.initialized:
            return
        self.data_dir.chmod(0o755)
        if self.pgdata.exists():
            shutil.rmtree(self.pgdata)  # a half-made cluster from an interrupted init
        self.pgdata.mkdir(mode=0o700)
        password = secrets.token_urlsafe(24)
        pwfile = self.data_dir / "initdb.pw"
        pwfile.write_text(password)
        try:
            if self.as_root:
                shutil.chown(self.pgdata, SERVER_USER, SERVER_USER)
                shutil.chown(pwfile, SERVER_USER, SERVER_USER)
            pwfile.chmod(0o600)
            log.info("initdb %s", self.pgdata)
            self._run(
                [
                    self._bin("initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    DB_USER,
                    f"--pwfile={pwfile}",
                    "--auth=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            )
        finally:
            pwfile.unlink(missing_ok=True)
        self._write_state({"password": password, "port": free_port(), "database_created": False})

    def status(self) -> ClusterStatus:
        pid = None
        running = False
        if (self.pgdata / "PG_VERSION").exists():
            proc = self._run([self._bin("pg_ctl"), "status", "-D", str(self.pgdata)], check=False)
            running = proc.returncode == 0
            pidfile = self.pgdata / "postmaster.pid"
            if running and pidfile.exists():
                pid = int(pidfile.read_text().split()[0])
        return ClusterStatus(running=running, pid=pid, port=self.port, data_dir=self.data_dir)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """One izagis process at a time sets up or starts this cluster."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def start(self) -> ClusterStatus:
        """Start the cluster, or find it already running; recover a stale pid file."""
        self._check_reachable()
        with self._lock():
            self.init()
            if not self.status().running:
                self._start_server()
            if not self._read_state().get("database_created"):
                self._create_database()
                self._write_state({**self._read_state(), "database_created": True})
            if not self._read_state().get("app_password"):
                password = secrets.token_urlsafe(24)
                self._create_app_role(password)
                self._write_state({**self._read_state(), "app_password": password})
        return self.status()

    def _start_server(self) -> None:
        stale = self.pgdata / "postmaster.pid"
        if stale.exists():
            log.warning("removing stale %s", stale)
            stale.unlink()
        state = self._read_state()
        port = self.port
        if port is None or port_in_use(port):
            port = free_port()
            state["port"] = port
            self._write_state(state)
        options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        proc = self._run(
            [
                self._bin("pg_ctl"),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(self.pgdata),
                "-l",
                str(self.log_file),
                "-o",
                options,
            ],
            check=False,
        )
        if proc.returncode != 0:
            raise ClusterError(
                f"PostgreSQL did not start: {(proc.stderr or proc.stdout).strip()}; "
                f"see {self.log_file}"
            )

    def _create_database(self) -> None:
        import psycopg

        admin = f"postgresql://{DB_USER}:{self.password}@127.0.0.1:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,))
            if exists.fetchone() is None:
                conn.execute(f'CREATE DATABASE "{DB_NAME}"')

    def _create_app_role(self, password: str) -> None:
        import psycopg
        from psycopg import sql

        admin = f"postgresql://{DB_USER}:{self.password}@127.0.0.1:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            for role, login in ((WRITER_ROLE, "NOLOGIN"), (APP_USER, "LOGIN")):
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                    continue
                conn.execute(sql.SQL("CREATE ROLE {} " + login).format(sql.Identifier(role)))
            conn.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(APP_USER), sql.Literal(password)
                )
            )
            conn.execute(
                sql.SQL("GRANT {} TO {}").format(
                    sql.Identifier(WRITER_ROLE), sql.Identifier(APP_USER)
                )
            )

    def stop(self) -> None:
        with self._lock():
            if self.status().running:
                self._run([self._bin("pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self.pgdata)])
