"""Lenient comparisons used by the scorer: names, dates, places."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from unidecode import unidecode

#: Dates within this many days are always compatible (and count as "±1 day" correct).
DATE_SLACK_DAYS = 1
#: With ``time_precision`` 2 (week) on either side, dates this close are compatible.
WEEK_SLACK_DAYS = 6
#: Places whose coordinates are this close are compatible.
PLACE_KM = 50.0
#: "Close" share of the km-error statistic.
CLOSE_KM = 25.0

_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NON_WORD = re.compile(r"[^\w]+")
_LEADING_THE = re.compile(r"^the ")


def normalise(name: str | None) -> str:
    """Casefold, transliterate to ASCII, punctuation to spaces, collapse whitespace."""
    if not name:
        return ""
    text = unidecode(unicodedata.normalize("NFKC", name)).casefold()
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def loose(name: str | None) -> str:
    """:func:`normalise` after dropping parenthesised parts ("(2000-2024)", "(Syria)") and a
    leading "the"."""
    if not name:
        return ""
    previous = None
    text = name
    while previous != text:  # nested brackets
        previous, text = text, _PAREN.sub(" ", text)
    return _LEADING_THE.sub("", normalise(text))


def names_match(a: str | None, b: str | None) -> bool:
    """Default lenient name equality: :func:`normalise` equal, or else :func:`loose` equal."""
    if not a or not b:
        return False
    na, nb = normalise(a), normalise(b)
    if na and na == nb:
        return True
    la, lb = loose(a), loose(b)
    return bool(la) and la == lb


def default_same_admin1(a: str, b: str, country: str | None = None) -> bool:
    """Default admin1 comparison (``country`` is for gazetteer-backed callables; ignored here)."""
    return names_match(a, b)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def dates_compatible(
    gold: dt.date | None,
    gold_precision: int | None,
    pred: dt.date | None,
    pred_precision: int | None,
    pred_start: dt.date | None = None,
    pred_end: dt.date | None = None,
) -> bool:
    """Matching rule for dates (a missing date on either side is compatible).

    Compatible when ``|gold - pred| <= 1`` day; or either precision is 2 (week) and
    ``|gold - pred| <= 6`` days; or either precision is >= 3 (month) and both fall in the same
    calendar month; or the prediction's ``start``..``end`` range contains the gold date.
    """
    if gold is None or pred is None:
        return True
    delta = abs((gold - pred).days)
    if delta <= DATE_SLACK_DAYS:
        return True
    coarsest = max(gold_precision or 1, pred_precision or 1)
    if coarsest >= 2 and delta <= WEEK_SLACK_DAYS:
        return True
    if coarsest >= 3 and (gold.year, gold.month) == (pred.year, pred.month):
        return True
    return pred_start is not None and pred_end is not None and pred_start <= gold <= pred_end
