"""Casualty and displacement figures, on sentences written for these tests."""

from warwatch.extract.figures import FigureVocabulary, find_figures

VOCAB = FigureVocabulary.load()


def kinds(text):
    return [(f.kind, f.value, f.qualifier) for f in find_figures(text, VOCAB)]


def test_qualified_total_with_a_civilian_subset():
    figures = find_figures(
        "At least 412 people, mostly fighters but including 57 civilians, have been killed since the assault began, monitors said.",
        VOCAB,
    )
    assert [(f.kind, f.value, f.qualifier) for f in figures] == [
        ("killed", 412, "at least"),
        ("killed", 57, None),
    ]
    assert figures[1].subset_of == 0 and figures[1].civilians


def test_verb_before_number_and_thousands_separators():
    assert kinds("The fighting has displaced 120,500 people, the agency said.") == [
        ("displaced", 120500, None)
    ]
    assert kinds("The strike hit a market, killing nine civilians and wounding 14 others.") == [
        ("killed", 9, None),
        ("injured", 14, None),
    ]


def test_ranges_take_the_low_end_and_words_are_numbers():
    assert kinds("On 2 May 2022, 2-5 soldiers were killed in the ambush.") == [("killed", 2, None)]
    assert kinds("Dozens of people were injured.") == [("injured", 12, None)]
    assert kinds("More than 1.5 million people have fled their homes.") == [
        ("displaced", 1500000, "more than")
    ]


def test_distances_years_and_unrelated_numbers_are_not_figures():
    assert kinds("The village lies 12 kilometres from the front line.") == []
    assert kinds("The war began in 2011 and the town was rebuilt in 2019.") == []
    assert kinds("Three ministers met in the capital on Tuesday.") == []


def test_offsets_point_at_the_figure():
    text = "Officials said 31 people died in the floods and fighting."
    figure = find_figures(text, VOCAB)[0]
    assert text[figure.start : figure.end].startswith("31 people")


def test_death_toll_phrase_and_among_them_subset():
    figures = find_figures(
        "The monitor put the overall death toll since the fighting began at 640, among them 85 civilians.",
        VOCAB,
    )
    assert [(f.kind, f.value) for f in figures] == [("killed", 640), ("killed", 85)]
    assert figures[1].subset_of == 0 and figures[1].civilians


def test_a_date_before_the_toll_is_not_added_to_it():
    # issue 14: 'December 2024,' was read as the number 2024 and summed with the five
    assert kinds("On 7 December 2024, five civilians were killed in the strike.") == [
        ("killed", 5, None)
    ]
    assert kinds("On December 7, 2024, 12 people were killed.") == [("killed", 12, None)]
    assert kinds("The strike killed 3 people at 10 am on 5 May.") == [("killed", 3, None)]


def test_times_ages_ordinals_and_unit_numbers_are_not_tolls():
    assert kinds("At 10:30, 3 soldiers were killed.") == [("killed", 3, None)]
    assert kinds("A 25-year-old man and 4 others were killed.") == [("killed", 4, None)]
    assert kinds("Aged 45, he was among 12 people killed.") == [("killed", 12, None)]
    assert kinds("The 93rd Brigade said 7 soldiers were wounded.") == [("injured", 7, None)]
    assert kinds("Fighters of Brigade 47 killed 3 people.") == [("killed", 3, None)]
    assert kinds("The raid killed 2 people three years after the siege.") == [("killed", 2, None)]


def test_thousands_separators_still_read_after_the_fix():
    assert kinds("The offensive has killed 1,200 people, 30 of them children.") == [
        ("killed", 1200, None)
    ]
