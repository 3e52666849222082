"""Incidents in the store: incremental merging during ingest equals a rebuild, in any order."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from warwatch.batch import ingest_documents
from warwatch.records import Actor, Document, EventDate, EventRecord, Evidence, Extraction, Place
from warwatch.resolve import service
from warwatch.store import open_store


def place(name: str, admin1: str, lat: float, lon: float) -> Place:
    return Place(mention=name, name=name, feature="city", country="Syria", iso=760, admin1=admin1,
                 latitude=lat, longitude=lon, geo_precision=1)  # fmt: skip


DARAA = place("Daraa", "Daraa", 32.6189, 36.1021)
SARAQIB = place("Saraqib", "Idlib", 35.8647, 36.8006)
ARIHA = place("Ariha", "Idlib", 35.8135, 36.6068)
FACTIONS = Actor("Local Armed Factions (Syria)", inter=2)
ARMY = Actor("Military Forces of Syria (2000-2024)", inter=1)


def report(text: str, events: list[dict]) -> Extraction:
    digest = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(id=digest[:16], text=text, content_hash=digest, title=text[:30],
                   published=dt.date(2024, 12, 7), source="Example Wire")  # fmt: skip
    records = []
    for n, spec in enumerate(events):
        spec = dict(spec)
        day = spec.pop("day", dt.date(2024, 12, 6))
        records.append(EventRecord(
            document_id=doc.id, disorder_type="Political violence",
            evidence=Evidence(doc.id, n, n + 5, text[n:n + 5]), date=EventDate(day, 1), **spec,
        ))  # fmt: skip
    return Extraction(document=doc, events=tuple(records))


CAPTURE = {"event_type": "Battles", "sub_event_type": "Non-state actor overtakes territory"}
STRIKE = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
REPORTS = [
    report("Herald: factions took Daraa on Friday.", [dict(CAPTURE, place=DARAA, actor1=FACTIONS)]),
    report("Wire: Daraa fell to local factions.", [dict(CAPTURE, place=DARAA, actor1=FACTIONS, claimant="SOHR", stance="reported")]),
    report("Ledger: the army denies losing Daraa.", [dict(CAPTURE, place=DARAA, actor1=FACTIONS, claimant="army", stance="denied")]),
    report("Post: strikes hit Saraqib and Ariha.", [dict(STRIKE, place=SARAQIB, actor1=ARMY, fatalities=4),
                                                    dict(STRIKE, place=ARIHA, actor1=ARMY, fatalities=2)]),
    report("Daily: a strike killed 6 in Saraqib.", [dict(STRIKE, place=SARAQIB, fatalities=6)]),
]  # fmt: skip


class FakePipeline:
    """Hands back prepared extractions (the batch and store code paths are real)."""

    version = "test"

    def __init__(self, extractions: list[Extraction]) -> None:
        self._by_id = {e.document.id: e for e in extractions}

    def process(self, documents):
        return [self._by_id[d.id] for d in documents]


def snapshot(store) -> list[tuple]:
    """Incidents without row ids: every field, and links by record key and rule."""
    out = []
    for i in store.incidents():
        fields = {k: v for k, v in i.__dict__.items() if k not in {"id", "links"}}
        out.append(
            (tuple(sorted(fields.items())), tuple((link.record_key, link.rule) for link in i.links))
        )
    return sorted(out, key=repr)


def ingest(order: list[int], chunk_size: int):
    store = open_store("sqlite:///:memory:")
    chosen = [REPORTS[n] for n in order]
    ingest_documents(
        [e.document for e in chosen], store, FakePipeline(chosen), chunk_size=chunk_size
    )
    return store


@pytest.fixture(scope="module")
def reference():
    with ingest([0, 1, 2, 3, 4], chunk_size=64) as store:
        yield snapshot(store), service.control_at(store), service.contradictions(store)


def sides(contradictions) -> list[tuple]:
    """Contradictions without row ids: proposition, incidents, and each side's record keys."""
    return [(c.kind, c.proposition, c.incident_keys, tuple(s.record_key for s in c.supporting),
             tuple(s.record_key for s in c.opposing)) for c in contradictions]  # fmt: skip


def test_ingest_merges_and_keeps_the_links(reference):
    with ingest([0, 1, 2, 3, 4], chunk_size=64) as store:
        daraa = store.incidents(place="Daraa")
        saraqib = store.incidents(place="Saraqib")
    (capture,) = daraa
    assert capture.source_count == 2
    assert [link.rule.split(":")[0] for link in capture.links] == ["anchor", "merged", "denies"]
    (strike,) = saraqib
    assert (strike.source_count, strike.fatalities_low, strike.fatalities_high) == (2, 4, 6)
    assert len(reference[0]) == 3  # Daraa capture, Saraqib strike, Ariha strike


@pytest.mark.parametrize(
    "order,chunk", [([4, 3, 2, 1, 0], 1), ([2, 0, 4, 1, 3], 2), ([3, 1, 0, 4, 2], 1)]
)
def test_incremental_in_any_order_equals_the_reference_and_a_rebuild(reference, order, chunk):
    with ingest(order, chunk) as store:
        assert snapshot(store) == reference[0]
        assert service.control_at(store) == reference[1]
        assert sides(service.contradictions(store)) == sides(reference[2])
        service.rebuild(store)
        assert snapshot(store) == reference[0]


def test_reingesting_changes_nothing(reference):
    with ingest([0, 1, 2, 3, 4], chunk_size=2) as store:
        ingest_documents([e.document for e in REPORTS], store, FakePipeline(REPORTS))
        assert snapshot(store) == reference[0]


def test_denied_capture_is_contested_with_both_sides(reference):
    (state,) = [c for c in reference[1] if c.place == "Daraa"]
    assert (state.controller, state.status, state.since) == (
        "Local Armed Factions (Syria)",
        "contested",
        dt.date(2024, 12, 6),
    )
    (found,) = reference[2]
    assert [s.claimant for s in found.opposing] == ["army"]
    assert {s.claimant for s in found.supporting} == {None, "SOHR"}


def test_a_long_batch_merges_a_few_times_and_leaves_nothing_unmerged(monkeypatch):
    """Merging after every chunk would reread the growing blocks hundreds of times (quadratic);
    merges are spaced so the pending documents are a share of all stored ones."""
    strikes = [report(f"Wire {n}: a strike hit Saraqib.", [dict(STRIKE, place=SARAQIB, actor1=ARMY,
                                                                 fatalities=n % 7)])
               for n in range(120)]  # fmt: skip
    merged: list[int] = []
    real_update = service.update
    monkeypatch.setattr(
        service, "update", lambda s, ids: merged.append(len(ids)) or real_update(s, ids)
    )
    store = open_store("sqlite:///:memory:")
    with store:
        ingest_documents([e.document for e in strikes], store, FakePipeline(strikes), chunk_size=1)
        assert sum(merged) == 120 and store.unmerged_documents() == []
        assert 5 < len(merged) < 25  # one per chunk would be 120
        incremental = snapshot(store)
        service.rebuild(store)
        assert snapshot(store) == incremental


@pytest.mark.parametrize(
    "pending,stored,due", [(1, 1, True), (63, 63, False), (64, 100, True), (64, 1000, False),
                           (250, 1000, True)]
)  # fmt: skip
def test_merge_waits_for_a_share_of_the_stored_documents(pending, stored, due):
    from warwatch.batch import _merge_due

    assert _merge_due(pending, stored, chunk_size=64 if stored > 1 else 1) is due
