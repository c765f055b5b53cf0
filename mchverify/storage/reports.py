"""Report files: written whole (temporary file, then rename), so a reader never sees half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mchverify.errors import StorageError

__all__ = ["save_text"]


def save_text(folder: Path | str, name: str, text: str) -> Path:
    """Write `text` as `folder/name` atomically; returns the path."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, folder / name)
    except OSError as exc:
        raise StorageError(f"cannot write {folder / name}: {exc}") from exc
    return folder / name
