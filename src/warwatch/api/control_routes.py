"""The control routes beside ``/api/control``: a place's control history (issue 15)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from warwatch.api import schemas
from warwatch.api.routes import ERRORS, Ctx

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
