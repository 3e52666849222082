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

import calendar
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

HISTORICAL_DAYS = 60

# --------------------------------------------------------------------------------------------
# vocabulary

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
    "couple": 2, "a couple of": 2, "few": 3, "a few": 3, "several": 3,
}  # fmt: skip

_MON = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_WD = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?"
)
_WD_FULL = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_NUM = r"(?:\d+|a couple of|a few|couple|few|several|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety|hundred)"  # noqa: E501
_UNIT = r"(?:hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?)"

# Times of day and other words that do not change which day is meant.
_DAYPART = re.compile(
    r"\b(?:early|late|mid)?[- ]?(?:morning|afternoon|evening|night|nighttime|daytime|"
    r"midday|noon|midnight|dawn|daybreak|dusk|hours|overnight|day)\b"
)

_EXPR_ABS = (
    rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}"
    rf"|{_DAY}\s*(?:[-–]|to|and)\s*{_DAY}(?:\s+of)?\s+{_MON}(?:,?\s+{_YEAR})?"
    rf"|{_DAY}(?:\s+of)?\s+{_MON}(?:,?\s+{_YEAR})?"
    rf"|{_MON}\s+{_DAY}(?:\s*(?:[-–]|to)\s*\d{{1,2}})?(?:,?\s+{_YEAR})?"
    rf"|(?:early|mid|late)[- ]?{_MON}(?:,?\s+{_YEAR})?"
    rf"|{_MON},?\s+{_YEAR}"
)
_FIND = re.compile(
    rf"\b(?:(?:on\s+or\s+)?around|on(?:\s+or\s+(?:about|around))?)\s+(?:{_EXPR_ABS})"
    rf"(?:\s*\((?:[^()]{{0,40}})\))?"
    rf"|\b(?:{_EXPR_ABS})(?:\s*\((?:[^()]{{0,40}})\))?"
    rf"|\b(?:between\s+{_YEAR}\s+and\s+{_YEAR}|since\s+{_YEAR}|(?:early|mid|late)[- ]?{_YEAR}"
    rf"|in\s+{_YEAR})\b"
    rf"|\b(?:(?:late|early)\s+(?:on\s+)?)?(?:(?:last|this|next|past)\s+)?{_WD_FULL}"
    rf"(?:\s+(?:morning|afternoon|evening|night))?\b"
    rf"|\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night"
    rf"|this\s+(?:morning|afternoon|evening))\b"
    rf"|\b(?:(?:early|late|earlier|later)\s+)?(?:last|this|next|past|previous)\s+"
    rf"(?:week(?:end)?|month|year)\b"
    rf"|\b(?:over\s+)?the\s+(?:past\s+)?weekend\b"
    rf"|\b(?:in\s+)?recent\s+(?:days|weeks)\b"
    rf"|\b(?:the\s+)?(?:past|last|previous)\s+{_NUM}\s+{_UNIT}\b"
    rf"|\b{_NUM}\s+{_UNIT}\s+ago\b",
    re.IGNORECASE,
)

_DURATION = re.compile(rf"^(?:about\s+|some\s+|nearly\s+|almost\s+|over\s+)?{_NUM}[- ]{_UNIT}"
                       r"(?:[- ](?:long|old))?$")  # fmt: skip


