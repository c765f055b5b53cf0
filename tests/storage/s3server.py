"""Start a real S3-protocol server on loopback for the tests: MinIO when its binary is on
the PATH, otherwise moto's standalone server (moto[server], a dev dependency)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ACCESS_KEY = "mchverify-test"
SECRET_KEY = "mchverify-test-secret"  # a throwaway server's credentials


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class S3Server:
    process: subprocess.Popen[bytes]
    settings: dict[str, Any] = field(default_factory=dict)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_s3_server(workdir: Path) -> S3Server:
    port = _free_port()
    env = dict(os.environ)
    minio = shutil.which("minio")
    if minio:
        env |= {"MINIO_ROOT_USER": ACCESS_KEY, "MINIO_ROOT_PASSWORD": SECRET_KEY}
        cmd = [minio, "server", str(workdir), "--address", f"127.0.0.1:{port}"]
    else:
        cmd = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    log = (workdir / "server.log").open("wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"S3 server exited: {(workdir / 'server.log').read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("S3 server did not start within 30 s")
    return S3Server(proc, {"endpoint": f"127.0.0.1:{port}", "access_key": ACCESS_KEY,
                           "secret_key": SECRET_KEY, "secure": False,
                           "kind": "minio" if minio else "moto"})
