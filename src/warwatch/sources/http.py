"""Fetch one page or feed over HTTP(S) within limits, with httpx.

Timeouts, a size limit counted while streaming (a 50 MB body is cut at the limit, never read
whole), bounded redirects, a User-Agent that names warwatch, and a content-type check. Every
failure is an :class:`InputError` naming the URL, in one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from warwatch import __version__
from warwatch.errors import InputError

USER_AGENT = (
    f"warwatch/{__version__} (offline-first war monitor; reads public news pages and feeds)"
)
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
     "text/xml", "application/feed+json"}
)  # fmt: skip
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})


@dataclass(frozen=True)
class FetchLimits:
    timeout_s: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    """A response: ``not_modified`` when the server said 304 to our ETag / Last-Modified."""

    url: str  # after redirects
    status: int
    content_type: str | None
    body: bytes
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def is_feed(self) -> bool:
        return self.content_type in FEED_TYPES


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InputError("not an http(s) URL", source=url)
    return url


def _content_type(response: httpx.Response) -> str | None:
    value = response.headers.get("content-type")
    return value.split(";", 1)[0].strip().lower() if value else None


def _read_body(response: httpx.Response, url: str, limits: FetchLimits) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise InputError(f"response too large ({int(declared):,} bytes declared, limit "
                         f"{limits.max_bytes:,})", source=url)  # fmt: skip
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise InputError(f"response too large (over the {limits.max_bytes:,}-byte limit)",
                             source=url)  # fmt: skip
        chunks.append(chunk)
    return b"".join(chunks)


def _headers(etag: str | None, last_modified: str | None, limits: FetchLimits) -> dict[str, str]:
    headers = {
        "User-Agent": limits.user_agent,
        "Accept": ", ".join(sorted(FEED_TYPES | PAGE_TYPES)),
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: FetchLimits | None = None,
) -> Fetched:
    """GET ``url`` (conditionally when ``etag`` / ``last_modified`` are known)."""
    limits = limits or FetchLimits()
    check_url(url)
    client = httpx.Client(
        follow_redirects=True, max_redirects=limits.max_redirects,
        timeout=httpx.Timeout(limits.timeout_s), headers=_headers(etag, last_modified, limits),
    )  # fmt: skip
    try:
        with client, client.stream("GET", url) as response:
            return _response(response, url, limits)
    except httpx.TooManyRedirects:
        raise InputError(f"more than {limits.max_redirects} redirects", source=url) from None
    except httpx.TimeoutException:
        raise InputError(f"no answer within {limits.timeout_s:g} s (timeout)", source=url) from None
    except httpx.HTTPError as exc:
        raise InputError(f"could not fetch: {type(exc).__name__}: {exc}", source=url) from None


def _response(response: httpx.Response, url: str, limits: FetchLimits) -> Fetched:
    if response.status_code >= 400:
        raise InputError(f"HTTP {response.status_code} {response.reason_phrase}", source=url)
    kind = _content_type(response)
    final = str(response.url)
    if response.status_code != 304 and kind not in FEED_TYPES | PAGE_TYPES:
        raise InputError(f"content type {kind or 'missing'} is not a page or a feed", source=final)
    body = b"" if response.status_code == 304 else _read_body(response, final, limits)
    return Fetched(
        url=final,
        status=response.status_code,
        content_type=kind,
        body=body,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )
