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

Pure and deterministic; load once (:meth:`ActorDictionary.load`). :mod:`.actor_data` reads the files.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from unidecode import unidecode

from warwatch.extract.actor_data import (
    ActorEntry,
    Alias,
    GenericRule,
    acronym_key,
    actor_words,
    demonym_in,
    fill_name,
    is_acronym,
    normalise,
    period_of,
    read_aliases,
    read_demonyms,
    read_entry,
    read_periods,
    read_rule,
    ruler_patterns,
    singular,
)
from warwatch.records import Actor

__all__ = ["ActorDictionary", "interaction", "normalise"]

_CIVILIAN_OVERRIDES = {"armed_group", "communal_militia", "protesters", "rioters", "gang"}
_CROWD_EVENTS = {"Protests": "protesters", "Riots": "rioters"}


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


class ActorDictionary:
    """Named actors + generic rules. Build with :meth:`load`."""

    def __init__(self, actors_data: dict[str, Any], generic_data: dict[str, Any]) -> None:
        self.version = actors_data.get("version")
        self.entries: list[ActorEntry] = []
        self.aliases: list[Alias] = []
        self._by_key: dict[str, list[Alias]] = {}
        self._by_acronym: dict[str, list[Alias]] = {}
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

    def _load_generic(self, data: dict[str, Any]) -> None:
        self.periods = read_periods(data)
        self.article_countries = frozenset(data.get("article_countries") or ())
        self.demonyms = read_demonyms(data, set(self.periods))
        self.strip_leading = frozenset(normalise(w) for w in data.get("strip_leading") or ())
        self.weak_heads: dict[str, str | None] = dict(data.get("weak_heads") or {})
        self.rules: dict[str, GenericRule] = {}
        self._head_rule: dict[str, str] = {}
        self._cue_rule: dict[str, str] = {}
        for raw in data.get("rules") or []:
            rule = read_rule(raw)
            self.rules[rule.id] = rule
            for h in rule.heads:
                self._head_rule.setdefault(h, rule.id)
            for c in rule.cues:
                self._cue_rule.setdefault(c, rule.id)
        self._actor_words = actor_words(set(self._head_rule) | set(self.weak_heads))

    def _add_entry(self, raw: dict[str, Any]) -> None:
        entry = read_entry(raw)
        idx = len(self.entries)
        self.entries.append(entry)
        for alias in read_aliases(raw, idx, entry):
            self.aliases.append(alias)
            if not alias.context and is_acronym(alias.text):
                self._by_acronym.setdefault(acronym_key(alias.text), []).append(alias)
            else:
                self._by_key.setdefault(self._key(alias.text), []).append(alias)

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
        return period_of(self.periods, country, date)

    def _fill(self, template: str, country: str, date: dt.date | None) -> str:
        return fill_name(template, country, date, self.periods, self.article_countries)

    def _pick(
        self, cands: list[Alias], country: str | None, date: dt.date | None, context: bool
    ) -> Alias | None:
        cands = [a for a in cands if a.context == context and a.valid(date)]
        if not cands:
            return None
        if context:  # a context alias holds only in its own country
            return next((a for a in cands if country and a.scope == country), None)
        if country:
            return _in_country(cands, country, date)
        return _without_country(cands, date)

    def _lookup(
        self,
        toks: list[str],
        orig: str | None,
        country: str | None,
        date: dt.date | None,
        context: bool,
    ) -> Alias | None:
        if not toks:
            return None
        if not context and orig is not None:
            akey = acronym_key(orig)
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

    def _actor_from_alias(
        self, alias: Alias, mention: str, country: str | None, date: dt.date | None
    ) -> Actor:
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
        orig_words = self._original_words(mention)
        toks = self._tokens(mention)
        if not toks:
            return None
        whole = " ".join(orig_words) if orig_words else mention
        # 1-2: whole mention
        for context in (False, True):
            hit = self._lookup(toks, whole, country, date, context)
            if hit:
                return self._actor_from_alias(hit, mention, country, date)
        # 3: named actor modifying a member noun
        found = self._named_before_member(toks, orig_words, country, date)
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

    def _original_words(self, mention: str) -> list[str]:
        """The mention's words as written (for acronyms), without possessives and lead words."""
        words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'’/\-]*", unidecode(mention).replace("’", "'"))
        words = [re.sub(r"'s$", "", w) for w in words]
        while len(words) > 1 and (normalise(words[0]) in self.strip_leading or words[0].isdigit()):
            words.pop(0)
        return words

    def _named_before_member(
        self, toks: list[str], orig_words: list[str], country: str | None, date: dt.date | None
    ) -> Alias | None:
        """'HTS fighters', 'Hezbollah forces': a named actor before a member noun."""
        head = singular(toks[-1])
        if len(toks) > 1 and (head in self._actor_words or head in self._head_rule):
            return self._search_spans(
                toks[:-1],
                orig_words[:-1] if len(orig_words) == len(toks) else None,
                country,
                date,
                min_len=1,
            )
        return None

    def _search_spans(
        self,
        toks: list[str],
        orig: list[str] | None,
        country: str | None,
        date: dt.date | None,
        min_len: int,
    ) -> Alias | None:
        n = len(toks)
        for size in range(n, 0, -1):
            for i in range(n - size + 1):
                span = toks[i : i + size]
                span_orig = " ".join(orig[i : i + size]) if orig else None
                # single words: acronyms only, or capitalised names when the original is known
                if size < min_len and not (
                    span_orig
                    and (acronym_key(span_orig) in self._by_acronym or span_orig[:1].isupper())
                ):
                    continue
                for context in (False, True):
                    hit = self._lookup(span, span_orig, country, date, context)
                    if hit:
                        return hit
        return None

    def _generic(
        self,
        toks: list[str],
        mention: str,
        country: str | None,
        date: dt.date | None,
        event_type: str | None = None,
    ) -> Actor | None:
        picked = self._rule_for(toks)
        if picked is None:
            return None
        rule_id, mods = picked
        if rule_id in ("civilians", "protesters", "rioters") and event_type in _CROWD_EVENTS:
            rule_id = _CROWD_EVENTS[event_type]
        if not rule_id or rule_id not in self.rules:
            return None
        rule = self.rules[rule_id]
        # a state actor's demonym names its country ("Russian forces" in a Ukraine report)
        actor_country = (demonym_in(mods, self.demonyms) or country) if rule.state else country
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

    def _rule_for(self, toks: list[str]) -> tuple[str | None, list[str]] | None:
        """The generic rule a mention's head selects, with the words before the head; None when
        the head is no actor noun."""
        sing = [*toks[:-1], singular(toks[-1])]
        if len(sing) >= 2:  # two-word heads ("armed men", "riot police", "fighter jet")
            two = " ".join(sing[-2:])
            if two in self._head_rule:
                return self._head_rule[two], toks[:-2]
        mods = toks[:-1]
        head = sing[-1]
        cue_rule = next((self._cue_rule[m] for m in reversed(mods) if m in self._cue_rule), None)
        if head in self.weak_heads:
            return cue_rule or self.weak_heads[head], mods
        if head not in self._head_rule:
            return None
        rule_id = self._head_rule[head]
        if rule_id == "civilians" and cue_rule in _CIVILIAN_OVERRIDES:
            rule_id = cue_rule  # "armed villagers", "protesting farmers"
        return rule_id, mods

    def is_actor_word(self, lemma: str) -> bool:
        """Can this noun (lemma) head an actor mention? ('protester', 'soldier', 'police', 'gunman')."""
        if not lemma:
            return False
        word = normalise(lemma)
        return word in self._actor_words or singular(word) in self._actor_words

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler patterns for the (non-context) aliases; ``id`` = actor name (see
        :func:`~warwatch.extract.actor_data.ruler_patterns`)."""
        return ruler_patterns(self.aliases, self.entries, self._fill)

    def names(self) -> list[str]:
        return [e.name for e in self.entries]


def _in_country(cands: list[Alias], country: str, date: dt.date | None) -> Alias | None:
    """In a country: an alias scoped to it, else a global one."""
    for tier in (
        [a for a in cands if a.scope == country],
        [a for a in cands if a.scope is None],
    ):
        if tier:
            return _prefer(tier, date)
    return None


def _without_country(cands: list[Alias], date: dt.date | None) -> Alias | None:
    """Without a country: a global alias, else a scoped one only when it names a single actor."""
    unscoped = [a for a in cands if a.scope is None]
    if unscoped:
        return _prefer(unscoped, date)
    if len({a.entry for a in cands}) == 1:
        return cands[0]
    return None


def _prefer(tier: list[Alias], date: dt.date | None) -> Alias:
    if date is None and len(tier) > 1:
        # undated: the alias reading valid today (open-ended) wins over a closed one
        open_ended = [a for a in tier if a.until is None]
        if open_ended:
            return open_ended[0]
    return tier[0]
