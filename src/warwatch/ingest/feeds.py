"""RSS and Atom feed files: one report per entry, read offline with feedparser."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

from warwatch.errors import InputError
from warwatch.ingest.dates import parse_published
from warwatch.ingest.document import Draft
from warwatch.ingest.html import html_to_text

# An entity whose value refers to another entity: the shape of "billion laughs". expat expands
# such chains (feedparser's strict parser spent seconds and a gigabyte on a 1 KB file), and no
# real feed needs them. Declarations live in the prolog, so only the start of the file is read.
NESTED_ENTITY = re.compile(rb"<!ENTITY\s+%?\s*[^\s\"']+\s+[\"'][^\"']*&[^;\s\"']+;")
PROLOG_BYTES = 65_536


def read_feed(data: bytes, path: str) -> Iterator[Draft | InputError]:
    """One :class:`Draft` per entry (origin ``path#N``, N from 1) or an :class:`InputError`.

    Entry text is its full content, else its summary, with HTML stripped to paragraphs; the feed's
    title is the source, the entry's link the URL and its id/guid the external id.
    """
    import feedparser

    if NESTED_ENTITY.search(data[:PROLOG_BYTES]):
        yield InputError(
            "feed declares XML entities that expand other entities (an entity-expansion bomb): "
            "refused unread",
            source=path,
        )
        return
    # A stream, never a string: feedparser fetches strings that look like URLs or file names.
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> root"
        yield InputError(f"not a valid RSS or Atom feed ({reason})", source=path)
        return
    if not parsed.entries:  # said, not silently nothing (a refused entity leaves no entries)
        reason = parsed.get("bozo_exception")
        yield InputError("feed has no entries" + (f" ({reason})" if reason else ""), source=path)
        return
    kind = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    feed_title = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        origin = f"{path}#{number}"
        try:
            yield _read_entry(entry, origin, kind, feed_title)
        except InputError as error:
            yield error


def _read_entry(entry: dict, origin: str, kind: str, feed_title: str | None) -> Draft:
    text = _entry_text(entry)
    if not text:
        raise InputError("feed entry has no content or summary text", source=origin)
    return Draft(
        text=text,
        origin=origin,
        format=kind,
        title=entry.get("title") or None,
        published=_entry_date(entry, origin),
        source=feed_title,
        url=entry.get("link") or None,
        external_id=entry.get("id") or None,
    )


def _entry_text(entry: dict) -> str:
    for part in entry.get("content") or []:
        value = part.get("value") or ""
        if value.strip():
            return html_to_text(value) if _is_html(part) else value.strip()
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary") or ""
    return html_to_text(summary) if _is_html(detail) or "<" in summary else summary.strip()


def _is_html(detail: dict) -> bool:
    return "html" in str(detail.get("type", "")) or "<" in str(detail.get("value", ""))


def _entry_date(entry: dict, origin: str) -> dt.date | None:
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        raw = entry.get(raw_key)
        if not raw:
            continue
        try:
            return parse_published(raw)  # keeps the date as written in the entry's time zone
        except InputError:
            parsed = entry.get(parsed_key)  # feedparser knows more feed date dialects (in UTC)
            if parsed:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            raise InputError(
                f"cannot read the entry's {raw_key} date {raw!r}", source=origin
            ) from None
    return None
