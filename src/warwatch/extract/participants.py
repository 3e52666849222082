"""Who did what to whom: the agent and patient of an event trigger, normalised through the actor
dictionary, and whether the people hurt were civilians or combatants."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from warwatch.extract import places, syntax
from warwatch.extract.knowledge import Knowledge
from warwatch.records import Actor

_HARM_LEMMAS = {
    "kill",
    "shoot",
    "murder",
    "stab",
    "behead",
    "execute",
    "beat",
    "injure",
    "wound",
    "attack",
    "torture",
    "hack",
    "die",
    "killing",
    "assault",
    "lynch",
    "abduct",
    "kidnap",
}


_NOT_COMBATANT = re.compile(
    r"\b(former|ex-|off-duty|retired|unarmed|demobili[sz]ed)\b", re.IGNORECASE
)


def victim_kind(sents: list[Span], kb: Knowledge) -> str | None:
    """Who was hurt: the patients of kill verbs ('a commander ... was shot dead', 'the killing of two
    soldiers'). Former, off-duty and unarmed people count as civilians, as ACLED codes them."""
    for sent in sents:
        for tok in sent:
            if tok.lemma_ not in _HARM_LEMMAS:
                continue
            for patient in _patients_of(tok):
                kind = _kind_of(patient, kb)
                if kind:
                    return kind
    return None


def _patients_of(tok: Token) -> list[Token]:
    """Who a harm word harms: 'the killing of two soldiers', 'two men died', 'shot a boy'."""
    if tok.pos_ == "NOUN":
        return [
            g
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in {"of", "on", "against"}
            for g in c.children
            if g.dep_ == "pobj"
        ]
    if tok.lemma_ == "die":
        return [c for c in tok.children if c.dep_ == "nsubj"]
    return [c for c in tok.children if c.dep_ in {"nsubjpass", "dobj"}]


def _kind_of(patient: Token, kb: Knowledge) -> str | None:
    text = " ".join(t.text for t in patient.subtree)
    if _NOT_COMBATANT.search(text):
        return "civilian"
    return kb.cues.victim_kind(text)


Resolve = Callable[[str], Actor | None]

# Nouns that name the weapon or the act, so the agent is their modifier or 'by' phrase:
# 'a Russian missile struck ...', 'a Taliban attack on ...', 'an air strike by the coalition'.
_INSTRUMENT_LEMMAS = frozenset(
    {
        "missile", "rocket", "drone", "strike", "airstrike", "raid", "attack", "assault",
        "bombardment", "shelling", "shell", "bomb", "bombing", "offensive", "operation", "fire",
        "artillery", "mortar", "jet", "warplane", "aircraft", "helicopter", "barrage", "ambush",
        "incursion", "explosion", "blast", "gunfire", "sniper", "shot",
    }
)  # fmt: skip
_VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def actors(
    sent: Span,
    trigger_start: int | None,
    country: str | None,
    kb: Knowledge,
    event_type: str,
    victim: str | None,
    when: dt.date | None,
) -> tuple[Actor | None, Actor | None]:
    """Agent and patient of the trigger, normalised through the actor dictionary.

    The agent is the trigger verb's subject (or its 'by' phrase in the passive); when the
    subject is a weapon or an attack, its modifier ('a Russian missile', 'a Taliban attack').
    The patient is the verb's object or passive subject, else the object of the harm the
    sentence reports ('..., killing 11 people'). Civilians are the patient unless they act."""

    def resolve(text: str) -> Actor | None:
        return kb.actors.resolve(text, country, date=when, event_type=event_type)

    trigger = syntax.token_at(sent, trigger_start)
    agent, patient, acting = _clause_roles(syntax.verb_of(trigger), resolve, kb, event_type)
    if agent is None and trigger is not None and trigger.pos_ == "NOUN":
        agent = _instrument_agent(trigger, resolve, kb, event_type)
    if patient is None and event_type in _VIOLENT_TYPES:
        patient = _harmed(sent, trigger, resolve)
    if agent is None:
        agent = _named_in_sentence(sent, resolve, patient, event_type)
    return _settle(agent, patient, acting, resolve, event_type, victim, country)


def _clause_roles(
    verb: Token | None, resolve: Resolve, kb: Knowledge, event_type: str
) -> tuple[Actor | None, Actor | None, bool]:
    """(agent, patient, whether the agent is the active subject) from the verb's own clause."""
    if verb is None:
        return None, None, False
    agent = patient = None
    acting = False
    for child in _clause_children(verb):
        if child.dep_ == "nsubj" and agent is None:
            agent = _subject_actor(child, resolve, kb, event_type)
            acting = agent is not None
        elif child.dep_ == "agent":
            by = _by_actor(child, resolve, kb, event_type)
            agent, acting = (by, True) if by is not None else (agent, acting)
        elif child.dep_ in {"dobj", "nsubjpass"} and patient is None:
            patient = resolve(_np(child))
        elif child.dep_ == "prep" and child.lower_ in {"with", "against", "on"} and patient is None:
            patient = _object_actor(child, resolve)
    return agent, patient, acting


def _subject_actor(
    subject: Token, resolve: Resolve, kb: Knowledge, event_type: str
) -> Actor | None:
    """The actor a subject names: itself, its state ('Israel killed'), or, for a weapon or an
    attack ('a Russian missile struck'), the side it belongs to."""
    actor = resolve(_np(subject)) or _state_actor(subject, kb, resolve, event_type)
    if actor is None and subject.lemma_.lower() in _INSTRUMENT_LEMMAS:
        actor = _instrument_agent(subject, resolve, kb, event_type)
    return actor


def _object_actor(prep: Token, resolve: Resolve) -> Actor | None:
    """The actor a preposition's object names ('by the army', 'against rebels')."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return resolve(_np(objs[0])) if objs else None


def _by_actor(prep: Token, resolve: Resolve, kb: Knowledge, event_type: str) -> Actor | None:
    """The agent of a passive: 'by the army', or the side of a weapon or an attack ('killed by a
    United States military airstrike')."""
    actor = _object_actor(prep, resolve)
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if actor is None and objs and objs[0].lemma_.lower() in _INSTRUMENT_LEMMAS:
        actor = _instrument_agent(objs[0], resolve, kb, event_type)
    return actor


def _clause_children(verb: Token) -> list[Token]:
    children = list(verb.children)
    if verb.dep_ in {"conj", "xcomp"} and not any(
        c.dep_ in {"nsubj", "nsubjpass"} for c in children
    ):
        children += [
            c for c in verb.head.children if c.dep_ == "nsubj"
        ]  # 'closed in on Homs and captured ...'
    return children


def _instrument_agent(
    noun: Token, resolve: Resolve, kb: Knowledge, event_type: str
) -> Actor | None:
    """The side a weapon or an attack belongs to: 'a Russian missile', "Israel's strikes",
    'a Taliban attack', 'an air strike by the coalition'."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs and (actor := resolve(_np(objs[0]))) is not None:
                return actor
    for child in noun.children:
        if child.dep_ not in {"amod", "compound", "poss", "nmod", "npadvmod"}:
            continue
        actor = resolve(_np(child)) or _side_of(child, kb, resolve, event_type)
        if actor is not None:
            return actor
    return None


def _side_of(token: Token, kb: Knowledge, resolve: Resolve, event_type: str) -> Actor | None:
    """'Russian' or 'Israel' as the modifier of a weapon: that state's forces."""
    if token.ent_type_ == "NORP":
        return resolve(f"{token.text} forces")
    return _state_actor(token, kb, resolve, event_type)


def _harmed(sent: Span, trigger: Token | None, resolve: Resolve) -> Actor | None:
    """Who the sentence says was killed or hurt: '..., killing 11 people', 'wounding two
    soldiers', 'the deaths of three children'."""
    for tok in sent:
        if tok.lemma_ not in _HARM_LEMMAS or tok is trigger:
            continue
        for child in tok.children:
            if child.dep_ in {"dobj", "nsubjpass"}:
                # 'killing 11': a bare number of dead is a number of people
                text = "people" if child.like_num and not list(child.children) else _np(child)
                actor = resolve(text)
                if actor is not None:
                    return actor
    return None


def _named_in_sentence(
    sent: Span, resolve: Resolve, patient: Actor | None, event_type: str
) -> Actor | None:
    """The first actor the sentence names, other than the patient; civilians do not act in
    violent events unless the clause says so (then they were found as the subject)."""
    for chunk in _actor_chunks(sent):
        actor = resolve(chunk)
        if actor is None or (patient is not None and actor.name == patient.name):
            continue
        if event_type in _VIOLENT_TYPES and actor.inter == 7:
            continue
        return actor
    return None


def _settle(
    agent: Actor | None,
    patient: Actor | None,
    acting: bool,
    resolve: Resolve,
    event_type: str,
    victim: str | None,
    country: str | None,
) -> tuple[Actor | None, Actor | None]:
    """Defaults and role fixes: protesters or rioters act in demonstrations; civilians hurt in
    violence are the patient; civilians found as the agent of violence without acting in the
    clause are its patient; an actor is never both sides (but in battles)."""
    if agent is None and event_type in {"Protests", "Riots"} and country:
        agent = resolve("protesters" if event_type == "Protests" else "rioters")
    if agent is not None and agent.inter == 7 and event_type in _VIOLENT_TYPES and not acting:
        agent, patient = None, patient or agent
    civilian_harm = event_type in {"Violence against civilians", "Explosions/Remote violence"}
    if patient is None and victim == "civilian" and country and civilian_harm:
        patient = resolve("civilians")
    return agent, _other_side(agent, patient, event_type)


def _other_side(agent: Actor | None, patient: Actor | None, event_type: str) -> Actor | None:
    """The patient, unless it is the agent itself (both sides of a battle may share a name)."""
    same = agent is not None and patient is not None and agent.name == patient.name
    return None if same and event_type != "Battles" else patient


def _state_actor(token: Token, kb: Knowledge, resolve: Resolve, event_type: str) -> Actor | None:
    """'Iran has started evacuating ...', 'Israel killed ...': a country as subject is its state."""
    name = _entity_text(token)
    country = kb.country_of(name)
    if token.ent_type_ != "GPE" or not country:
        return None
    role = (
        "forces"
        if event_type in {"Battles", "Explosions/Remote violence", "Violence against civilians"}
        else "government"
    )
    return resolve(f"{name}'s {role}") or resolve(f"{country} {role}")


def _entity_text(token: Token) -> str:
    """The whole entity a token is part of ('United States' for 'States'), else the token."""
    if token.ent_iob_ in {"B", "I"}:
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                return ent.text
    return token.text


def _np(token: Token) -> str:
    """The noun phrase of ``token`` without relative clauses, appositions or conjuncts."""
    skip: set[int] = set()
    for child in token.children:
        if child.i > token.i and (
            child.dep_ in {"relcl", "appos", "conj", "cc", "acl"}
            or (child.dep_ == "prep" and child.lower_ != "of")
        ):
            skip.update(t.i for t in child.subtree)
    return " ".join(t.text for t in token.subtree if t.i not in skip and t.dep_ != "punct")


def _actor_chunks(sent: Span) -> list[str]:
    chunks = [e.text for e in places.ents_of(sent) if e.label_ in {"ORG", "NORP", "PERSON"}]
    chunks += [
        text for start, text in _noun_chunks(sent.doc) if sent.start_char <= start < sent.end_char
    ]
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
