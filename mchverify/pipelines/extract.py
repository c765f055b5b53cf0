"""Read files into extraction results: load → prepare → OCR or text layer → classify → fields.

Only orchestration lives here; every step is an extractor. One `DocumentReader` per process
holds the OCR engine, built on the first page that needs OCR (a batch of e-licences never
loads the models).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from mchverify.errors import DocumentLoadError, MchverifyError
from mchverify.extractors.arcs import read_grey_arcs
from mchverify.extractors.classify import classify
from mchverify.extractors.field_specs import SHORT_VALUE_LABELS
from mchverify.extractors.fields import extract_fields
from mchverify.extractors.layout import Row, group_rows
from mchverify.extractors.loaders import load_document
from mchverify.extractors.ocr import OcrEngine, build_engine
from mchverify.extractors.ocr.base import shared
from mchverify.extractors.pages import PageImage, RasterPage, TextLayerPage
from mchverify.extractors.preprocess import prepare_page, upright
from mchverify.extractors.rereads import reread_broken_dates
from mchverify.extractors.seal_lines import read_under_seals
from mchverify.extractors.seals import find_grey_seal_marks, is_grey_copy
from mchverify.extractors.slots import read_empty_slots
from mchverify.schemas.codes import DocType
from mchverify.schemas.extraction import ExtractionResult, FileError, PageInfo
from mchverify.schemas.options import PaddleOcrOptions, RapidOcrOptions, TesseractOptions
from mchverify.storage.files import display_name, read_file

__all__ = ["DocumentReader"]

log = logging.getLogger(__name__)


#: resolution a digital PDF's page is rendered at for the image checks (seal, its arc
#: text, QR code): a rendering is sharp, and 150 dpi still gives a 0.5 mm QR module 3 pixels
CHECK_DPI = 150


class DocumentReader:
    """Reads documents; holds the one OCR engine of the process."""

    def __init__(
        self,
        options: RapidOcrOptions | TesseractOptions | PaddleOcrOptions | None = None,
        *,
        engine: OcrEngine | None = None,
    ) -> None:
        self.options = options or RapidOcrOptions()
        self._engine = engine
        self.ocr_pages = 0
        self.timings: dict[str, float] = {}
        self._lock = threading.RLock()  # the reader is shared by the threads of a process

    @property
    def engine(self) -> OcrEngine:
        """The engine, loaded on first use: once, however many threads ask at that moment."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    t0 = time.perf_counter()
                    self._engine = shared(build_engine(self.options))
                    self.add_timing("model_load", time.perf_counter() - t0)
        return self._engine

    def add_timing(self, stage: str, seconds: float) -> None:
        """Add to a stage's running total (the per-stage split of the benchmarks and the
        morning report)."""
        with self._lock:
            self.timings[stage] = self.timings.get(stage, 0.0) + seconds

    def read_page(self, page: RasterPage | TextLayerPage) -> PageInfo:
        """OCR a raster page, or take a text-layer page's lines as they are (R11)."""
        return self._read_page(page)[0]

    def _read_page(self, page: RasterPage | TextLayerPage, *, keep_image: bool = False,
                   ) -> tuple[PageInfo, PageImage | None, list[str]]:
        """The page read, its image when asked for, and what its copy's seals' arcs read."""
        if isinstance(page, TextLayerPage):
            info = PageInfo(number=page.number, source="text_layer", width=page.width,
                            height=page.height, lines=page.lines)
            if not keep_image or page.image is None:  # drawn by the loader when asked for
                return info, None, []
            return info, PageImage(number=page.number, image=page.image, scanned=False,
                                   scale=page.image_scale), []
        t0 = time.perf_counter()
        prepared = prepare_page(page.image)
        t1 = time.perf_counter()
        ocr = self.engine.read(prepared.image)
        lines, arcs = ocr.lines, []
        if prepared.colour is not None and is_grey_copy(prepared.colour):
            copy = upright(prepared.colour, ocr.rotation, ocr.skew)
            marks = find_grey_seal_marks(copy)
            lines = read_under_seals(prepared.colour, ocr, self.engine, lifted=prepared.image,
                                     marks=marks)
            arcs = [text for text, _ in read_grey_arcs(copy, self.engine, marks)]
        lines = reread_broken_dates(lambda: [upright(im, ocr.rotation, ocr.skew) for im in (
            prepared.image, prepared.colour) if im is not None], lines, self.engine)
        lines = read_empty_slots(lambda: upright(prepared.image, ocr.rotation, ocr.skew),
                                 lines, self.engine, SHORT_VALUE_LABELS)
        t2 = time.perf_counter()
        self.add_timing("preprocess", t1 - t0)
        self.add_timing("ocr", t2 - t1)
        with self._lock:
            self.ocr_pages += 1
        info = PageInfo(number=page.number, source="ocr", width=ocr.width, height=ocr.height,
                        rotation=ocr.rotation, skew=ocr.skew, cropped=prepared.cropped,
                        lines=lines)
        if not keep_image:
            return info, None, arcs
        colour = prepared.colour if prepared.colour is not None else prepared.image
        return info, PageImage(number=page.number, scanned=True,
                               image=upright(colour, ocr.rotation, ocr.skew)), arcs

    def read_bytes(self, data: bytes, name: str) -> ExtractionResult:
        """Read one document's bytes; raises DocumentLoadError for unreadable input."""
        return self.read_with_images(data, name, keep_images=False)[0]

    def read_with_images(self, data: bytes, name: str, *, keep_images: bool = True,
                         ) -> tuple[ExtractionResult, list[PageImage]]:
        """As `read_bytes`, plus each page in colour in its boxes' frame (for image checks);
        a digital PDF's pages are rendered for that."""
        t0 = time.perf_counter()
        doc = load_document(data, name, check_dpi=CHECK_DPI if keep_images else None)
        t1 = time.perf_counter()
        self.add_timing("load", t1 - t0)
        read = [self._read_page(p, keep_image=keep_images) for p in doc.pages]
        pages = [info for info, _, _ in read]
        images = [im for _, im, _ in read if im is not None]
        t2 = time.perf_counter()
        rows: list[Row] = []
        for info in pages:
            rows.extend(group_rows(info.lines, page=info.number))
        kind = classify(rows)
        fields = {}
        if kind.doc_type is not DocType.OTHER:
            fields = extract_fields(kind.doc_type, kind.body(rows),
                                    seal_names=[t for _, _, arcs in read for t in arcs])
        self.add_timing("fields", time.perf_counter() - t2)
        result = ExtractionResult(file=name, doc_type=kind.doc_type, fields=fields, pages=pages,
                                  seconds=time.perf_counter() - t0)
        return result, images

    def read_path(self, path: Path) -> ExtractionResult | FileError:
        """Read a file; every failure becomes a FileError with its reason, never an exception."""
        out = self.read_path_with_images(path, keep_images=False)
        return out if isinstance(out, FileError) else out[0]

    def read_path_with_images(self, path: Path, *, keep_images: bool = True,
                              ) -> tuple[ExtractionResult, list[PageImage]] | FileError:
        """As `read_path`, plus the page images (see `read_with_images`)."""
        name = display_name(path)
        return self._guarded(name, lambda: self.read_with_images(
            read_file(path), name, keep_images=keep_images))

    def read_data_with_images(self, data: bytes, name: str, *, keep_images: bool = True,
                              ) -> tuple[ExtractionResult, list[PageImage]] | FileError:
        """As `read_path_with_images`, for bytes already in hand (an original from the store)."""
        return self._guarded(name, lambda: self.read_with_images(
            data, name, keep_images=keep_images))

    @staticmethod
    def _guarded(name: str, read: Callable[[], tuple[ExtractionResult, list[PageImage]]],
                 ) -> tuple[ExtractionResult, list[PageImage]] | FileError:
        """Every failure becomes a FileError with its reason, never an exception."""
        try:
            return read()
        except DocumentLoadError as exc:
            return FileError(file=name, error=exc.reason, code=exc.code)
        except MchverifyError as exc:
            return FileError(file=name, error=str(exc), code="extraction_error")
        except Exception as exc:
            log.exception("internal error on %s", name)
            return FileError(file=name, error=f"internal error: {type(exc).__name__}",
                             code="internal_error")

    def read_paths(self, paths: Iterable[Path]) -> Iterator[ExtractionResult | FileError]:
        for path in paths:
            yield self.read_path(path)
