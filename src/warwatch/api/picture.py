"""The ``/api`` routes over the living picture (``warwatch.resolve``): incidents, tallies,
territorial control, claims and the situation report; short adapters to ``resolve.service``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.encoders import jsonable_encoder

from warwatch.api import schemas
from warwatch.api.routes import ERRORS, Ctx, Paging

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get(
    "/incidents",
    response_model=schemas.IncidentPage,
    summary="Incidents: reports merged into real-world events, with fatality ranges",
)
def incidents(
    ctx: Ctx,
    paging: Paging,
    country: str | None = None,
    place: Annotated[str | None, Query(description="Location or admin-1 name.")] = None,
    event_type: Annotated[
        str | None, Query(alias="type", description="ACLED event type or sub-event type.")
    ] = None,
    family: Annotated[
        str | None, Query(description="Merge family, e.g. territory or Battles.")
    ] = None,
    since: Annotated[dt.date | None, Query(description="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[dt.date | None, Query(description="Latest event date, YYYY-MM-DD.")] = None,
) -> dict[str, Any]:
    if since and until and since > until:
        raise HTTPException(400, f"query parameter 'since' ({since}) is after 'until' ({until})")
    limit, offset = paging
    page = ctx.store.incidents(
        country=country, place=place, event_type=event_type, family=family, since=since,
        until=until, limit=limit, offset=offset,
    )  # fmt: skip
    items = [schemas.incident_out(i) for i in page.items]
    return {"items": items, "total": page.total, "limit": limit, "offset": offset}


@router.get(
    "/incidents/{incident_id}",
    response_model=schemas.IncidentDetail,
    summary="One incident with the links to its records",
)
def incident(ctx: Ctx, incident_id: int) -> schemas.IncidentOut:
    found = ctx.store.incident(incident_id)
    if found is None:
        raise HTTPException(404, f"no incident with id {incident_id}")
    return schemas.incident_out(found, with_links=True)


@router.get(
    "/tallies",
    response_model=schemas.TalliesOut,
    summary="Incident fatalities summed per region and period, beside claimed totals",
)
def tallies(
    ctx: Ctx,
    country: str | None = None,
    by: Literal["admin1", "country"] = "admin1",
    period: Literal["week", "month"] = "month",
) -> dict[str, Any]:
    from warwatch.resolve import service

    sums = service.fatality_sums(ctx.store, country=country, by=by, period=period)
    claimed = service.claimed_vs_summed(ctx.store, country)
    return {"sums": [s.as_dict() for s in sums], "claimed": [_plain(c) for c in claimed]}


def _plain(item: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        item = dataclasses.asdict(item)
    return jsonable_encoder(item)


@router.get(
    "/control", response_model=schemas.ItemsOut, summary="Who controls each place at a date"
)
def control(
    ctx: Ctx,
    at: Annotated[
        dt.date | None, Query(description="Date, YYYY-MM-DD (default: latest known).")
    ] = None,
    place: str | None = None,
    country: str | None = None,
) -> dict[str, Any]:
    from warwatch.resolve import service

    items = [
        state.as_dict() for state in service.control_at(ctx.store, at, place=place, country=country)
    ]
    return {"items": items, "total": len(items)}


@router.get("/claims", response_model=schemas.ItemsOut, summary="Claims, or only contradictions")
def claims(
    ctx: Ctx,
    contradictions: Annotated[
        bool, Query(description="Only claims contradicted by another source.")
    ] = False,
    country: str | None = None,
) -> dict[str, Any]:
    from warwatch.resolve import contradictions as claim_rules
    from warwatch.resolve import service

    if contradictions:
        items = [
            claim_rules.contradiction_row(c) for c in service.contradictions(ctx.store, country)
        ]
    else:
        items = [claim_rules.claim_row(s) for s in service.statements(ctx.store, country)]
    return {"items": [_plain(item) for item in items], "total": len(items)}


@router.get(
    "/report",
    response_model=schemas.ReportOut,
    summary="A situation report in Markdown, citing its sources on every line",
)
def report(
    ctx: Ctx,
    country: str | None = None,
    since: Annotated[
        dt.date | None, Query(description="Only what happened since, YYYY-MM-DD.")
    ] = None,
) -> dict[str, Any]:
    from warwatch.resolve import report as reports

    return {"markdown": reports.build(ctx.store, country=country, since=since)}
