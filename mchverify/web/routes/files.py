"""Images for the review page and the originals. Page views and crops are re-rendered by
the server as JPEG/PNG (never the uploaded bytes shown inline); an original is only ever
sent as a download, so an uploaded HTML or SVG can never run in the browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from mchverify.extractors.views import crop_box, encode_jpeg, encode_png, page_view
from mchverify.storage.models import Document
from mchverify.web.deps import QueueAuth, RowId, SessionDep
from mchverify.web.services import Problem

router = APIRouter(include_in_schema=False)

_PRIVATE = {"Cache-Control": "private, max-age=3600"}


def _document(session: SessionDep, document_id: RowId) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise Problem(404, "没有这份文书")
    return doc


def _page_info(doc: Document, number: int) -> dict:
    for info in (doc.extraction or {}).get("pages") or []:
        if int(info["number"]) == number:
            return dict(info)
    raise Problem(404, "没有这一页")


def _view_jpeg(request: Request, doc: Document, number: int) -> bytes:
    """The page view, rendered once and kept beside the original as a derived artefact."""
    store = request.app.state.store
    name = f"view-{number}.jpg"
    if store.has_derived(doc.sha256, name):
        data: bytes = store.get_derived(doc.sha256, name)
        return data
    info = _page_info(doc, number)
    jpeg = encode_jpeg(page_view(store.get_original(doc.sha256), doc.filename, info))
    store.put_derived(doc.sha256, name, jpeg, content_type="image/jpeg")
    return jpeg


@router.get("/documents/{document_id}/pages/{number}.jpg")
async def page_image(request: Request, document_id: RowId, number: RowId, session: SessionDep,
                     auth: QueueAuth) -> Response:
    doc = _document(session, document_id)
    _page_info(doc, number)
    data = await run_in_threadpool(_view_jpeg, request, doc, number)
    return Response(data, media_type="image/jpeg", headers=_PRIVATE)


@router.get("/documents/{document_id}/crop.png")
async def crop(request: Request, document_id: RowId, session: SessionDep, auth: QueueAuth,
               page: Annotated[int, Query(ge=1)],
               box: Annotated[str, Query(pattern=r"^[0-9.]+(,[0-9.]+){3}$")]) -> Response:
    """The part of a page a flag's evidence points at, with a little context around it."""
    doc = _document(session, document_id)
    info = _page_info(doc, page)
    coords = [float(c) for c in box.split(",")]

    def run() -> bytes:
        import cv2
        import numpy as np

        view = cv2.imdecode(np.frombuffer(_view_jpeg(request, doc, page), np.uint8),
                            cv2.IMREAD_COLOR)
        if view is None:
            raise ValueError("the page view could not be decoded")
        return encode_png(crop_box(view, coords, int(info["width"])))

    try:
        data = await run_in_threadpool(run)
    except ValueError as exc:
        raise Problem(422, "证据位置不在页面内") from exc
    return Response(data, media_type="image/png", headers=_PRIVATE)


@router.get("/documents/{document_id}/original")
def original(request: Request, document_id: RowId, session: SessionDep, auth: QueueAuth) -> Response:
    """The original as uploaded, as a download only (attachment, octet-stream, sandboxed)."""
    doc = _document(session, document_id)
    data = request.app.state.store.get_original(doc.sha256)
    ascii_name = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_"
                         for c in doc.filename)[:100] or "original"
    from urllib.parse import quote

    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(doc.filename)}",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "X-Content-Type-Options": "nosniff", **_PRIVATE})
