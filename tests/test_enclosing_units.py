"""Units written around a place: after an ACLED coding note, and around a name the NER cut short."""

from __future__ import annotations

from place_cases import event_place

from warwatch.extract.enclosing_units import units_after, units_after_note
from warwatch.extract.place_naming import as_kept
from warwatch.extract.places import Mention
from warwatch.ingest import read_text_document


def _after(text: str, note: str) -> tuple[str | None, bool, str | None]:
    parent, enclosed, span = units_after_note(text, text.index(note) + len(note))
    return parent, enclosed, text[span[0] : span[1]] if span else None


def test_units_in_brackets_after_a_coding_note() -> None:
    text = "killed a man in Kitalima village (coded as Kitchanga) (Bwito, Rutshuru, Nord-Kivu) and"
    assert _after(text, "(coded as Kitchanga)") == (
        "Bwito, Rutshuru, Nord-Kivu",
        True,
        "Bwito, Rutshuru, Nord-Kivu",
    )


def test_a_unit_in_words_between_the_note_and_the_brackets() -> None:
    text = (
        "between Htee Saung and Kan Hpyar Za Yat villages (coded as Htee Saung) of Myinmu "
        "township (Sagaing district, Sagaing region), the military"
    )
    parent, enclosed, span = _after(text, "(coded as Htee Saung)")
    assert (parent, enclosed) == ("Myinmu, Sagaing district, Sagaing region", True)
    assert span is not None and span.startswith("Myinmu") and span.endswith("Sagaing region")


def test_no_units_after_the_note() -> None:
    assert _after(
        "raided a village (coded as Kitchanga) and looted it.", "(coded as Kitchanga)"
    ) == (
        None,
        False,
        None,
    )


def test_an_unknown_coded_place_is_kept_at_the_units_written_after_the_note(pipeline) -> None:
    place = event_place(
        pipeline,
        "On 2 March 2022, Houthi forces fired artillery at positions southeast of Hayran "
        "(coded to Wadi al Mimlah) (Hajjah). Casualties unknown.",
    )
    assert (place.name, place.country, place.admin1, place.geocoded) == (
        "Wadi al Mimlah",
        "Yemen",
        "Hajjah",
        False,
    )


def test_a_coded_name_with_its_own_brackets(pipeline) -> None:
    place = event_place(
        pipeline,
        "On 16 January 2022, in Tha Dut village (coded as Tha Dut (East)) (Myaing township, "
        "Pakokku district, Magway region), military troops burned houses.",
    )
    assert (place.name, place.country, place.admin1) == ("Tha Dut (East)", "Myanmar", "Magway")


def test_a_coding_note_that_names_a_level_codes_the_place_after_it(pipeline) -> None:
    place = event_place(
        pipeline,
        "On 9 March 2022, OLF-Shane fighters attacked a police post in Horo Gudru Wellega zone "
        "(coded to zone capital, Shambu, Horo Gudru Wellega, Oromia).",
    )
    assert (place.name, place.admin1) == ("Shambu", "Oromia")


def test_a_village_whose_name_the_ner_cut_short_keeps_its_whole_name(pipeline) -> None:
    text = (
        "On 5 March 2022, Palestinians clashed with Israeli military forces during an Israeli "
        "raid in Qarawat Bani Hassan (Salfit, West Bank)."
    )
    place = event_place(pipeline, text)
    assert (place.name, place.country, place.geocoded) == (
        "Qarawat Bani Hassan",
        "Palestine",
        False,
    )
    assert text[place.start : place.end] == "Qarawat Bani Hassan"


def test_an_unknown_place_stands_at_its_unit_as_read_in_the_sentence(pipeline) -> None:
    # alone, 'Cordoba' names provinces of Spain and Argentina; beside Sinsacate nothing decides,
    # but the sentence's own reading of the unit does: the village is kept at that unit
    text = (
        "On 24 June 2022, in Sinsacate (Cordoba), truck drivers held a protest against gasoline "
        "shortages."
    )
    place = event_place(pipeline, text)
    assert (place.name, place.geocoded, place.located_at) == ("Sinsacate", False, "Cordoba")
    assert text[place.start : place.end] == "Sinsacate"  # its own offsets, not the unit's
    assert place.role == "event" and place.latitude is not None


