"""Each extraction stage on its own, on sentences written for these tests, with the session's
parser and a fake gazetteer (tests/conftest.py: ``nlp``, ``fake_kb``)."""

from __future__ import annotations

import datetime as dt

import pytest

from warwatch.extract.clusters import cluster_sentences
from warwatch.extract.coding import code_cluster, event_counts, find_trigger, nearest_date
from warwatch.extract.events import extract
from warwatch.extract.finishing import denied_copies, merge_restatements
from warwatch.extract.sentences import focus_countries, read_sentences, sentence_dates
from warwatch.ingest import read_text_document
from warwatch.records import DENIED, EventDate, EventRecord, Evidence, Place

PUBLISHED = dt.date(2024, 12, 7)


def read(nlp, fake_kb, text, published=PUBLISHED):
    document = read_text_document(text, published=published)
    doc = nlp(document.text)
    return doc, document, read_sentences(doc, document, fake_kb)


# --- stage 1: sentence facts ------------------------------------------------------------------


def test_sentence_facts_keep_only_event_sentences_and_all_figures(nlp, fake_kb):
    text = (
        "Rebels captured Daraa on Friday. The weather was mild. "
        "At least 826 people have been killed since the offensive began."
    )
    _, _, facts = read(nlp, fake_kb, text)
    kept = [f.sent.text for f in facts.sentences]
    assert kept[0].startswith("Rebels captured Daraa")
    assert not any("weather" in t for t in kept)
    assert [(f.kind, f.value) for f in facts.figures] == [("killed", 826)]
    assert facts.figures[0].evidence.text.startswith("At least 826")


def test_sentence_facts_resolve_dates_and_places(nlp, fake_kb):
    _, _, facts = read(nlp, fake_kb, "Rebels captured Daraa on Friday.")
    first = facts.sentences[0]
    assert first.dated and first.dated[0][1].date == dt.date(2024, 12, 6)
    assert [p.name for p in first.event_places] == ["Daraa"]
    assert "capture" in first.cues


def test_background_sentences_carry_no_event_facts(nlp, fake_kb):
    _, _, facts = read(nlp, fake_kb, "Rebels captured Homs in 2012 after months of fighting.")
    assert facts.sentences == ()


def test_a_bare_denial_after_an_event_is_a_denial_fact(nlp, fake_kb):
    text = "The Observatory said rebels captured Homs on Friday. The army denied the report."
    _, _, facts = read(nlp, fake_kb, text)
    assert [f.denial for f in facts.sentences] == [False, True]


def test_a_denial_before_any_event_is_not_a_denial(nlp, fake_kb):
    _, _, facts = read(nlp, fake_kb, "The army denied the report.")
    assert not any(f.denial for f in facts.sentences)


def test_focus_countries_count_place_uses_only(nlp, fake_kb):
    doc = nlp("Rebels advanced across Syria on Friday. Clashes erupted in Syria and in Ukraine.")
    assert focus_countries(doc, fake_kb) == ["Syria", "Ukraine"]
    assert focus_countries(nlp("A Ukrainian drone was seen."), fake_kb) == []


def test_sentence_dates_are_in_text_order(nlp):
    doc = nlp("Rebels entered the town on 5 December and took the citadel on 6 December.")
    found = sentence_dates(next(doc.sents), PUBLISHED)
    assert [offset for offset, _ in found] == sorted(offset for offset, _ in found)
    assert found[0][1].date == dt.date(2024, 12, 5)
    assert found[-1][1].date == dt.date(2024, 12, 6)


# --- stage 2: clusters ------------------------------------------------------------------------


def test_a_follow_up_sentence_without_date_or_place_joins_the_event(nlp, fake_kb):
    text = "Rebels captured Daraa on Friday. The insurgents entered without facing any resistance."
    _, _, facts = read(nlp, fake_kb, text)
    clustering = cluster_sentences(facts.sentences, fake_kb)
    assert len(clustering.clusters) == 1
    cluster = clustering.clusters[0]
    assert len(cluster.facts) == 2 and {"capture", "no_fight"} <= set(cluster.cues)


