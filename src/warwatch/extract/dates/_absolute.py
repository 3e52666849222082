"""Absolute date expressions: "6 December 2024", "2024-12-06", "1-7 January 2022", "the 1990s"."""

from __future__ import annotations

import datetime as dt
import re

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


def _absolute(s: str, published: dt.date | None) -> _Span | bool | None:
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