def test_a_settlement_written_with_its_units(pipeline) -> None:
    place = event_place(
        pipeline,
        "On 27 January 2022, Israeli settlers clashed with Palestinian rioters near Qaryut "
        "Ulya settlement (Hebron, West Bank).",
    )
    assert (place.name, place.country, place.admin1) == ("Qaryut Ulya", "Palestine", "West Bank")


def test_an_unknown_name_widened_on_both_sides_keeps_offsets_that_cover_it() -> None:
    text = "a raid in Qarawat Bani Hassan today"
    bani = text.index("Bani")
    mention = Mention(
        "Bani",
        bani,
        bani + 4,
        "event",
        full="Qarawat Bani Hassan",
        full_start=text.index("Qarawat"),
    )
    kept = as_kept(mention, None)
    assert (kept.text, text[kept.start : kept.end]) == (
        "Qarawat Bani Hassan",
        "Qarawat Bani Hassan",
    )


def test_the_name_written_with_its_units_in_brackets_is_theevent_place(pipeline) -> None:
    # a town named in passing ('Kaduna gunmen') is not where the event is coded
    place = event_place(
        pipeline,
        "On 4 March 2023, Kaduna gunmen killed two farmers at a settlement in Dogon Kurmi "
        "(Igabi, Kaduna).",
    )
    assert place.name == "Dogon Kurmi"
    assert place.admin1 == "Kaduna"
    assert not place.geocoded


def test_the_unit_of_a_village_written_before_it_is_not_the_marked_place(pipeline) -> None:
    # the model reads the unknown village as a person; its unit word says it is a settlement,
    # and the township written after it, with the township's own units, locates it
    place = event_place(
        pipeline,
        "On 2 April 2023, near Kyauk Sayit village, Myaung township (Sagaing district, Sagaing "
        "region), local defence forces attacked military troops.",
    )
    assert place.name == "Kyauk Sayit"
    assert place.admin1 == "Sagaing"
    assert not place.geocoded


def test_an_acronym_in_brackets_marks_no_place(pipeline) -> None:
    # '(PCV)' spells out the union's name: Valencia stays the event place, not Venezuela
    place = event_place(
        pipeline,
        "On 5 May 2023, in Valencia, Carabobo, members of the Popular Communist Union of "
        "Venezuela (PCV) protested against low wages.",
    )
    assert place.name == "Valencia"


def test_a_village_unit_after_a_comma_with_its_own_units_in_brackets() -> None:
    text = "near Kyauk Sayit village, Myaung township (Sagaing district, Sagaing region), troops"
    end = text.index("Sayit") + len("Sayit")
    parent, enclosed, span = units_after(text, end)
    assert parent == "Myaung, Sagaing district, Sagaing region"
    assert not enclosed
    assert span is not None
    assert text[span[0] : span[1]] == "Myaung township (Sagaing district, Sagaing region)"


def test_an_unknown_name_keeps_no_level_word_of_its_unit() -> None:
    from warwatch.geo.unknown import clean_place_name

    assert clean_place_name("Barangay San Roque") == "San Roque"
    assert clean_place_name("Thayet Kone township") == "Thayet Kone"
    assert clean_place_name("Bedele kebele") == "Bedele"
    assert clean_place_name("Okpo community") == "Okpo"
    # a city's part keeps its own words
    assert clean_place_name("Manaus - North Zone") == "Manaus - North Zone"


def test_a_note_whose_opening_sentence_tells_no_event_sets_the_place_of_the_next(
    pipeline,
) -> None:
    place = event_place(
        pipeline,
        "On 12 May 2023, in Thit Pyin village (Khin-U township, Shwebo district, Sagaing region), "
        "the military and its militia fired heavy rounds at around 9 am. They set fire to 30 "
        "houses and a rice storehouse.",
    )
    assert place.name == "Thit Pyin"
    assert place.admin1 == "Sagaing"
    assert place.geo_precision == 2


