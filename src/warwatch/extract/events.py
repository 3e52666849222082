"""From a parsed document to event and figure records.

The chain, per document:
1. sentences with no event cue and no figure are skipped (triage);
2. each remaining sentence is classified by the cue decision list; a sentence that adds detail
   to the previous event (no place or date of its own: 'Police dispersed them', 'the insurgents
   entered the towns without facing any resistance') joins that event's cluster and can refine it;
3. per cluster: places (with roles), date (the sentence's own, else the last date the report
   gave), actors, fatalities, claimant and stance; a capture of several places gives one event
   per place;
4. statements about history ('in 2011 ...') and predictions ('could lead to ...') are kept out
   of the events; a denial ('the military denied that') yields a denied copy of what it denies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from warwatch.extract import claims, dates, figures, places
from warwatch.extract.actors import ActorDictionary
from warwatch.extract.classify import CueBook
from warwatch.records import (
    DENIED,
    PREDICTED,
    Actor,
    Document,
    EventDate,
    EventRecord,
    Evidence,
    Extraction,
    Figure,
    Place,
)
from warwatch.taxonomy import sub_event_types

PlaceResolver = Callable[[str, Sequence[str], Sequence[Place], str | None], Place]
CountryOf = Callable[[str], str | None]

_PERIOD_WORDS = ("since", "so far", "in total", "toll", "over the past", "to date", "overall", "between 19", "between 20")
_DESCRIPTIVE = frozenset({"acl", "relcl", "appos"})
_INTENT_LEMMAS = {
    "plan", "set", "threaten", "intend", "want", "aim", "hope", "prepare", "vow", "pledge", "seek",
    "try", "attempt", "expect", "deploy", "ready", "able", "order", "call", "urge", "decide", "agree",
    "refuse", "fail", "need", "have", "promise", "warn", "continue", "begin", "start", "move",
}
_HARM_LEMMAS = {"kill", "shoot", "murder", "stab", "behead", "execute", "beat", "injure", "wound", "attack", "torture", "hack", "die", "killing", "assault", "lynch", "abduct", "kidnap"}
_NOT_COMBATANT = re.compile(r"\b(former|ex-|off-duty|retired|unarmed|demobili[sz]ed)\b", re.I)
_PERIOD_PHRASE = re.compile(r"\b(since|so far|in total|death toll|between \w+ and|to date|overall|over the past|cumulative)\b", re.I)
# Background, not news: 'has been plagued by attacks in recent years', 'since 2017 ...'
_BACKGROUND = re.compile(r"\b(in recent years|over the years|for years|for decades|in the past decade|historically|since (19|20)\d\d|during the (\w+[- ])*(civil )?war)\b", re.I)


@dataclass(frozen=True)
class Knowledge:
    """What extraction needs besides the text: cue rules, actors and the gazetteer (passed in)."""

    cues: CueBook
    actors: ActorDictionary
    resolve_place: PlaceResolver
    country_of: CountryOf
    resolve_within: Callable[[str, Sequence[str], Sequence[str]], Place | None] = lambda *_: None


@dataclass
class _Cluster:
    sents: list[Span]
    dated: list[tuple[int, EventDate]]  # (document offset, date) of the date expressions in it
    found: dict  # cue name -> first regex match (offsets relative to that sentence)
    cue_sent: dict  # cue name -> sentence it was found in
    places: list[Place]
    date: EventDate | None
    date_inherited: bool
    claimant: str | None
    verb: Token | None
    figures: list[figures.RawFigure] = field(default_factory=list)
    figure_sents: list[Span] = field(default_factory=list)
    context_date: EventDate | None = None  # the last date the report gave before this sentence


def extract(doc: Doc, document: Document, kb: Knowledge) -> Extraction:
    """All events and figures of one document. Pure: no I/O, no clock, no global state."""
    ctx = claims.ClaimantContext(actors=kb.actors, date=document.published)
    sents = list(doc.sents)
    focus = _focus_countries(doc, kb)
    clusters: list[_Cluster] = []
    figure_records: list[Figure] = []
    last_date: EventDate | None = None
    last_date_index = -10
    denials: list[tuple[int, str | None]] = []  # (cluster index denied, claimant)

    for index, sent in enumerate(sents):
        text = sent.text
        found = kb.cues.cues_in(text)
        raw_figures = figures.find_figures(text)
        dated = _sentence_dates(sent, document.published)
        sent_date = dated[0][1] if dated else None
        historical = sent_date is not None and dates.is_historical(sent_date, document.published)
        historical = historical or bool(_BACKGROUND.search(text))
        context_date = last_date if last_date is not None and index - last_date_index <= 6 else None
        if sent_date is not None and not historical and sent_date.time_precision <= 2:
            last_date, last_date_index = sent_date, index
        if clusters and _is_bare_denial(sent):
            claimant, _ = claims.find_claimant(sent, ctx)
            denials.append((len(clusters) - 1, claimant))
            continue
        if not found and not raw_figures:
            continue
        if _is_heading(sent):
            continue  # headlines restate the report's events in the present tense
        claimant, verb = claims.find_claimant(sent, ctx)
        denied = _denied_span(sent, verb)
        if denied is not None:  # 'denied reports that its troops had withdrawn': code what is denied
            found = kb.cues.cues_in(text, *denied) or found
        figure_records.extend(
            _figure_records(raw_figures, sent, document, claimant, sent_date, kb, focus)
        )
        if historical or not found:
            continue
        sent_places = _resolve_places(sent, focus, kb)
        event_places = [p for p in sent_places if p.role == "event"]
        previous = clusters[-1] if clusters else None
        joins = (
            previous is not None
            and not _is_heading(sent)
            and sent_date is None
            and index - _sent_index(sents, previous.sents[-1]) <= 1
            and (not event_places or _restates(previous, found, event_places, kb))
        )
        if joins and previous is not None:
            previous.sents.append(sent)
            previous.dated.extend(dated)
            for name, match in found.items():
                if name not in previous.found:
                    previous.found[name] = match
                    previous.cue_sent[name] = sent
            previous.figures.extend(raw_figures)
            previous.figure_sents.extend([sent] * len(raw_figures))
            if previous.claimant is None and claimant:
                previous.claimant, previous.verb = claimant, verb
            continue
        inherited = sent_date is None
        date = sent_date
        if date is None and last_date is not None and index - last_date_index <= 6:
            date = last_date
        clusters.append(
            _Cluster(
                sents=[sent],
                dated=list(dated),
                found=dict(found),
                cue_sent={name: sent for name in found},
                places=sent_places,
                date=date,
                date_inherited=inherited,
                context_date=context_date,
                claimant=claimant,
                verb=verb,
                figures=list(raw_figures),
                figure_sents=[sent] * len(raw_figures),
            )
        )

    events: list[EventRecord] = []
    cluster_events: list[list[EventRecord]] = []
    previous_place: Place | None = None
    for cluster in clusters:
        made = _cluster_events(cluster, document, kb, focus, previous_place)
        if made and made[-1].place is not None:
            previous_place = made[-1].place
        cluster_events.append(made)
        events.extend(made)
    events = _merge_restatements(events)
    for cluster_index, denier in denials:
        for event in cluster_events[cluster_index]:
            events.append(dataclasses.replace(event, stance=DENIED, claimant=denier))
    entities = tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)
    return Extraction(document=document, events=tuple(events), figures=tuple(figure_records), entities=entities)


def _restates(previous: _Cluster, found: dict, event_places: list[Place], kb: Knowledge) -> bool:
    """A same-kind sentence whose places only widen or repeat the previous event's place
    ('Demonstrations took place in various parts of Bahrain') elaborates on it."""
    before = kb.cues.decide(set(previous.found), None)
    own = kb.cues.decide(set(found), None)
    if before is None or own is None:
        return False
    types = sub_event_types()
    if types[before.sub_event_type].event_type != types[own.sub_event_type].event_type:
        return False
    anchor = next((p for p in previous.places if p.role == "event" and p.latitude is not None), None)
    if anchor is None:
        return False
    for place in event_places:
        same = place.name == anchor.name or (place.geo_precision == 3 and place.country == anchor.country and (place.admin1 in {None, anchor.admin1} or place.feature == "country"))
        if not same:
            return False
    return True


def _is_heading(sent: Span) -> bool:
    """A headline or subheading: a line of its own without a final full stop."""
    text = sent.text.rstrip()
    following = sent.text_with_ws[len(text) :] + places.text_of(sent.doc)[sent.end_char : sent.end_char + 2]
    return not text.endswith((".", "!", "?", "”", '"', "’", ":")) and "\n" in following


def _merge_restatements(events: list[EventRecord]) -> list[EventRecord]:
    """One report restating an event ('Protesters marched ... Protesters marched again through X')
    gives one event: same sub-event type, place, date and stance merge, keeping the first evidence
    and the highest fatality count stated."""
    merged: dict[tuple, EventRecord] = {}
    for event in events:
        place = event.place.name or event.place.mention if event.place else None
        key = (event.sub_event_type, place, event.date.date, event.stance)
        first = merged.get(key)
        if first is None:
            merged[key] = event
            continue
        counts = [c for c in (first.fatalities, event.fatalities) if c is not None]
        merged[key] = dataclasses.replace(
            first,
            fatalities=max(counts) if counts else None,
            actor1=first.actor1 or event.actor1,  # 'lost control of Daraa' ... 'taken by local groups'
            actor2=first.actor2 or event.actor2,
        )
    return list(merged.values())


def _sent_index(sents: list[Span], sent: Span) -> int:
    for i, s in enumerate(sents):
        if s.start == sent.start:
            return i
    return -1


def _denied_span(sent: Span, verb: Token | None) -> tuple[int, int] | None:
    """Sentence-relative character range of what a denial verb denies, or None."""
    if verb is None or verb.lemma_ not in {"deny", "refute", "reject", "dismiss"}:
        return None
    heads = [c for c in verb.children if c.dep_ in {"dobj", "ccomp"}]
    clauses = [t for h in heads for t in h.subtree if t.dep_ == "advcl" and t != h]  # ', saying ...'
    cut = {t.i for clause in clauses for t in clause.subtree}
    tokens = [t for h in heads for t in h.subtree if t.i not in cut and not t.is_punct]
    if not tokens:
        return None
    start = min(t.idx for t in tokens) - sent.start_char
    end = max(t.idx + len(t.text) for t in tokens) - sent.start_char
    return start, end


def _is_bare_denial(sent: Span) -> bool:
    """'But the military denied that ...': a denial whose object is the previous statement."""
    for tok in sent:
        if tok.lemma_ in {"deny", "refute", "reject", "dismiss"} and tok.pos_ == "VERB":
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if nxt is None or nxt.lower_ in {"this", "it", "the", "these", "those", "such"}:
                return True
            if nxt.lower_ == "that":  # 'denied that' + a clause is a denial of its own; + 'in ...' is bare
                after = tok.doc[tok.i + 2] if tok.i + 2 < len(tok.doc) else None
                return after is None or after.pos_ in {"ADP", "PUNCT", "CCONJ", "ADV"}
            return nxt.pos_ in {"PUNCT", "ADP"}
    return False


def _focus_countries(doc: Doc, kb: Knowledge) -> list[str]:
    # Only names used as places count: 'the US supreme court' or 'a Russian drone' say nothing
    # about where the report happens.
    names: list[str] = []
    for ent in doc.ents:
        if ent.label_ == "GPE" and not places.is_modifier(ent):
            country = kb.country_of(ent.text)
            if country:
                names.append(country)
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])


def _sentence_dates(sent: Span, published: dt.date | None) -> list[tuple[int, EventDate]]:
    """The resolvable dates a sentence gives, in text order (DATE entities, then explicit forms)."""
    spans = [(e.start_char, e.text) for e in sent.ents if e.label_ == "DATE"]
    spans += [(sent.start_char + s, t) for s, _, t in dates.find_date_expressions(sent.text)]
    out: list[tuple[int, EventDate]] = []
    seen: set[int] = set()
    for offset, text in sorted(spans):
        if offset in seen:
            continue
        resolved = dates.resolve_date(text, published)
        if resolved is not None and resolved.date is not None:
            out.append((offset, resolved))
            seen.add(offset)
    return out


def _resolve_places(sent: Span, focus: list[str], kb: Knowledge) -> list[Place]:
    """Resolve each place mention; 'X (District, Province)' and 'X, Province' narrow the search to
    the enclosing units, and a name the gazetteer lacks falls back to the enclosing admin-1."""
    resolved: list[Place] = []
    for mention in places.mentions_in(sent):
        hint = {"admin": "province", "city": "city"}.get(mention.hint or "") or ("near" if mention.role == "near" else None)
        place = None
        if mention.parent:
            units = [u.strip() for u in mention.parent.split(",")]
            for text in dict.fromkeys(t for t in (mention.full, mention.text) if t):
                place = kb.resolve_within(text, units, focus)
                if place is not None and place.feature != "admin1":
                    break
        if place is None or (place.feature == "admin1" and mention.hint != "admin"):
            best = None
            for text in dict.fromkeys(t for t in (mention.full, mention.text) if t):
                candidate = kb.resolve_place(text, focus, resolved, hint)
                if candidate.latitude is not None:
                    best = candidate
                    break
            if best is not None and (place is None or best.admin1 == place.admin1):
                place = best
        place = dataclasses.replace(place, mention=mention.text) if place is not None else Place(mention=mention.text)
        resolved.append(places.with_role(place, mention))
    return resolved


def _cluster_events(cluster: _Cluster, document: Document, kb: Knowledge, focus: list[str], previous_place: Place | None) -> list[EventRecord]:
    first = cluster.sents[0]
    victim = _victim_kind(cluster, kb)
    decision = kb.cues.decide(set(cluster.found), victim)
    if decision is None:
        return []
    sub = sub_event_types()[decision.sub_event_type]
    trigger_cue = _trigger_cue(decision.sub_event_type, cluster)
    match = cluster.found.get(trigger_cue) if trigger_cue else None
    trigger_sent = cluster.cue_sent.get(trigger_cue, first) if trigger_cue else first
    trigger_start = trigger_sent.start_char + match.start() if match else None
    stance = claims.stance_of(trigger_sent, trigger_start, cluster.claimant, cluster.verb)
    trigger = _token_at(trigger_sent, trigger_start)
    if stance == PREDICTED or _not_a_past_event(trigger):
        return []
    if trigger_cue == "kill" and _only_tallies(cluster):
        return []  # 'at least 826 killed since the offensive began' is a figure, not an event
    event_places = [p for p in cluster.places if p.role == "event"]
    targets = _places_governed_by(trigger, event_places)
    main_place = (targets[0] if len(targets) == 1 else None) or places.pick_event_place(targets or cluster.places)
    if main_place is None and previous_place is not None:
        main_place = dataclasses.replace(previous_place, geo_precision=max(previous_place.geo_precision or 2, 2))
    country = (main_place.country if main_place else None) or (focus[0] if focus else None)
    date = _nearest_date(cluster, trigger_start)
    when = date.date if date else document.published
    actor1, actor2 = _actors(trigger_sent, trigger_start, country, kb, sub.event_type, victim, when)
    if sub.event_type in {"Violence against civilians", "Battles", "Riots"} and _protest_is_main(cluster, kb):
        sub = sub_event_types()["Protest with intervention" if "intervention" in cluster.found else "Peaceful protest"]
        actor1, actor2 = _actors(trigger_sent, trigger_start, country, kb, sub.event_type, victim, when)
    if sub.name in {"Attack", "Armed clash"} and actor1 is not None and actor1.inter == 7:
        # Residents, a crowd or a group of people attacking someone is mob violence, not state or rebel violence.
        sub = sub_event_types()["Mob violence"]
        actor1 = kb.actors.resolve("rioters", country, date=when, event_type="Riots") or actor1
    fatalities, civilian_fatalities, displaced = _event_counts(cluster)
    evidence = Evidence(
        document_id=document.id,
        start=first.start_char,
        end=cluster.sents[-1].end_char,
        text=document.text[first.start_char : cluster.sents[-1].end_char],
    )
    if date is None and document.published is not None:
        date = EventDate(document.published, 2, text=None)
    date = date or EventDate(None, 3)
    base = EventRecord(
        document_id=document.id,
        event_type=sub.event_type,
        sub_event_type=sub.name,
        disorder_type=sub.disorder_type,
        evidence=evidence,
        actor1=actor1,
        actor2=actor2,
        date=date,
        fatalities=fatalities,
        civilian_fatalities=civilian_fatalities,
        displaced=displaced,
        civilian_targeting=sub.event_type == "Violence against civilians"
        or (actor2 is not None and actor2.inter == 7 and sub.event_type == "Explosions/Remote violence"),
        claimant=cluster.claimant,
        stance=stance,
        hedged=any(claims.is_hedged(s) for s in cluster.sents),
        trigger=match.group(0) if match else None,
        plover=sub.plover,
        notes=first.text.strip(),
    )
    others = tuple(p for p in cluster.places if p.role != "event")
    if sub.territorial:
        # A capture whose own clause gives no date takes the date of the report ('..., the monitor
        # said late Friday'), else the last date the report gave, never another clause's date.
        said = [d for offset, d in cluster.dated if cluster.verb is not None and _in_subtree(cluster.verb, offset)]
        fallback = (said[0] if said else None) or cluster.context_date or date
        captures = _captures(trigger_sent, trigger_cue, event_places, country, kb, sub.event_type, victim, when, cluster.dated, fallback)
        if captures:
            return [
                dataclasses.replace(base, place=place, other_places=others, actor1=a1, actor2=a2, date=taken or date)
                for place, a1, a2, taken in captures
            ]
    return [dataclasses.replace(base, place=main_place, other_places=others)]


def _captures(sent: Span, cue: str | None, event_places: list[Place], country, kb: Knowledge, event_type: str, victim, when, dated, fallback_date) -> list[tuple]:
    """Every place taken in a sentence, with who took it and when: 'rebels took Rastan and
    Talbiseh' is two events; in 'Aleppo fell in recent days, while Daraa was taken by local
    groups' each capture keeps its own clause's actor and date."""
    if cue is None or cue not in kb.cues.cues:
        return []
    out: list[tuple] = []
    seen: set[str] = set()
    for match in kb.cues.cues[cue].finditer(sent.text):
        start = sent.start_char + match.start()
        token = _token_at(sent, start)
        if token is None or _not_a_past_event(token):
            continue
        actor1, actor2 = _actors(sent, start, country, kb, event_type, victim, when)
        if re.search(r"\blost control\b", match.group(0), re.I):
            actor1, actor2 = None, actor1  # the subject of 'lost control' is the side that lost it
        verb = _verb_of(token)
        # 'the cities taken ... in recent days, fell to ...': a date on the subject's clause counts
        own_dates = [d for offset, d in dated if verb is not None and _in_subtree(verb, offset, _DESCRIPTIVE)]
        when_taken = own_dates[0] if own_dates else fallback_date
        for place in _places_governed_by(token, event_places):
            key = place.name or place.mention
            if key not in seen:
                seen.add(key)
                out.append((place, actor1, actor2, when_taken))
    towns = {item[0].country for item in out if item[0].geo_precision == 1}
    # 'took Daraa city in southern Syria': the country is where the town is, not a second capture
    return [item for item in out if not (item[0].feature == "country" and item[0].country in towns)]


_TRIGGER_CUES = {
    "Government regains territory": "regain",
    "Non-state actor overtakes territory": "capture",
    "Non-violent transfer of territory": "capture",  # or "withdraw", see _trigger_cue
    "Suicide bomb": "suicide",
    "Chemical weapon": "chemical",
    "Grenade": "grenade",
    "Air/drone strike": "air",
    "Remote explosive/landmine/IED": "ied",
    "Shelling/artillery/missile attack": "shelling",
    "Excessive force against protesters": "protest",
    "Violent demonstration": "protest",
    "Mob violence": "mob",
    "Protest with intervention": "protest",
    "Peaceful protest": "protest",
    "Sexual violence": "sexual",
    "Abduction/forced disappearance": "abduct",
    "Armed clash": "clash",
    "Attack": "kill",
    "Arrests": "arrest",
    "Agreement": "agreement",
    "Looting/property destruction": "looting",
    "Headquarters or base established": "base",
    "Change to group/activity": "change",
    "Disrupted weapons use": "weapons",
}


def _protest_is_main(cluster: _Cluster, kb: Knowledge) -> bool:
    """'Relatives protested, saying a man was beaten to death': the protest is the event, the killing
    its topic. True when the protest trigger governs the violence trigger in the first sentence."""
    if "protest" not in cluster.found or "riot" in cluster.found or "excessive" in cluster.found:
        return False
    sent = cluster.cue_sent.get("protest")
    violent = [c for c in ("kill", "clash", "mob") if c in cluster.found and cluster.cue_sent.get(c) is sent]
    if sent is None or not violent:
        return False
    protest = _verb_of(_token_at(sent, sent.start_char + cluster.found["protest"].start()))
    if protest is None:
        return False
    for cue in violent:
        for match in kb.cues.cues[cue].finditer(sent.text):
            token = _token_at(sent, sent.start_char + match.start())
            if token is None:
                continue
            if not (protest == token or protest.is_ancestor(token)) and _depth(token) <= _depth(protest):
                return False
    return True


def _depth(token: Token) -> int:
    depth = 0
    while token.head != token and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _token_at(sent: Span, offset: int | None) -> Token | None:
    if offset is None:
        return None
    return next((t for t in sent if t.idx <= offset < t.idx + len(t.text)), None)


def _verb_of(token: Token | None) -> Token | None:
    node = token
    if node is not None and node.dep_ in {"aux", "auxpass"}:
        node = node.head  # 'was taken': the verb is 'taken'
    for _ in range(3):
        if node is None or node.pos_ in {"VERB", "AUX"}:
            return node
        if node.head == node:
            return None
        node = node.head
    return node if node is not None and node.pos_ in {"VERB", "AUX"} else None


def _not_a_past_event(trigger: Token | None) -> bool:
    """Negated ('did not attack'), infinitival ('deployed to fight') or conditional triggers."""
    verb = _verb_of(trigger)
    if verb is None:
        return False
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "aux" and child.tag_ == "TO" and verb.head.lemma_ in _INTENT_LEMMAS:
            return True  # 'plans to attack', 'deployed to fight'; but 'gathered to protest' is the protest
    return False


def _only_tallies(cluster: _Cluster) -> bool:
    killed = [(r, s) for r, s in zip(cluster.figures, cluster.figure_sents) if r.kind == "killed"]
    return bool(killed) and all(_PERIOD_PHRASE.search(s.text) for _, s in killed)


def _is_period_figure(raw: figures.RawFigure, sent: Span) -> bool:
    """A running total ('the death toll since the offensive began ... at 910') is a tally, not
    the fatalities of this event."""
    window = sent.text[max(0, raw.start - 90) : raw.end + 60].lower()
    return any(word in window for word in _PERIOD_WORDS)


def _places_governed_by(trigger: Token | None, event_places: list[Place]) -> list[Place]:
    """Event places inside the trigger verb's phrase: 'captured Deir el-Zour', 'took Rastan and Talbiseh'."""
    verb = _verb_of(trigger)
    if verb is None:
        return []
    governed = [p for p in event_places if p.start is not None and _in_subtree(verb, p.start)]
    for child in verb.children:  # intransitive captures: 'Aleppo and Hama ... fell to', 'Daraa was taken'
        if child.dep_ in {"nsubj", "nsubjpass"} and (verb.lemma_ in {"fall", "take", "capture", "seize", "overrun", "lose"} or child.dep_ == "nsubjpass"):
            governed += [p for p in event_places if p.start is not None and p not in governed and _in_subtree(child, p.start)]
    return governed


