"""From a fetched response to documents: one per feed entry, or the page's main text.

Each document comes with its entry key, which says whether it was read before: the entry's id
(guid), else its link, else a hash of its text; for a page, a hash of its main text (a page
polled again is new only when its text changed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator

from warwatch.errors import InputError
from warwatch.ingest import detect
from warwatch.ingest.document import Draft, finish
from warwatch.ingest.feeds import read_feed
from warwatch.ingest.html import extract_html
from warwatch.records import Document

from .http import Fetched, FetchLimits, fetch

FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")

Entry = tuple[str | None, Document | InputError]  # (entry key, document or why it failed)


def looks_like_feed(fetched: Fetched) -> bool:
    """A feed by content type, or an XML/plain body whose root is <rss>, <feed> or <rdf:RDF>."""
    if fetched.is_feed:
        return True
    head = fetched.body[:2048].lower()
    return fetched.content_type != "text/html" and any(root in head for root in FEED_ROOTS)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def entry_key(draft: Draft) -> str:
    if draft.external_id:
        return f"id:{draft.external_id}"
    if draft.url:
        return f"link:{draft.url}"
    return f"text:{_digest(draft.text)}"


def _page(fetched: Fetched) -> Draft:
    text = detect.decode(fetched.body, fetched.url)
    if fetched.content_type == "text/plain":
        return Draft(text.strip(), fetched.url, "text", url=fetched.url)
    page = extract_html(text)
    if not page.text.strip():
        raise InputError("HTML page has no readable text", source=fetched.url)
    return Draft(page.text, fetched.url, "html", page.title, page.published, page.source,
                 page.url or fetched.url)  # fmt: skip


def _finished(drafts: Iterable[Draft | InputError], **overrides: object) -> Iterator[Entry]:
    for draft in drafts:
        if isinstance(draft, InputError):
            yield None, draft
            continue
        key = (
            f"page:{_digest(draft.text)}" if draft.format in {"html", "text"} else entry_key(draft)
        )
        try:
            yield key, finish(draft, **overrides)  # type: ignore[arg-type]
        except InputError as error:
            yield key, error


def entries(
    fetched: Fetched, *, published: dt.date | None = None, source: str | None = None
) -> list[Entry]:
    """The response's entries (raises :class:`InputError` when it is not a readable feed/page)."""
    if looks_like_feed(fetched):
        drafts = list(read_feed(fetched.body, fetched.url))
        if (
            len(drafts) == 1
            and isinstance(drafts[0], InputError)
            and drafts[0].source == fetched.url
        ):
            raise drafts[0]  # the whole feed is malformed, not one entry
    else:
        drafts = [_page(fetched)]
    return list(_finished(drafts, published=published, source=source))


def url_documents(
    urls: Iterable[str],
    *,
    published: dt.date | None = None,
    source: str | None = None,
    limits: FetchLimits | None = None,
) -> Iterator[Document | InputError]:
    """Documents read from URLs (pages or feeds) for ``warwatch ingest URL``; a URL that fails
    gives one :class:`InputError` and the others go on."""
    for url in urls:
        try:
            found = entries(fetch(url, limits=limits), published=published, source=source)
        except InputError as error:
            yield error
            continue
        for _, item in found:
            yield item
