"""Matching rules for exhaustively coded news articles (``required`` / optional gold events).

An article's gold lists every event it reports (``news_dev/README.md``): ``required`` events are
the article's own news and are owed; optional ones (background, captions, disputed claims) absorb
a matching prediction without being owed. Alternatives a careful coder would accept are given as
``<field>_any`` lists and ``date_tolerance_days`` widens the date match.

A prediction matches a gold event of its article when all three agree:

- **type**: its ``event_type`` is the gold ``event_type`` or one of ``event_type_any``;
- **date**: it has a date within ``date_tolerance_days`` of the gold date (at least
  :data:`MIN_TOLERANCE_DAYS`, as date words like "overnight" straddle midnight); a prediction
  without a date matches no dated gold event, since an undated event is no use to an analyst;
- **place**: its place name (or mention) is a gold location or ``location_any`` name, or its
  admin-1 is the gold admin-1 or an ``admin1_any`` name (case and transliteration aside, through
  the gazetteer when the runner provides it); when the gold names no place below the country, its
  country is the gold ``country`` or one of ``country_any``.

Pairs are one-to-one and formed in two rounds: required gold events first, then optional ones
with the predictions left. Each round takes the largest set of pairs (an assignment, not a greedy
pass, so one prediction that fits two gold events cannot cost a match), and among equally many
the pairs with the same sub-event type, fewer days apart and an exact place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from warwatch.evaluation.compare import names_match, normalise
from warwatch.evaluation.events import Comparators
from warwatch.records import EventRecord

#: The narrowest date window: the gold day itself and one day either side.
MIN_TOLERANCE_DAYS = 1
#: Separators between several claimants in a gold ``claimant`` ("Witnesses; activists",
#: "police / officials"); a bracketed remark ("(Pakistan denies role)") is not a claimant.
CLAIMANT_SEPARATORS = re.compile(r";|\s/\s")
_REMARK = re.compile(r"\([^()]*\)")
# One matched pair outweighs any sum of preferences, so an assignment maximises the pair count
# first. Preferences stay below 1 per pair and at most a few hundred pairs fit in an article.
_PAIR_WEIGHT = 1_000_000.0


def _names(raw: Mapping[str, object], key: str) -> tuple[str, ...]:
    """The gold value of ``key`` followed by its ``<key>_any`` alternatives, empty ones dropped."""
    values: list[object] = [raw.get(key)]
    extra = raw.get(f"{key}_any")
    if isinstance(extra, list):
        values.extend(extra)
    return tuple(dict.fromkeys(v for v in values if isinstance(v, str) and v.strip()))


def _gold_date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else None


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class ArticleEvent:
    """One gold event of an exhaustively coded article, with every name a coder accepts."""

    index: int  # position in the article's gold list
    required: bool
    event_types: tuple[str, ...]
    sub_event_types: tuple[str, ...]
    date: dt.date | None
    tolerance_days: int
    locations: tuple[str, ...]
    admin1s: tuple[str, ...]
    countries: tuple[str, ...]
    actors: tuple[str, ...]  # actor1, actor2 and their alternatives: roles are not scored here
    fatalities: int | None
    claimants: tuple[str, ...]
    note: str | None

    @classmethod
    def of(cls, index: int, raw: Mapping[str, object]) -> ArticleEvent:
        tolerance = _int_or_none(raw.get("date_tolerance_days")) or 0
        claimant = raw.get("claimant")
        note = raw.get("note")
        return cls(
            index=index,
            required=raw.get("required", True) is not False,
            event_types=_names(raw, "event_type"),
            sub_event_types=_names(raw, "sub_event_type"),
            date=_gold_date(raw.get("event_date")),
            tolerance_days=max(MIN_TOLERANCE_DAYS, tolerance),
            locations=_names(raw, "location"),
            admin1s=_names(raw, "admin1"),
            countries=_names(raw, "country"),
            actors=_names(raw, "actor1") + _names(raw, "actor2"),
            fatalities=_int_or_none(raw.get("fatalities")),
            claimants=_split_claimants(claimant),
            note=note if isinstance(note, str) else None,
        )

    @property
    def names_a_place(self) -> bool:
        return bool(self.locations or self.admin1s)


def _split_claimants(value: object) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    parts = CLAIMANT_SEPARATORS.split(_REMARK.sub(" ", value))
    return tuple(" ".join(part.split()) for part in parts if part.strip())


def article_events(raw_events: Iterable[Mapping[str, object]]) -> list[ArticleEvent]:
    return [ArticleEvent.of(i, raw) for i, raw in enumerate(raw_events)]


def is_article_coding(raw_events: Sequence[Mapping[str, object]] | None) -> bool:
    """Whether a gold event list is coded with ``required`` / optional events."""
    return bool(raw_events) and any("required" in raw for raw in raw_events or ())


# --- the three agreements ---------------------------------------------------------------------


def _in_labels(value: str | None, labels: Sequence[str]) -> bool:
    return bool(value) and normalise(value) in {normalise(label) for label in labels}


def type_agrees(gold: ArticleEvent, pred: EventRecord) -> bool:
    return _in_labels(pred.event_type, gold.event_types)


def sub_event_type_agrees(gold: ArticleEvent, pred: EventRecord) -> bool:
    return _in_labels(pred.sub_event_type, gold.sub_event_types)


def days_apart(gold: ArticleEvent, pred: EventRecord) -> int | None:
    if gold.date is None or pred.date.date is None:
        return None
    return abs((gold.date - pred.date.date).days)


def date_agrees(gold: ArticleEvent, pred: EventRecord) -> bool:
    if gold.date is None:
        return True
    days = days_apart(gold, pred)
    return days is not None and days <= gold.tolerance_days


def _place_names(pred: EventRecord) -> list[str]:
    if pred.place is None:
        return []
    return [n for n in (pred.place.name, pred.place.mention) if n]


def _place_admin1(pred: EventRecord) -> str | None:
    place = pred.place
    if place is None:
        return None
    if place.admin1:
        return place.admin1
    return place.name if place.feature == "admin1" else None


def location_agrees(gold: ArticleEvent, pred: EventRecord, cmp: Comparators) -> bool:
    names = _place_names(pred)
    return any(cmp.same_place(loc, name) for loc in gold.locations for name in names)


def admin1_agrees(gold: ArticleEvent, pred: EventRecord, cmp: Comparators) -> bool:
    admin1 = _place_admin1(pred)
    country = gold.countries[0] if gold.countries else None
    return admin1 is not None and any(cmp.same_admin1(a, admin1, country) for a in gold.admin1s)


def country_agrees(gold: ArticleEvent, pred: EventRecord) -> bool:
    country = pred.place.country if pred.place is not None else None
    return any(names_match(c, country) for c in gold.countries)


def place_agrees(gold: ArticleEvent, pred: EventRecord, cmp: Comparators) -> bool:
    if not gold.names_a_place:
        return country_agrees(gold, pred)
    return location_agrees(gold, pred, cmp) or admin1_agrees(gold, pred, cmp)


def matches(gold: ArticleEvent, pred: EventRecord, cmp: Comparators) -> bool:
    """FORMAT.md's rule for articles: type, date and place all agree."""
    return type_agrees(gold, pred) and date_agrees(gold, pred) and place_agrees(gold, pred, cmp)


