"""Tests for warwatch.extract.dates (publication date Saturday 2024-12-07 unless said otherwise)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from warwatch.extract.dates import (
    find_date_expressions,
    is_historical,
    parse_iso_or_text,
    resolve_date,
)
from warwatch.records import EventDate

PUB = dt.date(2024, 12, 7)  # a Saturday
D = dt.date


def _r(expr: str, pub: dt.date | None = PUB) -> EventDate:
    ev = resolve_date(expr, pub)
    assert ev is not None, expr
    return ev


# ---------------------------------------------------------------- single days


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("Friday", D(2024, 12, 6)),
        ("late Friday", D(2024, 12, 6)),
        ("early Friday", D(2024, 12, 6)),
        ("Friday morning", D(2024, 12, 6)),
        ("Friday night", D(2024, 12, 6)),
        ("late on Friday", D(2024, 12, 6)),
        ("on Friday", D(2024, 12, 6)),
        ("Friday's", D(2024, 12, 6)),
        ("Saturday", D(2024, 12, 7)),  # same weekday as publication: the day itself
        ("on Saturday", D(2024, 12, 7)),
        ("Sunday", D(2024, 12, 1)),
        ("last Tuesday", D(2024, 12, 3)),
        ("last Saturday", D(2024, 11, 30)),  # "last" is strictly before publication
        ("yesterday", D(2024, 12, 6)),
        ("last night", D(2024, 12, 6)),
        ("today", D(2024, 12, 7)),
        ("this morning", D(2024, 12, 7)),
        ("two days ago", D(2024, 12, 5)),
        ("2 days ago", D(2024, 12, 5)),
        ("on 6 December", D(2024, 12, 6)),
        ("6 December 2024", D(2024, 12, 6)),
        ("December 6, 2024", D(2024, 12, 6)),
        ("Dec. 6", D(2024, 12, 6)),
        ("6th of December", D(2024, 12, 6)),
        ("Friday, 6 December 2024", D(2024, 12, 6)),
        ("2024-12-06", D(2024, 12, 6)),
    ],
)
def test_single_days(expr: str, expected: dt.date) -> None:
    ev = _r(expr)
    assert ev.date == expected
    assert ev.time_precision == 1
    assert ev.text == expr
    assert ev.start is None and ev.end is None


def test_day_month_takes_nearest_year() -> None:
    # A report of 3 January 2025 speaking of "28 December" means 2024.
    assert _r("28 December", D(2025, 1, 3)).date == D(2024, 12, 28)
    # Up to 31 days ahead beats eleven months back; further ahead, the past occurrence wins.
    assert _r("5 January").date == D(2025, 1, 5)
    assert _r("1 March").date == D(2024, 3, 1)


# ---------------------------------------------------------------- weeks and few-day ranges


def test_last_week_is_previous_iso_week() -> None:
    # The week's middle stands for it (ACLED precision 2): Thursday of Monday 25 .. Sunday 1.
    assert _r("last week") == EventDate(
        D(2024, 11, 28), 2, "last week", D(2024, 11, 25), D(2024, 12, 1)
    )


def test_this_week_is_current_iso_week() -> None:
    # The middle of the days up to publication (Monday 2 .. Saturday 7), not of the whole week.
    ev = _r("this week")
    assert (ev.date, ev.time_precision, ev.start, ev.end) == (
        D(2024, 12, 4),
        2,
        D(2024, 12, 2),
        D(2024, 12, 8),
    )
    ev = _r("earlier this week")
    assert (ev.date, ev.time_precision, ev.start, ev.end) == (
        D(2024, 12, 4),
        2,
        D(2024, 12, 2),
        PUB,
    )


@pytest.mark.parametrize("expr", ["the weekend", "over the weekend", "weekend"])
def test_weekend_before_publication(expr: str) -> None:
    ev = _r(expr)
    assert (ev.date, ev.time_precision, ev.start, ev.end) == (
        D(2024, 11, 30),
        2,
        D(2024, 11, 30),
        D(2024, 12, 1),
    )


def test_weekend_from_monday_report() -> None:
    ev = _r("over the weekend", D(2024, 12, 9))
    assert (ev.start, ev.end) == (D(2024, 12, 7), D(2024, 12, 8))


def test_recent_days_and_rolling_windows() -> None:
    ev = _r("in recent days")
    assert (ev.date, ev.time_precision, ev.start, ev.end) == (
        D(2024, 12, 3),
        2,
        D(2024, 11, 30),
        PUB,
    )
    ev = _r("the past 24 hours")
    assert (ev.date, ev.time_precision, ev.start, ev.end) == (
        D(2024, 12, 6),
        1,
        D(2024, 12, 6),
        PUB,
    )
    ev = _r("the past week")
    assert (ev.start, ev.end, ev.time_precision) == (D(2024, 11, 30), PUB, 2)
    ev = _r("the past two weeks")
    assert (ev.start, ev.end, ev.time_precision) == (D(2024, 11, 23), PUB, 3)
    ev = _r("a few days ago")
    assert (ev.date, ev.time_precision) == (D(2024, 12, 4), 2)


# ---------------------------------------------------------------- months, years, ranges


def test_months() -> None:
    assert _r("October") == EventDate(D(2024, 10, 1), 3, "October", D(2024, 10, 1), D(2024, 10, 31))
    assert _r("last month") == EventDate(
        D(2024, 11, 1), 3, "last month", D(2024, 11, 1), D(2024, 11, 30)
    )
    # A month after the publication month is last year's.
    assert _r("in March", D(2024, 2, 10)).date == D(2023, 3, 1)
    assert _r("December").date == D(2024, 12, 1)


def test_in_late_october() -> None:
    ev = _r("in late October")
    assert (ev.date, ev.time_precision, ev.start, ev.end) == (
        D(2024, 10, 21),
        3,
        D(2024, 10, 21),
        D(2024, 10, 31),
    )
    ev = _r("early November")
    assert (ev.date, ev.time_precision, ev.start, ev.end) == (
        D(2024, 11, 1),
        3,
        D(2024, 11, 1),
        D(2024, 11, 10),
    )


def test_years() -> None:
    assert _r("2011") == EventDate(D(2011, 1, 1), 3, "2011", D(2011, 1, 1), D(2011, 12, 31))
    ev = _r("mid-2023")
    assert (ev.date, ev.time_precision, ev.start, ev.end) == (
        D(2023, 5, 1),
        3,
        D(2023, 5, 1),
        D(2023, 8, 31),
    )
    ev = _r("late last year")
    assert (ev.start, ev.end) == (D(2023, 9, 1), D(2023, 12, 31))
    ev = _r("the 1990s")
    assert (ev.start, ev.end, ev.time_precision) == (D(1990, 1, 1), D(1999, 12, 31), 3)


def test_since() -> None:
    assert _r("since 2017") == EventDate(D(2017, 1, 1), 3, "since 2017", D(2017, 1, 1), PUB)
    ev = _r("since the offensive began last week")
    assert (ev.date, ev.start, ev.end) == (D(2024, 11, 25), D(2024, 11, 25), PUB)
    ev = _r("since Friday")
    assert (ev.start, ev.end, ev.time_precision) == (D(2024, 12, 6), PUB, 2)


def test_between() -> None:
    ev = _r("between 2011 and 2021")
    assert ev == EventDate(
        D(2011, 1, 1), 3, "between 2011 and 2021", D(2011, 1, 1), D(2021, 12, 31)
    )
    ev = _r("between 3 and 5 December")
    assert (ev.date, ev.time_precision, ev.start, ev.end) == (
        D(2024, 12, 3),
        2,
        D(2024, 12, 3),
        D(2024, 12, 5),
    )
    ev = _r("2011-2012")
    assert (ev.start, ev.end) == (D(2011, 1, 1), D(2012, 12, 31))


def test_forward_words_resolve_forward() -> None:
    assert _r("tomorrow").date == D(2024, 12, 8)
    ev = _r("next week")
    assert (ev.date, ev.time_precision, ev.start, ev.end) == (
        D(2024, 12, 12),  # the middle of the whole week, all of it after publication
        2,
        D(2024, 12, 9),
        D(2024, 12, 15),
    )
    assert _r("next Friday").date == D(2024, 12, 13)
    assert _r("next Saturday").date == D(2024, 12, 14)


# ---------------------------------------------------------------- not dates / impossible


@pytest.mark.parametrize(
    "expr",
    ["13-year-long", "13 years", "three days", "24 hours", "", "   ", "31 February 2024",
     "2024-13-45", "30/02/2024", "the offensive", "before 2017"],
)  # fmt: skip
def test_none(expr: str) -> None:
    assert resolve_date(expr, PUB) is None


# ---------------------------------------------------------------- no publication date


@pytest.mark.parametrize(
    "expr",
    ["Friday", "late Friday", "last week", "yesterday", "the weekend", "6 December", "October",
     "two days ago", "in recent days", "tomorrow", "since last week"],
)  # fmt: skip
def test_relative_without_publication_is_none(expr: str) -> None:
    assert resolve_date(expr, None) is None


def test_absolute_without_publication() -> None:
    assert _r("6 December 2024", None).date == D(2024, 12, 6)
    assert _r("December 6, 2024", None).date == D(2024, 12, 6)
    assert _r("2011", None).start == D(2011, 1, 1)
    assert _r("October 2023", None) == EventDate(
        D(2023, 10, 1), 3, "October 2023", D(2023, 10, 1), D(2023, 10, 31)
    )
    ev = _r("since 2017", None)
    assert (ev.date, ev.start, ev.end, ev.time_precision) == (D(2017, 1, 1), D(2017, 1, 1), None, 3)
    assert _r("between 2011 and 2021", None).end == D(2021, 12, 31)


# ---------------------------------------------------------------- ACLED note forms


@pytest.mark.parametrize(
    "expr, date, precision, start, end",
    [
        ("On 3 January 2022", D(2022, 1, 3), 1, None, None),
        ("On 15 March 2022 (as reported)", D(2022, 3, 15), 1, None, None),
        ("Around 9 January 2022 (as reported)", D(2022, 1, 9), 2, None, None),
        ("Around 12 April 2022", D(2022, 4, 12), 2, None, None),
        ("On or around 12 April 2022", D(2022, 4, 12), 2, None, None),
        ("Around 20 March 2022 (week of)", D(2022, 3, 20), 2, D(2022, 3, 14), D(2022, 3, 20)),
        ("Around 25 June 2022 (weekend of)", D(2022, 6, 25), 2, D(2022, 6, 25), D(2022, 6, 26)),
        ("Around 1 January 2022 (month of)", D(2022, 1, 1), 3, D(2022, 1, 1), D(2022, 1, 31)),
        (
            "Around 2 April 2022 (between 28 March - 2 April)",
            D(2022, 4, 2),
            2,
            D(2022, 3, 28),
            D(2022, 4, 2),
        ),
        (
            "Around 22 March 2022 (from 15 - 22 March)",
            D(2022, 3, 22),
            2,
            D(2022, 3, 15),
            D(2022, 3, 22),
        ),
        (
            "Around 7 June 2022 (between 3 - 10 June)",
            D(2022, 6, 7),
            2,
            D(2022, 6, 3),
            D(2022, 6, 10),
        ),
        ("On 1-7 January 2022", D(2022, 1, 1), 2, D(2022, 1, 1), D(2022, 1, 7)),
        (
            "Around 4 February 2022 (between 21 January - 11 February)",
            D(2022, 2, 4),
            3,
            D(2022, 1, 21),
            D(2022, 2, 11),
        ),
    ],
)
def test_acled_note_forms(expr, date, precision, start, end) -> None:
    for pub in (None, PUB):
        ev = _r(expr, pub)
        assert (ev.date, ev.time_precision, ev.start, ev.end) == (date, precision, start, end)


def test_find_date_expressions_in_acled_notes() -> None:
    note = (
        "Property destruction: On 20 June 2022, near El Hoyo municipality (Chubut), unidentified "
        "attackers burned a machine."
    )
    assert find_date_expressions(note) == [(22, 37, "On 20 June 2022")]
    note = "Around 9 January 2022 (as reported), four members of IS were arrested in Achin."
    found = find_date_expressions(note)
    assert found[0] == (0, 35, "Around 9 January 2022 (as reported)")
    note = "Around 1 January 2022 (month of), 2 former policemen were arrested."
    assert find_date_expressions(note)[0][2] == "Around 1 January 2022 (month of)"


def test_find_date_expressions_news_sentence() -> None:
    text = (
        "Shelling killed three people late Friday, two days ago officials said, after fighting "
        "last week and on January 3, 2022 and 2022-01-05; the sun sat down."
    )
    spans = [t for _, _, t in find_date_expressions(text)]
    assert spans == ["late Friday", "two days ago", "last week", "on January 3, 2022", "2022-01-05"]
    for s, e, t in find_date_expressions(text):
        assert text[s:e] == t


# ---------------------------------------------------------------- helpers


def test_is_historical() -> None:
    assert is_historical(_r("in 2011"), PUB) is True
    assert is_historical(_r("between 2011 and 2021"), PUB) is True
    assert is_historical(_r("last week"), PUB) is False
    assert is_historical(_r("since 2017"), PUB) is False
    assert is_historical(_r("in late October"), PUB) is False  # ended 37 days before
    assert is_historical(_r("August"), PUB) is True  # ended 98 days before
    assert is_historical(_r("2011", None), None) is False
    assert is_historical(EventDate(None), PUB) is False


def test_parse_iso_or_text() -> None:
    assert parse_iso_or_text("2024-12-06") == D(2024, 12, 6)
    assert parse_iso_or_text("2024-12-06T10:15:00Z") == D(2024, 12, 6)
    assert parse_iso_or_text("6 December 2024") == D(2024, 12, 6)
    assert parse_iso_or_text("December 6, 2024") == D(2024, 12, 6)
    assert parse_iso_or_text("06/12/2024") == D(2024, 12, 6)
    assert parse_iso_or_text("6 December") is None
    assert parse_iso_or_text("2024-02-30") is None
    assert parse_iso_or_text("") is None


def test_dateparser_fallback_uses_publication_anchor() -> None:
    # Not covered by the hand-written grammar: goes through dateparser, anchored on PUB.
    assert _r("a fortnight ago").date == D(2024, 11, 23)
    assert _r("December the 6th").date == D(2024, 12, 6)
    assert resolve_date("December the 6th", None) is None


def test_speed() -> None:
    exprs = ["late Friday", "last week", "in late October", "since 2017", "6 December 2024"]
    resolve_date.cache_clear()
    resolve_date("a fortnight ago", PUB)  # warm up dateparser
    t = time.perf_counter()
    n = 0
    for day in range(1, 29):
        pub = D(2024, 11, day)
        for e in exprs:
            resolve_date(e, pub)
            n += 1
    assert (time.perf_counter() - t) / n < 0.001
