"""Words and regular expressions of date expressions, shared by the date modules."""

from __future__ import annotations

import re

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
_NUM = r"(?:\d+|a couple of|a few|couple|few|several|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety|hundred)"
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