def test_an_article_opening_elsewhere_sets_no_place(pipeline) -> None:
    # an article's opening sentence may set the scene far from what follows: read as a note's
    # setting, Geneva would place the killing
    events = pipeline.extract_one(
        read_text_document(
            "Envoys met in Geneva (Switzerland) on Friday to discuss a truce.\n"
            "Gunmen killed five villagers on Sunday, the army said.",
            published=None,
        )
    ).events
    assert not any(e.place is not None and e.place.name == "Geneva" for e in events)


def test_the_unit_written_after_a_name_found_inside_it_is_no_secondevent_place(pipeline):
    # 'Puebla' is a city as well as the state: written after Tehuacan, which lies in the
    # state, it is Tehuacan's unit even though a capitalised word follows it
    place = event_place(
        pipeline,
        "On 2 March 2023, near Tehuacan, Puebla, ANTAC truck drivers blocked a road to demand "
        "lower tolls.",
    )
    assert place.name == "Tehuacan"


def test_a_list_of_towns_keeps_each_town(pipeline) -> None:
    from warwatch.extract import placing

    doc = pipeline.nlp("Rebels shelled Daraa, Homs, Hama and Idlib on Monday.")
    found = placing.resolve_places(next(iter(doc.sents)), [], pipeline.knowledge, [], None)
    assert [p.role for p in found if p.name == "Hamah"] == ["event"]


def test_people_evacuated_from_a_town_are_placed_at_the_town_not_its_province(pipeline):
    place = event_place(
        pipeline, "On 9 April 2023, 60 people were evacuated from Lysychansk, Luhansk."
    )
    assert place.name == "Lysychansk"


def test_control_over_an_unknown_village_written_with_its_province(pipeline) -> None:
    place = event_place(
        pipeline,
        "On 3 June 2023, following clashes with Ukrainian forces, Russian forces established "
        "control over Novobakhmutivka, Donetsk. Casualties unknown.",
    )
    assert place.name == "Novobakhmutivka"
    assert place.admin1 == "Donetsk"


def test_a_name_the_model_missed_is_a_place_when_a_settlement_word_and_units_follow(pipeline):
    place = event_place(
        pipeline,
        "On 6 March 2023, gunmen killed two farmers when they invaded Okpala community "
        "(Ahoada West, Rivers).",
    )
    assert place.name == "Okpala"
    assert place.admin1 == "Rivers"


def test_an_unknown_village_of_a_township_stands_at_the_township(pipeline) -> None:
    place = event_place(
        pipeline,
        "On 8 May 2023, in Nwe Yin Kone village of Madaya township (Pyinoolwin district, "
        "Mandalay region), soldiers shot dead two men.",
    )
    assert place.name == "Nwe Yin Kone"
    assert place.admin1 == "Mandalay"
    assert not place.geocoded


def test_a_capitalised_common_word_before_a_settlement_word_is_no_place() -> None:
    from warwatch.extract.places import _named

    assert not _named("The")
    assert _named("Okpala")


def test_an_area_or_front_written_with_its_units_is_theevent_place(pipeline) -> None:
    area = event_place(
        pipeline,
        "On 9 May 2023, Turkish warplanes struck PKK militants in Gire Zap area in Al Amadiya "
        "district of Duhok.",
    )
    assert (area.name, area.admin1) == ("Gire Zap", "Duhok")
    front = event_place(
        pipeline,
        "On 2 April 2023, government forces clashed with Houthi forces in Al Shaqb front "
        "(Sabir al Mawadim, Taizz).",
    )
    assert (front.name, front.admin1) == ("Al Shaqb", "Taizz")


def test_a_site_written_with_its_town_in_brackets_is_coded_to_the_town(pipeline) -> None:
    place = event_place(
        pipeline,
        "On 3 May 2023, farmers staged a protest in front of the Gangwon Provincial Office "
        "(Chuncheon).",
    )
    assert (place.name, place.geo_precision, place.geocoded) == ("Chuncheon", 1, True)
