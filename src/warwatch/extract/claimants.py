"""Who says so, and how: the claimant of a sentence and the stance it takes on an event.

Pure functions over a spaCy sentence ``Span``; the claimant vocabulary lives in
``data/claimants.yaml`` (a :class:`ClaimantBook`, loaded once by ``Knowledge.load`` and passed
in). Claimants are normalised within a document, so "the Observatory" after
"the Syrian Observatory for Human Rights" is the same claimant.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

import yaml
from spacy.tokens import Span, Token

from warwatch.records import ASSERTED, DENIED, PREDICTED, REPORTED

if TYPE_CHECKING:
    from warwatch.extract.actors import ActorDictionary

_TRAILING_ATTRIBUTION = re.compile(
    r"(?:^|[,;—–]\s*)(?P<who>(?:[Tt]he\s+)?(?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'.-]*)\s+"
    r"(?:said|says|reported|reports|claimed|announced|confirmed|stated|added)\b"
)
_DETERMINERS = re.compile(r"^(the|a|an|some|two|several|other|its|his|her|their)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class ClaimantBook:
    """The words of ``data/claimants.yaml``: claimant names, attribution and denial verbs,
    hedges and prediction cues."""

    attribution: frozenset[str]
    denial: tuple[str, ...]
    hedges: re.Pattern[str]
    prediction: re.Pattern[str]
    aliases: dict[str, str]  # lower-cased alias -> canonical name
    display_aliases: dict[str, str]  # alias as written -> canonical name
    generic: dict[str, str]  # lower-cased generic phrase -> canonical name

    @classmethod
    def load(cls) -> ClaimantBook:
        """Read the packaged ``data/claimants.yaml``."""
        text = resources.files("warwatch").joinpath("data/claimants.yaml").read_text("utf-8")
        data = yaml.safe_load(text)
        aliases: dict[str, str] = {}
        display: dict[str, str] = {}
        generic: dict[str, str] = {}
        for entry in data["claimants"]:
            for alias in entry.get("aliases", []):
                aliases[alias.lower()] = entry["name"]
                display[alias] = entry["name"]
            for alias in entry.get("generic", []):
                generic[_DETERMINERS.sub("", alias.lower())] = entry["name"]
        return cls(
            attribution=frozenset(data["attribution_verbs"]),
            denial=tuple(data["denial_verbs"]),
            hedges=_words(data["hedges"]),
            prediction=_words([w.strip() for w in data["prediction_cues"]]),
            aliases=aliases,
            display_aliases=display,
            generic=generic,
        )


def _words(items: list[str]) -> re.Pattern[str]:
    """Any of ``items`` as whole words, case aside."""
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in items) + r")\b", re.IGNORECASE)


@dataclass
class ClaimantContext:
    """Claimants already named in a document, so later short forms resolve to them."""

    book: ClaimantBook
    seen: list[str] = field(default_factory=list)
    actors: ActorDictionary | None = None  # claimants that are actors get the actor's name
    date: dt.date | None = None  # the report's date, for actor names with a period

    def normalise(self, mention: str) -> str:
        text = mention.strip(" ,.\"'“”’")
        low = _DETERMINERS.sub("", text.lower())
        canonical = (
            _by_alias(self.book, text, low)
            or _by_generic(self.book, low, self.seen)
            or _by_short_head(low, self.seen)
            or self._by_actor(text)
        )
        result = canonical or _DETERMINERS.sub("", text)
        if result and result not in self.seen:
            self.seen.append(result)
        return result

    def _by_actor(self, text: str) -> str | None:
        """A claimant that is a known actor (not a generic group) is named as the actor."""
        if self.actors is None:
            return None
        actor = self.actors.resolve(text, date=self.date)
        if actor is not None and not actor.name.startswith(_GROUPS_NOT_CLAIMANTS):
            return actor.name
        return None


_GROUPS_NOT_CLAIMANTS = ("Civilians", "Protesters", "Rioters", "Unidentified")


def _by_alias(book: ClaimantBook, text: str, low: str) -> str | None:
    """A listed alias: the whole mention, or an alias of more than three letters inside it."""
    canonical = book.aliases.get(low) or book.aliases.get(text.lower())
    if canonical is not None:
        return canonical
    for alias, name in book.aliases.items():
        if len(alias) > 3 and re.search(rf"\b{re.escape(alias)}\b", low):
            return name
    return None


def _by_generic(book: ClaimantBook, low: str, seen: list[str]) -> str | None:
    """A generic phrase ("the ministry") of a claimant this document already named."""
    for phrase, name in book.generic.items():
        if name in seen and re.search(rf"\b{re.escape(phrase)}$", low):
            return name
    return None


def _by_short_head(low: str, seen: list[str]) -> str | None:
    """A short head ("the Observatory") may name a claimant this document already gave in full."""
    head = low.split()[-1] if low.split() else low
    for name in reversed(seen):
        if head and len(head) > 3 and head in name.lower().split():
            return name
    return None


def _phrase(token: Token) -> str:
    """The noun phrase headed by ``token``, without relative clauses or trailing appositions."""
    keep = [t for t in token.subtree if not _in_clause(t, token)]
    if not keep:
        return token.text
    start, end = keep[0].i, keep[-1].i
    span = token.doc[start : end + 1]
    return span.text.strip(" ,")


def _in_clause(t: Token, head: Token) -> bool:
    node = t
    while node != head:
        if node.dep_ in {"relcl", "acl", "appos", "advcl", "punct"} and node.head == head:
            return True
        node = node.head
    return False


def find_claimant(sent: Span, ctx: ClaimantContext) -> tuple[str | None, Token | None]:
    """(claimant, attribution verb) of a sentence: 'according to X', 'X said', 'cited by X'."""
    for lead, follow in (({"according"}, "to"), ({"cited", "quoted"}, "by")):
        found = _attributed_by(sent, ctx, lead, follow)
        if found is not None:
            return found
    best = _speaking_subject(sent, ctx)
    if best:
        return best
    # The parser often leaves ', The New York Times reported Friday,' unattached: read it from the text.
    m = _TRAILING_ATTRIBUTION.search(sent.text)
    if m and m.group("who").lower() not in _NOT_A_TRAILING_CLAIMANT:
        return ctx.normalise(m.group("who")), None
    return None, None


_NOT_A_TRAILING_CLAIMANT = frozenset({"it", "he", "she", "they", "we", "i", "this", "that", "the"})
_NOT_A_SUBJECT = frozenset({"it", "that", "this", "which", "who"})
_PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})


def _attributed_by(
    sent: Span, ctx: ClaimantContext, lead: set[str], follow: str
) -> tuple[str, Token] | None:
    """The object of the first 'according to X' / 'cited by X' that has one."""
    doc = sent.doc
    for tok in sent:
        if tok.lower_ in lead and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == follow:
            objs = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return ctx.normalise(_phrase(objs[0])), tok
    return None


def _speaking_subject(sent: Span, ctx: ClaimantContext) -> tuple[str, Token] | None:
    """The subject of an attribution or denial verb, the root's when there are several."""
    book = ctx.book
    best: tuple[str, Token] | None = None
    for tok in sent:
        if tok.pos_ not in {"VERB", "AUX"} or not (
            tok.lemma_ in book.attribution or tok.lemma_.startswith(book.denial)
        ):
            continue
        subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subjects or subjects[0].lower_ in _NOT_A_SUBJECT:
            continue
        subject = subjects[0]
        if subject.pos_ == "PRON" and subject.lower_ in _PERSONAL_PRONOUNS:
            continue
        # every candidate is normalised, so the document's claimants are all remembered
        candidate = (ctx.normalise(_phrase(subject)), tok)
        if tok.dep_ == "ROOT" or best is None:
            best = candidate
    return best


