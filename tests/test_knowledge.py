"""Knowledge.load and Knowledge.version: one loader for what extraction knows, and a version that
changes with any of it."""

from __future__ import annotations

from warwatch.extract import knowledge
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
