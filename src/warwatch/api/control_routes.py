"""Issue 15's routes: a place's control history beside ``/api/control``, and ``/report``, the
situation report of a period as an HTML page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from warwatch.api import schemas
from warwatch.api.routes import ERRORS, Ctx
from warwatch.errors import InputError

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get(
    "/control/history",
    response_model=schemas.ItemsOut,
    summary="Every change of controller and evidence level at a place",
)
def control_history(
    ctx: Ctx,
    place: Annotated[str, Query(min_length=1, description="Place (gazetteer) or admin-1 name.")],
    country: str | None = None,
    until: Annotated[dt.date | None, Query(description="Last day, YYYY-MM-DD.")] = None,
) -> dict[str, Any]:
    from warwatch.resolve import service

    entries = service.control_history(ctx.store, place, country=country, until=until)
    items = [entry.as_dict() for entry in entries]
    return {"items": items, "total": len(items)}


pages = APIRouter(responses=ERRORS)


@pages.get(
    "/report",
    response_class=HTMLResponse,
    summary="The situation report of a period as an HTML page with its map",
)
def situation_report(
    ctx: Ctx,
    since: Annotated[dt.date | None, Query(description="First day, YYYY-MM-DD.")] = None,
    until: Annotated[dt.date | None, Query(description="Last day, YYYY-MM-DD.")] = None,
    country: str | None = None,
) -> HTMLResponse:
    from warwatch.resolve import sitrep
    from warwatch.web import vendor_dir

    if since and until and since > until:
        raise InputError(f"since {since} is after until {until}", source="/report")
    period = sitrep.Period(since, until)
    return HTMLResponse(sitrep.html(ctx.store, country=country, period=period, vendor=vendor_dir()))