def test_a_dated_sentence_starts_a_new_cluster(nlp, fake_kb):
    text = "Rebels captured Daraa on Friday. Government forces shelled Homs on Thursday."
    _, _, facts = read(nlp, fake_kb, text)
    assert len(cluster_sentences(facts.sentences, fake_kb).clusters) == 2


def test_a_denial_points_at_the_cluster_before_it(nlp, fake_kb):
    text = (
        "Government forces shelled Homs on Thursday. The Observatory said rebels captured Daraa "
        "on Friday. The army denied it."
    )
    _, _, facts = read(nlp, fake_kb, text)
    clustering = cluster_sentences(facts.sentences, fake_kb)
    assert [d.cluster_index for d in clustering.denials] == [len(clustering.clusters) - 1]


# --- stage 3: coding --------------------------------------------------------------------------


def clusters_of(nlp, fake_kb, text, published=PUBLISHED):
    _, document, facts = read(nlp, fake_kb, text, published)
    return document, facts, cluster_sentences(facts.sentences, fake_kb).clusters


def test_a_capture_of_two_towns_codes_two_events(nlp, fake_kb):
    document, facts, clusters = clusters_of(
        nlp, fake_kb, "Rebels took control of Rastan and Talbiseh on Friday."
    )
    events = code_cluster(clusters[0], document, fake_kb, facts.focus, None)
    assert sorted(e.place.name for e in events) == ["Rastan", "Talbiseh"]
    assert {e.sub_event_type for e in events} == {"Non-state actor overtakes territory"}
    assert {e.date.date for e in events} == {dt.date(2024, 12, 6)}


def test_the_trigger_is_the_cue_of_the_decided_type(nlp, fake_kb):
    _, _, clusters = clusters_of(nlp, fake_kb, "Russian missiles struck Sumy, killing 11 people.")
    trigger = find_trigger(clusters[0], "Shelling/artillery/missile attack", fake_kb)
    assert trigger.cue == "shelling" and trigger.match is not None
    assert trigger.match.group(0).lower().startswith("missile")


def test_event_counts_skip_running_totals(nlp, fake_kb):
    _, _, clusters = clusters_of(
        nlp,
        fake_kb,
        "An air strike on Homs on Friday killed 12 people.",
    )
    assert event_counts(clusters[0], fake_kb)[0] == 12
    _, _, clusters = clusters_of(
        nlp, fake_kb, "An air strike on Homs on Friday raised the death toll since March to 900."
    )
    assert event_counts(clusters[0], fake_kb)[0] is None


def test_no_casualties_means_zero_fatalities(nlp, fake_kb):
    _, _, clusters = clusters_of(
        nlp, fake_kb, "Militants shelled Homs on Friday; there were no casualties."
    )
    assert event_counts(clusters[0], fake_kb)[0] == 0


def test_a_cluster_without_a_date_takes_the_report_date_given_before(nlp, fake_kb):
    _, _, clusters = clusters_of(
        nlp,
        fake_kb,
        "On Friday, fighting erupted near Homs. Separately, rebels shelled Daraa.",
    )
    assert nearest_date(clusters[-1], None) is not None


def test_an_event_with_no_place_is_placed_near_the_previous_event(nlp, fake_kb):
    document, facts, clusters = clusters_of(
        nlp,
        fake_kb,
        "Government forces shelled Homs on Friday. On Saturday, gunmen killed two farmers.",
    )
    first = code_cluster(clusters[0], document, fake_kb, facts.focus, None)
    second = code_cluster(clusters[1], document, fake_kb, facts.focus, first[-1].place)
    assert second[0].place.name == "Homs" and second[0].place.geo_precision == 2


# --- stage 4: finishing -----------------------------------------------------------------------


def record(sub="Attack", place="Homs", day=6, fatalities=None, actor1=None):
    return EventRecord(
        document_id="d",
        event_type="Violence against civilians",
        sub_event_type=sub,
        disorder_type="Political violence",
        evidence=Evidence("d", 0, 1, "x"),
        place=Place(mention=place, name=place),
        date=EventDate(dt.date(2024, 12, day), 1),
        fatalities=fatalities,
        actor1=actor1,
    )


