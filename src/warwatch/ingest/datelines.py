"""The date a report gives itself when its metadata gives none.

Careful readers date an article without metadata by its dateline ("Sun 16 Apr 2017" on a line of
its own, "BEIRUT, Dec 7 (Reuters) -", "12 February 2015"), else by the latest full date the text
states (photo captions and updates usually carry the day of the report). Relative dates
("on Friday") are then read from that day. The source of the date is recorded with the document:
``dateline`` or ``text``; a date from metadata or the caller is ``metadata``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from warwatch.errors import InputError
from warwatch.extract.dates._patterns import _MON, _WD, _YEAR
from warwatch.extract.layout import is_article
from warwatch.ingest.dates import parse_published

_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = rf"{_DAY}\s+{_MON},?\s+{_YEAR}"
_MONTH_DAY_YEAR = rf"{_MON}\s+{_DAY},?\s+{_YEAR}"
_ISO = r"(?:19|20)\d\d-[01]\d-[0-3]\d"
_FULL = rf"(?:(?:{_WD},?\s+)?(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR})|{_ISO})"
_FULL_DATE = re.compile(rf"\b{_FULL}\b", re.IGNORECASE)
_TIME = r"(?:[,\s|]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?:\s*[A-Z]{2,5})?)"
# A line that is nothing but a date, perhaps with a time and a word such as 'Published'.
_DATE_LINE = re.compile(
    rf"^\s*(?:(?:published|updated|posted|last updated)\s*(?:on)?[:\s]+)?(?P<date>{_FULL}){_TIME}?\s*$",
    re.IGNORECASE,
)
# A wire dateline: 'BEIRUT, Dec 7 (Reuters) -', 'KYIV, Ukraine, 16 April 2017 (AFP) —'.
_WIRE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Z .'-]{{1,40}}(?:,\s*[A-Z][A-Za-z .'-]{{1,30}})?),?\s+"
    rf"(?P<date>(?:{_WD},?\s+)?(?:{_MON}\s+{_DAY}|{_DAY}\s+{_MON})(?:,?\s+{_YEAR})?)\s*"
    r"(?:\([A-Za-z .&/-]{1,30}\)\s*)?[-—–:]",
    re.IGNORECASE,
)
_LEAD_CHARS = 600  # a dateline is in the first lines of a report
_LEAD_LINES = 6


@dataclass(frozen=True)
class ReportDate:
    date: dt.date
    source: str  # dateline | text


def report_date(text: str) -> ReportDate | None:
    """The day a report dates itself: its dateline, else the latest full date it states."""
    lead = text[:_LEAD_CHARS].splitlines()[:_LEAD_LINES]
    for line in lead:
        found = _line_date(line, text)
        if found is not None:
            return ReportDate(found, "dateline")
    if not is_article(text):
        return None  # a one-paragraph note's dates are its events' own, not the report's
    latest = max(_full_dates(text), default=None)
    return ReportDate(latest, "text") if latest is not None else None


def _line_date(line: str, text: str) -> dt.date | None:
    match = _DATE_LINE.match(line)
    if match:
        return _parse(match.group("date"))
    match = _WIRE.match(line)
    if match is None or not match.group("place").split(",")[0].strip().isupper():
        return None  # 'On Friday, Dec 7 -' is a sentence; a wire dateline's place is in capitals
    written = match.group("date")
    if re.search(_YEAR, written):
        return _parse(written)
    year = _year_of(text)
    return _parse(f"{written} {year}") if year else None


def _full_dates(text: str) -> list[dt.date]:
    out = []
    for match in _FULL_DATE.finditer(text):
        parsed = _parse(match.group(0))
        if parsed is not None:
            out.append(parsed)
    return out


def _year_of(text: str) -> int | None:
    """The year a dateline without one is in: that of the latest full date, else the latest
    year the text names."""
    dates = _full_dates(text)
    if dates:
        return max(dates).year
    years = [int(y) for y in re.findall(rf"\b({_YEAR})\b", text)]
    return max(years) if years else None


def _parse(written: str) -> dt.date | None:
    cleaned = re.sub(rf"^\s*{_WD},?\s+", "", written, flags=re.IGNORECASE)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    try:
        return parse_published(cleaned)
    except InputError:
        return None
