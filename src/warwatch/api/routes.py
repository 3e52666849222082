"""The ``/api`` routes: short adapters from HTTP parameters to the store and batch functions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from warwatch import __version__
from warwatch.api import schemas
from warwatch.api.context import Context
from warwatch.api.limits import RecordId
from warwatch.errors import InputError, WarwatchError
from warwatch.store import MAX_OFFSET, TOTAL_CAP, BBox
from warwatch.store import Query as StoreQuery

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ErrorOut, "description": text}
    for status, text in ((400, "Bad parameter"), (404, "Not found"), (500, "Server error"))
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": schemas.ErrorOut, "description": "Missing or wrong token"},
    403: {"model": schemas.ErrorOut, "description": "Writes disabled: no token configured"},
    413: {"model": schemas.ErrorOut, "description": "Request body too large"},
}

router = APIRouter(prefix="/api", responses=ERRORS)
bearer = HTTPBearer(auto_error=False, description="The operator's token (WARWATCH_TOKEN).")


def context(request: Request) -> Context:
    return request.app.state.warwatch


Ctx = Annotated[Context, Depends(context)]


def require_token(
    ctx: Ctx, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    expected = ctx.settings.token
    if not expected:
        raise HTTPException(
            403,
            "writes are disabled: no token is configured; set one with "
            f"`export {ctx.settings.token_env}=<secret>` before `warwatch serve` and send "
            "`Authorization: Bearer <secret>`",
        )
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise HTTPException(401, "this endpoint needs `Authorization: Bearer <token>`", challenge)
    if not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(401, "wrong token", challenge)


def page_params(
    ctx: Ctx,
    limit: Annotated[
        int | None,
        Query(ge=1, description="Page size (at most the server's maximum, 1000 by default)."),
    ] = None,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description=f"Rows to skip (at most {MAX_OFFSET}).")
    ] = 0,
) -> tuple[int, int]:
    maximum = ctx.settings.max_page_size
    if limit is None:
        return min(ctx.settings.default_page_size, maximum), offset
    if limit > maximum:
        raise HTTPException(
            400, f"query parameter 'limit': at most {maximum} (got {limit}); page with 'offset'"
        )
    return limit, offset


Paging = Annotated[tuple[int, int], Depends(page_params)]


def parse_bbox(value: str | None) -> BBox | None:
    if value is None:
        return None
    parts = value.split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 4:
        raise HTTPException(
            400,
            f"query parameter 'bbox': expected minlon,minlat,maxlon,maxlat in degrees (got {value!r})",
        )
    min_lon, min_lat, max_lon, max_lat = numbers
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise HTTPException(
            400,
            f"query parameter 'bbox': longitudes must be within -180..180 and latitudes within -90..90 with minlat <= maxlat (got {value!r})",
        )
    return BBox(min_lon, min_lat, max_lon, max_lat)


@router.get("/health", response_model=schemas.HealthOut, summary="Server and database status")
def health(ctx: Ctx) -> schemas.HealthOut:
    return schemas.HealthOut(
        ok=True, version=__version__, database=ctx.store.url, counts=ctx.store.counts(),
        writes_enabled=bool(ctx.settings.token),
    )  # fmt: skip


@router.get(
    "/events", response_model=schemas.EventPage, summary="Events, filtered, sorted and paginated"
)
def events(
    ctx: Ctx,
    paging: Paging,
    country: str | None = None,
    admin1: str | None = None,
    place: Annotated[str | None, Query(description="Location or admin-1 name.")] = None,
    event_type: Annotated[
        str | None, Query(alias="type", description="ACLED event type or sub-event type.")
    ] = None,
    sub_type: Annotated[str | None, Query(description="ACLED sub-event type.")] = None,
    actor: Annotated[
        str | None, Query(description="Part of the name of actor 1 or actor 2.")
    ] = None,
    since: Annotated[dt.date | None, Query(description="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[dt.date | None, Query(description="Latest event date, YYYY-MM-DD.")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat (degrees).")] = None,
    q: Annotated[
        str | None, Query(description="Text in the evidence sentence, notes or location.")
    ] = None,
    min_confidence: Annotated[
        float | None,
        Query(ge=0, le=1, description="Typer confidence at least this (0-1); unscored left out."),
    ] = None,
    sort: Literal["event_date", "-event_date", "fatalities", "-fatalities"] = "event_date",
    cursor: Annotated[
        str | None,
        Query(description="The 'next' value of the previous page (keyset paging, any depth)."),
    ] = None,
    exact_total: Annotated[
        bool,
        Query(description=f"Count every match; by default counting stops at {TOTAL_CAP:,}."),
    ] = False,
) -> dict[str, Any]:
    if since and until and since > until:
        raise HTTPException(400, f"query parameter 'since' ({since}) is after 'until' ({until})")
    limit, offset = paging
    if cursor is not None and offset:
        raise HTTPException(400, "query parameter 'cursor': give either 'offset' or 'cursor'")
    query = StoreQuery(
        country=country, admin1=admin1, place=place, event_type=event_type,
        sub_event_type=sub_type, actor=actor, since=since, until=until, bbox=parse_bbox(bbox),
        text=q, sort=sort, limit=limit, offset=offset, cursor=cursor,
        min_confidence=min_confidence, exact_total=exact_total,
    )  # fmt: skip
    page = ctx.store.events(query)
    items = [schemas.event_out(e) for e in page.items]
    return {
        "items": items,
        "total": page.total,
        "total_exact": page.total_exact,
        "limit": limit,
        "offset": offset,
        "next": page.next,
    }


@router.get(
    "/events/{event_id}", response_model=schemas.EventDetail, summary="One event with every source"
)
def event(ctx: Ctx, event_id: RecordId) -> dict[str, Any]:
    found = ctx.store.event(event_id)
    sources = ctx.store.event_sources(event_id) if found is not None else None
    if found is None or sources is None:
        raise HTTPException(404, f"no event with id {event_id}")
    return {**schemas.event_out(found), "sources": [schemas.source_out(s) for s in sources]}


@router.get(
    "/documents", response_model=schemas.DocumentPage, summary="Stored documents (without text)"
)
def documents(ctx: Ctx, paging: Paging) -> dict[str, Any]:
    limit, offset = paging
    rows = ctx.store.documents(limit=limit, offset=offset)
    items = [schemas.document_out(d) for d in rows]
    return {"items": items, "total": ctx.store.document_count(), "limit": limit, "offset": offset}


@router.get(
    "/documents/{document_id}",
    response_model=schemas.DocumentDetail,
    summary="One document with its text",
)
def document(ctx: Ctx, document_id: str) -> schemas.DocumentOut:
    found = ctx.store.document(document_id)
    if found is None:
        raise HTTPException(404, f"no document with id {document_id!r}")
    return schemas.document_out(found, with_text=True)


@router.get(
    "/actors", response_model=schemas.ActorPage, summary="Actors with inter codes and event counts"
)
def actors(
    ctx: Ctx,
    paging: Paging,
    q: Annotated[str | None, Query(description="Part of the actor name.")] = None,
) -> dict[str, Any]:
    limit, offset = paging
    page = ctx.store.actors(q, limit=limit, offset=offset)
    items = [schemas.actor_out(a) for a in page.items]
    return {"items": items, "total": page.total, "limit": limit, "offset": offset}


@router.get(
    "/figures", response_model=schemas.FigurePage, summary="Casualty and displacement figures"
)
def figures(
    ctx: Ctx,
    paging: Paging,
    kind: Annotated[
        str | None, Query(description="killed, killed_civilians, injured, displaced, ...")
    ] = None,
    country: str | None = None,
) -> dict[str, Any]:
    limit, offset = paging
    page = ctx.store.figures(kind=kind, country=country, limit=limit, offset=offset)
    items = [schemas.figure_out(f) for f in page.items]
    return {"items": items, "total": page.total, "limit": limit, "offset": offset}


@router.get("/failures", response_model=schemas.FailurePage, summary="Inputs that failed, and why")
def failures(
    ctx: Ctx,
    paging: Paging,
    stage: Annotated[str | None, Query(description="read, extract, store, resolve, ...")] = None,
) -> dict[str, Any]:
    limit, offset = paging
    rows = ctx.store.failures(stage, limit=limit, offset=offset)
    total = ctx.store.counts()["failures"] if stage is None else len(ctx.store.failures(stage))
    items = [schemas.StoredFailureOut(**dataclasses.asdict(f)) for f in rows]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.post(
    "/documents",
    response_model=schemas.IngestOut,
    status_code=201,
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_token)],
    summary="Ingest one document or a batch (needs the token)",
)
def ingest(ctx: Ctx, body: schemas.IngestIn, response: Response) -> dict[str, Any]:
    from warwatch.ingest import read_text_document
    from warwatch.ingest.document import check_english

    items: list[Any] = []
    ids: list[str] = []
    for index, doc in enumerate(body.items()):
        origin = f"request document {index}" + (f" (id {doc.id})" if doc.id else "")
        try:
            document = read_text_document(
                doc.text, published=doc.published, source=doc.source, title=doc.title,
                url=doc.url, external_id=doc.id, origin=origin,
            )  # fmt: skip
            check_english(document)
        except WarwatchError as error:
            items.append(error)
            continue
        items.append(document)
        ids.append(document.id)
    if not ids:  # nothing readable: the client's fault, say why
        raise InputError("; ".join(str(error) for error in items))
    summary = ctx.ingest(items)
    return {"ok": True, **summary.as_dict(), "document_ids": ids}