def _in_subtree(verb: Token, offset: int, through: frozenset[str] = frozenset()) -> bool:
    """True when the token at ``offset`` belongs to the verb's own clause: not inside a clause of
    its own (advcl, ccomp, a conjoined verb), nor an acl/relcl/appos unless ``through`` allows it."""
    blocked = {"advcl", "ccomp", "acl", "relcl", "appos"} - through
    for t in verb.subtree:
        if t.idx == offset:
            node = t
            while node != verb:
                if node.dep_ in blocked or (node.dep_ == "conj" and node.pos_ == "VERB"):
                    return False
                node = node.head
            return True
    return False


def _nearest_date(cluster: _Cluster, trigger_start: int | None) -> EventDate | None:
    """The date expression nearest the trigger; else the date the report last gave."""
    if cluster.dated:
        if trigger_start is None:
            return cluster.dated[0][1]
        return min(cluster.dated, key=lambda item: abs(item[0] - trigger_start))[1]
    return cluster.date


def _trigger_cue(sub_event_type: str, cluster: _Cluster) -> str | None:
    cue = _TRIGGER_CUES.get(sub_event_type)
    if cue in cluster.found:
        return cue
    for fallback in ("withdraw", "regain", "kill", "clash", "riot", "protest"):
        if fallback in cluster.found:
            return fallback
    return next(iter(cluster.found), None)


