"""Date spans: a start..end range with an ACLED precision, and the calendar arithmetic behind them."""

from __future__ import annotations

import calendar
import datetime as dt

from warwatch.extract.dates._patterns import (
    _NUMBERS,
)


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
    __slots__ = ("end", "point", "precision", "start", "unit")

    def __init__(self, start: dt.date, end: dt.date, precision: int, unit: str,
                 point: dt.date | None = None) -> None:  # fmt: skip
        self.start = start
        self.end = end
        self.precision = precision
        # day | week | weekend | month | year | decade | range | days (written: "1-7 January")
        self.unit = unit
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
