"""Start a real S3-protocol server on loopback for the tests: MinIO when its binary is on
the PATH, otherwise moto's standalone server (moto[server], a dev dependency).

A fault test may stop the server and start it again on the same port with the same data, as
a restarted MinIO would have it. MinIO keeps its objects on disk; moto keeps them in memory,
so with `persistent=True` moto records every request it serves (its recorder,
MOTO_ENABLE_RECORDING) and a restarted moto replays the recording before it serves again.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ACCESS_KEY = "mchverify-test"
SECRET_KEY = "mchverify-test-secret"  # a throwaway server's credentials


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on just now (for a server the tests start)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class S3Server:
    cmd: list[str]
    env: dict[str, str]
    workdir: Path
    port: int
    kind: str
    persistent: bool = False
    process: subprocess.Popen[bytes] | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    def start(self) -> None:
        """Start (again) on the same port; with its objects when persistent."""
        log = (self.workdir / "server.log").open("ab")
        self.process = subprocess.Popen(self.cmd, stdout=log, stderr=subprocess.STDOUT,
                                        env=self.env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"S3 server exited: {(self.workdir / 'server.log').read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            self.process.kill()
            raise RuntimeError("S3 server did not start within 30 s")
        recording = self.workdir / "moto-recording.jsonl"
        if self.kind == "moto" and self.persistent and recording.is_file():
            req = urllib.request.Request(
                f"http://127.0.0.1:{self.port}/moto-api/recorder/replay-recording",
                method="POST")
            with urllib.request.urlopen(req, timeout=120) as resp:
                assert resp.status == 200, resp.read()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


def start_s3_server(workdir: Path, *, persistent: bool = False) -> S3Server:
    """A server on a free loopback port; `persistent`: its objects outlive a restart."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = dict(os.environ)
    minio = shutil.which("minio")
    if minio:
        env |= {"MINIO_ROOT_USER": ACCESS_KEY, "MINIO_ROOT_PASSWORD": SECRET_KEY}
        cmd = [minio, "server", str(workdir), "--address", f"127.0.0.1:{port}"]
    else:
        cmd = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
        if persistent:
            env |= {"MOTO_ENABLE_RECORDING": "true",
                    "MOTO_RECORDER_FILEPATH": str(workdir / "moto-recording.jsonl")}
    server = S3Server(cmd, env, workdir, port, "minio" if minio else "moto", persistent)
    server.start()
    server.settings = {"endpoint": f"127.0.0.1:{port}", "access_key": ACCESS_KEY,
                       "secret_key": SECRET_KEY, "secure": False, "kind": server.kind}
    return server
