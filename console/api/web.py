"""The customer's side: the web intake form and the live tracking page, with their JSON.

Public (no API key): the form is the ``web`` intake channel, rate-limited per client
address, and idempotent through a key the page makes once per filled form; a tracking token
opens exactly one call. Pages, scripts, Leaflet and the offline map outlines are all served
from here, so a phone needs nothing but this server.
"""

from __future__ import annotations

import importlib.util
import json
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from console.api import body, customer, tracking
from console.api.context import ApiContext
from console.errors import IllegalTransition, InvalidInput, NotFound
from console.fields import field
from console.hub import protocol
from console.hub.auth import Principal
from console.hub.limits import TokenBucket
from console.operations import schemas_for
from console.services import rate_call
from console.services.actors import Actor
from console.services.api_keys import ensure_web_channel

STATIC = files("console.api") / "web_static"
MAPS = ("shanghai_districts", "shanghai_roads", "shanghai_water")
#: The form's fields: the intake message's, with ``lat``/``lon`` optional when a district is
#: chosen instead of a pin.
_FORM_ONLY = [field("district_pin", "str", False, max_len=64)]
#: What a customer may say; priority, skills and prices are the dispatcher's to decide.
_FORM_FIELDS = ("customer_name", "phone", "address", "lat", "lon", "category", "notes")
_MEDIA = {".js": "text/javascript", ".css": "text/css", ".html": "text/html",
          ".png": "image/png", ".geojson": "application/geo+json"}


def _leaflet_dir() -> Path:
    spec = importlib.util.find_spec("js_lib_leaflet")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "js_lib_leaflet"


def _file(path: Path) -> FileResponse:
    return FileResponse(path, media_type=_MEDIA.get(path.suffix, "application/octet-stream"),
                        headers={"Cache-Control": "public, max-age=3600"})


class Web:
    def __init__(self, ctx: ApiContext, secret: bytes) -> None:
        self.ctx = ctx
        self.secret = secret
        self.buckets: dict[str, TokenBucket] = {}
        self.channel_id: int | None = None

    def _limit(self, request: Request) -> None:
        host = request.client.host if request.client else "?"
        if len(self.buckets) > 10_000:
            self.buckets.clear()
        bucket = self.buckets.setdefault(
            host, TokenBucket(self.ctx.limits.web_rate, self.ctx.limits.web_burst))
        if not bucket.take():
            raise protocol.RateLimited("too many requests from your address; try again soon",
                                       retry_after=round(1 / bucket.rate, 3))

    async def principal(self) -> Principal:
        if self.channel_id is None:
            self.channel_id = await self.ctx.write(ensure_web_channel, self.ctx.db)
        actor = Actor("channel", self.channel_id, "web-form", "web")
        return Principal("intake", actor, channel_id=self.channel_id, channel_kind="web")

    def call_of(self, token: str) -> int:
        call_id = tracking.call_id_of(self.secret, token)
        if call_id is None:
            raise NotFound("this tracking link does not open any call")
        return call_id


def _form_fields(raw: dict[str, Any], now: Any) -> dict[str, Any]:
    """The form's body checked by the hub's intake field table; a district stands in for a
    pin (its label point) when the customer typed the address without pinning."""
    spec = [f for f in schemas_for("intake")["new_call"] if f.name in _FORM_FIELDS]
    relaxed = [f if f.name not in ("lat", "lon") else
               field(f.name, f.kind, False, lo=f.lo, hi=f.hi) for f in spec]
    checked = protocol.fields({**raw, "type": "new_call"}, [*relaxed, *_FORM_ONLY], now)
    pin = checked.pop("district_pin", None)
    if "lat" not in checked or "lon" not in checked:
        if pin is None:
            raise InvalidInput("pin your location on the map or choose your district",
                               field="lat")
        checked["lat"], checked["lon"] = _district_point(pin)
        checked["district"] = pin
        checked["notes"] = ("[location from the district, not pinned] "
                            + checked.get("notes", "")).strip()
    return checked


def _district_point(name: str) -> tuple[float, float]:
    data = json.loads((files("resources.maps") / "shanghai_districts.geojson").read_text("utf-8"))
    for feat in data["features"]:
        props = feat["properties"]
        if name in (props.get("name_en"), props.get("name_zh")):
            lat, lon = props["label"]
            return float(lat), float(lon)
    raise InvalidInput(f"{name!r} is not a district of this city", field="district_pin")


def build(ctx: ApiContext, secret: bytes) -> APIRouter:
    web = Web(ctx, secret)
    r = APIRouter(include_in_schema=False)

    @r.get("/web/")
    async def intake_page() -> HTMLResponse:
        return HTMLResponse((STATIC / "intake.html").read_text("utf-8"))

    @r.get("/t/{token}")
    async def tracking_page(token: str) -> HTMLResponse:
        """The page itself says when a link is unknown or expired, in the customer's words."""
        return HTMLResponse((STATIC / "track.html").read_text("utf-8"))

    @r.get("/web/static/{name}")
    async def static(name: str) -> FileResponse:
        path = Path(str(STATIC / name))
        if "/" in name or name.startswith(".") or not path.is_file():
            raise NotFound(f"no file {name}")
        return _file(path)

    @r.get("/web/leaflet/{name:path}")
    async def leaflet(name: str) -> FileResponse:
        root = _leaflet_dir().resolve()
        path = (root / name).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise NotFound(f"no file {name}")
        return _file(path)

    @r.get("/web/maps/{name}.geojson")
    async def outline(name: str) -> FileResponse:
        if name not in MAPS:
            raise NotFound(f"no map layer {name}")
        return _file(Path(str(files("resources.maps") / f"{name}.geojson")))

    @r.post("/web/api/calls")
    async def submit(
        request: Request,
        idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=8,
                                               max_length=100)],
    ) -> JSONResponse:
        web._limit(request)
        raw = await body.json_object(request, ctx)
        if "idempotency_key" in raw:
            raise InvalidInput("unknown field(s): idempotency_key", field="idempotency_key")
        fields = _form_fields(raw, ctx.db.now())
        fields.update(idempotency_key=idempotency_key, priority="normal")
        result = await ctx.execute(await web.principal(), "new_call", fields)
        call_id = int(result["call"]["id"])
        return JSONResponse({"call_id": call_id, "duplicate": result["duplicate"],
                             "tracking_url": f"/t/{tracking.token_for(secret, call_id)}"},
                            status_code=200 if result["duplicate"] else 201)

    @r.get("/web/api/track/{token}")
    async def track(token: str, request: Request) -> JSONResponse:
        doc = await ctx.read(customer.track, ctx.db, web.call_of(token))
        return JSONResponse(doc, headers={"Cache-Control": "no-store"})

    @r.post("/web/api/track/{token}/rating")
    async def rate(token: str, request: Request) -> dict[str, Any]:
        web._limit(request)
        call_id = web.call_of(token)
        doc = await ctx.read(customer.track, ctx.db, call_id)  # refuses an expired token
        if doc["rating"] is not None:
            raise IllegalTransition("this job has been rated already, thank you",
                                    status=doc["status"], refused="rate")
        spec = [f for f in schemas_for("console")["rate"] if f.name != "call_id"]
        raw = await body.json_object(request, ctx)
        fields = protocol.fields({**raw, "type": "rate"}, spec, ctx.db.now())
        actor = Actor("customer", None, "customer (tracking page)", "customer")
        await ctx.write(lambda: rate_call(ctx.db, actor=actor, call_id=call_id, **fields))
        return {"ok": True, "status": doc["status"]}

    return r
