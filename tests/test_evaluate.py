"""Tests of the pure scorer (warwatch.evaluation): hand-made gold documents and predictions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from warwatch.errors import EvalError
from warwatch.evaluation import (
    GoldDocument,
    haversine_km,
    in_split,
    load_gold,
    loose,
    names_match,
    score,
    select_split,
    split_of,
)
from warwatch.records import Actor, EventDate, EventRecord, Evidence, Figure, Place

DARAA = {
    "location": "Daraa",
    "admin1": "Daraa",
    "country": "Syria",
    "latitude": 32.6189,
    "longitude": 36.1021,
}
IDLIB = {
    "location": "Idlib",
    "admin1": "Idlib",
    "country": "Syria",
    "latitude": 35.9306,
    "longitude": 36.6339,
}


def gold_event(place=DARAA, **kw) -> dict:
    ev = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "event_date": "2024-12-06",
        "time_precision": 1,
        "actor1": "Military Forces of Syria (2000-2024)",
        "actor2": "Local armed factions",
        "fatalities": 3,
        **place,
    }
    ev.update(kw)
    return ev


def pred_event(
    place=DARAA,
    *,
    date="2024-12-06",
    precision=1,
    event_type="Battles",
    sub="Armed clash",
    actor1="Military Forces of Syria",
    actor2="Local Armed Factions",
    fatalities=3,
    claimant=None,
) -> EventRecord:
    pl = None
    if place is not None:
        pl = Place(
            mention=place["location"],
            name=place["location"],
            admin1=place["admin1"],
            country=place["country"],
            latitude=place["latitude"],
            longitude=place["longitude"],
            geo_precision=1,
        )
    return EventRecord(
        document_id="d",
        event_type=event_type,
        sub_event_type=sub,
        disorder_type="Political violence",
        evidence=Evidence("d", 0, 5, "clash"),
        actor1=Actor(actor1) if actor1 else None,
        actor2=Actor(actor2) if actor2 else None,
        place=pl,
        date=EventDate(dt.date.fromisoformat(date) if date else None, precision),
        fatalities=fatalities,
        claimant=claimant,
    )


def doc(
    events=None, *, doc_id="d1", entities=None, figures=None, uncertain=None, exhaustive=True
) -> GoldDocument:
    return GoldDocument(
        id=doc_id,
        text="x" * 200,
        events=events,
        entities=entities,
        figures=figures,
        entities_uncertain=uncertain,
        events_exhaustive=exhaustive,
    )


def run(gold_doc, events=(), figures=(), entities=(), **kw):
    return score([(gold_doc, list(events), list(figures), list(entities))], **kw)


# --- events ---------------------------------------------------------------------------------


def test_perfect_prediction_scores_one_everywhere():
    gold = doc(
        [
            gold_event(),
            gold_event(
                IDLIB,
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                actor2=None,
                fatalities=0,
            ),
        ]
    )
    preds = [
        pred_event(
            IDLIB,
            event_type="Explosions/Remote violence",
            sub="Air/drone strike",
            actor2=None,
            fatalities=None,
        ),
        pred_event(),
    ]
    r = run(gold, preds)
    assert (r.gold_events, r.predicted_events, r.matched, r.matched_typed) == (2, 2, 2, 2)
    for prf in (r.detection, r.detection_typed):
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0)
    for name, fs in r.fields.items():
        assert fs.n == 2 and fs.accuracy == 1.0, name
        assert (fs.prf.precision, fs.prf.recall, fs.prf.f1) == (1.0, 1.0, 1.0), name
    assert "claimant" not in r.fields  # gold has no `source`
    assert r.fields["actor2"].prf.n_gold == 1 and r.fields["actor2"].prf.n_pred == 1
    assert r.km.n == 2 and r.km.median_km == 0.0 and r.km.within_25km == 1.0
    json.dumps(r.as_dict())
    table = r.to_table()
    assert "detection_typed" in table and "1.000" in table


def test_missing_event_lowers_recall_only():
    r = run(doc([gold_event(), gold_event(IDLIB)]), [pred_event()])
    assert r.detection.precision == 1.0
    assert r.detection.recall == 0.5
    assert r.detection.f1 == pytest.approx(2 / 3)
    assert r.fields["location"].accuracy == 1.0
    assert r.fields["location"].prf.recall == 0.5


def test_extra_event_lowers_precision_only():
    r = run(doc([gold_event()]), [pred_event(), pred_event(IDLIB)])
    assert (r.detection.precision, r.detection.recall) == (0.5, 1.0)
    assert r.fields["event_type"].prf.precision == 0.5


def test_wrong_type_lowers_typed_detection_only():
    pred = pred_event(event_type="Violence against civilians", sub="Attack")
    r = run(doc([gold_event()]), [pred])
    assert r.detection.f1 == 1.0
    assert r.detection_typed.tp == 0 and r.detection_typed.f1 == 0.0
    assert r.fields["event_type"].accuracy == 0.0
    assert r.fields["sub_event_type"].accuracy == 0.0
    assert r.fields["actor1"].accuracy == 1.0


def test_matching_prefers_same_type():
    gold = doc([gold_event(event_type="Protests", sub_event_type="Peaceful protest"), gold_event()])
    preds = [
        pred_event(event_type="Battles"),
        pred_event(event_type="Protests", sub="Peaceful protest"),
    ]
    r = run(gold, preds)
    assert r.matched == 2 and r.fields["event_type"].accuracy == 1.0


def test_date_within_one_day_matches_but_is_not_exact():
    r = run(doc([gold_event()]), [pred_event(date="2024-12-07")])
    assert r.matched == 1
    assert r.fields["event_date"].accuracy == 0.0
    assert r.fields["event_date_pm1"].accuracy == 1.0


def test_date_two_days_off_does_not_match_at_day_precision():
    r = run(doc([gold_event()]), [pred_event(date="2024-12-08")])
    assert r.matched == 0 and r.detection.recall == 0.0


def test_coarse_precision_widens_date_window():
    week = run(doc([gold_event()]), [pred_event(date="2024-12-11", precision=2)])
    assert week.matched == 1 and week.fields["time_precision"].accuracy == 0.0
    month = run(doc([gold_event()]), [pred_event(date="2024-12-28", precision=3)])
    assert month.matched == 1
    other_month = run(doc([gold_event()]), [pred_event(date="2025-01-02", precision=3)])
    assert other_month.matched == 0


def test_km_distance_and_place_compatibility():
    # ~11 km north of Daraa, different name and admin1 -> compatible by distance
    near = {
        "location": "Somewhere",
        "admin1": "Elsewhere",
        "country": "Syria",
        "latitude": 32.7189,
        "longitude": 36.1021,
    }
    r = run(doc([gold_event()]), [pred_event(near)])
    assert r.matched == 1
    expected = haversine_km(32.6189, 36.1021, 32.7189, 36.1021)
    assert 11.0 < expected < 11.2
    assert r.km.n == 1 and r.km.median_km == pytest.approx(expected)
    assert r.km.within_25km == 1.0
    assert r.fields["location"].accuracy == 0.0 and r.fields["admin1"].accuracy == 0.0
    # Daraa -> Idlib is ~370 km, different admin1: incompatible
    assert 360 < haversine_km(32.6189, 36.1021, 35.9306, 36.6339) < 380
    assert run(doc([gold_event()]), [pred_event(IDLIB)]).matched == 0
    # same admin1, far apart: compatible
    far_same_admin = {**IDLIB, "location": "Busra", "admin1": "Daraa"}
    assert run(doc([gold_event()]), [pred_event(far_same_admin)]).matched == 1
    # no predicted place: compatible, location wrong
    r = run(doc([gold_event()]), [pred_event(None)])
    assert r.matched == 1 and r.fields["location"].accuracy == 0.0 and r.km.n == 0


def test_km_split_by_whether_the_gazetteer_knows_the_gold_place():
    near = {
        "location": "Somewhere",
        "admin1": "Daraa",
        "country": "Syria",
        "latitude": 32.7189,
        "longitude": 36.1021,
    }
    far = {**near, "latitude": 32.9189}  # ~33 km north of Idlib's gold point below
    idlib_gold = {**IDLIB, "admin1": "Daraa", "latitude": 32.62, "longitude": 36.10}
    docs = [
        (doc([gold_event()], doc_id="a"), [pred_event(near)], [], []),
        (doc([gold_event(idlib_gold)], doc_id="b"), [pred_event(far)], [], []),
    ]
    r = score(docs, known_place=lambda name, lat, lon: name == "Daraa")
    assert (r.km.n, r.km.within_25km) == (2, 0.5)
    assert (r.km.n_known, r.km.within_25km_known) == (1, 1.0)
    assert (r.km.n_unknown, r.km.within_25km_unknown) == (1, 0.0)
    assert score(docs).km.n_known == 0  # without the callable there is no split


def test_custom_place_comparator_is_used():
    spelled = Place(mention="Dar'a", name="Dar'a")  # no coordinates, no admin1
    pred = dataclasses.replace(pred_event(), place=spelled)
    assert run(doc([gold_event()]), [pred]).matched == 0  # place incompatible by default
    r = run(doc([gold_event()]), [pred], same_place=lambda a, b: loose(a)[:3] == loose(b)[:3])
    assert r.matched == 1 and r.fields["location"].accuracy == 1.0
    via_admin1 = dataclasses.replace(
        pred, place=Place(mention="Dar'a", name="Dar'a", admin1="Dar'a")
    )
    assert run(doc([gold_event()]), [via_admin1]).matched == 0
    r = run(
        doc([gold_event()]),
        [via_admin1],
        same_admin1=lambda a, b, country: country == "Syria" and loose(b) == "dar a",
    )
    assert r.matched == 1 and r.fields["admin1"].accuracy == 1.0
    assert r.fields["location"].accuracy == 0.0


def test_actor_order_ignored_but_strict_reported():
    pred = pred_event(actor1="Local armed factions", actor2="Military Forces of Syria")
    r = run(doc([gold_event()]), [pred])
    assert r.fields["actor1"].accuracy == 1.0 and r.fields["actor2"].accuracy == 1.0
    assert r.fields["actor1_strict"].accuracy == 0.0 and r.fields["actor2_strict"].accuracy == 0.0


def test_fatalities_none_counts_as_zero():
    r = run(doc([gold_event(fatalities=0)]), [pred_event(fatalities=None)])
    assert r.fields["fatalities"].accuracy == 1.0
    r = run(doc([gold_event(fatalities=5)]), [pred_event(fatalities=None)])
    assert r.fields["fatalities"].accuracy == 0.0


def test_claimant_scored_only_with_gold_source():
    acled_like = gold_event(acled_source="SOHR")
    r = run(doc([acled_like]), [pred_event(claimant="SOHR")])
    assert "claimant" not in r.fields
    with_source = gold_event(source="Syrian Observatory for Human Rights")
    r = run(doc([with_source]), [pred_event(claimant="syrian observatory for human rights")])
    assert r.fields["claimant"].accuracy == 1.0 and r.fields["claimant"].prf.f1 == 1.0
    r = run(doc([with_source]), [pred_event(claimant="SOHR")])
    assert r.fields["claimant"].accuracy == 0.0
    r = run(
        doc([with_source]),
        [pred_event(claimant="SOHR")],
        same_actor=lambda a, b: (
            names_match(a, b) or {a, b} == {"SOHR", "Syrian Observatory for Human Rights"}
        ),
    )
    assert r.fields["claimant"].accuracy == 1.0


def test_empty_gold_events_makes_every_prediction_false_positive():
    r = run(doc([]), [pred_event(), pred_event(IDLIB)])
    assert r.documents_events == 1 and r.gold_events == 0 and r.predicted_events == 2
    assert r.detection.tp == 0 and r.detection.precision == 0.0
    assert r.detection.recall is None and r.detection.f1 is None


def test_absent_events_key_is_not_scored():
    r = run(doc(None), [pred_event()])
    assert r.documents == 1 and r.documents_events == 0
    assert r.predicted_events == 0 and r.unscored_predicted_events == 1
    assert r.detection.precision is None and r.fields == {}


def test_non_exhaustive_false_positives_are_counted_separately():
    r = run(doc([gold_event()], exhaustive=False), [pred_event(), pred_event(IDLIB)])
    assert r.detection.precision == 0.5 and r.unmatched_in_non_exhaustive == 1


def test_one_to_one_matching():
    r = run(doc([gold_event()]), [pred_event(), pred_event()])
    assert r.matched == 1 and r.detection.precision == 0.5


def test_name_normalisation():
    assert names_match("Military Forces of Syria (2000-2024)", "military forces of syria")
    assert names_match("Ḥalab", "Halab")
    assert names_match("Civilians (Syria)", "civilians")
    assert not names_match("Islamic State", "Islamic Front")
    assert not names_match("", "")


# --- figures and entities ---------------------------------------------------------------------


def fig(kind, value, claimant=None):
    return Figure(
        document_id="d",
        kind=kind,
        value=value,
        evidence=Evidence("d", 0, 1, "x"),
        claimant=claimant,
    )


def test_figures_precision_recall():
    gold = doc(
        figures=[
            {
                "kind": "killed",
                "value": 826,
                "qualifier": "at least",
                "claimant": "Syrian Observatory for Human Rights",
            },
            {"kind": "displaced", "value": 1000, "claimant": None},
        ]
    )
    preds = [
        fig("killed", 826, "syrian observatory for human rights"),
        fig("displaced", 1000, "UN"),
        fig("injured", 12),
    ]
    r = run(gold, figures=preds)
    assert (r.figures.tp, r.figures.n_pred, r.figures.n_gold) == (1, 3, 2)
    assert r.figures.precision == pytest.approx(1 / 3) and r.figures.recall == 0.5
    assert (r.figures_kind_value.tp, r.figures_kind_value.recall) == (2, 1.0)
    assert r.figures_kind_value.precision == pytest.approx(2 / 3)
    assert r.documents_figures == 1 and r.documents_events == 0


def test_entities_exact_and_overlap_by_label():
    gold = doc(
        entities=[
            {"start": 0, "end": 5, "label": "LOC"},
            {"start": 10, "end": 30, "label": "ORG"},
            {"start": 40, "end": 45, "label": "PER"},
        ],
        uncertain=[{"start": 60, "end": 70, "label": "ORG"}],
    )
    preds = [
        (0, 5, "GPE"),  # exact LOC
        (10, 20, "ORG"),  # overlap only
        (40, 45, "ORG"),  # wrong label
        (60, 70, "ORG"),  # uncertain gold span: ignored
        (80, 85, "ORDINAL"),  # unscored label: ignored
    ]
    r = run(gold, entities=preds)
    ex, ov = r.entities_exact, r.entities_overlap
    assert (ex["LOC"].tp, ex["LOC"].precision, ex["LOC"].recall) == (1, 1.0, 1.0)
    assert (ex["ORG"].tp, ex["ORG"].n_pred, ex["ORG"].n_gold) == (0, 2, 1)
    assert (ov["ORG"].tp, ov["ORG"].precision, ov["ORG"].recall) == (1, 0.5, 1.0)
    assert ex["PER"].recall == 0.0 and ex["PER"].precision is None
    assert (ex["ALL"].tp, ex["ALL"].n_pred, ex["ALL"].n_gold) == (1, 3, 3)
    assert (ov["ALL"].tp, ov["ALL"].n_pred, ov["ALL"].n_gold) == (2, 3, 3)
    assert r.entities_ignored == 2
    assert "entity:LOC" in r.to_table()


# --- gold files and splits --------------------------------------------------------------------


def test_load_gold_skips_and_reports_bad_lines(tmp_path):
    good = {
        "id": "a",
        "text": "On 6 December ...",
        "published": "2024-12-07",
        "source": "Outlet",
        "gold": {"events": [gold_event()], "figures": [], "events_exhaustive": False},
    }
    no_events = {"id": "b", "text": "t", "gold": {"entities": []}}
    path = tmp_path / "gold.jsonl"
    lines = [
        json.dumps(good),
        "{not json",
        "",
        json.dumps({"text": "no id"}),
        json.dumps({"id": "c", "text": "t", "gold": {"events": [{"event_date": "6 Dec"}]}}),
        json.dumps(no_events),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reader = load_gold(path)
    docs = list(reader)
    assert [d.id for d in docs] == ["a", "b"]
    a, b = docs
    assert a.published == dt.date(2024, 12, 7) and a.source == "Outlet"
    assert a.events and a.events[0]["location"] == "Daraa" and a.figures == []
    assert a.events_exhaustive is False and a.entities is None
    assert b.events is None and b.entities == [] and b.events_exhaustive is True
    assert len(reader.skipped) == 3
    assert reader.skipped[0].startswith(f"{path}:2:")
    assert reader.skipped[1].startswith(f"{path}:4:")
    assert reader.skipped[2].startswith(f"{path}:5:")
    r = score([(d, [], [], []) for d in docs], skipped_lines=reader.skipped)
    assert len(r.skipped_lines) == 3 and "skipped: 3" in r.to_table()
    with pytest.raises(EvalError, match=r"gold.jsonl:2"):
        list(load_gold(path, strict=True))
    with pytest.raises(EvalError):
        list(load_gold(tmp_path / "missing.jsonl"))


def test_split_is_stable_and_partitions():
    ids = [f"doc-{i}" for i in range(200)]
    assert [split_of(i) for i in ids] == [split_of(i) for i in ids]
    assert split_of("doc-0") == int(__import__("hashlib").sha1(b"doc-0").hexdigest(), 16) % 2
    tune = {i for i in ids if in_split(i, "tune")}
    held = {i for i in ids if in_split(i, "heldout")}
    assert tune.isdisjoint(held) and tune | held == set(ids)
    assert 60 < len(tune) < 140
    docs = [doc(doc_id=i) for i in ids[:20]]
    assert [d.id for d in select_split(docs, "tune")] == [i for i in ids[:20] if i in tune]
    assert len(list(select_split(docs, None))) == 20
    assert {split_of(i, 5) for i in ids} == {0, 1, 2, 3, 4}
    with pytest.raises(EvalError):
        in_split("x", "dev")
