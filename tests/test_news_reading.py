"""Reading whole news articles as an analyst would (issue 10): the parts that are not the story,
datelines, what is not an event, one event per happening, actor roles and places in the
article's world. Short reports written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from warwatch.extract.layout import is_caption, layout
from warwatch.ingest import read_text_document
from warwatch.ingest.datelines import report_date

PUBLISHED = dt.date(2024, 12, 7)  # a Saturday


def events_of(pipeline, text, published=PUBLISHED):
    return pipeline.extract_one(read_text_document(text, published=published)).events


# --- document structure -----------------------------------------------------------------------


def test_headline_and_dateline_are_not_the_body():
    text = "Rebels Seize Daraa\n\nBEIRUT — Rebels seized the city of Daraa on Friday."
    parts = layout(text)
    kinds = {z.kind for z in parts.zones}
    assert {"headline", "dateline"} <= kinds
    assert parts.dateline_place == "BEIRUT"
    body = parts.masked(text, 0)
    assert "Seize" not in body and "BEIRUT" not in body and "Rebels seized the city" in body


def test_a_heading_run_into_the_body_is_masked():
    text = "Other attacks -Gunmen killed two farmers in Homs on Friday."
    body = layout(text).masked(text, 0)
    assert body.lstrip().startswith("Gunmen killed") and "Other attacks" not in body


def test_tag_lines_bylines_and_boilerplate_are_zones():
    text = (
        "Rebels advance\n\nBy Jane Doe\n\nRebels shelled Homs on Friday.\n\n"
        "Tags: Syria, war\n\nCopyright 2024 Example News. All rights reserved."
    )
    kinds = [z.kind for z in layout(text).zones]
    assert {"byline", "tags", "boilerplate"} <= set(kinds)


@pytest.mark.parametrize(
    "sentence",
    [
        "FILE - Smoke rises over the city of Kobani after an air strike.",
        "A destroyed van is pictured near a police bus in Istanbul, Turkey, June 7, 2016.",
        "Iraqi troops walk past a burned car in Mosul, Iraq, Oct. 18, 2016.",
        "Rescuers search the rubble (AP Photo/Hussein Malla)",
    ],
)
def test_photo_captions_are_recognised(sentence):
    assert is_caption(sentence)


def test_a_body_sentence_is_not_a_caption():
    assert not is_caption("Rebels shelled Homs on Friday, killing four civilians.")


def test_caption_and_headline_make_no_event(pipeline):
    text = (
        "Air Strike Kills Five in Idlib\n\n"
        "A destroyed car is pictured in Homs, Syria, Dec. 1, 2024. "
        "An air strike killed five civilians in Idlib on Friday, the Observatory said."
    )
    events = events_of(pipeline, text)
    assert [e.place.name for e in events if e.place] == ["Idlib"]


# --- dates without metadata -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "source"),
    [
        ("Headline\n\nSun 16 Apr 2017\n\nRebels attacked.", dt.date(2017, 4, 16), "dateline"),
        (
            "BEIRUT, Dec 7 (Reuters) - Rebels took Homs. In 2024 ...",
            dt.date(2024, 12, 7),
            "dateline",
        ),
        ("12 February 2015\nShelling hit Donetsk.", dt.date(2015, 2, 12), "dateline"),
        (
            "Title\n\nTroops in Mosul, Iraq, Oct. 18, 2016. Later, on Oct. 21, 2016, ...",
            dt.date(2016, 10, 21),
            "text",
        ),
    ],
)
def test_the_report_dates_itself(text, expected, source):
    found = report_date(text)
    assert found is not None and (found.date, found.source) == (expected, source)


def test_no_date_in_the_text_means_none():
    assert report_date("On Friday, Dec 7 - rebels advanced.") is None
    assert report_date("Rebels advanced on Friday.") is None


def test_a_dateline_dates_a_document_without_metadata():
    document = read_text_document("BEIRUT, Dec 7 2024 (Reuters) - Rebels shelled Homs on Friday.")
    assert (document.published, document.published_from) == (dt.date(2024, 12, 7), "dateline")
    document = read_text_document("Sat 7 Dec 2024\n\nRebels shelled Homs on Friday.")
    assert (document.published, document.published_from) == (dt.date(2024, 12, 7), "dateline")
    given = read_text_document("Rebels shelled Homs on Friday.", published=PUBLISHED)
    assert given.published_from == "metadata"


def test_relative_dates_resolve_from_the_dateline(pipeline):
    document = read_text_document("Sat 7 Dec 2024\n\nGovernment forces shelled Homs on Friday.")
    events = pipeline.extract_one(document).events
    assert [e.date.date for e in events] == [dt.date(2024, 12, 6)]


# --- what is not an event ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "At least 230,000 people have been killed in Syria since 2011.",
        '"If they attack Homs, we will respond," the commander said on Friday.',
        "There were no clashes in Homs on Friday, residents said.",
        "The opposition accused the army of planning to shell Homs.",
        "A gas leak caused an explosion that killed three people in Homs on Friday.",
        "Analysts said rebels could take control of Homs within days.",
        "The war in Syria has killed 305,000 people, the monitor says.",
    ],
)
def test_not_events(pipeline, text):
    assert events_of(pipeline, text) == ()


def test_an_event_with_only_a_country_is_too_vague(pipeline):
    assert (
        events_of(pipeline, "Fighting between rebels and the army continued in Syria on Friday.")
        == ()
    )


# --- one event per happening ------------------------------------------------------------------


def test_the_lead_and_a_restatement_are_one_event(pipeline):
    text = (
        "Government forces shelled the town of Rastan on Friday, killing four civilians. "
        "Hours later the shelling of Rastan resumed, the Observatory said."
    )
    events = events_of(pipeline, text)
    assert len([e for e in events if e.sub_event_type == "Shelling/artillery/missile attack"]) == 1


def test_captures_of_two_towns_stay_two_events(pipeline):
    events = events_of(pipeline, "Rebels took control of Rastan and Talbiseh on Friday.")
    assert len(events) == 2


# --- actor roles ------------------------------------------------------------------------------


def test_the_victim_is_actor2_and_the_weapons_side_actor1(pipeline):
    (event,) = events_of(
        pipeline, "A Russian missile struck a residential building in Sumy on Friday, killing 11."
    )
    assert event.actor1 is not None and "Russia" in event.actor1.name
    assert event.actor2 is not None and event.actor2.name.startswith("Civilians")


def test_killing_names_the_target(pipeline):
    (event,) = events_of(
        pipeline,
        "Taliban fighters attacked a checkpoint in Kunduz on Friday, killing four police officers.",
    )
    assert event.actor2 is not None and event.actor2.name.startswith("Police Forces")


# --- places in the article's world -------------------------------------------------------------


def test_a_word_of_an_organisation_name_is_no_place(pipeline):
    events = events_of(
        pipeline, "Fighters of the Free Syrian Army shelled army positions in Homs on Friday."
    )
    assert {e.place.name for e in events if e.place} == {"Homs"}


def test_a_persons_first_name_is_no_place(pipeline):
    text = (
        "Syrian troops shelled Homs on Friday. "
        "President Barack Obama condemned the attack on Saturday in Syria."
    )
    places = {e.place.name for e in events_of(pipeline, text) if e.place}
    assert "Obama" not in places


# --- what is not an event: mentions, deaths, totals, vague dates ------------------------------

ARTICLE_HEAD = "Syria report\n\n"  # a headline makes the text an article, not an event note


@pytest.mark.parametrize(
    "body",
    [
        # a comment on a happening told elsewhere, not a report of it
        "An affiliate of the group claimed responsibility for the Homs attack, a statement said.",
        "The official said the Homs shooting was particularly shocking.",
        # a death with nothing violent around it
        "The elderly man died of the infection in Homs on Friday, his family said.",
        # a running total
        "Since the start of the campaign, dozens of commanders have been killed in airstrikes "
        "in Homs.",
        # known only to a span longer than a month
        "Rebels attacked army posts around Homs over the last several months.",
    ],
)
def test_not_events_in_an_article(pipeline, body):
    assert events_of(pipeline, ARTICLE_HEAD + body) == ()


@pytest.mark.parametrize(
    "body",
    [
        "The attacks struck army posts in Homs on Friday, killing four soldiers.",
        "Gunmen injured two women in Homs on Friday.",
    ],
)
def test_a_definite_mention_or_a_wounding_that_reports_the_happening_is_an_event(pipeline, body):
    assert len(events_of(pipeline, ARTICLE_HEAD + body)) == 1


def test_a_clock_time_is_not_a_year(pipeline):
    text = (
        ARTICLE_HEAD
        + "On Friday, shortly before 19:00 (1800 UTC), gunmen killed three people in Homs."
    )
    (event,) = events_of(pipeline, text)
    assert event.date.date == dt.date(2024, 12, 6)


def test_the_longer_of_two_overlapping_dates_stands(pipeline):
    text = ARTICLE_HEAD + "Gunmen killed two farmers in Homs, Friday, Nov. 29, 2024."
    dates = {e.date.date for e in events_of(pipeline, text)}
    assert dates == {dt.date(2024, 11, 29)}  # not the Friday before publication


def test_a_country_modifying_its_forces_is_no_event_place(pipeline):
    text = ARTICLE_HEAD + "On Friday, United States military forces killed a commander in Homs."
    (event,) = events_of(pipeline, text)
    assert event.place is not None and event.place.country == "Syria"


def test_an_uphill_battle_is_no_clash(pipeline):
    text = ARTICLE_HEAD + "Selling the plan to officials in Homs on Friday was an uphill battle."
    assert events_of(pipeline, text) == ()


def test_a_later_name_for_the_same_violence_is_the_same_event(pipeline):
    text = ARTICLE_HEAD + (
        "A roadside bomb killed a journalist in Homs on Friday. "
        "At least five other civilians also died in Friday's attack, medics said."
    )
    events = events_of(pipeline, text)
    assert [e.sub_event_type for e in events] == ["Remote explosive/landmine/IED"]


@pytest.mark.parametrize(
    "body",
    [
        "On Friday, a commander was killed by a United States military airstrike in Iraq.",
        "On Friday, a U.S. drone strike killed four militants in Iraq.",
    ],
)
def test_a_state_named_as_the_side_of_a_strike_is_its_actor_not_its_place(pipeline, body):
    (event,) = events_of(pipeline, "Iraq report\n\n" + body)
    assert event.place is not None and event.place.country == "Iraq"
    assert event.actor1 is not None and "United States" in event.actor1.name


def test_something_that_took_place_is_no_capture(pipeline):
    text = ARTICLE_HEAD + "The strike took place on Friday at the airport of Homs."
    assert all(e.event_type != "Battles" for e in events_of(pipeline, text))


def test_a_unit_does_not_vouch_for_its_own_country(pipeline):
    from warwatch.extract.placing import in_the_articles_world
    from warwatch.records import Place

    # GeoNames knows a Berkshire only as a county of the United States; the report is on the UK.
    text = "Three people were stabbed at Reading, Berkshire, UK on Saturday."
    start = text.index("Berkshire")
    berkshire = Place(mention="Berkshire", name="Berkshire", feature="admin2",
                      country="United States", admin1="Massachusetts", latitude=42.45,
                      longitude=-73.25, geo_precision=2, role="event", start=start,
                      end=start + len("Berkshire"))  # fmt: skip
    (kept,) = in_the_articles_world([berkshire], ["United Kingdom"], pipeline.knowledge, text)
    assert kept.country != "United States"


def test_a_country_by_its_short_name_encloses_a_town(pipeline):
    place = pipeline.knowledge.resolve_within("Reading", ["Berkshire", "UK"], [], fallback=False)
    assert place is not None and place.country == "United Kingdom" and place.geo_precision == 1


def test_a_two_letter_country_is_an_enclosing_unit(pipeline):
    from warwatch.extract import places

    doc = pipeline.nlp("On Saturday in Berkshire, UK a mass stabbing killed three people.")
    parents = {m.text: m.parent for s in doc.sents for m in places.mentions_in(s)}
    assert parents.get("Berkshire") == "UK"
