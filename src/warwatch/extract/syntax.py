"""Small questions about a parsed sentence that extraction asks again and again: which verb a
trigger belongs to, whether a place or date sits in that verb's own clause, whether the verb is
negated or only intended, what a denial denies, whether a line is a heading."""

from __future__ import annotations

from spacy.tokens import Span, Token

from warwatch.extract.places import text_of
from warwatch.records import Place

DESCRIPTIVE = frozenset({"acl", "relcl", "appos"})


_INTENT_LEMMAS = {
    "plan",
    "set",
    "threaten",
    "intend",
    "want",
    "aim",
    "hope",
    "prepare",
    "vow",
    "pledge",
    "seek",
    "try",
    "attempt",
    "expect",
    "deploy",
    "ready",
    "able",
    "order",
    "call",
    "urge",
    "decide",
    "agree",
    "refuse",
    "fail",
    "need",
    "have",
    "promise",
    "warn",
    "continue",
    "begin",
    "start",
    "move",
}


def is_heading(sent: Span) -> bool:
    """A headline or subheading: a line of its own without a final full stop."""
    text = sent.text.rstrip()
    following = (
        sent.text_with_ws[len(text) :] + text_of(sent.doc)[sent.end_char : sent.end_char + 2]
    )
    return not text.endswith((".", "!", "?", "”", '"', "’", ":")) and "\n" in following


_DENIAL_LEMMAS = frozenset({"deny", "refute", "reject", "dismiss"})


def denied_span(sent: Span, verb: Token | None) -> tuple[int, int] | None:
    """Sentence-relative character range of what a denial verb denies, or None."""
    if verb is None or verb.lemma_ not in _DENIAL_LEMMAS:
        return None
    tokens = _denied_tokens(verb)
    if not tokens:
        return None
    start = min(t.idx for t in tokens) - sent.start_char
    end = max(t.idx + len(t.text) for t in tokens) - sent.start_char
    return start, end


def _denied_tokens(verb: Token) -> list[Token]:
    """The words of the denial's object or clause, without a trailing ', saying ...' clause."""
    heads = [c for c in verb.children if c.dep_ in {"dobj", "ccomp"}]
    cut = _adverbial_clause_tokens(heads)
    return [t for h in heads for t in h.subtree if t.i not in cut and not t.is_punct]


def _adverbial_clause_tokens(heads: list[Token]) -> set[int]:
    clauses = [t for h in heads for t in h.subtree if t.dep_ == "advcl" and t != h]
    return {t.i for clause in clauses for t in clause.subtree}


def is_bare_denial(sent: Span) -> bool:
    """'But the military denied that ...': a denial whose object is the previous statement."""
    for tok in sent:
        if tok.lemma_ in _DENIAL_LEMMAS and tok.pos_ == "VERB":
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if nxt is None or nxt.lower_ in {"this", "it", "the", "these", "those", "such"}:
                return True
            if (
                nxt.lower_ == "that"
            ):  # 'denied that' + a clause is a denial of its own; + 'in ...' is bare
                after = tok.doc[tok.i + 2] if tok.i + 2 < len(tok.doc) else None
                return after is None or after.pos_ in {"ADP", "PUNCT", "CCONJ", "ADV"}
            return nxt.pos_ in {"PUNCT", "ADP"}
    return False


def depth(token: Token) -> int:
    depth = 0
    while token.head != token and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def token_at(sent: Span, offset: int | None) -> Token | None:
    if offset is None:
        return None
    return next((t for t in sent if t.idx <= offset < t.idx + len(t.text)), None)


def verb_of(token: Token | None) -> Token | None:
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


def not_a_past_event(trigger: Token | None) -> bool:
    """Negated ('did not attack'), infinitival ('deployed to fight') or conditional triggers."""
    verb = verb_of(trigger)
    if verb is None:
        return False
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "aux" and child.tag_ == "TO" and verb.head.lemma_ in _INTENT_LEMMAS:
            return True  # 'plans to attack', 'deployed to fight'; but 'gathered to protest' is the protest
    return False


def places_governed_by(trigger: Token | None, event_places: list[Place]) -> list[Place]:
    """Event places inside the trigger verb's phrase: 'captured Deir el-Zour', 'took Rastan and Talbiseh'."""
    verb = verb_of(trigger)
    if verb is None:
        return []
    governed = [p for p in event_places if p.start is not None and in_subtree(verb, p.start)]
    for (
        child
    ) in verb.children:  # intransitive captures: 'Aleppo and Hama ... fell to', 'Daraa was taken'
        if child.dep_ in {"nsubj", "nsubjpass"} and (
            verb.lemma_ in {"fall", "take", "capture", "seize", "overrun", "lose"}
            or child.dep_ == "nsubjpass"
        ):
            governed += [
                p
                for p in event_places
                if p.start is not None and p not in governed and in_subtree(child, p.start)
            ]
    return governed


def in_subtree(verb: Token, offset: int, through: frozenset[str] = frozenset()) -> bool:
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
