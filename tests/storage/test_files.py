"""read_file: the bytes of a regular file, or a DocumentLoadError with a code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mchverify.errors import DocumentLoadError
from mchverify.storage.files import read_file


def _code(path: Path, **kwargs: int) -> str:
    with pytest.raises(DocumentLoadError) as info:
        read_file(path, **kwargs)
    assert info.value.reason and str(info.value) == info.value.reason
    return info.value.code


def test_reads_all_bytes(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7 hello")
    assert read_file(path) == b"%PDF-1.7 hello"
    assert read_file(str(path)) == b"%PDF-1.7 hello"


def test_missing_file(tmp_path: Path) -> None:
    assert _code(tmp_path / "nope.jpg") == "not_found"


def test_missing_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    assert _code(tmp_path / "a.txt" / "b.jpg") == "not_found"


def test_directory(tmp_path: Path) -> None:
    assert _code(tmp_path) == "is_directory"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.touch()
    assert _code(path) == "empty"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.tif"
    path.write_bytes(b"x" * 1025)
    assert _code(path, max_bytes=1024) == "too_large"
    assert read_file(path, max_bytes=1025) == b"x" * 1025


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.jpg"
    path.write_bytes(b"data")
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads anything: simulate the refusal at open()

        def refuse(self: Path, *args: object, **kwargs: object) -> object:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "open", refuse)
    assert _code(path) == "permission_denied"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    assert _code(path) == "not_a_file"


def test_file_that_grew_after_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "growing.jpg"
    path.write_bytes(b"1234")
    real_open = Path.open

    def grow_then_open(self: Path, mode: str = "r") -> object:
        with open(self, "wb") as fh:  # builtin open: Path.open is patched
            fh.write(b"x" * 100)
        return real_open(self, mode)

    monkeypatch.setattr(Path, "open", grow_then_open)
    assert _code(path, max_bytes=10) == "too_large"
