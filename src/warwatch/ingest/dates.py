"""Publication dates: one strict parser for every input format."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from warwatch.errors import InputError

# Years outside this window are typos ("20244-01-01", "0024-12-07"), not news reports.
MIN_YEAR = 1900
MAX_YEAR = 2100

_ISO_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:$|[T ])")
_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,  # a day, a month and a year must all be written
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],  # never "yesterday", "2 days ago" or "now"
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_EXPECTED = (
    "expected e.g. 2024-12-07, 2024-12-07T10:00:00Z, 'Sat, 07 Dec 2024 10:00:00 GMT'"
    " or '7 December 2024'"
)


def parse_published(value: str) -> dt.date:
    """Parse a publication date written by a person or a feed; raise :class:`InputError` if unsure.

    Accepts ISO dates and datetimes, RFC 2822 dates (feeds) and English dates with a day, a month
    and a year ("7 December 2024", "December 7, 2024"). A datetime keeps the calendar date as
    written in its own time zone (a report stamped 23:30 -05:00 was published that day).
    Relative or partial dates ("yesterday", "Dec 2024") are refused: today is never assumed.

    >>> parse_published("December 7, 2024")
    datetime.date(2024, 12, 7)
    """
    text = " ".join(str(value).split())
    if not text:
        raise InputError(f"empty publication date; {_EXPECTED}")
    parsed = _parse_iso(text)
    if parsed is None:
        parsed = _parse_rfc2822(text)
    if parsed is None:
        parsed = _parse_words(text)
    if parsed is None:
        raise InputError(f"cannot read publication date {text!r}; {_EXPECTED}")
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise InputError(
            f"publication date {text!r} has year {parsed.year}, outside {MIN_YEAR}-{MAX_YEAR}"
        )
    return parsed


def _parse_iso(text: str) -> dt.date | None:
    if not _ISO_LIKE.match(text):
        return None
    candidate = text.replace(" ", "T", 1) if len(text) > 10 else text
    try:
        if len(candidate) <= 10:
            return dt.date.fromisoformat(_zero_pad(candidate))
        return dt.datetime.fromisoformat(candidate).date()
    except ValueError:
        # An ISO-shaped value that does not parse is an impossible date ("2024-13-45"), not a
        # free-text date for the fuzzy parser to reinterpret.
        raise InputError(f"impossible publication date {text!r}; {_EXPECTED}") from None


def _zero_pad(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _parse_rfc2822(text: str) -> dt.date | None:
    if not re.search(r"\d{1,2} [A-Za-z]{3} \d{4} \d{1,2}:\d{2}", text):
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _parse_words(text: str) -> dt.date | None:
    import dateparser  # slow to import: only when a non-ISO date is met

    result = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return result.date() if result is not None else None


def coerce_published(value: object) -> dt.date | None:
    """A caller's date: ``None``, a date or datetime, or a string for :func:`parse_published`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_published(value)
    raise InputError(f"publication date must be a date or a string, not {type(value).__name__}")
