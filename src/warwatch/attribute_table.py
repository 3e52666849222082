"""The model's attribute ruler as lookup tables: the same matches, applied the same way.

The packaged model maps each fine-grained tag, and a few word and tag exceptions ("gonna", "there
is", "gets"), to part of speech, morphology and lemma through an attribute ruler. That ruler runs
spaCy's general Matcher over every token for 179 one- and two-token patterns, which took a sixth
of the whole parse (issue 13). Every pattern of the model is a sequence of tokens constrained by
equality, ``IN``, ``NOT_IN`` or ``REGEX`` on TAG, LOWER, DEP or IS_SPACE. Such patterns are matched here by
looking each token up by its tag and its lowercase form, then applied in the ruler's own order
(pattern number, then position; a later pattern overrides an earlier one), with the ruler's own
normalised attributes: every token gets exactly the values the ruler would have given it.

A ruler using anything else (an ``OP``, another attribute, another operator) is kept as it is:
:func:`table_of` returns None for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# the token attributes a pattern may test, in the column order of ``Doc.to_array``
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]

Row = list[int]  # one token's values, as hashes (IS_SPACE as 0 or 1)
Test = Callable[[Row, StringStore], bool]


class UnsupportedPattern(ValueError):
    """A ruler pattern the tables cannot match exactly."""


@dataclass(frozen=True)
class Rule:
    """One pattern of the ruler: its number (later numbers win), a test per token, and which
    token of the match gets the attributes (the ruler's ``index``, negative from the end)."""

    order: int
    tokens: tuple[tuple[Test, ...], ...]
    index: int

    @property
    def target(self) -> int:
        """The position, within the match, of the token that gets the attributes."""
        return self.index if self.index >= 0 else len(self.tokens) + self.index

    def fits(self, k: int, row: Row, strings: StringStore) -> bool:
        """Whether a token's row passes the tests of the rule's ``k``-th token."""
        return all(test(row, strings) for test in self.tokens[k])

    def matches(self, rows: Sequence[Row], start: int, strings: StringStore) -> bool:
        if start + len(self.tokens) > len(rows):
            return False
        return all(self.fits(k, rows[start + k], strings) for k in range(len(self.tokens)))


def _test(column: int, spec: Any) -> Test:
    """The test of one constraint: a value, ``{"IN": [...]}``, ``{"NOT_IN": [...]}`` or
    ``{"REGEX": "..."}``."""
    if isinstance(spec, bool):
        wanted = int(spec)
        return lambda row, _strings: row[column] == wanted
    if isinstance(spec, str):
        hashed = StringStore().add(spec)  # a string's hash is the same in every store
        return lambda row, _strings: row[column] == hashed
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, value),) = spec.items()
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in value):
            hashes = frozenset(StringStore().add(v) for v in value)  # '' (not set) hashes to 0
            if op == "IN":
                return lambda row, _strings: row[column] in hashes
            return lambda row, _strings: row[column] not in hashes
        if op == "REGEX" and isinstance(value, str):
            search = re.compile(value).search
            return lambda row, strings: search(strings[row[column]]) is not None
    raise UnsupportedPattern(f"constraint {spec!r}")


def _keys(token: dict) -> tuple[int, list[int]] | None:
    """The column and hashes a rule is looked up under, from its first token: the first of TAG,
    LOWER, DEP and IS_SPACE it constrains by a value or ``IN``; None if it must be tried anywhere."""
    for name, column in _COLUMNS.items():
        spec = token.get(name)
        if isinstance(spec, bool):
            return column, [int(spec)]
        if isinstance(spec, str):
            return column, [StringStore().add(spec)]
        if isinstance(spec, dict) and isinstance(spec.get("IN"), list):
            return column, [StringStore().add(v) for v in spec["IN"]]
    return None


