"""A private PostgreSQL cluster on loopback for tests that stop and start the database.

The shared server on 127.0.0.1:5432 serves the other tests running in parallel and is never
stopped; a fault test gets a throwaway cluster of its own (initdb on a free port, trust
authentication on loopback only) that it may stop and start again on the same port and data.
initdb refuses to run as root: as root the cluster belongs to the `postgres` user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.storage.s3server import free_port

__all__ = ["PgCluster", "pg_bin", "start_pg_cluster"]


def pg_bin() -> Path | None:
    """The folder of initdb/pg_ctl: on the PATH, else Debian's newest versioned folder."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                      key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None



@dataclass
class PgCluster:
    """One cluster: its data folder, port and the `pg_ctl` commands to stop and start it."""

    bindir: Path
    datadir: Path
    port: int
    owner: str | None  # the user the server runs as, when the tests run as root

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> None:
        cmd = [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), *args]
        if self.owner:
            cmd = ["runuser", "-u", self.owner, "--", *cmd]
        subprocess.run(cmd, check=True, timeout=timeout, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def start(self) -> None:
        """Start (again) on the same port and data; return once it accepts connections."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.datadir}"
        self._run("start", "-w", "-t", "60", "-l", str(self.datadir / "server.log"),
                  "-o", options)

    def stop(self, mode: str = "immediate") -> None:
        """Stop now: `immediate` drops every connection at once, as a crash or a cut cable
        would (the server recovers from its WAL when started again)."""
        self._run("stop", "-w", "-m", mode)

    def running(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def destroy(self) -> None:
        if (self.datadir / "postmaster.pid").exists():
            try:
                self.stop()
            except subprocess.SubprocessError:
                pass
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_pg_cluster() -> PgCluster:
    """initdb a cluster in a fresh temporary folder and start it on a free loopback port."""
    bindir = pg_bin()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
    root = Path(tempfile.mkdtemp(prefix="mchverify-pg-"))
    datadir = root / "data"
    owner = None
    if os.geteuid() == 0:
        owner = "postgres"
        uid, gid = pwd.getpwnam(owner).pw_uid, pwd.getpwnam(owner).pw_gid
        os.chmod(root, 0o755)
        datadir.mkdir(mode=0o700)
        os.chown(datadir, uid, gid)
    cmd = [str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "--auth=trust",
           "--no-sync", "-E", "UTF8", "--locale=C"]
    if owner:
        cmd = ["runuser", "-u", owner, "--", *cmd]
    subprocess.run(cmd, check=True, timeout=120, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
    with (datadir / "postgresql.conf").open("a") as conf:  # a test server: speed over safety
        conf.write("fsync = off\nfull_page_writes = off\n"
                   "shared_buffers = 16MB\nmax_connections = 40\n")
    cluster = PgCluster(bindir, datadir, free_port(), owner)
    cluster.start()
    return cluster
