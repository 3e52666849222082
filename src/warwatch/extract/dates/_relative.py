"""Relative date expressions against a publication date: weekdays, "last week", "two days ago";
and the dateparser fallback, always anchored on the publication date."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from warwatch.extract.dates._patterns import (
    _MON,
    _NUM,
    _UNIT,
    _WD,
    _WEEKDAYS,
)
from warwatch.extract.dates._spans import (
    _add_months,
    _apply_modifier,
    _day,
    _month,
    _num,
    _Span,
    _span_precision,
    _week,
    _week_start,
    _year,
)

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

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


_FIXED_RANGES = (
    # (phrases, days back from publication, precision)
    (("recent days", "the recent days", "the last few days", "the past few days"), 7, 2),
    (("recent weeks", "the recent weeks", "the past few weeks", "the last few weeks"), 28, 3),
    (("recently", "lately", "of late"), 30, 3),
)
_MONTHS_IN = {"month": 1, "year": 12, "decade": 120}
_VAGUE_COUNTS = ("few", "a few", "several", "couple", "a couple of")


def _unit_days(unit: str) -> int | None:
    unit = unit.rstrip("s")
    return {"hour": 0, "day": 1, "night": 1, "week": 7, "fortnight": 14}.get(unit)


def _relative(s: str, published: dt.date) -> _Span | bool | None:
    p = published
    if s in _SIMPLE_REL:
        return _day(p + dt.timedelta(days=_SIMPLE_REL[s]))
    if m := _RE_WEEKDAY.match(s):
        return _weekday(m[1], _WEEKDAYS[m[2].rstrip(".")], p)
    res = _relative_unit(s, p)
    if res is not False:
        return res
    if m := _RE_AGO.match(s):
        return _ago(m[1], m[2].rstrip("s"), p)
    if m := _RE_PAST.match(s):
        return _past(m[1], m[2].rstrip("s"), p)
    if s in ("the weekend", "weekend", "the past weekend"):
        sat = _last_weekend_saturday(p)
        return _Span(sat, sat + dt.timedelta(days=1), 2, "weekend")
    for phrases, days, precision in _FIXED_RANGES:
        if s in phrases:
            return _Span(p - dt.timedelta(days=days), p, precision, "range")
    return False


def _weekday(word: str | None, wd: int, p: dt.date) -> _Span | None:
    """'Friday' (on or before publication), 'last Friday' (strictly before), 'next Friday'."""
    if word in ("next", "coming", "this coming"):
        delta = (wd - p.weekday()) % 7 or 7
        return _day(p + dt.timedelta(days=delta))
    if word == "this":
        return _day(_week_start(p) + dt.timedelta(days=wd))
    back = (p.weekday() - wd) % 7
    if word in ("last", "past", "previous") and back == 0:
        back = 7
    return _day(p - dt.timedelta(days=back))


def _ago(count: str, unit: str, p: dt.date) -> _Span | None:
    """'two days ago', 'a few weeks ago', 'three years ago'."""
    n = _num(count)
    if n is None:
        return None
    if unit in _MONTHS_IN:
        return _day(_add_months(p, -n * _MONTHS_IN[unit]), 3)
    k = _unit_days(unit)
    if k == 0:  # "N hours ago": today unless it crosses midnight, which we cannot know
        return _day(p)
    if k is None:
        return None
    vague = count.strip() in _VAGUE_COUNTS
    prec = 1 if k == 1 and not vague else (2 if n * k <= 14 else 3)
    return _day(p - dt.timedelta(days=n * k), prec)


def _past(count: str | None, unit: str, p: dt.date) -> _Span | None:
    """Rolling windows up to publication: 'the past 24 hours', 'the last three weeks'."""
    n = _num(count) if count else 1
    if n is None:
        return None
    if unit == "hour":
        start = p - dt.timedelta(days=max(1, -(-n // 24)))
        return _Span(start, p, 1 if n <= 24 else _span_precision(start, p), "range")
    if unit in _MONTHS_IN:
        return _Span(_add_months(p, -n * _MONTHS_IN[unit]), p, 3, "range")
    k = _unit_days(unit)
    if k is None:
        return None
    start = p - dt.timedelta(days=n * k)
    return _Span(start, p, 2 if n * k <= 7 else 3, "range")


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
def _dateparser(published: dt.date) -> DateDataParser:  # pragma: no cover - trivial
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
    except Exception:
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