def _victim_kind(cluster: _Cluster, kb: Knowledge) -> str | None:
    """Who was hurt: the patients of kill verbs ('a commander ... was shot dead', 'the killing of two
    soldiers'). Former, off-duty and unarmed people count as civilians, as ACLED codes them."""
    for sent in cluster.sents:
        for tok in sent:
            if tok.lemma_ not in _HARM_LEMMAS:
                continue
            if tok.pos_ == "NOUN":
                patients = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in {"of", "on", "against"} for g in c.children if g.dep_ == "pobj"]
            elif tok.lemma_ == "die":
                patients = [c for c in tok.children if c.dep_ == "nsubj"]
            else:
                patients = [c for c in tok.children if c.dep_ in {"nsubjpass", "dobj"}]
            for patient in patients:
                text = " ".join(t.text for t in patient.subtree)
                if _NOT_COMBATANT.search(text):
                    return "civilian"
                kind = kb.cues.victim_kind(text)
                if kind:
                    return kind
    return None


def _actors(sent: Span, trigger_start: int | None, country: str | None, kb: Knowledge, event_type: str, victim: str | None, when: dt.date | None) -> tuple[Actor | None, Actor | None]:
    """Agent and patient of the trigger, normalised through the actor dictionary."""

    def resolve(text: str) -> Actor | None:
        return kb.actors.resolve(text, country, date=when, event_type=event_type)

    trigger = None
    if trigger_start is not None:
        trigger = next((t for t in sent if t.idx <= trigger_start < t.idx + len(t.text)), None)
    verb = _verb_of(trigger)
    agent = patient = None
    if verb is not None:
        children = list(verb.children)
        if verb.dep_ in {"conj", "xcomp"} and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in children):
            children += [c for c in verb.head.children if c.dep_ == "nsubj"]  # 'closed in on Homs and captured ...'
        for child in children:
            if child.dep_ == "nsubj" and agent is None:
                agent = resolve(_np(child)) or _state_actor(child, kb, resolve, event_type)
            elif child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    agent = resolve(_np(objs[0])) or agent
            elif child.dep_ in {"dobj", "nsubjpass"} and patient is None:
                patient = resolve(_np(child))
            elif child.dep_ == "prep" and child.lower_ in {"with", "against", "on"} and patient is None:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    patient = resolve(_np(objs[0]))
    if agent is None:
        for chunk in _actor_chunks(sent):
            actor = resolve(chunk)
            if actor and (patient is None or actor.name != patient.name):
                agent = actor
                break
    if agent is None and event_type in {"Protests", "Riots"} and country:
        agent = resolve("protesters" if event_type == "Protests" else "rioters")
    if patient is None and victim == "civilian" and country and event_type in {"Violence against civilians", "Explosions/Remote violence"}:
        patient = resolve("civilians")
    if agent is not None and patient is not None and agent.name == patient.name and event_type != "Battles":
        patient = None
    return agent, patient


