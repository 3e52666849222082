"""The extraction pipeline: documents in, :class:`Extraction` records out.

Loads the model, the gazetteer and the data files once; ``process`` streams documents through
``nlp.pipe`` in batches (optionally in several processes) and the pure extraction stages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from warwatch.config import Settings
from warwatch.errors import ExtractionError, WarwatchError
from warwatch.extract.events import extract
from warwatch.extract.knowledge import Knowledge
from warwatch.extract.triage import SentenceTriage
from warwatch.nlp import claimant_patterns, load_pipeline, pipe_bounded
from warwatch.records import Document, Extraction

PIPELINE_VERSION = "0.1.0"
# Documents per spaCy memory zone: the strings and lexemes the zone's texts add to the vocabulary
# are freed at its end, so a long run (a Dask worker, a year of news) keeps flat memory.
ZONE_DOCUMENTS = 1000


class Pipeline:
    """Everything needed to turn documents into records, loaded once.

    >>> pipeline = Pipeline(Settings())                        # doctest: +SKIP
    >>> [e.sub_event_type for e in pipeline.extract_one(doc).events]   # doctest: +SKIP
    """

    def __init__(
        self, settings: Settings | None = None, *, zone_documents: int = ZONE_DOCUMENTS
    ) -> None:
        from warwatch import geo

        self.settings = settings or Settings()
        self.zone_documents = max(1, zone_documents)
        self.gazetteer = geo.Gazetteer.open(
            self.settings.cache_dir, place_files=self.settings.place_files
        )
        self.knowledge = Knowledge.load(self.settings, self.gazetteer)
        self.actors = self.knowledge.actors
        self.cues = self.knowledge.cues
        gazetteer = self.gazetteer
        self.nlp = load_pipeline(
            place_patterns=geo.ruler_patterns(gazetteer),
            actor_patterns=self.actors.ruler_patterns(),
            cache_dir=self.settings.cache_dir,
            claimant_patterns=claimant_patterns(self.knowledge.claimants),
            entity_triage=SentenceTriage(self.knowledge),
        )
        # stored with each document: the program and the knowledge (data files, model, gazetteer)
        self.version = f"warwatch {PIPELINE_VERSION}; knowledge {self.knowledge.version}"

    def extract_one(self, document: Document) -> Extraction:
        ((doc, _),) = pipe_bounded(self.nlp, [(document.text, None)])
        return extract(doc, document, self.knowledge)

    def process(self, documents: Iterable[Document]) -> Iterator[Extraction | WarwatchError]:
        """Extract every document, in order; a document that fails yields an ExtractionError, the
        rest go on. With ``settings.workers`` above 1, in that many worker processes
        (:mod:`warwatch.executors.processes`), else here."""
        if self.settings.workers > 1:
            from warwatch.executors.processes import WorkerProcesses

            pool = WorkerProcesses(self, self.settings.workers, self.settings.batch_size)
            yield from pool.process(documents)
        else:
            yield from self.process_here(documents)

    def process_here(self, documents: Iterable[Document]) -> Iterator[Extraction | WarwatchError]:
        """Extract every document in this process.

        Streamed, so a batch of any size holds only spaCy's current batch in memory, and parsed in
        memory zones of ``zone_documents``: records leave a zone as plain Python values, never
        tokens or hashes, so nothing that outlives the zone points into it.
        """
        items = iter(documents)
        while block := list(islice(items, self.zone_documents)):
            with self.nlp.memory_zone():
                yield from self._process_block(block)

    def _process_block(self, documents: list[Document]) -> Iterator[Extraction | WarwatchError]:
        pairs = ((document.text, document) for document in documents)
        # Long texts are parsed in bounded pieces (issue 14: memory, spaCy's max_length).
        parsed = pipe_bounded(self.nlp, pairs, batch_size=self.settings.batch_size)
        for doc, document in parsed:
            try:
                yield extract(doc, document, self.knowledge)
            except Exception as exc:  # one bad document must not stop the batch
                yield ExtractionError(
                    f"extraction failed: {type(exc).__name__}: {exc}",
                    source=document.origin or document.id,
                )
