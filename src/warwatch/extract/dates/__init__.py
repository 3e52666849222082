"""Resolve date expressions ("late Friday", "last week", "since 2017") against a publication date.

Pure functions, no I/O. The result is an :class:`~warwatch.records.EventDate` with an ACLED
``time_precision`` (1 day, 2 week or a few days, 3 month or vaguer).

Conventions (all deliberate, tested in ``tests/test_dates.py``):

* **Past by default.** News reports describe the past: a bare weekday is the most recent such day on
  or before publication ("Friday" in a Saturday report is the day before; "Saturday" in a Saturday
  report is the publication day itself). "last Friday" is the most recent Friday *strictly* before
  publication. A bare month is the most recent such month on or before the publication month.
  A day-month without a year ("6 December") is its latest occurrence on or before publication,
  unless the next occurrence is at most 31 days ahead ("5 January" in a 7 December report is
  2025-01-05, "1 March" is 2024-03-01).
* **Forward words resolve forward.** "tomorrow", "next week", "next Friday", "this coming ..."
  are returned after publication; the caller drops them using the statement's stance.
* **Weeks are ISO weeks** (Monday..Sunday). "last week" in a report of Saturday 2024-12-07 is
  2024-11-25..2024-12-01; "this week" is 2024-12-02..2024-12-08 (calendar bounds, never clipped).
  "the weekend" / "over the weekend" is the most recent Saturday-Sunday whose Saturday is strictly
  before publication; "this weekend" is the weekend containing publication (or the next one).
* **Ranges: ``date`` is the range's start**, ``start``/``end`` hold the bounds. Months are
  first-of-month with month bounds; years are 1 January with year bounds; both precision 3.
* **early / mid / late** split a month into days 1-10, 11-20, 21-end; a year into Jan-Apr, May-Aug,
  Sep-Dec; a decade into thirds; they are ignored on a single day ("late Friday" is Friday).
  Times of day ("Friday night", "early on Friday", "overnight Friday") are ignored too.
* **Rolling windows**: "the past N days/weeks/months" and "in recent days" (= past 7 days) run from
  ``published - N`` to ``published``; "the past 24 hours" is published-1..published, precision 1;
  "in recent weeks" is 28 days, "recently" 30 days.
* **since X**: start = start of X, end = publication date (None without one), date = start.
  **between X and Y** / **X-Y** / **from X to Y**: start of X .. end of Y.
* Precision of an explicit range is by its length: 1 day -> 1, up to 10 days -> 2, longer -> 3.
  Precision of a named unit is by the unit (day 1; week/weekend 2; month/year/decade 3).
* **"around"/"about"** a day gives precision 2 (ACLED's "Around 9 January 2022"). ACLED notes'
  parentheticals are honoured: "(week of)" / "(weekend of)" / "(as reported)" -> 2, "(month of)"
  -> 3, "(between 28 March - 2 April)" -> those bounds, precision 2 (3 when the range is longer
  than 10 days); ``date`` stays the stated day,
  which is what ACLED codes as ``event_date``.
* **Durations are not dates**: "13 years", "13-year-long", "three days", "24 hours" -> None.
* **No publication date**: only absolute expressions that carry a year resolve; relative ones
  ("Friday", "last week", "6 December") -> None. Today's date is never used as an anchor:
  dateparser (a fallback for odd absolute forms such as "the 6th of December") is only called with
  ``RELATIVE_BASE`` set from ``published``.
* Impossible dates ("31 February 2024", "2024-13-45") -> None, never an exception.

:func:`is_historical` calls a date historical when its range ended more than
:data:`HISTORICAL_DAYS` (60) days before publication.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from warwatch.records import EventDate

__all__ = [
    "HISTORICAL_DAYS",
    "find_date_expressions",
    "is_historical",
    "parse_iso_or_text",
    "resolve_date",
]
from warwatch.extract.dates._absolute import (
    _absolute,
    _mon,
)
from warwatch.extract.dates._patterns import (
    _DURATION,
    _MON,
    _WD,
)
from warwatch.extract.dates._relative import (
    _fallback,
    _relative,
)
from warwatch.extract.dates._spans import (
    _apply_modifier,
    _day,
    _month,
    _month_end,
    _safe_date,
    _Span,
    _span_precision,
    _week,
)
from warwatch.extract.dates._text import _normalise, _strip_daypart, find_date_expressions

HISTORICAL_DAYS = 60

# --------------------------------------------------------------------------------------------
# vocabulary


_PREFIX = re.compile(
    r"^(?:on|in|at|during|over|of|for|throughout|sometime|some time|as of|dated|"
    r"from the|the morning of|the night of|the evening of|the afternoon of|the early hours of|"
    r"the morning|the night|the evening|the day of)\s+"
)
_APPROX = re.compile(
    r"^(?:on or around|on or about|around|about|approximately|circa|ca\.|c\.|roughly|"
    r"or around)\s+"
)
_ACLED_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
_MODIFIER = re.compile(
    r"^(?:the\s+)?(early|mid|late|end of|beginning of|start of|middle of)(?:\s+of)?[- ]\s*(?:the\s+)?"
)
_RANGE = re.compile(r"^(?:between|from)\s+(.+?)\s+(?:and|to|until|till|through|[-–])\s+(.+)$")
_SINCE = re.compile(r"^(?:since|ever since|from)\s+(.+)$")
_REFUSE = re.compile(r"^(?:before|after|until|till|by|within|every|each)\b")


def _strip_prefixes(s: str) -> str:
    """Drop a weekday before an absolute date and up to three lead-ins ("on", "the night of")."""
    s = s.strip(" ,")
    # strip a leading weekday in front of an absolute date: "Friday, 6 December 2024"
    m = re.match(rf"^{_WD},?\s+(?=\d|{_MON})", s)
    if m:
        s = s[m.end() :]
    for _ in range(3):
        s2 = _PREFIX.sub("", s)
        if s2 == s:
            break
        s = s2
    return s


def _core(s: str, published: dt.date | None, depth: int = 0) -> _Span | None:
    """Resolve a normalised expression without prefixes like since/between."""
    s = _strip_prefixes(s)
    if _DURATION.match(s):
        return None
    res = _absolute(s, published)
    if res is not False:
        return res  # type: ignore[return-value]
    mod_m = _MODIFIER.match(s)
    if mod_m:
        rest = s[mod_m.end() :]
        inner = _core(rest, published, depth + 1)
        if inner is None:
            return None
        return _apply_modifier(inner, mod_m[1].split()[0])
    if published is not None:
        found = _anchored(s, published)
        if found is not False:
            return found  # type: ignore[return-value]
    # last resort: a recognisable date inside a longer phrase ("the offensive began last week")
    if depth == 0:
        inside = find_date_expressions(s)
        if inside and inside[0][2].lower() != s:
            return _core(_normalise(inside[0][2]), published, depth + 1)
    return None


def _anchored(s: str, published: dt.date) -> _Span | bool | None:
    """Forms that need the publication date, with and without times of day; then dateparser.

    False when nothing recognised the expression (the caller then looks inside it).
    """
    stripped = _strip_daypart(s)
    for cand in (s, stripped) if stripped != s else (s,):
        res = _relative(cand, published)
        if res is not False:
            return res
        res = _absolute(cand, published)
        if res is not False:
            return res
    fb = _fallback(stripped, published)
    if fb is not None:
        return fb
    return False


def _acled_paren(s: str, published: dt.date | None) -> tuple[str, int | None, str | None]:
    """Split off an ACLED parenthetical: returns (rest, precision override, (start, end))."""
    m = _ACLED_PAREN.search(s)
    if not m:
        return s, None, None
    inner = m[1].strip()
    rest = s[: m.start()].strip()
    if inner in ("month of", "month"):
        return rest, 3, "month"
    if inner in ("week of", "week"):
        return rest, 2, "week"
    if inner in ("weekend of", "weekend"):
        return rest, 2, "weekend"
    if inner in ("as reported", "reported"):
        return rest, None, None
    rng = _RANGE.match(inner)
    if rng or re.match(r"^\d", inner):
        return rest, 2, inner
    return rest, None, None


def _to_event(span: _Span, text: str, published: dt.date | None = None) -> EventDate:
    if span.unit == "day" and span.start == span.end:
        return EventDate(span.start, span.precision, text)
    point = span.point or _point_of(span, published)
    return EventDate(point, span.precision, text, span.start, span.end)


def _point_of(span: _Span, published: dt.date | None) -> dt.date:
    """The day that stands for a span: the middle of a week or a few days (ACLED's precision 2,
    'middle of week or weekend'; the true day is then at most half the span away), counting only
    the days up to publication ('this week' in a Wednesday report is Monday to Wednesday); else its
    start (a written range, 'On 1-7 January', is coded to its first day as ACLED does)."""
    end = span.end if published is None or published < span.start else min(span.end, published)
    if span.precision == 2 and span.unit != "days" and end > span.start:
        return span.start + (end - span.start) // 2
    return span.start


@lru_cache(maxsize=8192)
def resolve_date(expression: str, published: dt.date | None) -> EventDate | None:
    """Resolve one date expression against the publication date (see the module docstring).

    Returns None when the expression is not a date (a duration, an impossible date) or cannot be
    anchored (a relative expression without a publication date).
    """
    if not expression or not expression.strip():
        return None
    try:
        return _resolve(expression, published)
    except (ValueError, OverflowError):  # impossible arithmetic far out of range
        return None


def _resolve(expression: str, published: dt.date | None) -> EventDate | None:
    s = _normalise(expression)
    s, paren_prec, paren_range = _acled_paren(s, published)
    s = _normalise(s)

    approx = False
    m = _APPROX.match(s)
    if m or (m := re.match(r"^on or (?:about|around)\s+", s)) is not None:
        approx = True
        s = s[m.end() :]

    if _REFUSE.match(s):
        return None
    if (m := _SINCE.match(s)) and not _RANGE.match(s):
        return _since(m[1], expression, published)
    if m := _RANGE.match(s):
        return _between(m[1], m[2], expression, published)

    span = _core(s, published)
    if span is None:
        return None
    if approx and span.unit == "day" and span.precision == 1:
        span = _Span(span.start, span.end, 2, "day")
    if paren_prec is not None or paren_range is not None:
        return _with_acled_note(span.start, span.precision, paren_prec, paren_range, expression)
    return _to_event(span, expression, published)


def _since(inner_text: str, expression: str, published: dt.date | None) -> EventDate | None:
    """'since X': from the start of X to publication (open-ended without a publication date)."""
    inner = _core(inner_text, published)
    if inner is None:
        return None
    end = published
    if end is not None and end < inner.start:
        end = None
    if end is None:
        return EventDate(inner.start, 3, expression, inner.start, None)
    prec = _span_precision(inner.start, end)
    return EventDate(inner.start, prec, expression, inner.start, end)


def _between(
    a_txt: str, b_txt: str, expression: str, published: dt.date | None
) -> EventDate | None:
    """'between X and Y' / 'from X to Y': the start of X to the end of Y."""
    b = _core(b_txt, published)
    a = _core(a_txt, published)
    if (
        a is None
        and b is not None
        and (day := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", a_txt.strip()))
    ):
        # "between 3 and 5 December": the first day borrows the month and year of the second
        a = _day(_safe_date(b.start.year, b.start.month, int(day[1])))
    if a is None and b is not None and re.fullmatch(_MON, a_txt.strip()):
        a = _month(b.start.year, _mon(a_txt.strip()))
    if a is None or b is None or b.end < a.start:
        return None
    return EventDate(a.start, _span_precision(a.start, b.end), expression, a.start, b.end)


def _with_acled_note(
    stated: dt.date,
    precision: int,
    paren_prec: int | None,
    paren_range: str | None,
    expression: str,
) -> EventDate:
    """The stated day with the bounds and precision of an ACLED parenthetical ("(week of)")."""
    bounds = _note_bounds(stated, paren_range)
    if bounds is not None and paren_range not in _NOTE_UNITS:
        paren_prec = max(2, _span_precision(*bounds))  # > 10 days -> 3
    start, end = bounds if bounds is not None else (None, None)
    prec = paren_prec if paren_prec is not None else precision
    return EventDate(stated, prec, expression, start, end)


_NOTE_UNITS = ("month", "week", "weekend")


def _note_bounds(stated: dt.date, note: str | None) -> tuple[dt.date, dt.date] | None:
    """The range an ACLED note gives around the stated day: its month, week, weekend or range."""
    if note == "month":
        return stated.replace(day=1), _month_end(stated.year, stated.month)
    if note == "week":
        w = _week(stated)
        return w.start, w.end
    if note == "weekend":
        if stated.weekday() == 5:
            return stated, stated + dt.timedelta(days=1)
        if stated.weekday() == 6:
            return stated - dt.timedelta(days=1), stated
        return None
    if isinstance(note, str):
        return _paren_range(note, stated)
    return None


def _paren_range(inner: str, stated: dt.date) -> tuple[dt.date, dt.date] | None:
    """'between 28 March - 2 April' / 'from 15 - 22 March' next to a stated day (gives the year)."""
    inner = re.sub(r"^(?:between|from)\s+", "", inner)
    parts = re.split(r"\s*(?:-|–|\band\b|\bto\b|\buntil\b)\s*", inner, maxsplit=1)
    if len(parts) != 2:
        return None
    anchor = stated + dt.timedelta(days=1)  # read the bounds as dates up to the stated day
    b = _core(parts[1], anchor)
    if b is None:
        return None
    a = _core(parts[0], anchor)
    if a is None and re.fullmatch(r"\d{1,2}", parts[0].strip()):
        a = _day(_safe_date(b.start.year, b.start.month, int(parts[0])))
    if a is None or a.start > b.end:
        return None
    return a.start, b.end


def is_historical(ev: EventDate | None, published: dt.date | None) -> bool:
    """True when the date lies clearly before the report's news window.

    The range's end (or the date itself) must be more than :data:`HISTORICAL_DAYS` days before
    publication: "in 2011" in a 2024 report is historical, "last week" and "since 2017" (an
    ongoing period that ends at publication) are not. Without a publication date nothing can be
    called historical.
    """
    if ev is None or ev.date is None or published is None:
        return False
    if ev.start is not None and ev.end is None:  # open range: "since 2017"
        return False
    last = ev.end or ev.date
    return (published - last).days > HISTORICAL_DAYS


def parse_iso_or_text(value: str) -> dt.date | None:
    """An absolute day: ISO ``2024-12-06`` (or an ISO datetime), "6 December 2024",
    "December 6, 2024", "06/12/2024" (day first). Needs a year; None otherwise."""
    if not value:
        return None
    v = value.strip()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", v)
    if m:
        try:
            return dt.date.fromisoformat(m[1])
        except ValueError:
            return None
    res = _absolute(_normalise(v), None)
    if isinstance(res, _Span) and res.unit == "day":
        return res.start
    return None
