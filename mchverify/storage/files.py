"""Reading input files from local disk: the one place that opens a document the user gave us."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from mchverify.errors import DocumentLoadError

__all__ = ["DEFAULT_MAX_BYTES", "read_file"]

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
            raise DocumentLoadError(f"{path} is a folder, not a file.", code="is_directory")
        if not stat.S_ISREG(info.st_mode):
            # Reading a FIFO or a device could block forever or never end.
            raise DocumentLoadError(f"{path} is not a regular file.", code="not_a_file")
        _check_length(path, info.st_size, max_bytes)
        with path.open("rb") as fh:
            # One byte more than allowed tells a file that grew since stat() from one that fits.
            data = fh.read(max_bytes + 1)
    except DocumentLoadError:
        raise
    except FileNotFoundError as exc:
        raise DocumentLoadError(f"{path} does not exist.", code="not_found") from exc
    except NotADirectoryError as exc:
        raise DocumentLoadError(f"{path} does not exist.", code="not_found") from exc
    except IsADirectoryError as exc:
        raise DocumentLoadError(f"{path} is a folder, not a file.", code="is_directory") from exc
    except PermissionError as exc:
        raise DocumentLoadError(
            f"{path} cannot be read: permission denied.", code="permission_denied"
        ) from exc
    except OSError as exc:
        detail = os.strerror(exc.errno) if exc.errno else str(exc)
        if exc.errno == errno.ENAMETOOLONG:
            detail = "the name is too long"
        raise DocumentLoadError(f"{path} cannot be read: {detail}.", code="unreadable") from exc
    _check_length(path, len(data), max_bytes)
    return data


def _check_length(path: Path, size: int, max_bytes: int) -> None:
    if size == 0:
        raise DocumentLoadError(f"{path} is empty.", code="empty")
    if size > max_bytes:
        raise DocumentLoadError(
            f"{path} is larger than {_mib(max_bytes)}; split or compress it.", code="too_large"
        )


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):g} MiB" if n >= 1024 * 1024 else f"{n} bytes"
