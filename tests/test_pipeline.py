"""End-to-end extraction on short reports written for these tests."""

import datetime as dt
import math

from warwatch.ingest import read_text_document
from warwatch.records import DENIED, REPORTED

PUBLISHED = dt.date(2024, 12, 7)  # a Saturday


def run(pipeline, text, published=PUBLISHED):
    return pipeline.extract_one(read_text_document(text, published=published))


def only(events, **fields):
    return [e for e in events if all(getattr(e, k) == v for k, v in fields.items())]


def test_capture_of_two_towns_is_two_events_with_places_date_and_claimant(pipeline):
    result = run(
        pipeline,
        "Rebel fighters took control of the towns of Saraqib and Maarat al-Numan on Friday, the Syrian Observatory for Human Rights said.",
    )
    captures = only(result.events, sub_event_type="Non-state actor overtakes territory")
    assert sorted(e.place.mention for e in captures) == ["Maarat al-Numan", "Saraqib"]
    for event in captures:
        assert event.place.country == "Syria"
        assert event.date.date == dt.date(2024, 12, 6) and event.date.time_precision == 1
        assert event.claimant == "Syrian Observatory for Human Rights"
        assert event.stance == REPORTED
        assert (
            result.document.text[event.evidence.start : event.evidence.end] == event.evidence.text
        )


def test_follow_up_sentence_without_resistance_makes_it_a_non_violent_transfer(pipeline):
    result = run(
        pipeline,
        "Opposition fighters took over the town of Saraqib on Friday. They entered the town without facing any resistance, residents said.",
    )
    assert [e.sub_event_type for e in result.events] == ["Non-violent transfer of territory"]


def test_history_and_predictions_are_not_events(pipeline):
    result = run(
        pipeline,
        "In 2012, security forces arrested dozens of students in Homs. "
        "The foreign ministers are set to meet in Doha on Sunday, and analysts said the talks could lead to a ceasefire agreement.",
    )
    assert result.events == ()


def test_strike_with_fatalities_and_civilian_victims(pipeline):
    result = run(
        pipeline,
        "On Thursday, Russian forces shelled Kharkiv, killing four civilians and injuring 11, the regional governor said.",
    )
    (event,) = result.events
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert event.fatalities == 4
    assert event.place.name and event.place.country == "Ukraine"
    assert event.actor1 is not None and "Russia" in event.actor1.name
    assert event.date.date == dt.date(2024, 12, 5)
    assert {(f.kind, f.value) for f in result.figures} >= {("killed_civilians", 4), ("injured", 11)}


def test_denial_creates_a_denied_copy_of_what_it_denies(pipeline):
    result = run(
        pipeline,
        "Activists said government troops withdrew from Homs on Friday. But the army denied that, saying its soldiers were reinforcing their positions.",
    )
    stances = {e.stance for e in result.events}
    assert DENIED in stances and REPORTED in stances
    denied = only(result.events, stance=DENIED)[0]
    assert denied.place is not None and denied.place.name == "Homs"


def test_protest_dispersed_by_police(pipeline):
    result = run(
        pipeline,
        "Hundreds of students protested in Nairobi on Tuesday against tuition fees. Police fired tear gas to disperse them and arrested 12 people.",
    )
    (event,) = result.events
    assert event.sub_event_type == "Protest with intervention"
    assert event.actor1 is not None and event.actor1.name == "Protesters (Kenya)"
    assert event.place.country == "Kenya"


def test_unknown_place_is_kept_as_text_without_coordinates(pipeline):
    result = run(pipeline, "Gunmen shot dead two farmers in Xqzvillebrook on Monday, police said.")
    (event,) = result.events
    assert event.sub_event_type == "Attack"
    assert event.fatalities == 2
    if event.place is not None:
        assert event.place.latitude is None


def test_no_publication_date_means_only_explicit_dates(pipeline):
    result = run(pipeline, "Troops clashed with insurgents near Mosul on Friday.", published=None)
    (event,) = result.events
    assert event.date.date is None
    result = run(
        pipeline, "On 3 March 2022, troops clashed with insurgents near Mosul.", published=None
    )
    assert result.events[0].date.date == dt.date(2022, 3, 3)


