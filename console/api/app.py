"""The FastAPI application: routes, problem+json everywhere, key-use auditing.

``create_app`` wires the pieces; ``ApiServer`` serves it with uvicorn on the caller's
asyncio loop (beside the embedded hub, or alone for ``dispatch-console api``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from console import __version__
from console.api import problems, tracking, v1, web, webhook_routes
from console.api.callers import Gate
from console.api.context import ApiContext, load_report_builder
from console.api.problems import Internal
from console.api.schema import PROBLEM
from console.api.usage import UsageLog
from console.api.webhooks import RetryPolicy, WebhookDispatcher
from console.db.engine import Database
from console.errors import DispatchError
from console.hub.server import Hub

log = logging.getLogger(__name__)

DESCRIPTION = (
    "The Night Dispatch Console's HTTP API for integrations. Authenticate with "
    "`Authorization: Bearer <API key>`; each key has scopes (intake, read, finance, "
    "webhooks) and a rate limit (429 with Retry-After). Errors are RFC 9457 problem "
    "documents whose `code` is the websocket protocol's error code (docs/protocol.md)."
)

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "enum": sorted(problems.STATUS)},
        "field": {"type": "string"},
        "retry_after": {"type": "number"},
    },
}


class ApiState:
    """Everything the routes share, kept on ``app.state.api``."""

    def __init__(self, ctx: ApiContext, secret: bytes) -> None:
        self.ctx = ctx
        self.gate = Gate(ctx)
        self.usage = UsageLog(ctx)
        self.secret = secret


def _openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title="Night Dispatch Console API", version=__version__,
                              description=DESCRIPTION, routes=app.routes)
            comps = doc.setdefault("components", {})
            comps.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
            comps["securitySchemes"] = {"apiKey": {"type": "http", "scheme": "bearer"}}
            doc["security"] = [{"apiKey": []}]
            for path in doc["paths"].values():  # FastAPI adds its own 422 shape; ours wins
                for op in path.values():
                    op.get("responses", {}).get("422", {}).pop("content", None)
                    if "422" in op.get("responses", {}):
                        op["responses"]["422"].update(PROBLEM)
            app.openapi_schema = doc
        return app.openapi_schema

    return build


async def _on_bug(request: Request, exc: Exception) -> Response:
    """A bug costs one answer (500, problem+json), never the server."""
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return problems.problem(Internal(f"the server failed: {type(exc).__name__}"),
                            request.url.path)


class AuditUses:
    """Pure ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware on every request):
    after each request made with an API key, one audit record of the use and its status."""

    def __init__(self, app: ASGIApp, usage: UsageLog) -> None:
        self.app = app
        self.usage = usage

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            key = scope.get("state", {}).get("api_key")
            if key is not None:
                self.usage.record(key.id, key.name, scope["method"], scope["path"], status)


def create_app(ctx: ApiContext, secret: bytes) -> FastAPI:
    app = FastAPI(title="Night Dispatch Console API", version=__version__,
                  openapi_url="/v1/openapi.json", docs_url=None, redoc_url=None)
    state = ApiState(ctx, secret)
    app.state.api = state
    app.include_router(v1.build(ctx, state.gate, secret))
    app.include_router(webhook_routes.build(ctx, state.gate))
    app.include_router(web.build(ctx, secret))
    app.add_exception_handler(DispatchError, problems.on_dispatch_error)
    app.add_exception_handler(RequestValidationError, problems.on_validation_error)
    app.add_exception_handler(HTTPException, problems.on_http_error)

    app.add_exception_handler(Exception, _on_bug)
    app.add_middleware(AuditUses, usage=state.usage)
    app.openapi = _openapi(app)  # type: ignore[method-assign]
    return app


def openapi_text() -> str:
    """The OpenAPI document as checked into docs/openapi.json (stable key order)."""
    db = Database("sqlite://")  # never queried: the document depends on the routes only
    hub = Hub(db)
    try:
        app = create_app(ApiContext(hub), b"")
        return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    finally:
        hub.writer.shutdown()
        hub.reader.shutdown()
        db.dispose()



async def serve_beside(hub: Hub, *, host: str = "127.0.0.1", port: int = 0) -> ApiServer:
    """Start the API as a second door of a running hub (the embedded one, or a hub
    process), with the weekly PDF when the reports package is installed."""
    server = ApiServer(ApiContext(hub, report=load_report_builder()), host=host, port=port)
    await server.start()
    return server


class _Server(uvicorn.Server):
    """uvicorn on a loop someone else owns: it must not take over the process's signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class ApiServer:
    """Serves the API on ``host:port`` (0 picks a free port) on the running loop."""

    def __init__(self, ctx: ApiContext, *, host: str = "127.0.0.1", port: int = 0,
                 webhook_policy: RetryPolicy | None = None, tls_cert: str | None = None,
                 tls_key: str | None = None) -> None:
        self.ctx = ctx
        self.host = host
        self.port = port
        self.tls_cert = tls_cert  # with tls_key: serve https (uvicorn's ssl_certfile/keyfile)
        self.tls_key = tls_key
        self.webhooks = WebhookDispatcher(ctx, webhook_policy)
        self.app: FastAPI | None = None
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.tls_cert else "http"
        return f"{scheme}://{self.host}:{self.port}"

    async def start(self) -> None:
        secret = await self.ctx.read(tracking.load_secret, self.ctx.db)
        self.app = create_app(self.ctx, secret)
        config = uvicorn.Config(self.app, host=self.host, port=self.port, log_level="warning",
                                access_log=False, lifespan="off", timeout_graceful_shutdown=2,
                                ssl_certfile=self.tls_cert, ssl_keyfile=self.tls_key)
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()  # raises the bind error
                raise OSError(f"the API server stopped while starting on {self.url}")
            await asyncio.sleep(0.01)
        sock = self._server.servers[0].sockets[0]
        self.port = int(sock.getsockname()[1])
        self.app.state.api.usage.start()
        await self.webhooks.start()

    async def stop(self) -> None:
        await self.webhooks.stop()
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
        if self.app is not None:
            await self.app.state.api.usage.stop()
