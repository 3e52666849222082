"""The actor files read into records: named actors and their aliases, generic rules, periods.

``data/actors.yaml`` gives named actors with aliases (some country-scoped or date-bound);
``data/actor_generic.yaml`` gives the generic rules on head nouns, the regime periods behind the
"(2014-)" suffixes and the demonyms. :class:`~warwatch.extract.actors.ActorDictionary` looks
mentions up in what these functions build.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from unidecode import unidecode

_IRREGULAR = {
    "men": "man",
    "women": "woman",
    "children": "child",
    "people": "person",
    "police": "police",
    "personnel": "personnel",
    "authorities": "authority",
    "militia": "militia",
    "militias": "militia",
    "news": "news",
    "forces": "force",
    "troops": "troop",
    "youths": "youth",
    "thieves": "thief",
    "wives": "wife",
    "lives": "life",
}
_KEEP_S = ("ss", "us", "is", "os", "as")


def singular(word: str) -> str:
    """Crude singular of an English noun (enough for actor heads: 'gunmen' -> 'gunman')."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_KEEP_S) and len(word) > 3:
        return word[:-1]
    return word


def normalise(text: str) -> str:
    """Lower-case, ASCII, possessive 's and punctuation dropped, spaces collapsed."""
    t = unidecode(text).lower()
    t = re.sub(r"'s\b", "", t)
    t = t.replace("'", "").replace("`", "")
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return t.strip()


def acronym_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unidecode(text))


def is_acronym(alias: str) -> bool:
    """'HTS', 'M23', 'AFC/M23', 'MS-13': one word, no lower-case letters, at least one letter."""
    return (
        " " not in alias.strip()
        and alias == alias.upper()
        and any(c.isalpha() for c in alias)
        and len(acronym_key(alias)) <= 8
    )


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class ActorEntry:
    """One named actor of actors.yaml."""

    name: str  # may contain "{period}"
    inter: int
    country: str | None  # alias scope
    home: str | None  # the actor's own country
    label: str = "ORG"


@dataclass(frozen=True)
class Alias:
    entry: int  # index into entries
    text: str  # alias as written
    scope: str | None
    start: dt.date | None
    until: dt.date | None
    context: bool

    def valid(self, date: dt.date | None) -> bool:
        if date is None:
            return True
        if self.start and date < self.start:
            return False
        return not (self.until and date >= self.until)


@dataclass(frozen=True)
class GenericRule:
    id: str
    name: str
    inter: int
    heads: frozenset[str]
    cues: frozenset[str]
    state: bool = False


# Words that head actor mentions beyond the heads of the generic rules ("HTS fighters").
_MEMBER_WORDS = frozenset(
    {"fighter", "mercenary", "paramilitary", "militiaman", "jihadist", "separatist", "force"}
)


def read_entry(raw: dict[str, Any]) -> ActorEntry:
    scope = raw.get("country")
    return ActorEntry(
        name=str(raw["name"]),
        inter=int(raw["inter"]),
        country=scope,
        home=raw.get("home") or scope,
        label=raw.get("label") or "ORG",
    )


def read_aliases(raw: dict[str, Any], idx: int, entry: ActorEntry) -> list[Alias]:
    """The aliases and context aliases of entry ``idx``, in file order."""
    out: list[Alias] = []
    for context, items in (
        (False, raw.get("aliases") or ()),
        (True, raw.get("context_aliases") or ()),
    ):
        # a context alias ("regime forces") is read in the actor's home country by default
        scope = entry.country if not context else (entry.home or entry.country)
        out.extend(_alias(item, idx, scope, context) for item in items)
    return out


def _alias(item: str | dict[str, Any], idx: int, scope: str | None, context: bool) -> Alias:
    """An alias written as text, or as a mapping with its own country and dates."""
    if isinstance(item, dict):
        start, until = as_date(item.get("from")), as_date(item.get("until"))
        return Alias(idx, str(item["alias"]), item.get("country", scope), start, until, context)
    return Alias(idx, str(item), scope, None, None, context)


def read_periods(data: dict[str, Any]) -> dict[str, list[tuple[str, dt.date | None]]]:
    """Regime periods per country: "2014- < 2019-05-20" -> ("2014-", 2019-05-20)."""
    periods: dict[str, list[tuple[str, dt.date | None]]] = {}
    for country, items in (data.get("periods") or {}).items():
        parsed = []
        for item in items:
            label, _, until = str(item).partition("<")
            parsed.append((label.strip(), as_date(until.strip()) if until.strip() else None))
        periods[country] = parsed
    return periods