# --------------------------------------------------------------------------------------------
# small date helpers


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    m0 = d.year * 12 + d.month - 1 + n
    y, m = divmod(m0, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _span_precision(start: dt.date, end: dt.date) -> int:
    days = (end - start).days + 1
    if days <= 1:
        return 1
    if days <= 10:
        return 2
    return 3


def _num(word: str) -> int | None:
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


# --------------------------------------------------------------------------------------------
# an internal resolved span: (start, end, precision, unit)


class _Span:
    __slots__ = ("start", "end", "precision", "unit", "point")

    def __init__(self, start: dt.date, end: dt.date, precision: int, unit: str,
                 point: dt.date | None = None) -> None:  # fmt: skip
        self.start = start
        self.end = end
        self.precision = precision
        self.unit = unit  # day | week | weekend | month | year | decade | range
        self.point = point  # the stated day when different from start (ACLED "Around X")


def _day(d: dt.date | None, precision: int = 1) -> _Span | None:
    return None if d is None else _Span(d, d, precision, "day")


def _month(y: int, m: int) -> _Span:
    return _Span(dt.date(y, m, 1), _month_end(y, m), 3, "month")


def _year(y: int) -> _Span:
    return _Span(dt.date(y, 1, 1), dt.date(y, 12, 31), 3, "year")


def _week(d: dt.date) -> _Span:
    s = _week_start(d)
    return _Span(s, s + dt.timedelta(days=6), 2, "week")


def _apply_modifier(span: _Span, mod: str) -> _Span:
    """early / mid / late narrow a month, year or decade; other units are left as they are."""
    idx = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}
    i = idx.get(mod)
    if i is None:
        return span
    s = span.start
    if span.unit == "month":
        bounds = [(1, 10), (11, 20), (21, calendar.monthrange(s.year, s.month)[1])][i]
        return _Span(s.replace(day=bounds[0]), s.replace(day=bounds[1]), 3, "range")
    if span.unit == "year":
        m0, m1 = [(1, 4), (5, 8), (9, 12)][i]
        return _Span(dt.date(s.year, m0, 1), _month_end(s.year, m1), 3, "range")
    if span.unit == "decade":
        y0, y1 = [(0, 3), (4, 6), (7, 9)][i]
        return _Span(dt.date(s.year + y0, 1, 1), dt.date(s.year + y1, 12, 31), 3, "range")
    return span


# --------------------------------------------------------------------------------------------
# absolute forms


def _infer_year(m: int, d: int, published: dt.date | None) -> dt.date | None:
    """Day-month without a year: the latest occurrence on or before publication, unless the next
    one is at most :data:`_FUTURE_DAY_MONTH_DAYS` days ahead (reports do announce near dates)."""
    if published is None:
        return None
    past = future = None
    for y in (published.year - 1, published.year, published.year + 1):
        cand = _safe_date(y, m, d)
        if cand is None:
            continue
        if cand <= published:
            past = cand
        elif future is None:
            future = cand
    if future is not None and (future - published).days <= _FUTURE_DAY_MONTH_DAYS:
        return future
    return past if past is not None else future


_FUTURE_DAY_MONTH_DAYS = 31


def _month_no_year(m: int, published: dt.date | None) -> _Span | None:
    if published is None:
        return None
    y = published.year if m <= published.month else published.year - 1
    return _month(y, m)


_RE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RE_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_RE_DMY = re.compile(rf"^(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MON}),?(?:\s+({_YEAR}))?$")  # noqa: E501
_RE_MDY = re.compile(rf"^({_MON})\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+({_YEAR}))?$")
_RE_MY = re.compile(rf"^({_MON})(?:,?\s+(?:of\s+)?({_YEAR}))?$")
_RE_Y = re.compile(rf"^(?:the\s+)?(?:year\s+)?({_YEAR})$")
_RE_DECADE = re.compile(r"^(?:the\s+)?(1[89]\d0|20\d0)'?s$")
_RE_DDM = re.compile(  # 1-7 January 2022 / 28 March - 2 April 2022
    rf"^(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+({_MON}))?\s*(?:[-–]|to|and|until|till)\s*"
    rf"(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MON}),?(?:\s+({_YEAR}))?$"
)
_RE_MDD = re.compile(  # January 1-7, 2022
    rf"^({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:[-–]|to|and|until|till)\s*"
    rf"(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+({_YEAR}))?$"
)
_RE_YY = re.compile(rf"^({_YEAR})\s*(?:[-–/]|to|and|until|till)\s*({_YEAR}|\d\d)$")


def _mon(token: str) -> int:
    return _MONTHS[token.rstrip(".")]


