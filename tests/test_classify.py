"""The cue decision list, on sentences written for these tests."""

import pytest

from warwatch.extract.classify import load_cuebook
from warwatch.taxonomy import event_types, sub_event_types


def decide(text: str) -> str | None:
    book = load_cuebook()
    decision = book.decide(set(book.cues_in(text)), book.victim_kind(text))
    return decision.sub_event_type if decision else None


def test_taxonomy_has_six_types_and_25_sub_types():
    assert event_types() == [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ]
    assert len(sub_event_types()) == 25
    assert (
        sub_event_types()["Non-violent transfer of territory"].event_type
        == "Strategic developments"
    )
    assert sub_event_types()["Non-state actor overtakes territory"].territorial


def test_every_rule_names_a_real_sub_event_type():
    names = set(sub_event_types())
    assert {rule.sub_event_type for rule in load_cuebook().rules} <= names


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Militia fighters seized the town of Qaryat al-Nahr after two days of fighting.",
            "Non-state actor overtakes territory",
        ),
        (
            "Government troops recaptured the village from the insurgents on Monday.",
            "Government regains territory",
        ),
        (
            "The rebels entered the town without facing any resistance as soldiers withdrew.",
            "Non-violent transfer of territory",
        ),
        ("A suicide bomber blew himself up at a checkpoint near the market.", "Suicide bomb"),
        (
            "Warplanes carried out airstrikes on the outskirts of the city overnight.",
            "Air/drone strike",
        ),
        (
            "Artillery shelling hit a residential block in the eastern district.",
            "Shelling/artillery/missile attack",
        ),
        (
            "A roadside bomb exploded next to a passing patrol vehicle.",
            "Remote explosive/landmine/IED",
        ),
        ("Unknown attackers threw a grenade into a bar, wounding three people.", "Grenade"),
        ("Soldiers clashed with militants near the border crossing.", "Armed clash"),
        ("Gunmen shot dead a farmer and his son in their field.", "Attack"),
        (
            "Armed men abducted four aid workers on the road to the camp.",
            "Abduction/forced disappearance",
        ),
        (
            "Hundreds of teachers protested outside the ministry to demand unpaid wages.",
            "Peaceful protest",
        ),
        (
            "Police fired tear gas to disperse students who had gathered to protest fuel prices.",
            "Protest with intervention",
        ),
        (
            "Protesters threw stones at police and set fire to tyres on the main road.",
            "Violent demonstration",
        ),
        ("An angry mob beat a suspected thief to death in the market.", "Mob violence"),
        ("Police arrested two opposition politicians at their homes.", "Arrests"),
        ("Fighters looted shops and burned houses in the village.", "Looting/property destruction"),
        ("The two sides signed a peace agreement in the capital.", "Agreement"),
        (
            "The army seized a cache of weapons and ammunition in a raid on a farm.",
            "Disrupted weapons use",
        ),
        (
            "The government declared a state of emergency in three provinces.",
            "Change to group/activity",
        ),
        ("The minister visited the capital for talks.", None),
    ],
)
def test_sentences_get_the_sub_event_type_an_acled_coder_would_give(sentence, expected):
    assert decide(sentence) == expected
