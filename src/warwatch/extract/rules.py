"""Named rules applied once a cluster's type is decided: gates that say a cluster is not an event
after all, and re-codings that change its sub-event type. Each rule is a small pure function,
tested alone; the words they read live in ``data/event_cues.yaml`` (``coding:``).

A rule reads the cluster and its :class:`Trigger` (the cue match that makes it an event, with
the sentence, token and stance); re-codings also read and return a :class:`Coding`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from warwatch.extract import participants, syntax
from warwatch.extract.clusters import Cluster
from warwatch.extract.knowledge import Knowledge
from warwatch.records import PREDICTED, Actor
from warwatch.taxonomy import SubEventType


@dataclass(frozen=True)
class Trigger:
    """The cue match that makes a cluster an event."""

    cue: str | None
    match: re.Match[str] | None
    sent: Span  # the sentence the match is in
    token: Token | None
    stance: str

    @property
    def start(self) -> int | None:
        """The match's document offset."""
        return self.sent.start_char + self.match.start() if self.match else None


@dataclass(frozen=True)
class Coding:
    """What a cluster is coded as: the sub-event type and the two sides."""

    sub: SubEventType
    actor1: Actor | None
    actor2: Actor | None
    country: str | None  # where the event is, for actor names
    victim: str | None  # who was hurt: civilian | armed | None
    when: dt.date | None  # the event's date, for actor names with a period


@dataclass(frozen=True)
class Gate:
    """A reason a decided cluster is not an event after all."""

    name: str
    holds: Callable[[Cluster, Trigger, Knowledge], bool]


@dataclass(frozen=True)
class Recoding:
    """A change of sub-event type; ``apply`` returns None when the rule does not apply."""

    name: str
    apply: Callable[[Coding, Cluster, Trigger, Knowledge], Coding | None]


def predicted_or_not_past(cluster: Cluster, trigger: Trigger, kb: Knowledge) -> bool:
    """'rebels could take Homs', 'troops are preparing to attack': not a past event."""
    return trigger.stance == PREDICTED or syntax.not_a_past_event(trigger.token)


def only_tallies(cluster: Cluster, trigger: Trigger, kb: Knowledge) -> bool:
    """'at least 826 killed since the offensive began' is a figure, not an event."""
    if trigger.cue != "kill":
        return False
    killed = [sent for raw, sent in cluster.figures if raw.kind == "killed"]
    phrase = kb.cues.coding.period_phrase
    return bool(killed) and all(phrase.search(sent.text) for sent in killed)


def _casualty_trigger(trigger: Trigger, kb: Knowledge) -> bool:
    """The trigger is a word for the hurt ('wounded', 'died'), not for what hurt them."""
    return trigger.match is not None and (
        trigger.match.group(0).lower() in kb.cues.coding.casualty_words
    )


def _cluster_text(cluster: Cluster) -> str:
    return " ".join(s.text for s in cluster.sents)


def hospital_toll(cluster: Cluster, trigger: Trigger, kb: Knowledge) -> bool:
    """'the hospital received 60 wounded people': the toll of an event told before."""
    return trigger.cue == "kill" and "treated" in cluster.cues and _casualty_trigger(trigger, kb)


def quoted(cluster: Cluster, trigger: Trigger, kb: Knowledge) -> bool:
    """Words inside a direct quotation ('"If we hesitated in case of such an attack ..."') are
    what someone said, not the report of an event."""
    if trigger.match is None:
        return False
    text = trigger.sent.text
    before, after = text[: trigger.match.start()], text[trigger.match.start() :]
    opened = before.count("“") - before.count("”") + (before.count('"') % 2)
    if opened > 0:
        return True
    # a quotation opened in an earlier sentence: 'We're going to defend our territory,” he said'
    closing, opening = after.find("”"), after.find("“")
    return "“" not in before and closing != -1 and (opening == -1 or closing < opening)


