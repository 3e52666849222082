"""Casualty and displacement numbers in a sentence: 'At least 826 people ... have been killed'.

Works on the sentence text with the vocabulary of ``data/figures.yaml`` (a
:class:`FigureVocabulary`, loaded once by ``Knowledge.load`` and passed in); returns spans so
every figure can cite the characters it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml

# A number is digits with optional thousands separators ('120,500') and decimals, or a range
# ('2-5'); a comma after it ('December 2024, five') is punctuation, never part of the number.
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TOKEN = re.compile(
    rf"(?:{_NUMBER})(?:\s*-\s*(?:{_NUMBER}))?|[A-Za-z]+(?:-[A-Za-z]+)*|[^\sA-Za-z\d]"
)
_STOP = {".", ";", ":", "?", "!"}
# 'put the overall death toll since the offensive began at 910': the number ends a long phrase
_TOLL = re.compile(
    r"\b(death toll|toll)\b[^.;:]{0,90}?\b(at|to|of|reached|hit|stands at|stood at)\s+(?P<q>at least |more than |about |nearly |over )?(?P<n>\d[\d,]*)\b",
    re.IGNORECASE,
)
_YEAR_CONTEXT = {"in", "since", "between", "and", "of", "from", "until", "to", "by", "year"}


@dataclass(frozen=True)
class RawFigure:
    kind: str
    value: int
    qualifier: str | None
    start: int  # character offsets within the text given
    end: int
    subset_of: int | None = None  # index of the figure this one is part of ("including 111 ...")
    civilians: bool = False


@dataclass(frozen=True)
class FigureVocabulary:
    """The words of ``data/figures.yaml``: number words, qualifiers, what a number counts."""

    numbers: dict[str, int]
    multipliers: dict[str, int]
    qualifiers: dict[str, str]
    kind_after: list[tuple[tuple[str, ...], str]]
    kind_before: list[tuple[tuple[str, ...], str]]
    people: set[str]
    civilian_nouns: set[str]
    months: frozenset[str]
    not_after: frozenset[str]  # a number followed by one of these is no toll ('93rd', '10 am')
    not_before: frozenset[str]  # nor one preceded by one of these ('aged 25', 'Brigade 47')

    @classmethod
    def load(cls) -> FigureVocabulary:
        """Read the packaged ``data/figures.yaml``."""
        text = resources.files("warwatch").joinpath("data/figures.yaml").read_text("utf-8")
        data = yaml.safe_load(text)

        def phrases(mapping: dict[str, list[str]]) -> list[tuple[tuple[str, ...], str]]:
            out = [(tuple(p.lower().split()), kind) for kind, ps in mapping.items() for p in ps]
            return sorted(out, key=lambda item: -len(item[0]))

        return cls(
            numbers={k.lower(): int(v) for k, v in data["number_words"].items()},
            multipliers={k: int(v) for k, v in data["multipliers"].items()},
            qualifiers={k.lower(): v for k, v in data["qualifiers"].items()},
            kind_after=phrases(data["kinds"]),
            kind_before=phrases(data["verb_first"]),
            people={w.lower() for w in data["people"]},
            civilian_nouns={w.lower() for w in data["civilian_nouns"]},
            months=frozenset(w.lower() for w in data["not_counts"]["months"]),
            not_after=frozenset(w.lower() for w in data["not_counts"]["after"]),
            not_before=frozenset(w.lower() for w in data["not_counts"]["before"]),
        )


@dataclass(frozen=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _number_at(toks: list[_Tok], i: int, vocab: FigureVocabulary) -> tuple[int, int] | None:
    """(value, tokens used) for a number starting at token i, or None."""
    tok = toks[i]
    if tok.low[0].isdigit():
        raw = tok.low.replace(",", "")
        if "-" in raw:  # a range "1-4": ACLED codes the conservative low end
            raw = raw.split("-")[0].strip()
        try:
            value = float(raw)
        except ValueError:
            return None
        used = 1
        if i + 1 < len(toks) and toks[i + 1].low in vocab.multipliers:
            value *= vocab.multipliers[toks[i + 1].low]
            used = 2
        return int(value), used
    if i + 1 < len(toks) and f"{tok.low} {toks[i + 1].low}" in vocab.numbers:
        return vocab.numbers[f"{tok.low} {toks[i + 1].low}"], 2
    if tok.low in vocab.numbers and tok.low not in {"a", "an"}:
        value, used = vocab.numbers[tok.low], 1
        if i + 1 < len(toks) and toks[i + 1].low in vocab.multipliers:
            value *= vocab.multipliers[toks[i + 1].low]
            used = 2
        return value, used
    return None


def _phrase_at(
    toks: list[_Tok], i: int, phrases: list[tuple[tuple[str, ...], str]]
) -> tuple[str, int] | None:
    for words, kind in phrases:
        if tuple(t.low for t in toks[i : i + len(words)]) == words:
            return kind, len(words)
    return None


def _qualifier_before(toks: list[_Tok], i: int, vocab: FigureVocabulary) -> tuple[str | None, int]:
    for size in (3, 2, 1):
        if i - size >= 0:
            words = " ".join(t.low for t in toks[i - size : i])
            if words in vocab.qualifiers:
                return vocab.qualifiers[words], i - size
    return None, i


def _looks_like_year(toks: list[_Tok], i: int, value: int) -> bool:
    tok = toks[i]
    if not (tok.low.isdigit() and len(tok.low) == 4 and 1900 <= value <= 2100):
        return False
    return i == 0 or toks[i - 1].low in _YEAR_CONTEXT or toks[i - 1].low[0].isdigit() or True


def _not_a_count(toks: list[_Tok], i: int, used: int, vocab: FigureVocabulary) -> bool:
    """True when the number at token i is a date, a time, an age, an ordinal or a unit's number.

    Only digits are checked: 'five civilians' is a count whatever surrounds it.
    """
    if not toks[i].low[0].isdigit():
        return False
    before = toks[i - 1].low if i > 0 else ""
    after = toks[i + used].low if i + used < len(toks) else ""
    if before in vocab.months or after in vocab.months or before in vocab.not_before:
        return True
    if after in vocab.not_after or after.lstrip("-") in vocab.not_after:
        return True
    # a time of day ('10:30') or a number glued to a dash-word ('25-year-old')
    following = toks[i + used + 1].low if i + used + 1 < len(toks) else ""
    if after == ":" and following[:1].isdigit():
        return True
    return after == "-" and following in vocab.not_after


def find_figures(text: str, vocab: FigureVocabulary) -> list[RawFigure]:
    """All casualty/displacement figures in ``text`` (one sentence or a short passage).

    >>> [f.value for f in find_figures("At least 12 people were killed", vocab)]  # doctest: +SKIP
    [12]
    """
    toks = _tokens(text)
    figures: list[RawFigure] = []
    i = 0
    while i < len(toks):
        number = _number_at(toks, i, vocab)
        if number is None:
            i += 1
            continue
        value, used = number
        if not _is_no_count(toks, i, used, value, vocab):
            figure = _figure_at(text, toks, i, (value, used), figures, vocab)
            if figure is not None:
                figures.append(figure)
        i += used
    return figures


def _is_no_count(toks: list[_Tok], i: int, used: int, value: int, vocab: FigureVocabulary) -> bool:
    """A date, time, age, ordinal or unit number, or a year not followed by people ('2024
    civilians' is a count)."""
    if _not_a_count(toks, i, used, vocab):
        return True
    followed_by_people = i + used < len(toks) and toks[i + used].low in vocab.people
    return _looks_like_year(toks, i, value) and not followed_by_people


def _figure_at(
    text: str,
    toks: list[_Tok],
    i: int,
    number: tuple[int, int],
    figures: list[RawFigure],
    vocab: FigureVocabulary,
) -> RawFigure | None:
    """The figure the number at token i states, if what it counts can be told."""
    value, used = number
    qualifier, first = _qualifier_before(toks, i, vocab)
    subset = first > 0 and (
        toks[first - 1].low == "including"
        or (first > 1 and (toks[first - 2].low, toks[first - 1].low) == ("among", "them"))
    )
    j = i + used
    kind, civilians, toll = _kind_of(
        text, toks, (i, first, j), subset and bool(figures), figures, vocab
    )
    if toll is not None:
        qualifier = qualifier or toll or None
    # "(a/an) man was shot dead": single victims only count with a clear kind word next to them
    if kind is None or toks[i].low in {"a", "an"}:
        return None
    return RawFigure(
        kind=kind,
        value=value,
        qualifier=qualifier,
        start=toks[first].start,
        end=toks[min(j, len(toks) - 1)].end,
        subset_of=len(figures) - 1 if subset and figures else None,
        civilians=civilians,
    )


def _kind_of(
    text: str,
    toks: list[_Tok],
    at: tuple[int, int, int],
    subset: bool,
    figures: list[RawFigure],
    vocab: FigureVocabulary,
) -> tuple[str | None, bool, str | None]:
    """(kind, civilians, toll qualifier) of the number at token ``at[0]`` whose phrase starts at
    ``at[1]`` and whose following words start at ``at[2]``."""
    i, first, j = at
    civilian_next = j < len(toks) and toks[j].low in vocab.civilian_nouns
    kind = _kind_before(toks, first, vocab)
    if kind is not None:
        return kind, civilian_next, None
    kind, civilians = _kind_after(toks, j, vocab)
    if kind is not None:
        return kind, civilian_next, None
    if subset:  # 'among them 138 civilians' counts what its total counts
        return figures[-1].kind, civilian_next, None
    toll = _toll_at(text, toks[i].start)
    if toll is not None:
        return "killed", civilians, toll
    return None, civilians, None


def _toll_at(text: str, offset: int) -> str | None:
    """'' or the qualifier when the number at ``offset`` closes a 'death toll ... at N' phrase."""
    for match in _TOLL.finditer(text):
        if match.start("n") == offset:
            return (match.group("q") or "").strip() or ""
    return None


def _kind_before(toks: list[_Tok], first: int, vocab: FigureVocabulary) -> str | None:
    for size in (4, 3, 2, 1):
        k = first - size
        if k >= 0:
            hit = _phrase_at(toks, k, vocab.kind_before)
            if hit and hit[1] == size:
                return hit[0]
    return None


def _kind_after(toks: list[_Tok], j: int, vocab: FigureVocabulary) -> tuple[str | None, bool]:
    """Scan right of a number for what it counts, skipping an 'including N ...' aside."""
    civilians = False
    limit = min(len(toks), j + 14)
    k = j
    nouns_seen = 0
    while k < limit:
        tok = toks[k]
        if tok.low in _STOP:
            return None, civilians
        if tok.low == "including":  # skip the aside up to the next comma
            while k < limit and toks[k].low != ",":
                k += 1
            limit = min(len(toks), limit + 8)
            k += 1
            continue
        if tok.low in vocab.people:
            nouns_seen += 1
            civilians = civilians or (tok.low in vocab.civilian_nouns and nouns_seen == 1)
        elif tok.low[0].isdigit():
            return None, civilians  # another number owns what follows
        hit = _phrase_at(toks, k, vocab.kind_after)
        if hit:
            return hit[0], civilians
        if k - j >= 6 and nouns_seen == 0:
            return None, civilians
        k += 1
    return None, civilians