def _state_actor(token: Token, kb: Knowledge, resolve, event_type: str) -> Actor | None:
    """'Iran has started evacuating ...', 'Israel killed ...': a country as subject is its state."""
    country = kb.country_of(token.text)
    if token.ent_type_ != "GPE" or not country:
        return None
    role = "forces" if event_type in {"Battles", "Explosions/Remote violence", "Violence against civilians"} else "government"
    return resolve(f"{token.text}'s {role}") or resolve(f"{country} {role}")


def _np(token: Token) -> str:
    """The noun phrase of ``token`` without relative clauses, appositions or conjuncts."""
    skip: set[int] = set()
    for child in token.children:
        if child.i > token.i and (
            child.dep_ in {"relcl", "appos", "conj", "cc", "acl"} or (child.dep_ == "prep" and child.lower_ != "of")
        ):
            skip.update(t.i for t in child.subtree)
    return " ".join(t.text for t in token.subtree if t.i not in skip and t.dep_ != "punct")


def _actor_chunks(sent: Span) -> list[str]:
    chunks = [e.text for e in sent.ents if e.label_ in {"ORG", "NORP", "PERSON"}]
    chunks += [text for start, text in _noun_chunks(sent.doc) if sent.start_char <= start < sent.end_char]
    return chunks


def _noun_chunks(doc: Doc) -> list[tuple[int, str]]:
    """The document's noun chunks, found once (``Span.noun_chunks`` walks the whole document)."""
    chunks = doc.user_data.get("warwatch_noun_chunks")
    if chunks is None:
        try:
            chunks = [(c.start_char, c.text) for c in doc.noun_chunks]
        except ValueError:  # no dependency parse
            chunks = []
        doc.user_data["warwatch_noun_chunks"] = chunks
    return chunks


