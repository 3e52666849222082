"""The named gates and re-codings of warwatch.extract.rules, each alone."""

from __future__ import annotations

import datetime as dt

from warwatch.extract import rules
from warwatch.extract.clusters import cluster_sentences
from warwatch.extract.coding import find_trigger
from warwatch.extract.sentences import read_sentences
from warwatch.ingest import read_text_document
from warwatch.records import Actor
from warwatch.taxonomy import sub_event_types

PUBLISHED = dt.date(2024, 12, 7)


def first_cluster(nlp, kb, text):
    document = read_text_document(text, published=PUBLISHED)
    facts = read_sentences(nlp(document.text), document, kb)
    return cluster_sentences(facts.sentences, kb).clusters[0]


def trigger_of(cluster, kb):
    decision = kb.cues.decide(set(cluster.cues), None)
    return find_trigger(cluster, decision.sub_event_type, kb)


def test_gates_and_recodings_have_unique_names():
    names = [g.name for g in rules.GATES] + [r.name for r in rules.RECODINGS]
    assert len(names) == len(set(names))


def test_a_running_total_is_only_a_tally(nlp, fake_kb):
    cluster = first_cluster(
        nlp, fake_kb, "At least 826 people were killed since the offensive began."
    )
    trigger = trigger_of(cluster, fake_kb)
    assert rules.only_tallies(cluster, trigger, fake_kb)
    assert rules.not_an_event(cluster, trigger, fake_kb) == "only tallies"


def test_a_killing_with_its_own_toll_is_not_a_tally(nlp, fake_kb):
    cluster = first_cluster(nlp, fake_kb, "Gunmen killed five farmers in Homs on Friday.")
    trigger = trigger_of(cluster, fake_kb)
    assert not rules.only_tallies(cluster, trigger, fake_kb)
    assert rules.not_an_event(cluster, trigger, fake_kb) is None


def test_a_hospital_receiving_the_wounded_is_a_toll(nlp, fake_kb):
    cluster = first_cluster(
        nlp, fake_kb, "The hospital in Homs received 60 wounded people on Friday."
    )
    assert rules.hospital_toll(cluster, trigger_of(cluster, fake_kb), fake_kb)


def test_a_prediction_is_not_a_past_event(nlp, fake_kb):
    cluster = first_cluster(nlp, fake_kb, "Rebels could take control of Homs soon, analysts said.")
    assert rules.predicted_or_not_past(cluster, trigger_of(cluster, fake_kb), fake_kb)


def coding(sub, actor1=None, country="Syria"):
    return rules.Coding(sub_event_types()[sub], actor1, None, country, None, PUBLISHED)


def test_a_protest_about_a_killing_is_recoded_a_protest(nlp, fake_kb):
    cluster = first_cluster(
        nlp, fake_kb, "Relatives protested in Homs on Friday, saying a man was beaten to death."
    )
    trigger = trigger_of(cluster, fake_kb)
    recoded = rules.protest_is_main(coding("Attack"), cluster, trigger, fake_kb)
    assert recoded is not None and recoded.sub.name == "Peaceful protest"


def test_a_killing_without_a_protest_is_not_recoded(nlp, fake_kb):
    cluster = first_cluster(nlp, fake_kb, "Gunmen killed five farmers in Homs on Friday.")
    trigger = trigger_of(cluster, fake_kb)
    assert rules.protest_is_main(coding("Attack"), cluster, trigger, fake_kb) is None


def test_a_crowd_attacking_someone_is_mob_violence(nlp, fake_kb):
    cluster = first_cluster(nlp, fake_kb, "Residents beat a suspected thief in Homs on Friday.")
    trigger = trigger_of(cluster, fake_kb)
    crowd = Actor(name="Civilians (Syria)", inter=7)
    recoded = rules.crowd_attack_is_mob_violence(coding("Attack", crowd), cluster, trigger, fake_kb)
    assert recoded is not None and recoded.sub.name == "Mob violence"
    soldiers = Actor(name="Military Forces of Syria", inter=1)
    assert (
        rules.crowd_attack_is_mob_violence(coding("Attack", soldiers), cluster, trigger, fake_kb)
        is None
    )
