"""Pipeline throughput plumbing (issue 13): memory zones and the ruler cache change no output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from warwatch.errors import WarwatchError
from warwatch.ingest import iter_documents

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _documents():
    items = list(iter_documents([CORPUS]))
    assert not [i for i in items if isinstance(i, WarwatchError)]
    return items


def test_memory_zone_boundaries_change_no_record(pipeline, monkeypatch):
    documents = _documents()
    one_zone = list(pipeline.process(documents))
    monkeypatch.setattr(pipeline, "zone_documents", 2)  # a zone ends every second document
    small_zones = list(pipeline.process(documents))
    assert [r.document.id for r in small_zones] == [d.id for d in documents]
    assert small_zones == one_zone
    assert sum(len(r.events) for r in small_zones) > 0


def test_zone_frees_the_strings_its_documents_added(pipeline):
    from warwatch.records import Document

    word = "Zqxwvutsrponm"  # a token no pattern or earlier text put in the vocabulary
    text = f"Fighters of the {word} brigade clashed with soldiers in Homs on Monday."
    document = Document(id="zone-test", text=text, content_hash="zone-test")
    assert word not in pipeline.nlp.vocab.strings
    [result] = pipeline.process([document])
    assert result.document.id == "zone-test"
    assert word not in pipeline.nlp.vocab.strings


def test_ruler_cache_is_written_once_and_read_back(pipeline, tmp_path):
    from warwatch.nlp import _cached_orths

    phrases = [
        ("GPE", None, "Deir ez-Zor"),
        ("ORG", "hts", "Hayat Tahrir al-Sham"),
        ("GPE", None, "Homs"),
    ]
    first = _cached_orths(pipeline.nlp, phrases, tmp_path)
    [cache] = tmp_path.glob("ruler-orths-*.msgpack")
    assert not list(tmp_path.glob("*.tmp*"))  # written to a private file, renamed into place
    os.utime(cache, (0, 0))
    again = _cached_orths(pipeline.nlp, phrases, tmp_path)
    assert again == first
    assert cache.stat().st_mtime == 0  # read, not rebuilt
    assert [len(o) for o in first] == [len(pipeline.nlp.make_doc(t)) for _, _, t in phrases]


@pytest.mark.parametrize("stale", [b"not msgpack", b"\x91\x90"])  # garbage; wrong length
def test_a_stale_ruler_cache_is_rebuilt(pipeline, tmp_path, stale):
    from warwatch.nlp import _cached_orths

    phrases = [("GPE", None, "Aleppo"), ("GPE", None, "Idlib")]
    fresh = _cached_orths(pipeline.nlp, phrases, tmp_path / "fresh")
    [cache] = (tmp_path / "fresh").glob("ruler-orths-*.msgpack")
    cache.write_bytes(stale)
    assert _cached_orths(pipeline.nlp, phrases, tmp_path / "fresh") == fresh
