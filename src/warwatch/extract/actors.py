"""Actor dictionary and a pure resolver: surface mention (+ document country/date) -> ACLED-style actor.

Data lives in two user-editable files (package data by default):

* ``data/actors.yaml``: named actors (``name``, ``inter``, ``country`` scope, ``home``, ``aliases``,
  ``context_aliases``), e.g. "HTS" -> "Hayat Tahrir al-Sham".
* ``data/actor_generic.yaml``: rules for generic ACLED actors built from the head noun of a mention
  ("protesters" -> "Protesters (India)", "Russian troops" -> "Military Forces of Russia (2000-)"),
  the regime-period table behind the "(2014-)" suffixes, and the demonym table.

Resolution order in :meth:`ActorDictionary.resolve`:

1. the whole mention as an alias (acronyms case-sensitively; country-scoped aliases before global ones);
2. the whole mention as a context alias of the document country ("regime forces" in Syria);
3. a named actor inside a mention headed by a member noun ("HTS fighters", "Hezbollah forces");
4. a generic rule on the head noun, with modifier cues ("police officers", "armed men") and
   demonyms ("Russian forces" names Russia even in a Ukraine document);
5. any multi-word or acronym alias inside the mention ("the Kurdish-led SDF coalition").

Everything is pure and deterministic; load once and cache (:meth:`ActorDictionary.load`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from unidecode import unidecode

from warwatch.records import Actor

__all__ = ["ActorDictionary", "interaction", "normalise"]

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
# "Russian-backed forces": a demonym before these words is a sponsor, not the actor's country.
_SPONSOR_WORDS = {
    "backed",
    "led",
    "aligned",
    "allied",
    "supported",
    "funded",
    "trained",
    "sponsored",
    "based",
}
_NONE = object()
_CIVILIAN_OVERRIDES = {"armed_group", "communal_militia", "protesters", "rioters", "gang"}
_CROWD_EVENTS = {"Protests": "protesters", "Riots": "rioters"}


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


def _acronym_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unidecode(text))


def _is_acronym(alias: str) -> bool:
    """'HTS', 'M23', 'AFC/M23', 'MS-13': one word, no lower-case letters, at least one letter."""
    return (
        " " not in alias.strip()
        and alias == alias.upper()
        and any(c.isalpha() for c in alias)
        and len(_acronym_key(alias)) <= 8
    )


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def interaction(inter1: int | None, inter2: int | None = None) -> int | None:
    """ACLED two-digit interaction code: lower inter code first; one actor alone -> inter*10.

    >>> interaction(2, 1), interaction(7, 8), interaction(1, None)
    (12, 78, 10)
    """
    codes = [c for c in (inter1, inter2) if c]
    if not codes or any(not (isinstance(c, int) and 1 <= c <= 8) for c in codes):
        return None
    if len(codes) == 1:
        return codes[0] * 10
    lo, hi = sorted(codes)
    return lo * 10 + hi


@dataclass(frozen=True)
class ActorEntry:
    """One named actor of actors.yaml."""

    name: str  # may contain "{period}"
    inter: int
    country: str | None  # alias scope
    home: str | None  # the actor's own country
    label: str = "ORG"


@dataclass(frozen=True)
class _Alias:
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


class ActorDictionary:
    """Named actors + generic rules. Build with :meth:`load`."""

    def __init__(self, actors_data: dict, generic_data: dict):
        self.version = actors_data.get("version")
        self.entries: list[ActorEntry] = []
        self.aliases: list[_Alias] = []
        self._by_key: dict[str, list[_Alias]] = {}
        self._by_acronym: dict[str, list[_Alias]] = {}
        self._load_generic(generic_data)
        for raw in actors_data.get("actors") or []:
            self._add_entry(raw)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(
        cls, path: str | Path | None = None, generic_path: str | Path | None = None
    ) -> ActorDictionary:
        """Read actors.yaml (and actor_generic.yaml); defaults are the package data files.

        A custom ``path`` without ``generic_path`` uses ``actor_generic.yaml`` beside it when present,
        else the packaged one.
        """
        pkg = resources.files("warwatch") / "data"
        if path is None:
            actors_text = (pkg / "actors.yaml").read_text(encoding="utf-8")
        else:
            actors_text = Path(path).read_text(encoding="utf-8")
            if generic_path is None and (Path(path).parent / "actor_generic.yaml").exists():
                generic_path = Path(path).parent / "actor_generic.yaml"
        if generic_path is None:
            generic_text = (pkg / "actor_generic.yaml").read_text(encoding="utf-8")
        else:
            generic_text = Path(generic_path).read_text(encoding="utf-8")
        return cls(yaml.safe_load(actors_text) or {}, yaml.safe_load(generic_text) or {})

    def _load_generic(self, data: dict) -> None:
        self.periods: dict[str, list[tuple[str, dt.date | None]]] = {}
        for country, items in (data.get("periods") or {}).items():
            parsed = []
            for item in items:
                label, _, until = str(item).partition("<")
                parsed.append((label.strip(), _as_date(until.strip()) if until.strip() else None))
            self.periods[country] = parsed
        self.article_countries = frozenset(data.get("article_countries") or ())
        self.demonyms: dict[str, str] = {
            normalise(k): v for k, v in (data.get("demonyms") or {}).items()
        }
        for country in set(self.periods) | set(self.demonyms.values()):
            self.demonyms.setdefault(normalise(country), country)
        self.strip_leading = frozenset(normalise(w) for w in data.get("strip_leading") or ())
        self.weak_heads: dict[str, str | None] = dict(data.get("weak_heads") or {})
        self.rules: dict[str, GenericRule] = {}
        self._head_rule: dict[str, str] = {}
        self._cue_rule: dict[str, str] = {}
        for raw in data.get("rules") or []:
            rule = GenericRule(
                id=raw["id"],
                name=raw["name"],
                inter=int(raw["inter"]),
                heads=frozenset(
                    " ".join(singular(w) for w in normalise(h).split())
                    for h in raw.get("heads") or ()
                ),
                cues=frozenset(normalise(c) for c in raw.get("cues") or ()),
                state=bool(raw.get("state", False)),
            )
            self.rules[rule.id] = rule
            for h in rule.heads:
                self._head_rule.setdefault(h, rule.id)
            for c in rule.cues:
                self._cue_rule.setdefault(c, rule.id)
        self._actor_words = frozenset(
            w for h in set(self._head_rule) | set(self.weak_heads) for w in h.split()[-1:]
        ) | {
            "fighter",
            "mercenary",
            "paramilitary",
            "militiaman",
            "jihadist",
            "separatist",
            "force",
        }

    def _add_entry(self, raw: dict) -> None:
        scope = raw.get("country")
        entry = ActorEntry(
            name=str(raw["name"]),
            inter=int(raw["inter"]),
            country=scope,
            home=raw.get("home") or scope,
            label=raw.get("label") or "ORG",
        )
        idx = len(self.entries)
        self.entries.append(entry)
        for context, items in (
            (False, raw.get("aliases") or ()),
            (True, raw.get("context_aliases") or ()),
        ):
            for item in items:
                if isinstance(item, dict):
                    text = str(item["alias"])
                    item_scope = item.get(
                        "country", scope if not context else (entry.home or scope)
                    )
                    start, until = _as_date(item.get("from")), _as_date(item.get("until"))
                else:
                    text = str(item)
                    item_scope = scope if not context else (entry.home or scope)
                    start = until = None
                alias = _Alias(idx, text, item_scope, start, until, context)
                self.aliases.append(alias)
                if not context and _is_acronym(text):
                    self._by_acronym.setdefault(_acronym_key(text), []).append(alias)
                else:
                    self._by_key.setdefault(self._key(text), []).append(alias)

    # ------------------------------------------------------------------ helpers
    def _tokens(self, text: str) -> list[str]:
        toks = normalise(text).split()
        while len(toks) > 1 and (toks[0] in self.strip_leading or toks[0].isdigit()):
            toks.pop(0)
        return toks

    def _key(self, text: str) -> str:
        toks = self._tokens(text)
        return " ".join([*toks[:-1], singular(toks[-1])]) if toks else ""

    def period(self, country: str, date: dt.date | None = None) -> str | None:
        """Regime-period suffix for a country at a date ("2014-"); latest one when date is None."""
        items = self.periods.get(country)
        if not items:
            return None
        if date is not None:
            for label, until in items:
                if until is None or date < until:
                    return label
        return items[-1][0]

    def _country_of(self, country: str) -> str:
        return f"the {country}" if country in self.article_countries else country

    def _fill(self, template: str, country: str, date: dt.date | None) -> str:
        period = self.period(country, date)
        name = template.replace("{country_of}", self._country_of(country)).replace(
            "{country}", country
        )
        if "{period}" in name:
            name = (
                name.replace("{period}", period)
                if period
                else name.replace(" ({period})", "").replace("{period}", "")
            )
        return name

    def _pick(
        self, cands: list[_Alias], country: str | None, date: dt.date | None, context: bool
    ) -> _Alias | None:
        cands = [a for a in cands if a.context == context and a.valid(date)]
        if not cands:
            return None
        if context:
            scoped = [a for a in cands if country and a.scope == country]
            return scoped[0] if scoped else None
        if country:
            for tier in (
                [a for a in cands if a.scope == country],
                [a for a in cands if a.scope is None],
            ):
                if tier:
                    return self._prefer(tier, date)
            return None
        unscoped = [a for a in cands if a.scope is None]
        if unscoped:
            return self._prefer(unscoped, date)
        if len({a.entry for a in cands}) == 1:
            return cands[0]
        return None

    @staticmethod
    def _prefer(tier: list[_Alias], date: dt.date | None) -> _Alias:
        if date is None and len(tier) > 1:
            # undated: the alias reading valid today (open-ended) wins over a closed one
            open_ended = [a for a in tier if a.until is None]
            if open_ended:
                return open_ended[0]
        return tier[0]

    def _lookup(
        self, toks: list[str], orig: str | None, country, date, context: bool
    ) -> _Alias | None:
        if not toks:
            return None
        if not context and orig is not None:
            akey = _acronym_key(orig)
            hits = self._by_acronym.get(akey) or (
                self._by_acronym.get(akey[:-1])
                if akey.endswith("s") and akey[:-1].isupper()
                else None
            )
            if hits:
                found = self._pick(hits, country, date, context)
                if found:
                    return found
        keys = [" ".join([*toks[:-1], singular(toks[-1])])]
        if toks[-1] in self._actor_words:  # "rebel fighter" also finds "rebel fighters"
            keys.append(" ".join([*toks[:-1], toks[-1] + "s"]))
        for key in keys:
            hits = self._by_key.get(key)
            if hits:
                found = self._pick(hits, country, date, context)
                if found:
                    return found
        return None

    def _actor_from_alias(self, alias: _Alias, mention: str, country: str | None, date) -> Actor:
        entry = self.entries[alias.entry]
        home = entry.home or alias.scope or country
        name = self._fill(entry.name, home, date) if home else entry.name.replace(" ({period})", "")
        inter = entry.inter
        if inter == 1 and entry.home and country and entry.home != country:
            inter = 8
        return Actor(name=name, inter=inter, mention=mention, country=home)

    # ------------------------------------------------------------------ public API
    def resolve(
        self,
        mention: str,
        country: str | None = None,
        date: dt.date | None = None,
        event_type: str | None = None,
    ) -> Actor | None:
        """Normalised actor for a surface mention, or None.

        ``country`` is the document/event country (ACLED name), ``date`` the event or publication
        date (selects date-bound aliases and regime periods; None = today's reading). ``event_type``
        (ACLED event type, optional) applies ACLED's convention that unorganised people taking part in
        a "Protests" event are "Protesters (X)" and in a "Riots" event "Rioters (X)" ("health workers
        staged a demonstration" -> Protesters).
        """
        if not mention or not mention.strip():
            return None
        orig_words = re.findall(
            r"[A-Za-z0-9][A-Za-z0-9'’/\-]*", unidecode(mention).replace("’", "'")
        )
        orig_words = [re.sub(r"'s$", "", w) for w in orig_words]
        while len(orig_words) > 1 and (
            normalise(orig_words[0]) in self.strip_leading or orig_words[0].isdigit()
        ):
            orig_words.pop(0)
        toks = self._tokens(mention)
        if not toks:
            return None
        whole = " ".join(orig_words) if orig_words else mention
        # 1-2: whole mention
        for context in (False, True):
            hit = self._lookup(toks, whole, country, date, context)
            if hit:
                return self._actor_from_alias(hit, mention, country, date)
        head = singular(toks[-1])
        # 3: named actor modifying a member noun
        if len(toks) > 1 and (head in self._actor_words or head in self._head_rule):
            found = self._search_spans(
                toks[:-1],
                orig_words[:-1] if len(orig_words) == len(toks) else None,
                country,
                date,
                min_len=1,
            )
            if found:
                return self._actor_from_alias(found, mention, country, date)
        # 4: generic rule
        actor = self._generic(toks, mention, country, date, event_type)
        if actor:
            return actor
        # 5: any multi-word / acronym alias inside
        found = self._search_spans(
            toks, orig_words if len(orig_words) == len(toks) else None, country, date, min_len=2
        )
        if found:
            return self._actor_from_alias(found, mention, country, date)
        return None

    def _search_spans(self, toks, orig, country, date, min_len: int) -> _Alias | None:
        n = len(toks)
        for size in range(n, 0, -1):
            for i in range(n - size + 1):
                span = toks[i : i + size]
                span_orig = " ".join(orig[i : i + size]) if orig else None
                # single words: acronyms only, or capitalised names when the original is known
                if size < min_len and not (
                    span_orig
                    and (_acronym_key(span_orig) in self._by_acronym or span_orig[:1].isupper())
                ):
                    continue
                for context in (False, True):
                    hit = self._lookup(span, span_orig, country, date, context)
                    if hit:
                        return hit
        return None

    def _generic(
        self, toks: list[str], mention: str, country: str | None, date, event_type=None
    ) -> Actor | None:
        sing = [*toks[:-1], singular(toks[-1])]
        rule_id: str | object | None = _NONE
        mods = toks[:-1]
        if len(sing) >= 2:  # two-word heads ("armed men", "riot police", "fighter jet")
            two = " ".join(sing[-2:])
            if two in self._head_rule:
                rule_id, mods = self._head_rule[two], toks[:-2]
        head = sing[-1]
        cue_rule = next((self._cue_rule[m] for m in reversed(mods) if m in self._cue_rule), None)
        if rule_id is _NONE:
            if head in self.weak_heads:
                rule_id = cue_rule or self.weak_heads[head]
            elif head in self._head_rule:
                rule_id = self._head_rule[head]
                if rule_id == "civilians" and cue_rule in _CIVILIAN_OVERRIDES:
                    rule_id = cue_rule  # "armed villagers", "protesting farmers"
            else:
                return None
        if rule_id in ("civilians", "protesters", "rioters") and event_type in _CROWD_EVENTS:
            rule_id = _CROWD_EVENTS[event_type]
        if not rule_id or rule_id not in self.rules:
            return None
        rule = self.rules[rule_id]
        actor_country = country
        if rule.state:
            demonym = self._demonym(mods)
            if demonym:
                actor_country = demonym
        if not actor_country:
            return None
        inter = rule.inter
        if rule.state and country and actor_country != country:
            inter = 8
        return Actor(
            name=self._fill(rule.name, actor_country, date),
            inter=inter,
            mention=mention,
            country=actor_country,
        )

    def _demonym(self, mods: list[str]) -> str | None:
        for i in range(len(mods) - 1, -1, -1):
            for size in (2, 1):
                if i - size + 1 < 0:
                    continue
                words = mods[i - size + 1 : i + 1]
                nxt = mods[i + 1] if i + 1 < len(mods) else None
                if nxt in _SPONSOR_WORDS:
                    continue
                hit = self.demonyms.get(" ".join(words))
                if hit:
                    return hit
        return None

    def is_actor_word(self, lemma: str) -> bool:
        """Can this noun (lemma) head an actor mention? ('protester', 'soldier', 'police', 'gunman')."""
        if not lemma:
            return False
        word = normalise(lemma)
        return word in self._actor_words or singular(word) in self._actor_words

    def ruler_patterns(self) -> list[dict]:
        """spaCy EntityRuler patterns for the (non-context) aliases; ``id`` = actor name.

        Acronyms are token patterns on ORTH (case-sensitive: 'SDF', not 'sdf'); other aliases
        are phrase patterns, meant for a ruler that matches on LOWER (any casing). Phrase
        patterns keep the ruler fast: spaCy's token matcher over hundreds of LOWER patterns was
        the slowest step after parsing. A name with "{period}" is given its latest period.
        Duplicate patterns keep the first actor.
        """
        import spacy

        tokenizer = spacy.blank("en").tokenizer
        seen: set[tuple[str, str]] = set()
        patterns: list[dict] = []
        for alias in self.aliases:
            if alias.context:
                continue
            entry = self.entries[alias.entry]
            text = alias.text
            home = entry.home or alias.scope
            name = self._fill(entry.name, home, None) if home else entry.name
            if _is_acronym(
                text
            ):  # a token pattern: the ruler then also has patterns spaCy can count
                pattern = [{"ORTH": t.text} for t in tokenizer(text)]
                if (entry.label, repr(pattern)) not in seen:
                    seen.add((entry.label, repr(pattern)))
                    patterns.append({"label": entry.label, "pattern": pattern, "id": name})
                continue
            if (entry.label, text.lower()) not in seen:
                seen.add((entry.label, text.lower()))
                patterns.append({"label": entry.label, "pattern": text, "id": name})
        return patterns

    def names(self) -> list[str]:
        return [e.name for e in self.entries]
