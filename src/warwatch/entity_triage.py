"""The statistical NER only on the sentences whose entities extraction reads.

NER is half of the model's work on news (issue 13), and most sentences of an article carry no
event, figure or date: extraction reads their text, their tags and their parse, never their
entities, except the places and names the entity ruler already gives. So the NER runs only on the
sentences a ``keep`` test passes (from :mod:`warwatch.extract.triage`: an event cue, a figure or a
date word); each run of consecutive kept sentences is recognised as one piece, so a sentence keeps
its neighbours' context, and the pieces' entities are written back at their offsets. The other
sentences keep the ruler's entities (gazetteer places, actors, claimants) and no others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, NORM, ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

Keep = Callable[[str], bool]


class EntityTriage:
    """A pipeline component in the NER's place, holding the NER itself."""

    def __init__(self, ner: Callable, keep: Keep, batch_size: int = 64) -> None:
        self.ner = ner
        self.keep = keep
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size or self.batch_size):
            runs = [(doc, start, end) for doc in batch for start, end in self.runs(doc)]
            pieces = _pieces(runs)
            recognised = (
                self.ner.pipe(pieces) if hasattr(self.ner, "pipe") else map(self.ner, pieces)
            )
            found: dict[int, list[tuple[int, Doc]]] = {}
            for (doc, start, _), piece in zip(runs, recognised):
                found.setdefault(id(doc), []).append((start, piece))
            for doc in batch:
                _write_back(doc, found.get(id(doc), []))
            yield from batch

    def runs(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges of the runs of consecutive sentences the test keeps, widened to the whole
        of a ruler's entity that crosses a sentence boundary (a piece never starts or ends inside
        one, so its entity tags stay valid and write back without overlaps)."""
        out: list[tuple[int, int]] = []
        for sent in doc.sents:
            if self.keep(sent.text):
                out.append((sent.start, sent.end))
        return _whole_entities(out, doc.ents)


def _whole_entities(runs: list[tuple[int, int]], ents: Sequence[Span]) -> list[tuple[int, int]]:
    """``runs`` with each end moved out of any entity it falls inside, then touching runs joined."""
    out: list[tuple[int, int]] = []
    for start, end in runs:
        for ent in ents:
            if ent.start < start < ent.end:
                start = ent.start
            if ent.start < end < ent.end:
                end = ent.end
        if out and out[-1][1] >= start:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# What a piece copies from its document besides the words: the norms (the tokenizer's, which the
# NER reads) and the ruler's entities, which the NER keeps.
_COPIED = [NORM, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]


def _pieces(runs: list[tuple[Doc, int, int]]) -> list[Doc]:
    """A Doc per run with only what the NER reads. ``Span.as_doc`` copies every annotation
    (parse, tags, tensor, user data) and cost the NER's input a seventh of the NER's own time."""
    arrays: dict[int, tuple] = {}
    out = []
    for doc, start, end in runs:
        if id(doc) not in arrays:
            arrays[id(doc)] = (doc.to_array([ORTH, SPACY]), doc.to_array(_COPIED))
        words, copied = arrays[id(doc)]
        strings = doc.vocab.strings
        piece = Doc(
            doc.vocab,
            words=[strings[orth] for orth in words[start:end, 0].tolist()],
            spaces=[bool(space) for space in words[start:end, 1].tolist()],
        )
        piece.from_array(_COPIED, copied[start:end])
        out.append(piece)
    return out


def _write_back(doc: Doc, pieces: list[tuple[int, Doc]]) -> None:
    """The ruler's entities outside the pieces, and each piece's entities at its offset."""
    covered = [(start, start + len(piece)) for start, piece in pieces]
    ents = [e for e in doc.ents if not any(s <= e.start < end for s, end in covered)]
    for start, piece in pieces:
        ents += [
            Span(doc, start + e.start, start + e.end, label=e.label, kb_id=e.kb_id, span_id=e.id)
            for e in piece.ents
        ]
    doc.ents = sorted(ents, key=lambda e: e.start)


@Language.factory("warwatch_entity_triage")
def make_entity_triage(nlp: Language, name: str) -> EntityTriage:
    """Holds the pipeline's ``ner`` and keeps every sentence until ``keep`` is set;
    :func:`warwatch.nlp.load_pipeline` sets it and disables the NER's own place."""
    return EntityTriage(nlp.get_pipe("ner"), keep=lambda text: True)