def negated_or_hypothetical(cluster: Cluster, trigger: Trigger, kb: Knowledge) -> bool:
    """'there were no clashes', 'if they capture the city', 'the area is often shelled':
    negated, conditional and habitual triggers are not events."""
    token = trigger.token
    if token is None:
        return False
    words = kb.cues.coding
    for node in _clause_chain(token):
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
            if child.dep_ == "mark" and child.lower_ in words.conditional_marks:
                return True
            if child.dep_ == "advmod" and child.lower_ in words.habitual_adverbs:
                return True
    return False


def statement_only(cluster: Cluster, trigger: Trigger, kb: Knowledge) -> bool:
    """An accusation, call, threat, plan or warning about violence ('accused the party of links
    with militants who attacked', 'urged the army to strike') reports words, not an event."""
    token = trigger.token
    if token is None:
        return False
    verbs = kb.cues.coding.statement_verbs
    return any(node.lemma_.lower() in verbs for node in _clause_chain(token)[1:])


def _clause_chain(token: Token) -> list[Token]:
    """The trigger, its verb, and the verbs it depends on up to the sentence root."""
    chain = [token]
    node = token
    for _ in range(6):
        if node.head == node:
            break
        node = node.head
        chain.append(node)
    return chain


def accident(cluster: Cluster, trigger: Trigger, kb: Knowledge) -> bool:
    """'A suspected gas leak led to an explosion', 'the plane crashed, killing 71': an accident
    or a disaster is not political violence, unless the sentence speaks of an attack."""
    if trigger.cue not in kb.cues.coding.violent_cues:
        return False  # 'protested against the coronavirus measures' is a protest all the same
    words = kb.cues.coding
    text = _cluster_text(cluster)
    return bool(words.accident_words.search(text)) and not words.attack_words.search(text)


def death_without_violence(cluster: Cluster, trigger: Trigger, kb: Knowledge) -> bool:
    """'Li died of the infection on Friday', 'the man died in February': a death, wounding or
    casualty word with nothing violent around it and no one doing it ('he injured a man' has
    one) is not a conflict event."""
    if trigger.cue != "kill" or not _casualty_trigger(trigger, kb):
        return False
    if trigger.token is not None and _someone_does_it(trigger.token):
        return False
    violent = kb.cues.coding.violent_cues - {"kill"}
    text = _cluster_text(cluster)
    return not (violent & set(cluster.cues)) and not kb.cues.coding.attack_words.search(text)


def _someone_does_it(token: Token) -> bool:
    """'he injured a man', 'were wounded by gunmen': an agent; 'the man died' has none."""
    deps = {c.dep_ for c in token.children}
    return "agent" in deps or ("nsubj" in deps and "dobj" in deps)


def running_total(cluster: Cluster, trigger: Trigger, kb: Knowledge) -> bool:
    """'Since the campaign began, dozens have been killed in airstrikes': the present perfect
    with a 'since' tells a running total, not one happening."""
    token = trigger.token
    if token is None:
        return False
    verb = syntax.verb_of(token) or token
    perfect = any(c.dep_ == "aux" and c.lower_ in {"has", "have"} for c in verb.children)
    if not perfect:
        return False
    return any(t.lower_ == "since" for t in trigger.sent)


GATES: tuple[Gate, ...] = (
    Gate("predicted or not past", predicted_or_not_past),
    Gate("only tallies", only_tallies),
    Gate("hospital toll", hospital_toll),
    Gate("quoted", quoted),
    Gate("negated, conditional or habitual", negated_or_hypothetical),
    Gate("statement only", statement_only),
    Gate("accident or disaster", accident),
    Gate("a death without violence", death_without_violence),
    Gate("running total", running_total),
)