def _event_counts(cluster: _Cluster) -> tuple[int | None, int | None, int | None]:
    """Fatalities of the event itself: killed figures that are not period totals or subsets."""
    killed = civilians = displaced = None
    for raw, sent in zip(cluster.figures, cluster.figure_sents):
        if _is_period_figure(raw, sent):
            continue
        if raw.kind == "killed":
            if raw.subset_of is not None:
                civilians = (civilians or 0) + raw.value
                continue
            killed = (killed or 0) + raw.value
            if raw.civilians:
                civilians = (civilians or 0) + raw.value
        elif raw.kind == "displaced":
            displaced = (displaced or 0) + raw.value
    if killed is None:
        text = " ".join(s.text.lower() for s in cluster.sents)
        if "no casualties" in text or "no fatalities" in text or "casualties unknown" in text:
            killed = 0
    return killed, civilians, displaced


def _figure_records(raw_figures, sent: Span, document: Document, claimant, sent_date, kb: Knowledge, focus) -> list[Figure]:
    out = []
    for raw in raw_figures:
        kind = raw.kind
        if kind == "killed" and raw.civilians:
            kind = "killed_civilians"
        period_start = period_end = None
        if sent_date is not None and (sent_date.start or sent_date.end):
            period_start, period_end = sent_date.start, sent_date.end
        elif sent_date is not None:
            period_start = period_end = sent_date.date
        out.append(
            Figure(
                document_id=document.id,
                kind=kind,
                value=raw.value,
                qualifier=raw.qualifier,
                claimant=claimant,
                period_start=period_start,
                period_end=period_end,
                evidence=Evidence(document.id, sent.start_char, sent.end_char, sent.text),
            )
        )
    return out
