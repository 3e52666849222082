"""Knowledge.load and Knowledge.version: one loader for what extraction knows, and a version that
changes with any of it."""

from __future__ import annotations

import re
from pathlib import Path

from warwatch.extract import knowledge
from warwatch.extract.claimants import ClaimantBook
from warwatch.extract.figures import FigureVocabulary
from warwatch.extract.knowledge import GazetteerGeocoder, Geocoder, knowledge_version


def test_version_is_stable_and_names_the_gazetteer_build():
    assert knowledge_version("build-1") == knowledge_version("build-1")
    assert knowledge_version("build-1") != knowledge_version("build-2")
    assert knowledge_version("build-1").startswith("k1-")


def test_version_changes_with_any_data_file(monkeypatch):
    files = knowledge._data_files()
    assert any(name.endswith("event_cues.yaml") for name, _ in files)
    before = knowledge_version("b")
    edited = [(n, d + b"\n# edited" if n.endswith("event_cues.yaml") else d) for n, d in files]
    monkeypatch.setattr(knowledge, "_data_files", lambda: edited)
    assert knowledge_version("b") != before


def test_the_pipeline_loads_one_knowledge_with_its_version(pipeline):
    kb = pipeline.knowledge
    assert kb.version == knowledge_version(str(pipeline.gazetteer.version))
    assert pipeline.version.endswith(kb.version)
    geocoder: Geocoder = GazetteerGeocoder(pipeline.gazetteer)
    assert geocoder.resolve_place("Daraa", ["Syria"], [], None).country == "Syria"
    assert kb.resolve_place("Daraa", ["Syria"], [], None).country == "Syria"


def test_the_knowledge_owns_the_claimant_and_figure_words(pipeline):
    kb = pipeline.knowledge
    assert isinstance(kb.claimants, ClaimantBook) and kb.claimants.display_aliases
    assert isinstance(kb.figures, FigureVocabulary) and kb.figures.numbers["dozens"] == 12
    # the pipeline's ruler is fed from the same book: a claimant's alias is tagged as its name
    doc = pipeline.nlp("Residents told the Syrian Observatory that shelling went on.")
    assert ("Syrian Observatory", "ORG", "Syrian Observatory for Human Rights") in {
        (e.text, e.label_, e.ent_id_) for e in doc.ents
    }


def test_no_extraction_module_caches_its_own_data_file():
    # issue 9: data files are read by Knowledge.load and passed in, never from inside a stage
    extract = Path(knowledge.__file__).parent
    cached = [
        p.name
        for p in extract.rglob("*.py")
        if "lru_cache" in (text := p.read_text(encoding="utf-8")) and "resources.files" in text
    ]
    assert cached == []


def test_the_knowledge_owns_the_taxonomy_extraction_codes_with(nlp, fake_kb):
    # an event's type and disorder come from Knowledge.taxonomy, not from a module's own copy
    import dataclasses
    import datetime as dt

    from warwatch.extract.events import extract
    from warwatch.ingest import read_text_document

    text = "Rebels clashed with the army in Daraa on Friday, killing 12 fighters."
    document = read_text_document(text, published=dt.date(2024, 12, 7))
    (event,) = extract(nlp(document.text), document, fake_kb).events
    assert (event.sub_event_type, event.event_type) == ("Armed clash", "Battles")

    renamed = {
        name: dataclasses.replace(sub, event_type="Fights", disorder_type="Test disorder")
        if name == "Armed clash"
        else sub
        for name, sub in fake_kb.taxonomy.items()
    }
    other = dataclasses.replace(fake_kb, taxonomy=renamed)
    (recoded,) = extract(nlp(document.text), document, other).events
    assert (recoded.event_type, recoded.disorder_type) == ("Fights", "Test disorder")


def test_no_extraction_stage_reads_the_process_wide_codebook():
    extract = Path(knowledge.__file__).parent
    reads = re.compile(r"(?<!\w)sub_event_types\(")  # not read_sub_event_types, Knowledge's loader
    readers = [p.name for p in extract.rglob("*.py") if reads.search(p.read_text("utf-8"))]
    assert readers == []
