"""The REST API behind ``warwatch serve``: a FastAPI app over the same store and batch functions
as the command line.

    from warwatch.api import ApiSettings, create_app
    app = create_app(ApiSettings(token="s3cret"))          # opens the database in the settings

Tests build the app in-process with their own store and pipeline::

    app = create_app(settings, store=store, pipeline_factory=lambda: pipeline)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from warwatch import __version__
from warwatch.api import errors
from warwatch.api.context import DEFAULT_TOKEN_ENV, ApiSettings, Context
from warwatch.api.limits import BodyLimit
from warwatch.config import Settings
from warwatch.store import Store, open_store

if TYPE_CHECKING:
    from warwatch.pipeline import Pipeline

__all__ = ["DEFAULT_TOKEN_ENV", "ApiSettings", "create_app"]

DESCRIPTION = """Conflict events extracted from news reports, each traceable to its sentence.

Read endpoints are open. `POST /api/documents` needs `Authorization: Bearer <token>`, the token
the operator set in `WARWATCH_TOKEN` (or the variable named by `warwatch serve --token-env`).
Errors are always `{"ok": false, "error": "<message>", "status": <code>}`.
"""


def create_app(
    settings: ApiSettings | Settings | None = None,
    *,
    store: Store | None = None,
    pipeline_factory: Callable[[], Pipeline] | None = None,
) -> FastAPI:
    """Build the API app.

    ``settings`` may be :class:`ApiSettings` or the core :class:`~warwatch.config.Settings` (then
    with no token: writes are refused). With ``store`` given, the app uses it and leaves closing
    it to the caller; otherwise it opens ``settings.db_url`` now (raising
    :class:`~warwatch.errors.StoreError` if it cannot) and closes it at shutdown.
    ``pipeline_factory`` builds the extraction pipeline on the first write (default:
    ``Pipeline(settings.core)``).
    """
    if settings is None:
        settings = ApiSettings()
    elif isinstance(settings, Settings):
        settings = ApiSettings(core=settings)
    owned = store is None
    active = store if store is not None else open_store(settings.db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            active.close()

    # FastAPIOffline serves Swagger UI's script and style from its own package (no CDN), so
    # /docs works on a machine without internet.
    app = FastAPIOffline(
        title="warwatch",
        version=__version__,
        description=DESCRIPTION,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.warwatch = Context(settings, active, pipeline_factory)
    errors.install(app)
    from warwatch.api import picture, routes

    app.include_router(routes.router)
    app.include_router(picture.router)
    from warwatch.api import control_routes

    app.include_router(control_routes.router)
    app.include_router(control_routes.pages)
    from warwatch.web import mount_dashboard  # the page at / uses only the routes above

    mount_dashboard(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
