"""The attribute tables give every token exactly what the model's attribute ruler gives it."""

from __future__ import annotations

import json

import pytest
import spacy

from warwatch.attribute_table import table_of
from warwatch.nlp import MODEL, use_attribute_table

# Written for this test: the ruler's exceptions ("ai n't", "gon na", "got ta", "let 's", "y' all",
# "there is", "gets"/"got", "but" as an adverb, pronoun cases, whitespace tokens) and plain news.
TEXTS = [
    "I ain't gonna wait, y'all. There is a checkpoint ahead and we got ta leave. Let's go.",
    "C'mon, there were two strikes. He gets it; she got it. But she left, but he stayed.",
    "You said I was there.\n\nThey   shelled the village of Kafr Nabl on Monday, killing 4.",
    "Militants attacked a convoy near Gao. The army, which lost 12 soldiers, said it had "
    "repelled them, and that the attackers' vehicles were destroyed.",
    "  \n",
    "",
]


def _attributes(nlp, texts):
    return [
        [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]
        for doc in nlp.pipe(texts)
    ]


@pytest.fixture(scope="module")
def both():
    stock = spacy.load(MODEL)
    tabled = spacy.load(MODEL)
    use_attribute_table(tabled)
    return stock, tabled


def test_the_tables_replace_the_ruler(both):
    _, tabled = both
    assert "attribute_ruler" not in tabled.pipe_names
    assert "warwatch_attribute_table" in tabled.pipe_names
    assert tabled.pipe_names.index("warwatch_attribute_table") > tabled.pipe_names.index("parser")


def test_same_values_as_the_ruler_on_every_token(both):
    stock, tabled = both
    expected = _attributes(stock, TEXTS)
    assert _attributes(tabled, TEXTS) == expected
    # the exceptions were really exercised: the ruler's lemmas for 'na' and 'ta'
    lemmas = {(text, lemma) for doc in expected for text, _, _, _, lemma, _ in doc}
    assert {("na", "to"), ("ta", "to"), ("ai", "be")} <= lemmas


@pytest.mark.shared
def test_same_values_on_real_news(both, shared_dir):
    stock, tabled = both
    with (shared_dir / "data" / "news_dev" / "dev.jsonl").open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line, _ in zip(lines, range(25))]
    assert _attributes(tabled, texts) == _attributes(stock, texts)


def test_a_ruler_beyond_the_tables_is_kept():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert table_of(ruler) is None
    use_attribute_table(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]


def test_a_plain_ruler_made_here_is_matched_the_same():
    """Later patterns override earlier ones, and a pattern's index picks its token."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}]], {"POS": "DET"})
    ruler.add([[{"LOWER": "the"}, {"LOWER": "army"}]], {"POS": "PROPN"}, index=-1)
    ruler.add([[{"LOWER": {"IN": ["the", "a"]}}]], {"LEMMA": "article"})
    ruler.add([[{"LOWER": {"REGEX": "^arm"}}]], {"POS": "NOUN"})
    table = table_of(ruler)
    assert table is not None
    doc = table(nlp.make_doc("The army and the armed men"))
    assert [(t.pos_, t.lemma_) for t in doc] == [
        ("DET", "article"),
        ("NOUN", ""),  # PROPN from the two-token rule, then NOUN from the later REGEX rule
        ("", ""),
        ("DET", "article"),
        ("NOUN", ""),
        ("", ""),
    ]
    assert [(t.pos_, t.lemma_) for t in ruler(nlp.make_doc("The army and the armed men"))] == [
        (t.pos_, t.lemma_) for t in doc
    ]
