"""From a parsed document to event and figure records: a short composition of four stages.

1. :mod:`~warwatch.extract.sentences`: what each sentence says (cues, figures, dates and whether
   they are history, claimant, denial, places in context);
2. :mod:`~warwatch.extract.clusters`: which sentences describe one happening;
3. :mod:`~warwatch.extract.coding`: per cluster, its events (type, trigger, place, date, actors,
   fatalities, stance), through the named gates and re-codings of :mod:`~warwatch.extract.rules`;
4. :mod:`~warwatch.extract.finishing`: restatements and one happening merged, the main event
   flagged, denied copies of denied events, and each type decided with the trained typer.
"""

from __future__ import annotations

from spacy.tokens import Doc

from warwatch.extract.clusters import Clustering, cluster_sentences
from warwatch.extract.coding import code_cluster, told_key
from warwatch.extract.finishing import (
    denied_copies,
    flag_main_event,
    merge_happenings,
    merge_restatements,
    typed,
)
from warwatch.extract.knowledge import Knowledge
from warwatch.extract.prose import reads_as_word_salad
from warwatch.extract.sentences import read_sentences
from warwatch.records import Document, EventRecord, Extraction, Place


def extract(doc: Doc, document: Document, kb: Knowledge) -> Extraction:
    """All events and figures of one document. Pure: no I/O, no clock, no global state."""
    entities = tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)
    if kb.word_order is not None and reads_as_word_salad(doc, kb.word_order):
        # English words in no English order: any event found in it would be invented
        warning = "reads as word salad (words in no English order): no events coded"
        return Extraction(
            document, entities=entities, warnings=(warning,), knowledge_version=kb.version or None
        )
    facts = read_sentences(doc, document, kb)
    clustering = cluster_sentences(facts.sentences, kb)
    by_cluster = code_clusters(clustering, document, kb, facts.focus, facts.setting)
    events = merge_happenings(merge_restatements([e for made in by_cluster for e in made]))
    events = flag_main_event(events) + denied_copies(clustering.denials, by_cluster)
    events = typed(events, kb)
    return Extraction(
        document=document,
        events=tuple(events),
        figures=facts.figures,
        entities=entities,
        knowledge_version=kb.version or None,
    )


def code_clusters(
    clustering: Clustering,
    document: Document,
    kb: Knowledge,
    focus: tuple[str, ...],
    setting: Place | None = None,
) -> list[list[EventRecord]]:
    """The events of each cluster, in order; each is placed beside the previous event's place
    (the first beside the place the report's opening sentence sets it in, if any)."""
    out: list[list[EventRecord]] = []
    previous_place = setting
    told: set[str] = set()
    for cluster in clustering.clusters:
        made = code_cluster(cluster, document, kb, focus, previous_place, frozenset(told))
        if made and made[-1].place is not None:
            previous_place = made[-1].place
        told.update(told_key(e.event_type, None) for e in made)
        told.update(told_key(e.event_type, e.date.date) for e in made)
        out.append(made)
    return out