def test_denial_codes_what_is_denied(pipeline):
    result = run(
        pipeline,
        "The army on Saturday denied reports that its troops had withdrawn from the city of Hama, saying its units were fighting on the edges of the city.",
    )
    (event,) = result.events
    assert event.stance == DENIED
    assert event.sub_event_type == "Non-violent transfer of territory"
    assert event.place.name in {"Hama", "Hamah"}


def test_enclosing_province_in_parentheses_picks_the_right_namesake(pipeline):
    result = run(
        pipeline,
        "On 3 June 2022, in Rosario (Santa Fe), teachers marched to demand a salary raise.",
        published=None,
    )
    (event,) = result.events
    assert event.place.country == "Argentina" and event.place.name == "Rosario"
    assert event.sub_event_type == "Peaceful protest"


def test_a_protest_about_a_killing_is_a_protest(pipeline):
    result = run(
        pipeline,
        "On 4 June 2022, relatives of a man who was shot dead by police protested outside the courthouse in Nairobi to demand justice.",
        published=None,
    )
    assert [e.sub_event_type for e in result.events] == ["Peaceful protest"]


def test_residents_beating_a_suspect_to_death_is_mob_violence(pipeline):
    result = run(
        pipeline,
        "On 2 May 2022, residents beat to death a suspected thief in Kisumu, Kenya.",
        published=None,
    )
    (event,) = result.events
    assert event.sub_event_type == "Mob violence" and event.event_type == "Riots"
    assert event.actor1 is not None and event.actor1.name == "Rioters (Kenya)"


def test_capture_of_a_town_in_a_named_country_is_one_event(pipeline):
    result = run(
        pipeline,
        "Local armed factions took control of Daraa city in southern Syria on Friday, according to the Syrian Observatory for Human Rights.",
    )
    assert [e.place.name for e in result.events] == ["Daraa"]


def test_places_named_together_lie_in_one_country(pipeline):
    result = run(
        pipeline,
        "On 5 March 2022, gunmen shot dead a shopkeeper in the Mena area of Kandahar city.",
        published=None,
    )
    (event,) = result.events
    assert event.place.country == "Afghanistan"
    assert all(p.country in {None, "Afghanistan"} for p in (event.place, *event.other_places))


def test_a_list_of_towns_is_not_read_as_town_and_province(pipeline):
    result = run(pipeline, "Rebels captured Daraa, Homs, and Hama on Friday.")
    assert [(e.place.name, e.place.feature) for e in result.events] == [
        ("Daraa", "city"),
        ("Homs", "city"),
        ("Hamah", "city"),
    ]


def test_unaccented_spelling_of_a_town_the_ner_misses(pipeline):
    result = run(
        pipeline,
        "On 2 April 2022, in Eunapolis (Bahia), gunmen shot at police officers in the Pequi neighborhood.",
        published=None,
    )
    (event,) = result.events
    assert (event.place.name, event.place.country, event.place.admin1) == (
        "Eunapolis",
        "Brazil",
        "Bahia",
    )
    assert [(p.mention, p.role) for p in event.other_places] == [("Bahia", "anchor")]


def test_town_written_with_its_province_is_a_place_even_when_ner_misses_it(pipeline):
    result = run(
        pipeline,
        "On 9 May 2022, in Calingasta (San Juan), nurses marched to demand a salary raise.",
        published=None,
    )
    (event,) = result.events
    assert (event.place.name, event.place.country, event.place.geo_precision) == (
        "Calingasta",
        "Argentina",
        1,
    )


def test_unknown_village_falls_back_to_its_district_not_its_province(pipeline):
    result = run(
        pipeline,
        "On 4 March 2022, militiamen killed two farmers in Zzyvakuru village (Djugu, Ituri).",
        published=None,
    )
    (event,) = result.events
    place = event.place
    # the village keeps its name, at the district's point, marked as not geocoded to itself
    assert (place.mention, place.name, place.feature, place.geo_precision) == (
        "Zzyvakuru village",
        "Zzyvakuru",
        None,
        2,
    )
    assert (place.geocoded, place.located_at, place.admin2, place.admin1) == (
        False,
        "Djugu",
        "Djugu",
        "Ituri",
    )


