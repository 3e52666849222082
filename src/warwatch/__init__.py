"""warwatch: offline-first war monitor.

The public API, small enough to hold in your head::

    import warwatch

    for result in warwatch.process(["Rebels seized Saraqib on Friday, the Observatory said."]):
        if isinstance(result, warwatch.WarwatchError):
            print(result)          # one line naming the input; the batch goes on
            continue
        for event in result.events:
            print(event.sub_event_type, event.place and event.place.name, event.evidence.start)

    with warwatch.open_store("sqlite:///warwatch.db") as store:
        page = store.events(warwatch.Query(country="Syria", limit=50))

Names load on first use, so ``import warwatch`` stays cheap (no spaCy, no SQLAlchemy).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it; loaded lazily by __getattr__ (PEP 562)
_EXPORTS = {
    "Pipeline": "warwatch.pipeline",
    "Settings": "warwatch.config",
    "open_store": "warwatch.store",
    "Store": "warwatch.store",
    "Query": "warwatch.store",
    "Page": "warwatch.store",
    "read_text_document": "warwatch.ingest",
    "Document": "warwatch.records",
    "Evidence": "warwatch.records",
    "Place": "warwatch.records",
    "Actor": "warwatch.records",
    "EventDate": "warwatch.records",
    "EventRecord": "warwatch.records",
    "Figure": "warwatch.records",
    "Extraction": "warwatch.records",
    "Incident": "warwatch.records",
    "IncidentLink": "warwatch.records",
    "WarwatchError": "warwatch.errors",
    "InputError": "warwatch.errors",
    "ExtractionError": "warwatch.errors",
    "GeocodeError": "warwatch.errors",
    "StoreError": "warwatch.errors",
}

__all__ = ["__version__", "process", *sorted(_EXPORTS)]

if TYPE_CHECKING:
    from warwatch.config import Settings
    from warwatch.errors import WarwatchError
    from warwatch.pipeline import Pipeline
    from warwatch.records import Document, Extraction


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'warwatch' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def process(
    documents: Iterable[str | Document],
    *,
    settings: Settings | None = None,
    pipeline: Pipeline | None = None,
) -> Iterator[Extraction | WarwatchError]:
    """Extract events, figures and claims from reports, one result per input, in input order.

    Each input is a :class:`Document` or plain report text (read as one undated document). A
    result is an :class:`Extraction` or, for an input that could not be read or processed, the
    :class:`WarwatchError` that says why. Loads a :class:`Pipeline` from ``settings`` unless one
    is given (loading takes seconds: reuse a pipeline across calls). The inputs are read up front;
    for unbounded streams use ``Pipeline.process`` or ``warwatch ingest``.
    """
    from warwatch.errors import WarwatchError
    from warwatch.ingest import read_text_document
    from warwatch.pipeline import Pipeline

    def read(index: int, item: str | Document) -> Document | WarwatchError:
        if not isinstance(item, str):
            return item
        try:
            return read_text_document(item, origin=f"text {index}")
        except WarwatchError as error:
            return error

    inputs = [read(i, item) for i, item in enumerate(documents)]
    runner = pipeline or Pipeline(settings)
    results = runner.process(d for d in inputs if not isinstance(d, WarwatchError))
    for item in inputs:
        yield item if isinstance(item, WarwatchError) else next(results)
