"""Absolute date expressions: "6 December 2024", "2024-12-06", "1-7 January 2022", "the 1990s"."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from warwatch.extract.dates._patterns import (
    _MON,
    _MONTHS,
    _YEAR,
)
from warwatch.extract.dates._spans import (
    _day,
    _infer_year,
    _month,
    _month_no_year,
    _safe_date,
    _Span,
    _span_precision,
    _year,
)

_RE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RE_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_RE_DMY = re.compile(
    rf"^(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MON}),?(?:\s+({_YEAR}))?$"
)
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


def _numeric(m: re.Match[str], published: dt.date | None) -> _Span | None:
    a, b, y = int(m[1]), int(m[2]), int(m[3])
    # day-first (international / ACLED) unless that is impossible
    d = _safe_date(y, b, a) or (_safe_date(y, a, b) if b > 12 else None)
    return _day(d)


def _day_in_year(year: str | None, mo: int, d: int, published: dt.date | None) -> _Span | None:
    """A day with its stated year, or the year inferred from publication."""
    if year:
        return _day(_safe_date(int(year), mo, d))
    return _day(_infer_year(mo, d, published))


def _dmy(m: re.Match[str], published: dt.date | None) -> _Span | None:
    return _day_in_year(m[3], _mon(m[2]), int(m[1]), published)


def _mdy(m: re.Match[str], published: dt.date | None) -> _Span | None:
    return _day_in_year(m[3], _mon(m[1]), int(m[2]), published)


def _end_year(year: str | None, mo: int, d: int, published: dt.date | None) -> int | None:
    """The year of a range's last day: stated, or inferred from publication."""
    if year:
        return int(year)
    end = _infer_year(mo, d, published)
    return None if end is None else end.year


def _day_range(a: dt.date | None, b: dt.date | None) -> _Span | None:
    if a is None or b is None or b < a:
        return None
    return _Span(a, b, _span_precision(a, b), "days")


def _ddm(m: re.Match[str], published: dt.date | None) -> _Span | None:
    d0, d1, mo1 = int(m[1]), int(m[3]), _mon(m[4])
    mo0 = _mon(m[2]) if m[2] else mo1
    y1 = _end_year(m[5], mo1, d1, published)
    if y1 is None:
        return None
    y0 = y1 - 1 if mo0 > mo1 else y1
    return _day_range(_safe_date(y0, mo0, d0), _safe_date(y1, mo1, d1))


def _mdd(m: re.Match[str], published: dt.date | None) -> _Span | None:
    mo, d0, d1 = _mon(m[1]), int(m[2]), int(m[3])
    y = _end_year(m[4], mo, d1, published)
    if y is None:
        return None
    return _day_range(_safe_date(y, mo, d0), _safe_date(y, mo, d1))


def _my(m: re.Match[str], published: dt.date | None) -> _Span | None:
    mo = _mon(m[1])
    if m[2]:
        return _month(int(m[2]), mo)
    return _month_no_year(mo, published)


def _decade(m: re.Match[str], published: dt.date | None) -> _Span | None:
    y = int(m[1])
    return _Span(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), 3, "decade")


def _yy(m: re.Match[str], published: dt.date | None) -> _Span | None:
    y0 = int(m[1])
    y1 = int(m[2]) if len(m[2]) == 4 else (y0 // 100) * 100 + int(m[2])
    if y1 < y0:
        return None
    return _Span(dt.date(y0, 1, 1), dt.date(y1, 12, 31), 3, "range")


# Tried in this order: the first pattern that matches decides.
_FORMS: tuple[
    tuple[re.Pattern[str], Callable[[re.Match[str], dt.date | None], _Span | None]], ...
] = (
    (_RE_ISO, lambda m, _: _day(_safe_date(int(m[1]), int(m[2]), int(m[3])))),
    (_RE_NUMERIC, _numeric),
    (_RE_DMY, _dmy),
    (_RE_MDY, _mdy),
    (_RE_DDM, _ddm),
    (_RE_MDD, _mdd),
    (_RE_MY, _my),
    (_RE_Y, lambda m, _: _year(int(m[1]))),
    (_RE_DECADE, _decade),
    (_RE_YY, _yy),
)


def _absolute(s: str, published: dt.date | None) -> _Span | bool | None:
    """Absolute forms. Returns a span, None (recognised but impossible/unanchored) or False."""
    for pattern, read in _FORMS:
        if m := pattern.match(s):
            return read(m, published)
    return False
