"""One pdfium call at a time in the process.

PDFium is not thread-safe, not even across documents: two threads in it at once corrupt or
crash the process (pypdfium2, "Incompatibility with Threading"). The web application reads
uploads and draws page views in several threads, and the loader draws a digital page while
pdfminer reads its text layer; every use of pdfium holds this lock. It is re-entrant, so a
helper that takes it may be called by a caller that holds it.
"""

from __future__ import annotations

import threading

__all__ = ["PDFIUM_LOCK"]

PDFIUM_LOCK = threading.RLock()