class _Index:
    """Rules by (column, value) of their first token, plus those to try on every token."""

    def __init__(self) -> None:
        self.keyed: dict[tuple[int, int], list[Rule]] = {}
        self.anywhere: list[Rule] = []

    def add(self, rule: Rule, first: dict) -> None:
        keys = _keys(first)
        if keys is None:
            self.anywhere.append(rule)
            return
        column, values = keys
        for value in values:
            self.keyed.setdefault((column, value), []).append(rule)

    def candidates(self, row: Row) -> list[Rule]:
        found = list(self.anywhere)
        for column, value in enumerate(row):
            found += self.keyed.get((column, value), ())
        return found


# distinct (tag, lowercase, dependency, space) rows remembered; beyond it the memo starts afresh
_MEMO_ROWS = 200_000


class AttributeTable:
    """The component. One-token rules depend on a token's row alone, so their result is
    remembered per row; the few longer rules ("gon na", "there is") are tried where they start."""

    def __init__(self, single: _Index, longer: _Index, attrs: list[dict]) -> None:
        self.single = single
        self.longer = longer
        self.attrs = attrs  # the ruler's normalised attributes, by rule order
        self._rows: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[Rule, ...]]] = {}
        self._merged: dict[tuple[int, ...], dict] = {}

    def __call__(self, doc: Doc) -> Doc:
        rows: list[Row] = doc.to_array(_ARRAY_ATTRS).tolist() if len(doc) else []
        strings = doc.vocab.strings
        read = [self._read(row, strings) for row in rows]
        extra: dict[int, list[int]] = {}
        for start, (_, starting) in enumerate(read):
            for rule in starting:
                if rule.matches(rows, start, strings):
                    extra.setdefault(start + rule.target, []).append(rule.order)
        for i, (orders, _) in enumerate(read):
            if i in extra:
                orders = tuple(sorted((*orders, *extra[i])))
            if orders:
                set_token_attrs(doc[i], self._merge(orders))
        return doc

    def _read(self, row: Row, strings: StringStore) -> tuple[tuple[int, ...], tuple[Rule, ...]]:
        """The one-token rules a row matches, and the longer rules whose first token it fits."""
        key = tuple(row)
        known = self._rows.get(key)
        if known is None:
            if len(self._rows) >= _MEMO_ROWS:
                self._rows.clear()
            orders = {r.order for r in self.single.candidates(row) if r.fits(0, row, strings)}
            starting = tuple(r for r in self.longer.candidates(row) if r.fits(0, row, strings))
            known = self._rows[key] = (tuple(sorted(orders)), starting)
        return known

    def _merge(self, orders: tuple[int, ...]) -> dict:
        """Applying the rules one after another only overwrites values (the ruler sets nothing
        else): the same as setting their attributes merged in order, once."""
        merged = self._merged.get(orders)
        if merged is None:
            merged = {}
            for order in orders:
                merged.update(self.attrs[order])
            self._merged[orders] = merged
        return merged


def table_of(ruler: Any) -> AttributeTable | None:
    """The tables of a spaCy ``AttributeRuler``, or None when one of its patterns is beyond them."""
    single, longer = _Index(), _Index()
    try:
        for order, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                rule = _rule(order, pattern, entry["index"])
                (single if len(rule.tokens) == 1 else longer).add(rule, pattern[0])
    except UnsupportedPattern:
        return None
    return AttributeTable(single, longer, list(ruler.attrs))


def _rule(order: int, pattern: list[dict], index: int) -> Rule:
    tokens = []
    for token in pattern:
        unknown = set(token) - set(_COLUMNS)
        if unknown:
            raise UnsupportedPattern(f"attributes {sorted(unknown)}")
        tokens.append(tuple(_test(_COLUMNS[name], spec) for name, spec in token.items()))
    if not tokens or not -len(tokens) <= index < len(tokens):
        raise UnsupportedPattern(f"index {index} of a {len(tokens)}-token pattern")
    return Rule(order, tuple(tokens), index)


@Language.factory("warwatch_attribute_table")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """Built from the pipeline's ``attribute_ruler``, which :func:`warwatch.nlp.load_pipeline`
    then removes; only added when :func:`table_of` accepts that ruler."""
    table = table_of(nlp.get_pipe("attribute_ruler"))
    if table is None:
        raise UnsupportedPattern("the model's attribute ruler has patterns the tables cannot match")
    return table
