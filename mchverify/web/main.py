"""Assembles the web application: settings, database, registry and object store on the
app's state, the routers, the middleware and the error pages. Nothing else lives here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from mchverify.errors import StorageError
from mchverify.settings import Settings, get_settings
from mchverify.storage.db import Database
from mchverify.storage.objects import object_store_from_settings
from mchverify.storage.registry import registry_from_settings
from mchverify.web.deps import Forbidden, NotSignedIn
from mchverify.web.middleware import BodyLimit, SecurityHeaders
from mchverify.web.rendering import render
from mchverify.web.routes import api, files, pages
from mchverify.web.services import Problem

__all__ = ["create_app"]

_STATIC = Path(__file__).with_name("static")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html", getattr(request.state, "auth", None),
                  status_code=status, message=message, status=status)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for these settings (default: the environment's)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.db.dispose()

    app = FastAPI(title="mchverify 母婴保健专项技术服务 受理审核", version="1",
                  lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json")
    db = Database(settings.db_url)
    db.upgrade()
    app.state.settings, app.state.db = settings, db
    app.state.registry = registry_from_settings(settings, db)
    app.state.store = object_store_from_settings(settings)

    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "请先登录"}, status_code=401,
                                headers={"WWW-Authenticate": "Cookie"})
        return pages.login_redirect(request)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return _error(request, 403, exc.message)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return _error(request, exc.status, exc.message)

    @app.exception_handler(StorageError)
    async def _storage(request: Request, exc: StorageError) -> Response:
        return _error(request, 503, "存储服务暂不可用，请稍后重试")

    app.include_router(pages.router)
    app.include_router(files.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")
    limit = int(settings.max_upload_mb * settings.max_upload_files * 2**20) + 2**20
    app.add_middleware(BodyLimit, limit=limit,  # type: ignore[arg-type]
                       message=f"上传内容超过上限（每件 {settings.max_upload_mb:g} MB，"
                               f"最多 {settings.max_upload_files} 件）")
    app.add_middleware(SecurityHeaders)  # type: ignore[arg-type]
    return app