def _absolute(s: str, published: dt.date | None) -> _Span | None | bool:
    """Absolute forms. Returns a span, None (recognised but impossible/unanchored) or False."""
    if m := _RE_ISO.match(s):
        return _day(_safe_date(int(m[1]), int(m[2]), int(m[3])))
    if m := _RE_NUMERIC.match(s):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        # day-first (international / ACLED) unless that is impossible
        d = _safe_date(y, b, a) or (_safe_date(y, a, b) if b > 12 else None)
        return _day(d)
    if m := _RE_DMY.match(s):
        d, mo = int(m[1]), _mon(m[2])
        if m[3]:
            return _day(_safe_date(int(m[3]), mo, d))
        return _day(_infer_year(mo, d, published))
    if m := _RE_MDY.match(s):
        mo, d = _mon(m[1]), int(m[2])
        if m[3]:
            return _day(_safe_date(int(m[3]), mo, d))
        return _day(_infer_year(mo, d, published))
    if m := _RE_DDM.match(s):
        d0, d1, mo1 = int(m[1]), int(m[3]), _mon(m[4])
        mo0 = _mon(m[2]) if m[2] else mo1
        if m[5]:
            y1 = int(m[5])
        else:
            end = _infer_year(mo1, d1, published)
            if end is None:
                return None
            y1 = end.year
        y0 = y1 - 1 if mo0 > mo1 else y1
        a, b = _safe_date(y0, mo0, d0), _safe_date(y1, mo1, d1)
        if a is None or b is None or b < a:
            return None
        return _Span(a, b, _span_precision(a, b), "range")
    if m := _RE_MDD.match(s):
        mo, d0, d1 = _mon(m[1]), int(m[2]), int(m[3])
        if m[4]:
            y = int(m[4])
        else:
            end = _infer_year(mo, d1, published)
            if end is None:
                return None
            y = end.year
        a, b = _safe_date(y, mo, d0), _safe_date(y, mo, d1)
        if a is None or b is None or b < a:
            return None
        return _Span(a, b, _span_precision(a, b), "range")
    if m := _RE_MY.match(s):
        mo = _mon(m[1])
        if m[2]:
            return _month(int(m[2]), mo)
        return _month_no_year(mo, published)
    if m := _RE_Y.match(s):
        return _year(int(m[1]))
    if m := _RE_DECADE.match(s):
        y = int(m[1])
        return _Span(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), 3, "decade")
    if m := _RE_YY.match(s):
        y0 = int(m[1])
        y1 = int(m[2]) if len(m[2]) == 4 else (y0 // 100) * 100 + int(m[2])
        if y1 < y0:
            return None
        return _Span(dt.date(y0, 1, 1), dt.date(y1, 12, 31), 3, "range")
    return False


# --------------------------------------------------------------------------------------------
# relative forms (need a publication date)

_RE_WEEKDAY = re.compile(rf"^(?:(last|this|next|past|previous|coming|this coming)\s+)?({_WD})$")
_RE_AGO = re.compile(rf"^({_NUM})\s+({_UNIT})\s+ago$")
_RE_PAST = re.compile(rf"^(?:the\s+)?(?:past|last|previous|preceding)\s+(?:({_NUM})\s+)?({_UNIT})$")
_RE_REL_UNIT = re.compile(
    r"^(?:(earlier|later|early|late|mid|end of|beginning of|start of|middle of)\s+)?(?:the\s+)?"
    r"(last|this|next|previous|current|coming)\s+(week|weekend|month|year)$"
)
_SIMPLE_REL = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "last evening": -1, "yesterday morning": -1,
    "the day before yesterday": -2, "day before yesterday": -2,
    "tomorrow": 1, "the day after tomorrow": 2, "day after tomorrow": 2,
}  # fmt: skip


def _unit_days(unit: str) -> int | None:
    unit = unit.rstrip("s")
    return {"hour": 0, "day": 1, "night": 1, "week": 7, "fortnight": 14}.get(unit)


