"""One pdfium call at a time in the process.

PDFium is not thread-safe, not even across documents: two threads in it at once corrupt or
crash the process (pypdfium2, "Incompatibility with Threading"). The web application reads
uploads and draws page views in several threads; every use of pdfium holds this lock. It is
re-entrant, so a helper that takes it may be called by a caller that holds it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["PDFIUM_LOCK", "pdfium_call"]

PDFIUM_LOCK = threading.RLock()

P = ParamSpec("P")
R = TypeVar("R")


def pdfium_call(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn`, run holding :data:`PDFIUM_LOCK`."""

    @functools.wraps(fn)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with PDFIUM_LOCK:
            return fn(*args, **kwargs)

    return locked
