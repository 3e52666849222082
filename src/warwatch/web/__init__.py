"""The web dashboard: static files served beside the REST API by ``warwatch serve``.

The page (``index.html``, ``static/app.js``, ``static/app.css``) talks to the server only through
the public REST API under ``/api``. The map libraries and the Natural Earth basemap are not in
git: ``npm ci --prefix web`` installs them from the npm registry and copies what the page needs
into ``warwatch/web/vendor/``. Mount the dashboard on an app with::

    from warwatch.web import mount_dashboard

    mount_dashboard(app)   # / -> index.html, /static/... -> page assets, /vendor/... -> libraries

When the vendor files are missing, ``/`` answers with a page that says how to install them.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles

__all__ = ["REQUIRED_VENDOR_FILES", "WEB_DIR", "mount_dashboard", "vendor_dir"]

WEB_DIR = Path(__file__).resolve().parent

#: Files the page loads from ``/vendor``; all must exist for the dashboard to work.
REQUIRED_VENDOR_FILES = (
    "leaflet/leaflet.js",
    "leaflet/leaflet.css",
    "markercluster/leaflet.markercluster.js",
    "markercluster/MarkerCluster.css",
    "markercluster/MarkerCluster.Default.css",
    "topojson-client/topojson-client.min.js",
    "basemap/countries-50m.json",
    "basemap/admin1/index.json",
)

# Defence in depth: even if a document's text reached the DOM as markup, no inline or foreign
# script could run. Leaflet sets element styles from script, which 'self' scripts may do.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def vendor_dir() -> Path:
    """Where the vendor files are: ``$WARWATCH_WEB_VENDOR`` if set, else ``warwatch/web/vendor``."""
    configured = os.environ.get("WARWATCH_WEB_VENDOR")
    return Path(configured).expanduser().resolve() if configured else WEB_DIR / "vendor"


def missing_vendor_files(directory: Path | None = None) -> list[str]:
    """The required vendor files that are absent from ``directory`` (empty when all are there)."""
    base = directory or vendor_dir()
    return [name for name in REQUIRED_VENDOR_FILES if not (base / name).is_file()]


def _missing_page(directory: Path, missing: list[str]) -> HTMLResponse:
    items = "".join(f"<li><code>{html.escape(name)}</code></li>" for name in missing)
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>warwatch: dashboard not installed</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem}}
code,pre{{background:#f3f3f3;padding:.1rem .3rem}}pre{{padding:.6rem}}</style></head>
<body><h1>The dashboard's map libraries are not installed</h1>
<p>warwatch serves the map libraries (Leaflet, Leaflet.markercluster, topojson-client) and the
Natural Earth basemap from <code>{html.escape(str(directory))}</code>, but these files are
missing:</p><ul>{items}</ul>
<p>Install them from the npm registry, in the project folder:</p>
<pre>npm ci --prefix web</pre>
<p>then reload this page. The REST API works without them: see <a href="/docs">/docs</a>.</p>
</body></html>"""
    return HTMLResponse(body, status_code=503, headers=_HEADERS)


def mount_dashboard(app: FastAPI, *, vendor: Path | None = None) -> None:
    """Serve the dashboard on ``app``: ``/`` (the page), ``/static/...`` and ``/vendor/...``.

    ``vendor`` overrides :func:`vendor_dir`. Whether the vendor files exist is checked on each
    request for ``/``, so installing them does not need a restart.
    """
    directory = vendor or vendor_dir()
    index = WEB_DIR / "index.html"

    async def dashboard(request: Request) -> Response:
        missing = missing_vendor_files(directory)
        if missing:
            return _missing_page(directory, missing)
        return FileResponse(index, media_type="text/html", headers=_HEADERS)

    app.add_api_route("/", dashboard, methods=["GET"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="dashboard-static")
    app.mount("/vendor", StaticFiles(directory=directory, check_dir=False), name="dashboard-vendor")
