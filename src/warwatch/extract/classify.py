"""Sentence text -> ACLED sub-event type, by the cue decision list in ``data/event_cues.yaml``.

The classifier is deliberately transparent: every decision names the rule and the cues that
fired, so an analyst can see why a sentence was coded as it was and fix the data file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Rule:
    sub_event_type: str
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    victim: str | None = None


@dataclass(frozen=True)
class Decision:
    sub_event_type: str
    cues: frozenset[str]
    rule_index: int


@dataclass(frozen=True)
class CodingWords:
    """The words read beside the cues when a cluster is coded (``coding:`` in the cue file)."""

    trigger_cues: Mapping[str, str]  # sub-event type -> the cue whose match is its trigger
    fallback_triggers: tuple[str, ...]
    casualty_words: frozenset[str]
    period_words: tuple[str, ...]
    period_phrase: re.Pattern[str]
    background: re.Pattern[str]
    no_casualties: tuple[str, ...]
    organisation_heads: frozenset[str]
    conditional_marks: frozenset[str]
    habitual_adverbs: frozenset[str]
    statement_verbs: frozenset[str]
    happening_verbs: frozenset[str]
    place_words: frozenset[str]
    accident_words: re.Pattern[str]
    attack_words: re.Pattern[str]
    not_places: frozenset[str]
    violent_cues: frozenset[str]
    place_preposition: re.Pattern[str]
    place_word_before_name: re.Pattern[str]
    date_words: re.Pattern[str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CodingWords:
        return cls(
            trigger_cues=dict(data["trigger_cues"]),
            fallback_triggers=tuple(data["fallback_triggers"]),
            casualty_words=frozenset(data["casualty_words"]),
            period_words=tuple(data["period_words"]),
            period_phrase=re.compile(data["period_phrase"], re.IGNORECASE),
            background=re.compile(data["background"], re.IGNORECASE),
            no_casualties=tuple(data["no_casualties"]),
            organisation_heads=frozenset(w.lower() for w in data["organisation_heads"]),
            conditional_marks=frozenset(data["conditional_marks"]),
            habitual_adverbs=frozenset(data["habitual_adverbs"]),
            statement_verbs=frozenset(data["statement_verbs"]),
            happening_verbs=frozenset(data["happening_verbs"]),
            place_words=frozenset(data["place_words"]),
            accident_words=re.compile(data["accident_words"], re.IGNORECASE),
            attack_words=re.compile(data["attack_words"], re.IGNORECASE),
            not_places=frozenset(w.lower() for w in data["not_places"]),
            violent_cues=frozenset(data["violent_cues"]),
            place_preposition=re.compile(data["place_preposition"], re.IGNORECASE),
            place_word_before_name=re.compile(data["place_word_before_name"]),
            date_words=re.compile(data["date_words"]),
        )


_RECENT_TEXTS = 4096  # texts whose cues are remembered (a few batches of articles)


@dataclass(frozen=True)
class CueBook:
    cues: dict[str, re.Pattern[str]]
    rules: tuple[Rule, ...]
    victims: dict[str, re.Pattern[str]]
    version: int
    coding: CodingWords
    # the cues of recent texts: the NER's triage (warwatch.extract.triage) asks first, extraction
    # asks again for the same sentence, and the forty-odd patterns are the costly part
    _recent: dict[tuple[str, int, int | None], dict[str, re.Match[str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def cues_in(
        self, text: str, start: int = 0, end: int | None = None
    ) -> dict[str, re.Match[str]]:
        """The cues found in ``text[start:end]``, each with its first match (offsets in ``text``)."""
        key = (text, start, end)
        found = self._recent.get(key)
        if found is None:
            if len(self._recent) >= _RECENT_TEXTS:
                self._recent.clear()
            found = self._recent[key] = {}
            for name, pattern in self.cues.items():
                match = pattern.search(text, start, len(text) if end is None else end)
                if match:
                    found[name] = match
        return dict(found)

    def victim_kind(self, text: str) -> str | None:
        """'civilian' or 'armed' for the victims a sentence names (civilian wins a tie)."""
        hits = {kind: len(p.findall(text)) for kind, p in self.victims.items()}
        if not any(hits.values()):
            return None
        return "civilian" if hits.get("civilian", 0) >= hits.get("armed", 0) else "armed"

    def decide(self, found: set[str] | frozenset[str], victim: str | None) -> Decision | None:
        for index, rule in enumerate(self.rules):
            if any(c not in found for c in rule.all):
                continue
            if rule.any and not any(c in found for c in rule.any):
                continue
            if any(c in found for c in rule.none):
                continue
            if rule.victim and rule.victim != victim:
                continue
            return Decision(rule.sub_event_type, frozenset(found), index)
        return None


def load_cuebook(path: str | None = None) -> CueBook:
    """Load the cue file (the packaged one by default); ``Knowledge.load`` calls it once."""
    if path is None:
        text = resources.files("warwatch").joinpath("data/event_cues.yaml").read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    data = yaml.safe_load(text)
    cues = {name: re.compile(rx, re.IGNORECASE) for name, rx in data["cues"].items()}
    rules = []
    for spec in data["rules"]:
        rule = Rule(
            sub_event_type=spec["type"],
            all=tuple(spec.get("all", ())),
            any=tuple(spec.get("any", ())),
            none=tuple(spec.get("none", ())),
            victim=spec.get("victim"),
        )
        unknown = [c for c in (*rule.all, *rule.any, *rule.none) if c not in cues]
        if unknown:
            raise ValueError(f"event_cues: rule {spec} names unknown cues {unknown}")
        rules.append(rule)
    victims = {
        kind: re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
        for kind, words in data.get("victims", {}).items()
    }
    coding = CodingWords.from_data(data["coding"])
    unknown = [
        c for c in (*coding.trigger_cues.values(), *coding.fallback_triggers) if c not in cues
    ]
    if unknown:
        raise ValueError(f"event_cues: coding names unknown cues {unknown}")
    return CueBook(
        cues=cues, rules=tuple(rules), victims=victims, version=int(data["version"]), coding=coding
    )