def _relative(s: str, published: dt.date) -> _Span | None | bool:
    p = published
    if s in _SIMPLE_REL:
        return _day(p + dt.timedelta(days=_SIMPLE_REL[s]))
    if m := _RE_WEEKDAY.match(s):
        wd = _WEEKDAYS[m[2].rstrip(".")]
        word = m[1]
        if word in ("next", "coming", "this coming"):
            delta = (wd - p.weekday()) % 7 or 7
            return _day(p + dt.timedelta(days=delta))
        if word == "this":
            return _day(_week_start(p) + dt.timedelta(days=wd))
        back = (p.weekday() - wd) % 7
        if word in ("last", "past", "previous") and back == 0:
            back = 7
        return _day(p - dt.timedelta(days=back))
    res = _relative_unit(s, p)
    if res is not False:
        return res
    if m := _RE_AGO.match(s):
        n = _num(m[1])
        if n is None:
            return None
        unit = m[2].rstrip("s")
        if unit in ("month", "year", "decade"):
            months = n * {"month": 1, "year": 12, "decade": 120}[unit]
            return _day(_add_months(p, -months), 3)
        k = _unit_days(unit)
        if k == 0:  # "N hours ago": today unless it crosses midnight, which we cannot know
            return _day(p)
        if k is None:
            return None
        vague = m[1].strip() in ("few", "a few", "several", "couple", "a couple of")
        prec = 1 if k == 1 and not vague else (2 if n * k <= 14 else 3)
        return _day(p - dt.timedelta(days=n * k), prec)
    if m := _RE_PAST.match(s):
        n = _num(m[1]) if m[1] else 1
        if n is None:
            return None
        unit = m[2].rstrip("s")
        if unit == "hour":
            start = p - dt.timedelta(days=max(1, -(-n // 24)))
            return _Span(start, p, 1 if n <= 24 else _span_precision(start, p), "range")
        if unit in ("month", "year", "decade"):
            months = n * {"month": 1, "year": 12, "decade": 120}[unit]
            return _Span(_add_months(p, -months), p, 3, "range")
        k = _unit_days(unit)
        if k is None:
            return None
        start = p - dt.timedelta(days=n * k)
        return _Span(start, p, 2 if n * k <= 7 else 3, "range")
    if s in ("the weekend", "weekend", "the past weekend"):
        sat = _last_weekend_saturday(p)
        return _Span(sat, sat + dt.timedelta(days=1), 2, "weekend")
    if s in ("recent days", "the recent days", "the last few days", "the past few days"):
        return _Span(p - dt.timedelta(days=7), p, 2, "range")
    if s in ("recent weeks", "the recent weeks", "the past few weeks", "the last few weeks"):
        return _Span(p - dt.timedelta(days=28), p, 3, "range")
    if s in ("recently", "lately", "of late"):
        return _Span(p - dt.timedelta(days=30), p, 3, "range")
    return False


def _relative_unit(s: str, p: dt.date) -> _Span | bool:
    if m := _RE_REL_UNIT.match(s):
        mod, which, unit = m[1], m[2], m[3]
        step = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1,
                "coming": 1}[which]  # fmt: skip
        if unit == "week":
            span = _week(p + dt.timedelta(days=7 * step))
        elif unit == "weekend":
            if which in ("this", "current", "coming") or step == 1:
                sat = p + dt.timedelta(days=(5 - p.weekday()) % 7)
                if p.weekday() == 6:
                    sat = p - dt.timedelta(days=1)
                if step == 1:
                    sat = p + dt.timedelta(days=(5 - p.weekday()) % 7 or 7)
            else:
                sat = _last_weekend_saturday(p)
                if p.weekday() == 6 and which in ("last", "previous"):
                    sat -= dt.timedelta(days=7)
            span = _Span(sat, sat + dt.timedelta(days=1), 2, "weekend")
        elif unit == "month":
            first = _add_months(p.replace(day=1), step)
            span = _month(first.year, first.month)
        else:
            span = _year(p.year + step)
        if mod == "earlier":
            # "earlier this week/month/year": from the unit's start to publication
            return _Span(span.start, min(span.end, p), span.precision, "range")
        if mod == "later":
            return _Span(max(span.start, p), span.end, span.precision, "range")
        if mod:
            return _apply_modifier(span, mod.split()[0])
        return span
    return False


def _last_weekend_saturday(p: dt.date) -> dt.date:
    back = (p.weekday() - 5) % 7 or 7  # Saturday strictly before publication
    return p - dt.timedelta(days=back)


# --------------------------------------------------------------------------------------------
# dateparser fallback (lazy, cached per publication date)


@lru_cache(maxsize=64)
def _dateparser(published: dt.date):  # pragma: no cover - trivial
    from dateparser.date import DateDataParser

    base = dt.datetime(published.year, published.month, published.day, 12, 0)
    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": base,
            "RETURN_TIME_AS_PERIOD": False,
            "STRICT_PARSING": False,
        },
    )