def stance_of(
    sent: Span,
    trigger_start: int | None,
    claimant: str | None,
    verb: Token | None,
    book: ClaimantBook,
) -> str:
    """asserted | reported | denied | predicted for the event triggered at ``trigger_start``."""
    if verb is not None and verb.lemma_.startswith(book.denial):
        return DENIED
    if _predicted(sent, trigger_start, book):
        return PREDICTED
    return REPORTED if claimant else ASSERTED


_MODAL_AUX = frozenset({"will", "would", "could", "may", "might", "should", "shall"})
_CONDITIONAL_MARKS = frozenset({"if", "unless"})
_PLAN_VERBS = frozenset(
    {"plan", "set", "expect", "threaten", "aim", "intend", "hope", "want", "seek", "vow",
     "pledge", "prepare"}
)  # fmt: skip
_ROOT_MODALS = frozenset({"would", "could", "might", "may"})


def _predicted(sent: Span, trigger_start: int | None, book: ClaimantBook) -> bool:
    """A modal or plan cue governing the trigger ('could lead to', 'is set to', 'would face')."""
    trigger = _token_at(sent, trigger_start)
    if trigger is None:
        return False
    if _modal_above(trigger):
        return True
    root = sent.root  # 'Gaining Homs would also increase ... the ability to block the route'
    if any(c.dep_ == "aux" and c.lower_ in _ROOT_MODALS for c in root.children) and (
        root.is_ancestor(trigger)
    ):
        return True
    window = sent.doc[max(sent.start, trigger.i - 4) : trigger.i].text
    return bool(book.prediction.search(window))


def _token_at(sent: Span, char: int | None) -> Token | None:
    if char is None:
        return None
    for tok in sent:
        if tok.idx <= char < tok.idx + max(len(tok.text), 1):
            return tok
    return None


def _modal_above(trigger: Token) -> bool:
    """A modal, a condition or a plan verb on the trigger or up to three heads above it."""
    node = trigger
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "aux" and child.lower_ in _MODAL_AUX:
                return True
            if child.dep_ == "mark" and child.lower_ in _CONDITIONAL_MARKS:
                return True
        if node.dep_ == "xcomp" and node.head.lemma_ in _PLAN_VERBS:
            return True
        if node.head == node:
            break
        node = node.head
    return False


def is_hedged(sent: Span, book: ClaimantBook) -> bool:
    """A hedge word ("reportedly", "allegedly") anywhere in the sentence."""
    return bool(book.hedges.search(sent.text))
