"""Reading input files from local disk: the one place that opens a document the user gave us."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from mchverify.errors import DocumentLoadError

__all__ = ["DEFAULT_MAX_BYTES", "display_name", "read_file"]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def read_file(path: Path | str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """All bytes of a regular file, or DocumentLoadError with a reason and a code.

    Codes: ``not_found``, ``is_directory``, ``not_a_file`` (FIFO, device, socket),
    ``permission_denied``, ``empty``, ``too_large``, ``unreadable`` (any other OS error).
    """
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DocumentLoadError(f"{path} 是文件夹，不是文件。", code="is_directory")
        if not stat.S_ISREG(info.st_mode):
            # Reading a FIFO or a device could block forever or never end.
            raise DocumentLoadError(f"{path} 不是普通文件。", code="not_a_file")
        _check_length(path, info.st_size, max_bytes)
        with path.open("rb") as fh:
            # One byte more than allowed tells a file that grew since stat() from one that fits.
            data = fh.read(max_bytes + 1)
    except DocumentLoadError:
        raise
    except FileNotFoundError as exc:
        raise DocumentLoadError(f"{path} 不存在。", code="not_found") from exc
    except NotADirectoryError as exc:
        raise DocumentLoadError(f"{path} 不存在。", code="not_found") from exc
    except IsADirectoryError as exc:
        raise DocumentLoadError(f"{path} 是文件夹，不是文件。", code="is_directory") from exc
    except PermissionError as exc:
        raise DocumentLoadError(
            f"{path} 无法读取：没有权限。", code="permission_denied"
        ) from exc
    except OSError as exc:
        detail = os.strerror(exc.errno) if exc.errno else str(exc)
        if exc.errno == errno.ENAMETOOLONG:
            detail = "文件名过长"
        raise DocumentLoadError(f"{path} 无法读取：{detail}。", code="unreadable") from exc
    _check_length(path, len(data), max_bytes)
    return data


def display_name(name: str | os.PathLike[str]) -> str:
    """A file name as a person reads it, always valid Unicode. Names from a Chinese Windows
    archive or zip are often GBK bytes, not UTF-8: those are shown decoded as GB 18030;
    bytes that are neither are shown as \\xNN. (Python keeps undecodable bytes of a name
    as lone surrogates, which no JSON consumer, database or terminal accepts.)"""
    text = os.fspath(name)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
    head, _, base = raw.rpartition(b"/")
    folder = head.decode("utf-8", "backslashreplace") + "/" if head or raw.startswith(b"/") else ""
    try:
        return folder + base.decode("gb18030")
    except UnicodeDecodeError:
        return folder + base.decode("utf-8", "backslashreplace")


def _check_length(path: Path, size: int, max_bytes: int) -> None:
    if size == 0:
        raise DocumentLoadError(f"{path} 是空文件（0 字节）。", code="empty")
    if size > max_bytes:
        raise DocumentLoadError(
            f"{path} 超过 {_mib(max_bytes)}，请拆分或压缩后提交。", code="too_large"
        )


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):g} MiB" if n >= 1024 * 1024 else f"{n} bytes"