_DATEPARSER_OK = re.compile(rf"\b(?:{_MON}|{_WD}|ago|fortnight)\b")


def _fallback(s: str, published: dt.date | None) -> _Span | None:
    if published is None or not _DATEPARSER_OK.search(s):
        return None
    try:
        data = _dateparser(published).get_date_data(s)
    except Exception:  # noqa: BLE001 - dateparser may raise on odd input; a miss is fine
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "month":
        return _month(d.year, d.month)
    if period == "year":
        return _year(d.year)
    if period == "week":
        return _day(d, 2)
    return _day(d)


# --------------------------------------------------------------------------------------------
# normalisation and the public API

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
    r"^(?:the\s+)?(early|mid|late|end of|beginning of|start of|middle of)(?:\s+of)?[- ]\s*(?:the\s+)?"  # noqa: E501
)
_RANGE = re.compile(r"^(?:between|from)\s+(.+?)\s+(?:and|to|until|till|through|[-–])\s+(.+)$")
_SINCE = re.compile(r"^(?:since|ever since|from)\s+(.+)$")
_REFUSE = re.compile(r"^(?:before|after|until|till|by|within|every|each)\b")


def _normalise(expression: str) -> str:
    s = expression.strip().lower()
    s = s.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\s+", " ", s)
    s = s.strip(" ,;:.!?\"'")
    s = re.sub(r"'s$", "", s)  # "Friday's attack" -> entity "Friday's"
    return s


def _strip_daypart(s: str) -> str:
    """Drop times of day around a day expression ("late Friday night", "early on Friday")."""
    t = re.sub(r"^(?:late|early)\s+(?:on\s+)?(?=(?:" + _WD + r"|yesterday|today|last|this)\b)", "", s)  # noqa: E501
    if t != s or re.search(r"\b(?:" + _WD + r"|yesterday|today|tomorrow)\b", t):
        t2 = _DAYPART.sub(" ", t)
        t2 = re.sub(r"\b(?:on|of|in the)\b(?=\s*$)", "", t2)
        t2 = re.sub(r"^(?:the|in the|on the)\s+", "", t2.strip())
        t2 = re.sub(r"\s+", " ", t2).strip(" ,")
        if t2:
            return t2
    return t


def _core(s: str, published: dt.date | None, depth: int = 0) -> _Span | None:
    """Resolve a normalised expression without prefixes like since/between."""
    s = s.strip(" ,")
    # strip a leading weekday in front of an absolute date: "Friday, 6 December 2024"
    m = re.match(rf"^{_WD},?\s+(?=\d|{_MON})", s)
    if m:
        s = s[m.end():]
    for _ in range(3):
        s2 = _PREFIX.sub("", s)
        if s2 == s:
            break
        s = s2
    if _DURATION.match(s):
        return None
    res = _absolute(s, published)
    if res is not False:
        return res  # type: ignore[return-value]
    mod_m = _MODIFIER.match(s)
    if mod_m:
        rest = s[mod_m.end():]
        inner = _core(rest, published, depth + 1)
        if inner is None:
            return None
        return _apply_modifier(inner, mod_m[1].split()[0])
    if published is not None:
        stripped = _strip_daypart(s)
        for cand in (s, stripped) if stripped != s else (s,):
            res = _relative(cand, published)
            if res is not False:
                return res  # type: ignore[return-value]
            res = _absolute(cand, published)
            if res is not False:
                return res  # type: ignore[return-value]
        fb = _fallback(stripped, published)
        if fb is not None:
            return fb
    # last resort: a recognisable date inside a longer phrase ("the offensive began last week")
    if depth == 0:
        found = find_date_expressions(s)
        if found and found[0][2].lower() != s:
            return _core(_normalise(found[0][2]), published, depth + 1)
    return None