def protest_is_main(
    coding: Coding, cluster: Cluster, trigger: Trigger, kb: Knowledge
) -> Coding | None:
    """'Relatives protested, saying a man was beaten to death': the protest is the event, the
    killing its topic; its actors are read again as a protest's."""
    if coding.sub.event_type not in {"Violence against civilians", "Battles", "Riots"}:
        return None
    if not protest_governs_violence(cluster, kb):
        return None
    name = "Protest with intervention" if "intervention" in cluster.cues else "Peaceful protest"
    sub = kb.taxonomy[name]
    actor1, actor2 = participants.actors(
        trigger.sent, trigger.start, coding.country, kb, sub.event_type, coding.victim, coding.when
    )
    return dataclasses.replace(coding, sub=sub, actor1=actor1, actor2=actor2)


def protest_governs_violence(cluster: Cluster, kb: Knowledge) -> bool:
    """True when the protest trigger governs every violence trigger of its sentence."""
    if "protest" not in cluster.cues or "riot" in cluster.cues or "excessive" in cluster.cues:
        return False
    sent = cluster.cue_sent.get("protest")
    violent = [
        c for c in ("kill", "clash", "mob") if c in cluster.cues and cluster.cue_sent.get(c) is sent
    ]
    if sent is None or not violent:
        return False
    protest = syntax.verb_of(
        syntax.token_at(sent, sent.start_char + cluster.cues["protest"].start())
    )
    if protest is None:
        return False
    return all(_governed(protest, sent, cue, kb) for cue in violent)


def _governed(protest: Token, sent: Span, cue: str, kb: Knowledge) -> bool:
    """Every match of ``cue`` in the sentence lies under the protest verb, or deeper than it."""
    for match in kb.cues.cues[cue].finditer(sent.text):
        token = syntax.token_at(sent, sent.start_char + match.start())
        if token is None:
            continue
        governed = protest == token or protest.is_ancestor(token)
        if not governed and syntax.depth(token) <= syntax.depth(protest):
            return False
    return True


def crowd_attack_is_mob_violence(
    coding: Coding, cluster: Cluster, trigger: Trigger, kb: Knowledge
) -> Coding | None:
    """Residents, a crowd or a group of people attacking someone is mob violence, not state or
    rebel violence."""
    actor1 = coding.actor1
    if coding.sub.name not in {"Attack", "Armed clash"} or actor1 is None or actor1.inter != 7:
        return None
    rioters = kb.actors.resolve("rioters", coding.country, date=coding.when, event_type="Riots")
    return dataclasses.replace(coding, sub=kb.taxonomy["Mob violence"], actor1=rioters or actor1)


RECODINGS: tuple[Recoding, ...] = (
    Recoding("protest is the main event", protest_is_main),
    Recoding("crowd attack is mob violence", crowd_attack_is_mob_violence),
)


_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her"})


def refers_back(trigger: Trigger, kb: Knowledge) -> bool:
    """A trigger that is a definite noun ('the attack', 'the shooting', "Tuesday's bombing")
    names a happening the report has already told, when it has told one of that kind; so does a
    death in one ('five others died in Friday's attack')."""
    token = trigger.token
    if token is None:
        return False
    if _definite_noun(token):
        return True
    if trigger.cue not in kb.cues.cues or not _casualty_trigger(trigger, kb):
        return False
    sent = trigger.sent
    for match in kb.cues.cues[trigger.cue].finditer(sent.text):
        other = syntax.token_at(sent, sent.start_char + match.start())
        if other is not None and token.is_ancestor(other) and _definite_noun(other):
            return True
    return False


def _definite_noun(token: Token) -> bool:
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    return any(
        (c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in token.children
    )


def not_an_event(cluster: Cluster, trigger: Trigger, kb: Knowledge) -> str | None:
    """The name of the first gate that holds, or None."""
    for gate in GATES:
        if gate.holds(cluster, trigger, kb):
            return gate.name
    return None


def recode(coding: Coding, cluster: Cluster, trigger: Trigger, kb: Knowledge) -> Coding:
    """Apply every re-coding in order, each to the result of the one before."""
    for rule in RECODINGS:
        coding = rule.apply(coding, cluster, trigger, kb) or coding
    return coding
