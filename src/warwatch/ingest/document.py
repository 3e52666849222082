"""Building a :class:`Document` from text: normalisation, content hash, id, language check."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from warwatch.errors import InputError
from warwatch.ingest.datelines import report_date
from warwatch.ingest.dates import coerce_published
from warwatch.records import Document

# English function words that are rare as words in French, German, Spanish or Italian text
# (so "a", "in", "on", "also", "was", "will" are left out on purpose).
ENGLISH_FUNCTION_WORDS = frozenset((
    "the", "of", "and", "to", "is", "are", "were", "that", "for", "with", "by", "at", "from",
    "it", "its", "he", "she", "they", "them", "their", "his", "her", "him", "who", "whom",
    "which", "what", "this", "these", "those", "has", "have", "had", "been", "be", "being",
    "not", "but", "or", "an", "than", "into", "over", "after", "before", "would", "could",
    "should", "there", "said", "says", "we", "our", "you", "your", "my", "when", "where",
    "while", "about", "against", "during", "between", "through", "under", "since", "because",
    "until", "upon",
))  # fmt: skip
MIN_WORDS_FOR_LANGUAGE_CHECK = 40
MIN_ENGLISH_SHARE = 0.05
_WORD = re.compile(r"[^\W\d_]+")


def normalise_text(text: str) -> str:
    """The canonical form hashed and stored: NFC, ``\\n`` line ends, no surrounding whitespace."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def english_share(text: str) -> tuple[int, float]:
    """Number of words in ``text`` and the share of them that are English function words."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0, 0.0
    hits = sum(1 for word in words if word in ENGLISH_FUNCTION_WORDS)
    return len(words), hits / len(words)


def looks_english(text: str) -> bool:
    """Cheap language guess: False for a text of 40+ words with under 5% English function words.

    English news prose runs at 25-40% function words; French, German or Arabic text at almost 0%
    with this list. Short texts are given the benefit of the doubt.
    """
    count, share = english_share(text)
    return count < MIN_WORDS_FOR_LANGUAGE_CHECK or share >= MIN_ENGLISH_SHARE


def check_english(document: Document) -> None:
    """Raise :class:`InputError` if the document does not look English (the models read English)."""
    if looks_english(document.text):
        return
    count, share = english_share(document.text)
    raise InputError(
        f"does not look like English ({share:.0%} of {count} words are English function words); "
        "warwatch's models read English only: translate the report first",
        source=document.origin,
    )


def read_text_document(
    text: str,
    *,
    published: dt.date | str | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    external_id: str | None = None,
    origin: str | None = None,
    format: str = "text",
) -> Document:
    """Build a :class:`Document` from a report's text and metadata; no header parsing, no I/O.

    The stored text is normalised (:func:`normalise_text`); ``id`` is the first 16 hex digits of
    its SHA-256 and ``content_hash`` the full digest, so the same report always gets the same id.
    ``published`` may be a date or a string for :func:`parse_published`. Raises
    :class:`InputError` for empty text. The language check is left to the caller
    (:func:`check_english`), as :func:`iter_documents` does.

    >>> doc = read_text_document("  Police fired tear gas in Nairobi on Tuesday.\\r\\n")
    >>> doc.text, len(doc.id)
    ('Police fired tear gas in Nairobi on Tuesday.', 16)
    """
    if not isinstance(text, str):
        raise InputError(f"report text must be a string, not {type(text).__name__}", source=origin)
    clean = normalise_text(text)
    if not clean:
        raise InputError("empty report: no text", source=origin)
    try:
        date = coerce_published(published)
    except InputError as error:
        raise InputError(error.message, source=origin) from None
    digest = hashlib.sha256(clean.encode("utf-8")).hexdigest()
    date_from = "metadata" if date is not None else None
    if date is None:
        own = report_date(clean)  # no metadata: the report's dateline, else its latest full date
        if own is not None:
            date, date_from = own.date, own.source
    return Document(
        id=digest[:16],
        text=clean,
        content_hash=digest,
        title=_clean_field(title),
        published=date,
        source=_clean_field(source),
        url=_clean_field(url),
        external_id=_clean_field(external_id),
        origin=origin,
        format=format,
        published_from=date_from,
    )


def _clean_field(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


@dataclass(frozen=True)
class Draft:
    """A report as a reader found it, metadata as written, before overrides and checks."""

    text: str
    origin: str
    format: str
    title: str | None = None
    published: str | dt.date | None = None
    source: str | None = None
    url: str | None = None
    external_id: str | None = None


def finish(draft: Draft, *, published: dt.date | None, source: str | None) -> Document:
    """Turn a draft into a checked :class:`Document`; the caller's ``published``/``source`` win.

    When the caller gives a value, the file's own value is not read at all (so a malformed date
    in the file is not an error then).
    """
    document = read_text_document(
        draft.text,
        published=published if published is not None else draft.published,
        source=source if source is not None else draft.source,
        title=draft.title,
        url=draft.url,
        external_id=draft.external_id,
        origin=draft.origin,
        format=draft.format,
    )
    check_english(document)
    return document
