"""The public API of ``import warwatch``: small, stable, lazily loaded, and it works."""

from __future__ import annotations

import subprocess
import sys

import warwatch

PUBLIC = {
    "__version__", "process", "Pipeline", "Settings", "open_store", "Store", "Query", "Page",
    "read_text_document", "Document", "Evidence", "Place", "Actor", "EventDate", "EventRecord",
    "Figure", "Extraction", "Incident", "IncidentLink", "WarwatchError", "InputError",
    "ExtractionError", "GeocodeError", "StoreError",
}  # fmt: skip


def test_all_is_the_promised_api_and_every_name_resolves() -> None:
    assert set(warwatch.__all__) == PUBLIC and len(warwatch.__all__) == len(PUBLIC)
    for name in warwatch.__all__:
        assert getattr(warwatch, name) is not None, name
    for error in ("InputError", "ExtractionError", "GeocodeError", "StoreError"):
        assert issubclass(getattr(warwatch, error), warwatch.WarwatchError)
    assert warwatch.Query is warwatch.store.Query  # type: ignore[attr-defined]
    try:
        warwatch.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")


def test_import_is_cheap() -> None:
    code = (
        "import sys, warwatch; "
        "print(' '.join(m for m in ('spacy', 'sqlalchemy', 'fastapi') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []


def test_process_reads_text_and_keeps_failures_in_order(pipeline) -> None:
    text = "Rebels seized the town of Saraqib on Friday, the Syrian Observatory said."
    document = warwatch.read_text_document(text, origin="given")
    results = list(warwatch.process([text, "   ", document], pipeline=pipeline))
    assert len(results) == 3
    first, blank, given = results
    assert isinstance(first, warwatch.Extraction) and first.events
    assert first.document.origin == "text 0" and first.events[0].evidence.start >= 0
    assert isinstance(blank, warwatch.InputError) and "text 1" in str(blank)
    assert isinstance(given, warwatch.Extraction) and given.document is document
