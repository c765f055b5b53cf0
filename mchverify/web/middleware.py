"""ASGI middleware: a cap on request bodies (before any parsing) and security headers on
every response."""

from __future__ import annotations

import json
from html import escape
from typing import Any, ClassVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit", "SecurityHeaders"]

#: what pages may load: only this server's own scripts, styles and images
CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


_PAGE = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
         '<title>无法受理</title></head><body><h1>无法受理</h1><p>{message}</p>'
         '<p><a href="{back}">返回重新选择文件</a></p></body></html>')


async def _refuse(send: Send, status: int, message: str, scope: Scope | None = None) -> None:
    """JSON for the API; a page in words for a form posted by a browser."""
    headers = dict((scope or {}).get("headers") or [])
    page = (scope is not None and not str(scope.get("path", "")).startswith("/api/")
            and b"text/html" in headers.get(b"accept", b""))
    if page:
        body = _PAGE.format(message=escape(message), back="/intake").encode()
        kind = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": message}, ensure_ascii=False).encode()
        kind = b"application/json; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse a request body larger than `limit` bytes with 413, whether it says its length
    or is chunked, before the form parser sees a byte of it."""

    def __init__(self, app: ASGIApp, *, limit: int, message: str) -> None:
        self.app, self.limit, self.message = app, limit, message

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.limit
            except ValueError:
                too_big = True
            if too_big:
                await _refuse(send, 413, self.message, scope)
                return
            await self.app(scope, receive, send)
            return
        if headers.get(b"transfer-encoding", b"").lower() != b"chunked":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.limit:
                await _refuse(send, 413, self.message, scope)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        replay: list[Message] = [{"type": "http.request", "body": b"".join(chunks),
                                  "more_body": False}]

        async def again() -> Message:
            return replay.pop() if replay else await receive()

        await self.app(scope, again, send)


class SecurityHeaders:
    """CSP, no sniffing, no framing, no referrer leaks: on every response."""

    HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra: list[Any] = [(k, v) for k, v in self.HEADERS if k not in have]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