def test_coding_note_names_the_event_point(pipeline):
    result = run(
        pipeline,
        "On 8 June 2022, in Chubut province (coded to Rawson), health workers marched to demand a salary raise.",
        published=None,
    )
    (event,) = result.events
    assert (event.place.name, event.place.country) == ("Rawson", "Argentina")
    assert [(p.mention, p.role) for p in event.other_places] == [("Chubut province", "anchor")]
    result = run(
        pipeline,
        "On 3 March 2022, the Taliban killed a man in Herat [coded to Herat with GP2].",
        published=None,
    )
    assert result.events[0].place.geo_precision == 2


def test_coding_note_naming_an_actor_is_no_place(pipeline):
    result = run(
        pipeline,
        "On 20 May 2022, soldiers exchanged fire with militants (coded as Kashmir Rebels) near Kupwara.",
        published=None,
    )
    (event,) = result.events
    assert event.place.name == "Kupwara" and event.place.mention != "Kashmir Rebels"


def test_unbracketed_coding_note_and_lga(pipeline):
    result = run(
        pipeline,
        "On 29 March 2022, armed youths wounded three herders in Guri LGA (Jigawa), coded to Guri.",
        published=None,
    )
    (event,) = result.events
    assert (event.place.mention, event.place.name, event.place.country) == (
        "Guri",
        "Guri",
        "Nigeria",
    )


def test_province_after_a_comma_is_an_anchor_not_the_event_place(pipeline):
    result = run(
        pipeline,
        "On 22 April 2022, Russian forces attacked near Rubizhne, Luhansk, but were repulsed.",
        published=None,
    )
    (event,) = result.events
    assert (event.place.name, event.place.geo_precision) == ("Rubizhne", 2)
    assert [(p.mention, p.role) for p in event.other_places] == [("Luhansk", "anchor")]
    result = run(
        pipeline,
        "On 16 January 2022, close to Taxco de Alarcon, Guerrero, a woman was found shot dead.",
        published=None,
    )
    assert (result.events[0].place.name, result.events[0].place.geo_precision) == (
        "Taxco de Alarcon",
        2,
    )


def test_fast_pattern_tokens_equal_the_tokenizers(pipeline):
    from warwatch.nlp import _token_orths

    texts = [
        "Deir ez-Zor",
        "Ar Rastan",
        "Kharkiv",
        "Cannot",
        "San Fernando del Valle",
        "Ḩimş",
        "St. Louis",
    ]
    expected = [[t.orth for t in pipeline.nlp.tokenizer(text)] for text in texts]
    assert _token_orths(pipeline.nlp, texts) == expected


def test_a_namesake_is_read_beside_the_places_written_after_it(pipeline):
    # many Ukrainian villages are called Ivanivka: the one meant lies near Izium, named after it
    result = run(
        pipeline,
        "On 3 May 2022, Russian forces shelled Ivanivka, 10 km east of Izium.",
        published=None,
    )
    (event,) = result.events
    izium = next(p for p in event.other_places if p.mention == "Izium")
    assert event.place.name == "Ivanivka"
    assert (
        math.dist((event.place.latitude, event.place.longitude), (izium.latitude, izium.longitude))
        < 1.0
    )
    alone = (
        run(pipeline, "On 3 May 2022, Russian forces shelled Ivanivka.", published=None)
        .events[0]
        .place
    )
    assert (alone.latitude, alone.longitude) != (event.place.latitude, event.place.longitude)


def test_a_lone_namesake_is_read_beside_the_reports_earlier_towns(pipeline):
    text = "On 2 May 2022, Russian forces captured Izium. On 3 May 2022, Russian forces shelled Ivanivka."
    events = run(pipeline, text, published=None).events
    izium = next(e.place for e in events if e.place.mention == "Izium")
    ivanivka = next(e.place for e in events if e.place.mention == "Ivanivka")
    assert (
        math.dist((ivanivka.latitude, ivanivka.longitude), (izium.latitude, izium.longitude)) < 1.0
    )


def test_a_hospital_receiving_the_wounded_is_no_new_event(pipeline):
    text = (
        "Gunmen attacked a market in Maiduguri on Friday, killing five traders. "
        "Doctors at the main hospital said they treated 20 wounded people on Saturday."
    )
    result = run(pipeline, text)
    assert [(e.sub_event_type, e.place.name) for e in result.events] == [("Attack", "Maiduguri")]
    # an attack told in the same breath as its treatment still counts
    text = "Doctors said the hospital received the bodies of three men whom gunmen killed in Maiduguri on Friday."
    assert [e.sub_event_type for e in run(pipeline, text).events] == ["Attack"]
