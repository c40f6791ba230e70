"""The ``/v1`` resources integrations use: intake, calls, completed jobs, technicians and
the weekly report. Each handler authorises a key, checks the body with the hub's protocol
checks, and runs the hub's operation or a read-only query on the worker threads.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from console import permissions
from console.api import body, queries, tracking
from console.api.callers import Caller, Gate
from console.api.context import ApiContext
from console.api.schema import PROBLEM, json_body
from console.db.engine import Database
from console.errors import InvalidInput, NotFound
from console.services import privacy

_ERRORS: dict[int | str, dict[str, Any]] = {
    s: PROBLEM for s in (400, 401, 403, 404, 409, 413, 422, 429)
}
_CURSOR = Query(None, max_length=200, description="next_cursor of the previous page")
_LIMIT = Query(100, ge=1, le=500)


def _owner(caller: Caller) -> int | None:
    """Finance sees every call; other keys only the calls their channel created."""
    return None if caller.has("finance") else caller.key.channel_id


def _shown(caller: Caller, call: dict[str, Any]) -> dict[str, Any]:
    """Data visibility (console.permissions): finance sees money and districts, not people."""
    return permissions.finance_view(call) if caller.has("finance") else call


def _printed(db: Database, caller: Caller, week: str) -> None:
    privacy.record_print(db, actor=caller.principal.actor, kind="weekly_report", period=week,
                         masked=False)


def build(ctx: ApiContext, gate: Gate, secret: bytes) -> APIRouter:
    r = APIRouter(prefix="/v1", responses=_ERRORS)
    intake = Depends(gate.scope("intake"))
    reader = Depends(gate.scope("read", "finance"))
    finance = Depends(gate.scope("finance"))

    @r.post("/calls", status_code=201, tags=["calls"], summary="Take a new call (intake)",
            openapi_extra=json_body("intake", "new_call", without=("idempotency_key",)))
    async def create_call(
        request: Request,
        idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1,
                                               max_length=100)],
        caller: Caller = intake,
    ) -> JSONResponse:
        """Same guarantees as the websocket `new_call`: a repeated `Idempotency-Key` from
        this key returns the first call (status 200, `duplicate: true`) and creates nothing."""
        raw = body.fields(await body.json_object(request, ctx), idempotency_key=idempotency_key)
        result = await ctx.execute(caller.principal, "new_call", raw)
        call_id = int(result["call"]["id"])
        if result["duplicate"]:  # it may have moved on since: read it as it is now
            doc = await ctx.read(queries.read_call, ctx.db, call_id, None)
        else:
            doc = queries.fresh_call(result["call"])
        return JSONResponse(
            {"call": doc, "duplicate": result["duplicate"],
             "tracking_url": f"/t/{tracking.token_for(secret, call_id)}"},
            status_code=200 if result["duplicate"] else 201,
            headers={"Location": f"/v1/calls/{call_id}"},
        )

    @r.get("/calls/{call_id}", tags=["calls"], summary="A call's status, ETA and technician")
    async def get_call(call_id: int, caller: Caller = reader) -> dict[str, Any]:
        doc = await ctx.read(queries.read_call, ctx.db, call_id, _owner(caller))
        return {"call": _shown(caller, doc)}

    @r.post("/calls/{call_id}/cancel", tags=["calls"], summary="Cancel a call this key created",
            openapi_extra=json_body("intake", "cancel", without=("call_id", "idempotency_key")))
    async def cancel_call(call_id: int, request: Request,
                          caller: Caller = intake) -> dict[str, Any]:
        raw = body.fields(await body.json_object(request, ctx, allow_empty=True),
                          call_id=call_id)
        await ctx.execute(caller.principal, "cancel", raw)
        return {"call": await ctx.read(queries.read_call, ctx.db, call_id, None)}

    @r.get("/calls", tags=["calls"], summary="Calls created in a time range (paged)")
    async def list_calls(
        start: Annotated[datetime, Query(alias="from")],
        end: Annotated[datetime, Query(alias="to")],
        cursor: str | None = _CURSOR,
        limit: int = _LIMIT,
        caller: Caller = reader,
    ) -> dict[str, Any]:
        page = await ctx.read(queries.list_calls, ctx.db, start, end, cursor, limit,
                              _owner(caller))
        return {**page, "calls": [_shown(caller, c) for c in page["calls"]]}

    @r.get("/jobs", tags=["finance"], summary="Completed jobs with costs (paged)")
    async def list_jobs(
        start: Annotated[datetime, Query(alias="from")],
        end: Annotated[datetime, Query(alias="to")],
        cursor: str | None = _CURSOR,
        limit: int = _LIMIT,
        caller: Caller = finance,
    ) -> dict[str, Any]:
        return await ctx.read(queries.list_jobs, ctx.db, start, end, cursor, limit)

    @r.get("/technicians", tags=["technicians"], summary="Active technicians")
    async def list_technicians(caller: Caller = reader) -> dict[str, Any]:
        return await ctx.read(queries.list_technicians, ctx.db)

    @r.get("/reports/weekly", tags=["finance"], summary="The weekly report PDF",
           responses={200: {"content": {"application/pdf": {}}}})
    async def weekly_report(
        week: Annotated[str, Query(pattern=r"^\d{4}-W\d{2}$", examples=["2026-W47"])],
        lang: Annotated[str, Query(pattern="^(en|zh)$")] = "en",
        caller: Caller = finance,
    ) -> Response:
        try:
            date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        except ValueError:
            raise InvalidInput(f"{week} is not an ISO week", field="week") from None
        if ctx.report is None:
            raise NotFound("this server was started without the reports package")
        pdf = await ctx.read(ctx.report, ctx.db, week, lang)
        await ctx.write(_printed, ctx.db, caller, week)
        return Response(pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="weekly-{week}-{lang}.pdf"'})

    return r