def disagreements(gold: ArticleEvent, pred: EventRecord, cmp: Comparators) -> tuple[str, ...]:
    """Which of the three rules a pair fails: ``type``, ``date``, ``place`` (empty: a match)."""
    checks = (
        ("type", type_agrees(gold, pred)),
        ("date", date_agrees(gold, pred)),
        ("place", place_agrees(gold, pred, cmp)),
    )
    return tuple(name for name, ok in checks if not ok)


#: The near-miss kind of a prediction that matches a gold event already paired with another one.
REPEAT = "repeat"


def near_misses(
    gold: Sequence[ArticleEvent],
    preds: Sequence[EventRecord],
    pairs: Sequence[tuple[int, int]],
    cmp: Comparators,
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """What almost matched, for the error listing: two lists of ``(gold index, prediction
    index, kind)``, one for the unpaired predictions and one for the missed required events.

    For an unpaired prediction, the first gold event (required ones first) it matches but which
    is taken (kind :data:`REPEAT`: a second report of one happening), else the first it fails by
    one rule only (kind = that rule). For a missed required event, the first prediction
    (unpaired ones first) it fails by one rule only.
    """
    paired_gold = {gi for gi, _ in pairs}
    paired_pred = {pi for _, pi in pairs}
    ordered = sorted(gold, key=lambda g: not g.required)
    for_predictions = [
        near
        for pi, p in enumerate(preds)
        if pi not in paired_pred
        for near in [_near_gold(ordered, pi, p, cmp)]
        if near is not None
    ]
    # unpaired predictions first: the false positive that would have been this event
    order = sorted(range(len(preds)), key=lambda pi: pi in paired_pred)
    for_missed = [
        near
        for g in gold
        if g.required and g.index not in paired_gold
        for near in [_near_prediction(g, preds, order, cmp)]
        if near is not None
    ]
    return for_predictions, for_missed


def _near_gold(
    ordered: Sequence[ArticleEvent], pi: int, pred: EventRecord, cmp: Comparators
) -> tuple[int, int, str] | None:
    off = {g.index: disagreements(g, pred, cmp) for g in ordered}
    repeat = next((gi for gi, d in off.items() if not d), None)
    if repeat is not None:
        return repeat, pi, REPEAT
    single = next((gi for gi, d in off.items() if len(d) == 1), None)
    return None if single is None else (single, pi, off[single][0])


def _near_prediction(
    gold: ArticleEvent, preds: Sequence[EventRecord], order: Sequence[int], cmp: Comparators
) -> tuple[int, int, str] | None:
    for pi in order:
        off = disagreements(gold, preds[pi], cmp)
        if len(off) == 1:
            return gold.index, pi, off[0]
    return None


# --- pairing ----------------------------------------------------------------------------------


def _preference(gold: ArticleEvent, pred: EventRecord, cmp: Comparators) -> float:
    """Below 1; lower is better: same sub-event type, then fewer days, then an exact place."""
    days = days_apart(gold, pred) or 0
    return (
        0.5 * (not sub_event_type_agrees(gold, pred))
        + 0.3 * min(days, 30) / 30
        + 0.1 * (gold.names_a_place and not location_agrees(gold, pred, cmp))
    )


def _assign(
    gold: Sequence[ArticleEvent], preds: Sequence[EventRecord], free: list[int], cmp: Comparators
) -> list[tuple[int, int]]:
    """The largest one-to-one set of matching (gold index, prediction index) pairs."""
    if not gold or not free:
        return []
    cost = np.zeros((len(gold), len(free)))
    ok = np.zeros((len(gold), len(free)), dtype=bool)
    for row, g in enumerate(gold):
        for col, pi in enumerate(free):
            if matches(g, preds[pi], cmp):
                ok[row, col] = True
                cost[row, col] = _preference(g, preds[pi], cmp) - _PAIR_WEIGHT
    rows, cols = linear_sum_assignment(cost)
    return [(gold[r].index, free[c]) for r, c in zip(rows, cols) if ok[r, c]]


def pair_events(
    gold: Sequence[ArticleEvent], preds: Sequence[EventRecord], cmp: Comparators
) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs: required gold events first."""
    free = list(range(len(preds)))
    pairs = _assign([g for g in gold if g.required], preds, free, cmp)
    taken = {pi for _, pi in pairs}
    free = [pi for pi in free if pi not in taken]
    return pairs + _assign([g for g in gold if not g.required], preds, free, cmp)


# --- fields on matched required events --------------------------------------------------------


def _claimant_agrees(
    gold: ArticleEvent, pred: EventRecord, cmp: Comparators, outlet: str | None
) -> bool:
    """The predicted claimant is one of the gold claimants, or names one in fewer words (an
    outlet's "activists" for the gold "Syrian opposition activists"). When the gold claimant is
    the outlet itself (``outlet``, the document's source), a prediction stated in the report's
    own voice, without a claimant, agrees."""
    claimant = pred.claimant
    if not claimant:
        return outlet is not None and any(names_match(name, outlet) for name in gold.claimants)
    words = normalise(claimant).split()
    return any(
        cmp.same_actor(name, claimant) or _contains_words(normalise(name).split(), words)
        for name in gold.claimants
    )


def _contains_words(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _actor_agrees(gold: ArticleEvent, pred: EventRecord, cmp: Comparators) -> bool:
    names = [a.name for a in (pred.actor1, pred.actor2) if a is not None and a.name]
    return any(cmp.same_actor(g, p) for g in gold.actors for p in names)


#: Fields scored on matched required events, in report order.
ARTICLE_FIELDS: tuple[str, ...] = (
    "sub_event_type",
    "event_date",
    "location",
    "fatalities",
    "actor",
    "claimant",
)


def field_agreement(
    gold: ArticleEvent, pred: EventRecord, cmp: Comparators, outlet: str | None = None
) -> dict[str, bool]:
    """Agreement per scored field of a matched pair; a field the gold leaves empty is not scored.

    ``fatalities``: a prediction without a toll counts as 0. ``actor``: actor1 or actor2 is one
    of the gold actors (either role, alternatives included). ``outlet`` is the document's source,
    for the claimant.
    """
    scored = {
        "sub_event_type": bool(gold.sub_event_types),
        "event_date": gold.date is not None,
        "location": bool(gold.locations),
        "fatalities": gold.fatalities is not None,
        "actor": bool(gold.actors),
        "claimant": bool(gold.claimants),
    }
    agree = {
        "sub_event_type": sub_event_type_agrees(gold, pred),
        "event_date": gold.date == pred.date.date,
        "location": location_agrees(gold, pred, cmp),
        "fatalities": gold.fatalities == (pred.fatalities or 0),
        "actor": _actor_agrees(gold, pred, cmp),
        "claimant": _claimant_agrees(gold, pred, cmp, outlet),
    }
    return {name: agree[name] for name in ARTICLE_FIELDS if scored[name]}
