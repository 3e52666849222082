"""Who did what to whom: the agent and patient of an event trigger, normalised through the actor
dictionary, and whether the people hurt were civilians or combatants."""

from __future__ import annotations

import datetime as dt
import re

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
            if tok.pos_ == "NOUN":
                patients = [
                    g
                    for c in tok.children
                    if c.dep_ == "prep" and c.lower_ in {"of", "on", "against"}
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
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


def actors(
    sent: Span,
    trigger_start: int | None,
    country: str | None,
    kb: Knowledge,
    event_type: str,
    victim: str | None,
    when: dt.date | None,
) -> tuple[Actor | None, Actor | None]:
    """Agent and patient of the trigger, normalised through the actor dictionary."""

    def resolve(text: str) -> Actor | None:
        return kb.actors.resolve(text, country, date=when, event_type=event_type)

    trigger = None
    if trigger_start is not None:
        trigger = next((t for t in sent if t.idx <= trigger_start < t.idx + len(t.text)), None)
    verb = syntax.verb_of(trigger)
    agent = patient = None
    if verb is not None:
        children = list(verb.children)
        if verb.dep_ in {"conj", "xcomp"} and not any(
            c.dep_ in {"nsubj", "nsubjpass"} for c in children
        ):
            children += [
                c for c in verb.head.children if c.dep_ == "nsubj"
            ]  # 'closed in on Homs and captured ...'
        for child in children:
            if child.dep_ == "nsubj" and agent is None:
                agent = resolve(_np(child)) or _state_actor(child, kb, resolve, event_type)
            elif child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    agent = resolve(_np(objs[0])) or agent
            elif child.dep_ in {"dobj", "nsubjpass"} and patient is None:
                patient = resolve(_np(child))
            elif (
                child.dep_ == "prep"
                and child.lower_ in {"with", "against", "on"}
                and patient is None
            ):
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
    if (
        patient is None
        and victim == "civilian"
        and country
        and event_type in {"Violence against civilians", "Explosions/Remote violence"}
    ):
        patient = resolve("civilians")
    if (
        agent is not None
        and patient is not None
        and agent.name == patient.name
        and event_type != "Battles"
    ):
        patient = None
    return agent, patient


def _state_actor(token: Token, kb: Knowledge, resolve, event_type: str) -> Actor | None:
    """'Iran has started evacuating ...', 'Israel killed ...': a country as subject is its state."""
    country = kb.country_of(token.text)
    if token.ent_type_ != "GPE" or not country:
        return None
    role = (
        "forces"
        if event_type in {"Battles", "Explosions/Remote violence", "Violence against civilians"}
        else "government"
    )
    return resolve(f"{token.text}'s {role}") or resolve(f"{country} {role}")


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
