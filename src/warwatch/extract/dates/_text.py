"""Date expressions as text: found in a sentence, and normalised before they are read."""

from __future__ import annotations

import re

from warwatch.extract.dates._patterns import _DAYPART, _FIND, _WD


def _normalise(expression: str) -> str:
    s = expression.strip().lower()
    s = s.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\s+", " ", s)
    s = s.strip(" ,;:.!?\"'")
    s = re.sub(r"'s$", "", s)  # "Friday's attack" -> entity "Friday's"
    return s


def _strip_daypart(s: str) -> str:
    """Drop times of day around a day expression ("late Friday night", "early on Friday")."""
    t = re.sub(
        r"^(?:late|early)\s+(?:on\s+)?(?=(?:" + _WD + r"|yesterday|today|last|this)\b)", "", s
    )
    if t != s or re.search(r"\b(?:" + _WD + r"|yesterday|today|tomorrow)\b", t):
        t2 = _DAYPART.sub(" ", t)
        t2 = re.sub(r"\b(?:on|of|in the)\b(?=\s*$)", "", t2)
        t2 = re.sub(r"^(?:the|in the|on the)\s+", "", t2.strip())
        t2 = re.sub(r"\s+", " ", t2).strip(" ,")
        if t2:
            return t2
    return t


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
