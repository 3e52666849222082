"""``warwatch serve``: the REST API (and the web page) over a database."""

from __future__ import annotations

import ipaddress
import os

import typer

from warwatch.cli.common import DbOption, err_console, fail, settings
from warwatch.errors import WarwatchError


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: str | None = DbOption,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Interface to bind (0.0.0.0 for every interface)."
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    token_env: str = typer.Option(
        "WARWATCH_TOKEN",
        "--token-env",
        help="Environment variable holding the token that write endpoints require (unset: writes are refused).",
    ),
    log_level: str = typer.Option(
        "info", "--log-level", help="uvicorn log level: critical, error, warning, info, debug."
    ),
) -> None:
    """Serve the REST API at http://HOST:PORT/api (OpenAPI at /openapi.json, docs at /docs)."""
    import uvicorn

    from warwatch.api import ApiSettings, create_app

    token = os.environ.get(token_env) or None
    config = ApiSettings(core=settings(db), token=token, token_env=token_env)
    try:
        app = create_app(config)
    except WarwatchError as exc:
        fail(exc)
        return
    if not _is_loopback(host):
        err_console.print(
            f"[yellow]note[/yellow]: read endpoints are open to anyone who can reach {host}:{port}"
        )
    if token is None:
        err_console.print(
            f"writes are disabled: set {token_env} to a secret to enable POST /api/documents"
        )
    err_console.print(f"serving {config.db_url} at http://{host}:{port}/api (docs at /docs)")
    uvicorn.run(app, host=host, port=port, log_level=log_level)