def _acled_paren(s: str, published: dt.date | None):
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


def _to_event(span: _Span, text: str) -> EventDate:
    if span.unit == "day" and span.start == span.end:
        return EventDate(span.start, span.precision, text)
    date = span.point or span.start
    return EventDate(date, span.precision, text, span.start, span.end)


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
    if m:
        approx = True
        s = s[m.end():]
    elif (m := re.match(r"^on or (?:about|around)\s+", s)) is not None:
        approx = True
        s = s[m.end():]

    if _REFUSE.match(s):
        return None

    if m := _SINCE.match(s):
        if not _RANGE.match(s):
            inner = _core(m[1], published)
            if inner is None:
                return None
            end = published
            if end is not None and end < inner.start:
                end = None
            if end is None:
                return EventDate(inner.start, 3, expression, inner.start, None)
            prec = _span_precision(inner.start, end)
            return EventDate(inner.start, prec, expression, inner.start, end)

    if m := _RANGE.match(s):
        a_txt, b_txt = m[1], m[2]
        b = _core(b_txt, published)
        a = _core(a_txt, published)
        if a is None and b is not None and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", a_txt.strip()):
            # "between 3 and 5 December": the first day borrows the month and year of the second
            a = _day(_safe_date(b.start.year, b.start.month, int(re.match(r"\d+", a_txt)[0])))
        if a is None and b is not None and re.fullmatch(_MON, a_txt.strip()):
            a = _month(b.start.year, _mon(a_txt.strip()))
        if a is None or b is None or b.end < a.start:
            return None
        return EventDate(a.start, _span_precision(a.start, b.end), expression, a.start, b.end)

    span = _core(s, published)
    if span is None:
        return None

    if approx and span.unit == "day" and span.precision == 1:
        span = _Span(span.start, span.end, 2, "day")

    if paren_prec is not None or paren_range is not None:
        stated = span.start
        start = end = None
        if paren_range == "month":
            start, end = stated.replace(day=1), _month_end(stated.year, stated.month)
        elif paren_range == "week":
            w = _week(stated)
            start, end = w.start, w.end
        elif paren_range == "weekend":
            if stated.weekday() == 5:
                start, end = stated, stated + dt.timedelta(days=1)
            elif stated.weekday() == 6:
                start, end = stated - dt.timedelta(days=1), stated
        elif isinstance(paren_range, str):
            rng = _paren_range(paren_range, stated)
            if rng is not None:
                start, end = rng
                paren_prec = max(2, _span_precision(start, end))  # > 10 days -> 3
        prec = paren_prec if paren_prec is not None else span.precision
        return EventDate(stated, prec, expression, start, end)

    return _to_event(span, expression)


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


def find_date_expressions(text: str) -> list[tuple[int, int, str]]:
    """Regex fallback: date expressions in a sentence, as (start, end, text), in text order.

    Finds explicit dates with ACLED's lead-ins and notes ("On 3 January 2022", "Around 9 January
    2022 (week of)", "On 1-7 January 2022"), day-month and month-day forms, ISO dates, weekdays
    and common relative phrases ("last week", "two days ago", "over the weekend").
    """
    out: list[tuple[int, int, str]] = []
    for m in _FIND.finditer(text):
        span = m.group(0).rstrip(" ,.")
        # drop a parenthetical that is not a date note ("(Chubut)")
        pm = re.search(r"\s*\(([^()]*)\)$", span)
        if pm and not re.match(
            r"^(?:month of|week of|weekend of|as reported|between|from|\d)", pm[1].strip().lower()
        ):
            span = span[: pm.start()]
        out.append((m.start(), m.start() + len(span), span))
    return out
