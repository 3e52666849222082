"""The NER reads only the sentences whose entities extraction uses; the others keep the ruler's."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from warwatch.entity_triage import EntityTriage
from warwatch.extract.triage import SentenceTriage
from warwatch.nlp import MODEL

QUIET = "The minister met Angela Merkel and the head of Siemens to talk about trade."
EVENT = "Rebels killed five soldiers near Saraqib, the Syrian Observatory for Human Rights said."
DATED = "The talks resumed on Monday."


def test_the_triage_keeps_cues_figures_and_dates(pipeline):
    keep = SentenceTriage(pipeline.knowledge)
    assert keep(EVENT)
    assert keep(DATED)
    assert keep("Last week the convoy reached the border.")
    assert keep("On 12/03 the road reopened.")
    assert keep("At least 40 people were wounded.")
    assert not keep(QUIET)
    assert not keep("He may come back to the capital.")  # the verb 'may' is not a month


def test_ner_runs_only_on_kept_sentences(pipeline):
    doc = pipeline.nlp(f"{QUIET} {EVENT} {DATED}")
    sentences = list(doc.sents)
    assert len(sentences) == 3
    quiet = sentences[0]
    labels = {(e.text, e.label_) for e in doc.ents}
    # the quiet sentence has no NER entity: no PERSON, no ORG the model alone would find
    assert [e for e in doc.ents if e.start < quiet.end and e.label_ in ("PERSON", "ORG")] == []
    assert ("five", "CARDINAL") in labels and ("Monday", "DATE") in labels
    # every token still has an entity tag ('O' outside), as after a full NER run
    assert all(t.ent_iob_ in ("B", "I", "O") for t in doc)
    stock = spacy.load(MODEL)
    assert ("Angela Merkel", "PERSON") in {(e.text, e.label_) for e in stock(QUIET).ents}


def test_the_rulers_entities_stay_in_skipped_sentences(pipeline):
    doc = pipeline.nlp("The Syrian Observatory for Human Rights has an office in London.")
    assert not pipeline.nlp.get_pipe("warwatch_entity_triage").runs(doc)
    claimant = [e for e in doc.ents if e.label_ == "ORG"]
    assert claimant and claimant[0].ent_id_  # the ruler's id (the claimant's name) is kept
    assert ("London", "GPE") in {(e.text, e.label_) for e in doc.ents}


def test_consecutive_kept_sentences_are_read_as_one_piece():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    triage = EntityTriage(ner=lambda doc: doc, keep=lambda text: "ran" in text)
    doc = nlp("A fox ran. An ox ran. A cat sat. A dog ran. A hen sat.")
    spans = [doc[start:end].text for start, end in triage.runs(doc)]
    assert spans == ["A fox ran. An ox ran.", "A dog ran."]


def test_a_piece_carries_what_the_ner_reads(pipeline):
    """Words, spaces, the tokenizer's norms and the ruler's entities, as ``Span.as_doc`` would."""
    from warwatch.entity_triage import _pieces

    nlp = pipeline.nlp
    with nlp.select_pipes(disable=["warwatch_entity_triage"]):
        doc = nlp(
            f"{QUIET} Gunmen didn't spare Homs, the Syrian Observatory for Human Rights said."
        )
    start = list(doc.sents)[1].start
    (piece,) = _pieces([(doc, start, len(doc))])
    reference = doc[start:].as_doc()
    assert piece.text == reference.text
    assert [t.norm_ for t in piece] == [t.norm_ for t in reference]
    assert "not" in [t.norm_ for t in piece]  # "n't", normalised by the tokenizer
    assert [(e.text, e.label_, e.ent_id_) for e in piece.ents] == [
        (e.text, e.label_, e.ent_id_) for e in reference.ents
    ]
    assert {e.text for e in piece.ents} >= {"Homs", "Syrian Observatory for Human Rights"}


def test_an_entity_across_a_sentence_boundary_is_read_whole():
    """A ruler's entity that the sentence split cuts (a kept sentence starting inside it) widens
    the piece to the whole entity: no piece starts with an 'I' tag, and nothing overlaps."""
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Fighting near Deir ez Zor killed 3. Zor residents fled.")
    doc.ents = [Span(doc, 2, 5, label="GPE")]  # "Deir ez Zor"
    for token in doc:
        token.is_sent_start = token.i in (0, 4)  # a split inside the entity, before "Zor"
    recognised = []

    def ner(piece):
        recognised.append(piece.text)
        return piece

    triage = EntityTriage(ner=ner, keep=lambda text: "fled" in text)
    assert triage.runs(doc) == [(2, len(doc))]
    (out,) = triage.pipe([doc])
    assert recognised == ["Deir ez Zor killed 3. Zor residents fled."]
    assert [(e.text, e.label_) for e in out.ents] == [("Deir ez Zor", "GPE")]