def test_restatements_merge_with_the_highest_toll():
    merged = merge_restatements([record(fatalities=3), record(fatalities=5), record(day=5)])
    assert [(e.date.date.day, e.fatalities) for e in merged] == [(6, 5), (5, None)]


def test_denied_copies_follow_their_cluster():
    from warwatch.extract.clusters import Denial

    copies = denied_copies([Denial(1, "Syrian army")], [[record()], [record(place="Daraa")]])
    assert [(e.place.name, e.stance, e.claimant) for e in copies] == [
        ("Daraa", DENIED, "Syrian army")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Rebels captured Daraa on Friday. The army denied it.",
        "Government forces shelled Homs on Friday, killing 4 civilians.",
    ],
)
def test_extract_is_the_composition_of_the_stages(nlp, fake_kb, text):
    document = read_text_document(text, published=PUBLISHED)
    doc = nlp(document.text)
    facts = read_sentences(doc, document, fake_kb)
    clustering = cluster_sentences(facts.sentences, fake_kb)
    coded = [
        e
        for c in clustering.clusters
        for e in code_cluster(c, document, fake_kb, facts.focus, None)
    ]
    out = extract(doc, document, fake_kb)
    assert {e.sub_event_type for e in out.events} >= {e.sub_event_type for e in coded}
    assert out.figures == facts.figures


# --- places: a small town the model reads as a person -------------------------------------------

GENTHIN = Place(
    mention="Genthin", name="Genthin", country="Germany", admin1="Sachsen-Anhalt",
    latitude=52.41, longitude=12.16, geo_precision=1, feature="city",
)  # fmt: skip
PROTEST_IN_GENTHIN = (
    "On 17 January 2022, in the evening, about 170 people took the streets for a 'walk' in "
    "Genthin, gathering in front of the town hall, to protest against coronavirus-related measures."
)


def _knowing_genthin(fake_kb):
    import dataclasses

    def resolve(mention, *args, **kwargs):
        if mention.strip() == "Genthin":
            return dataclasses.replace(GENTHIN, mention=mention)
        return fake_kb.resolve_place(mention, *args, **kwargs)

    return dataclasses.replace(fake_kb, resolve_place=resolve)


def test_a_town_the_model_reads_as_a_person_is_placed_when_the_gazetteer_knows_it(nlp, fake_kb):
    document = read_text_document(PROTEST_IN_GENTHIN, published=None)
    doc = nlp(document.text)
    assert ("Genthin", "PERSON") in {(e.text, e.label_) for e in doc.ents}  # the model's reading
    (event,) = extract(doc, document, _knowing_genthin(fake_kb)).events
    assert (event.place.name, event.place.admin1, event.place.start) == (
        "Genthin",
        "Sachsen-Anhalt",
        PROTEST_IN_GENTHIN.index("Genthin"),
    )
    # a gazetteer that does not know the name leaves it a name: no place is made up
    assert all(e.place is None for e in extract(doc, document, fake_kb).events)


def test_a_person_named_like_a_town_is_no_place_without_a_place_word(nlp, fake_kb):
    text = "On 17 January 2022, about 170 people protested against Genthin, the new mayor."
    document = read_text_document(text, published=None)
    doc = nlp(document.text)
    events = extract(doc, document, _knowing_genthin(fake_kb)).events
    assert all(e.place is None or e.place.name != "Genthin" for e in events)


def test_units_after_a_name_the_model_cut_short_enclose_the_whole_name(nlp):
    from warwatch.extract.places import mentions_in

    text = "On 22 June 2022, in Pueblo Andino (Santa Fe), truck drivers held demonstrations."
    (sent,) = nlp(text).sents
    by_text = {m.text: m for m in mentions_in(sent)}
    town = next(m for m in by_text.values() if m.full == "Pueblo Andino")
    assert (town.parent, town.enclosed, town.role) == ("Santa Fe", True, "event")
    assert by_text["Santa Fe"].role == "anchor"  # the unit locates the town, it is not the event's
