"""Stage 2 of extraction: which sentences describe one happening.

A sentence that adds detail to the previous event (no date of its own, right after it, and no
place of its own or only places that repeat or widen the previous one: 'Police dispersed them',
'the insurgents entered the towns without facing any resistance') joins that event's cluster.
A bare denial ('The army denied it.') is attached to the cluster before it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from warwatch.extract import figures
from warwatch.extract.knowledge import Knowledge
from warwatch.extract.sentences import DatedOffsets, SentenceFacts
from warwatch.records import EventDate, Place


@dataclass(frozen=True)
class Cluster:
    """Sentences describing one happening, with what they say together."""

    facts: tuple[SentenceFacts, ...]
    cues: Mapping[str, re.Match[str]]  # cue name -> first match, in the sentence of ``cue_sent``
    cue_sent: Mapping[str, Span]  # cue name -> the sentence it was first found in
    claimant: str | None
    verb: Token | None  # the claimant's attribution verb
    figures: tuple[tuple[figures.RawFigure, Span], ...] = ()  # each figure with its sentence

    @property
    def sents(self) -> list[Span]:
        return [f.sent for f in self.facts]

    @property
    def first(self) -> SentenceFacts:
        return self.facts[0]

    @property
    def dated(self) -> DatedOffsets:
        return self.first.dated  # sentences join only when they have no date of their own

    @property
    def places(self) -> tuple[Place, ...]:
        return self.first.places

    @property
    def context_date(self) -> EventDate | None:
        return self.first.context_date


@dataclass(frozen=True)
class Denial:
    """'The military denied it': the cluster it denies (by index) and who denies it."""

    cluster_index: int
    claimant: str | None


@dataclass(frozen=True)
class Clustering:
    clusters: tuple[Cluster, ...]
    denials: tuple[Denial, ...]


@dataclass
class _Open:
    """A cluster being built (local to ``cluster_sentences``)."""

    facts: list[SentenceFacts]
    cues: dict[str, re.Match[str]] = field(default_factory=dict)
    cue_sent: dict[str, Span] = field(default_factory=dict)

    def add(self, facts: SentenceFacts) -> None:
        self.facts.append(facts)
        for name, match in facts.cues.items():
            if name not in self.cues:
                self.cues[name] = match
                self.cue_sent[name] = facts.sent

    def freeze(self) -> Cluster:
        claimant, verb = self.facts[0].claimant, self.facts[0].verb
        for later in self.facts[1:]:
            if claimant is None and later.claimant:
                claimant, verb = later.claimant, later.verb
        raw = tuple((r, f.sent) for f in self.facts for r in f.raw_figures)
        return Cluster(tuple(self.facts), dict(self.cues), dict(self.cue_sent), claimant, verb, raw)


def cluster_sentences(sentences: Sequence[SentenceFacts], kb: Knowledge) -> Clustering:
    """Stage 2: group the event sentences of a document into happenings, in text order."""
    built: list[_Open] = []
    denials: list[Denial] = []
    for facts in sentences:
        if facts.denial:
            denials.append(Denial(len(built) - 1, facts.claimant))
            continue
        previous = built[-1] if built else None
        if previous is not None and joins(previous, facts, kb):
            previous.add(facts)
            continue
        opened = _Open([])
        opened.add(facts)
        built.append(opened)
    return Clustering(tuple(c.freeze() for c in built), tuple(denials))


def joins(previous: _Open, facts: SentenceFacts, kb: Knowledge) -> bool:
    """Whether a sentence adds detail to the event just before it rather than telling a new one."""
    if facts.dated or facts.index - previous.facts[-1].index > 1:
        return False
    event_places = facts.event_places
    return not event_places or restates(previous.cues, previous.facts[0].places, facts, kb)


def restates(
    before_cues: Mapping[str, re.Match[str]],
    before_places: Sequence[Place],
    facts: SentenceFacts,
    kb: Knowledge,
) -> bool:
    """A same-kind sentence whose places only widen or repeat the previous event's place
    ('Demonstrations took place in various parts of Bahrain') elaborates on it."""
    before = kb.cues.decide(set(before_cues), None)
    own = kb.cues.decide(set(facts.cues), None)
    if before is None or own is None:
        return False
    types = kb.taxonomy
    if types[before.sub_event_type].event_type != types[own.sub_event_type].event_type:
        return False
    anchor = next((p for p in before_places if p.role == "event" and p.latitude is not None), None)
    if anchor is None:
        return False
    return all(_same_or_wider(place, anchor) for place in facts.event_places)


def _same_or_wider(place: Place, anchor: Place) -> bool:
    return place.name == anchor.name or (
        place.geo_precision == 3
        and place.country == anchor.country
        and (place.admin1 in {None, anchor.admin1} or place.feature == "country")
    )