def read_demonyms(data: dict[str, Any], countries: set[str]) -> dict[str, str]:
    """Normalised demonym -> country; every country named elsewhere also stands for itself."""
    demonyms = {normalise(k): v for k, v in (data.get("demonyms") or {}).items()}
    for country in countries | set(demonyms.values()):
        demonyms.setdefault(normalise(country), country)
    return demonyms


def read_rule(raw: dict[str, Any]) -> GenericRule:
    return GenericRule(
        id=raw["id"],
        name=raw["name"],
        inter=int(raw["inter"]),
        heads=frozenset(
            " ".join(singular(w) for w in normalise(h).split()) for h in raw.get("heads") or ()
        ),
        cues=frozenset(normalise(c) for c in raw.get("cues") or ()),
        state=bool(raw.get("state", False)),
    )


def actor_words(heads: set[str]) -> frozenset[str]:
    """The last word of every head, and the member words: nouns that can head an actor mention."""
    return frozenset(w for h in heads for w in h.split()[-1:]) | _MEMBER_WORDS


def period_of(
    periods: dict[str, list[tuple[str, dt.date | None]]], country: str, date: dt.date | None
) -> str | None:
    """Regime-period suffix for a country at a date ("2014-"); latest one when date is None."""
    items = periods.get(country)
    if not items:
        return None
    if date is not None:
        for label, until in items:
            if until is None or date < until:
                return label
    return items[-1][0]


def fill_name(
    template: str,
    country: str,
    date: dt.date | None,
    periods: dict[str, list[tuple[str, dt.date | None]]],
    article_countries: frozenset[str],
) -> str:
    """An actor name template ("Military Forces of {country} ({period})") for a country and date."""
    period = period_of(periods, country, date)
    country_of = f"the {country}" if country in article_countries else country
    name = template.replace("{country_of}", country_of).replace("{country}", country)
    if "{period}" in name:
        name = (
            name.replace("{period}", period)
            if period
            else name.replace(" ({period})", "").replace("{period}", "")
        )
    return name


# "Russian-backed forces": a demonym before these words is a sponsor, not the actor's country.
_SPONSOR_WORDS = frozenset(
    {"backed", "led", "aligned", "allied", "supported", "funded", "trained", "sponsored", "based"}
)


def demonym_in(mods: list[str], demonyms: dict[str, str]) -> str | None:
    """The country named by the last demonym among a head's modifiers (two words before one)."""
    for i in range(len(mods) - 1, -1, -1):
        for size in (2, 1):
            if i - size + 1 < 0:
                continue
            words = mods[i - size + 1 : i + 1]
            nxt = mods[i + 1] if i + 1 < len(mods) else None
            if nxt in _SPONSOR_WORDS:
                continue
            hit = demonyms.get(" ".join(words))
            if hit:
                return hit
    return None


def ruler_patterns(
    aliases: list[Alias],
    entries: list[ActorEntry],
    fill: Callable[[str, str, dt.date | None], str],
) -> list[dict[str, Any]]:
    """spaCy EntityRuler patterns for the (non-context) aliases; ``id`` = actor name.

    Acronyms are token patterns on ORTH (case-sensitive: 'SDF', not 'sdf'); other aliases
    are phrase patterns, meant for a ruler that matches on LOWER (any casing). Phrase
    patterns keep the ruler fast: spaCy's token matcher over hundreds of LOWER patterns was
    the slowest step after parsing. A name with "{period}" is given its latest period
    (``fill`` names it). Duplicate patterns keep the first actor.
    """
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    seen: set[tuple[str, str]] = set()
    patterns: list[dict[str, Any]] = []
    for alias in aliases:
        if alias.context:
            continue
        entry = entries[alias.entry]
        text = alias.text
        home = entry.home or alias.scope
        name = fill(entry.name, home, None) if home else entry.name
        if is_acronym(text):  # a token pattern: the ruler then also has patterns spaCy can count
            pattern = [{"ORTH": t.text} for t in tokenizer(text)]
            if (entry.label, repr(pattern)) not in seen:
                seen.add((entry.label, repr(pattern)))
                patterns.append({"label": entry.label, "pattern": pattern, "id": name})
            continue
        if (entry.label, text.lower()) not in seen:
            seen.add((entry.label, text.lower()))
            patterns.append({"label": entry.label, "pattern": text, "id": name})
    return patterns
