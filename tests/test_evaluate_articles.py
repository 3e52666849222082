"""The article scoring of ``warwatch eval`` (required / optional gold events, news_dev's rules),
on small gold articles and predictions written here."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from warwatch.evaluation import load_gold, parse_gold, score, select_split
from warwatch.evaluation.article_report import score_article, summarise
from warwatch.evaluation.articles import ArticleEvent, pair_events
from warwatch.evaluation.compare import default_same_admin1, names_match
from warwatch.evaluation.events import Comparators
from warwatch.evaluation.listing import article_details, error_listing
from warwatch.evaluation.runner import as_document, evaluate_pairs
from warwatch.records import Actor, EventDate, EventRecord, Evidence, Place

CMP = Comparators(same_actor=names_match, same_admin1=default_same_admin1, same_place=names_match)
PLAIN = {"same_actor": names_match, "same_admin1": default_same_admin1}


def gold_event(**kw: object) -> dict:
    ev: dict = {
        "event_type": "Battles",
        "event_type_any": ["Battles"],
        "sub_event_type": "Armed clash",
        "sub_event_type_any": [],
        "event_date": "2016-02-10",
        "date_tolerance_days": 0,
        "time_precision": 1,
        "location": "Menagh air base",
        "location_any": ["Menagh", "Minakh"],
        "admin1": "Aleppo",
        "admin1_any": [],
        "country": "Syria",
        "fatalities": 2,
        "actor1": "YPG: People's Protection Units",
        "actor1_any": ["YPG", "Kurdish militiamen"],
        "actor2": "Opposition Rebels (Syria)",
        "actor2_any": ["rebels"],
        "claimant": None,
        "required": True,
        "note": "Wednesday they took over the base",
    }
    ev.update(kw)
    return ev


def pred(
    *,
    event_type: str = "Battles",
    sub: str = "Armed clash",
    date: str | None = "2016-02-10",
    place: str | None = "Minakh",
    admin1: str | None = "Aleppo",
    country: str | None = "Syria",
    fatalities: int | None = 2,
    actor1: str | None = "YPG",
    actor2: str | None = None,
    claimant: str | None = None,
    evidence: str = "Wednesday they took over the Menagh air base.",
) -> EventRecord:
    pl = None
    if place is not None or admin1 is not None or country is not None:
        pl = Place(
            mention=place or admin1 or country or "",
            name=place or admin1 or country,
            feature="city" if place else ("admin1" if admin1 else "country"),
            admin1=admin1 if place else None,
            country=country,
        )
    return EventRecord(
        document_id="d",
        event_type=event_type,
        sub_event_type=sub,
        disorder_type="Political violence",
        evidence=Evidence("d", 10, 10 + len(evidence), evidence),
        actor1=Actor(actor1) if actor1 else None,
        actor2=Actor(actor2) if actor2 else None,
        place=pl,
        date=EventDate(dt.date.fromisoformat(date) if date else None, 1),
        fatalities=fatalities,
        claimant=claimant,
    )


def article(*events: dict, doc_id: str = "a1", split: str | None = "tune", **kw: object):
    return parse_gold(
        {
            "id": doc_id,
            "title": "Kurdish fighters take Menagh air base",
            "text": "Kurdish fighters take Menagh air base\n\nWednesday they took over the base.",
            "published": "2016-02-11",
            "split": split,
            "gold": {"events_exhaustive": True, "events": list(events)},
            **kw,
        }
    )


def report(*pairs):
    return summarise(score_article(doc, preds, CMP) for doc, preds in pairs)


def test_a_perfect_prediction_scores_one():
    r = report((article(gold_event()), [pred()]))
    assert (r.precision, r.recall, r.f1) == (1.0, 1.0, 1.0)
    assert {name: fs.accuracy for name, fs in r.fields.items()} == {
        "sub_event_type": 1.0,
        "event_date": 1.0,
        "location": 1.0,
        "fatalities": 1.0,
        "actor": 1.0,
    }


def test_optional_event_absorbs_a_prediction_and_is_not_owed():
    doc = article(gold_event(), gold_event(required=False, location="Tal Rifaat", location_any=[]))
    absorbed = report((doc, [pred(), pred(place="Tal Rifaat")]))
    assert (absorbed.precision, absorbed.recall) == (1.0, 1.0)
    assert (absorbed.matched_required, absorbed.matched_optional) == (1, 1)
    not_owed = report((doc, [pred()]))
    assert (not_owed.precision, not_owed.recall) == (1.0, 1.0)
    assert (not_owed.required_events, not_owed.optional_events) == (1, 1)


def test_a_prediction_matching_nothing_is_a_false_positive():
    r = report((article(gold_event()), [pred(), pred(place="Raqqa", admin1="Raqqa")]))
    assert (r.precision, r.recall) == (0.5, 1.0)
    # a second report of the matched event (Kobani is in Aleppo governorate too) is one too many
    r = report((article(gold_event()), [pred(), pred(place="Kobani", admin1="Aleppo")]))
    assert (r.precision, r.matched_required) == (0.5, 1)


def test_required_events_are_paired_first():
    required = gold_event(location="Minakh", location_any=[])
    optional = gold_event(required=False, location="Minakh", location_any=[])
    pairs = pair_events([ArticleEvent.of(0, optional), ArticleEvent.of(1, required)], [pred()], CMP)
    assert pairs == [(1, 0)]  # the one prediction goes to the required event, listed second


def test_pairing_takes_the_largest_set_not_the_first_fit():
    # prediction 0 fits both gold events; prediction 1 fits only the first. A greedy pass giving
    # prediction 0 to the first gold event would leave one unmatched.
    first = ArticleEvent.of(0, gold_event(date_tolerance_days=3))
    second = ArticleEvent.of(1, gold_event(event_date="2016-02-13"))
    preds = [pred(date="2016-02-12"), pred(date="2016-02-08")]
    assert sorted(pair_events([first, second], preds, CMP)) == [(0, 1), (1, 0)]


def test_pairing_is_one_to_one():
    r = report((article(gold_event()), [pred(), pred()]))
    assert (r.matched_required, r.predicted_events, r.precision) == (1, 2, 0.5)
    r = report((article(gold_event(), gold_event()), [pred()]))
    assert (r.matched_required, r.recall) == (1, 0.5)


@pytest.mark.parametrize(
    ("tolerance", "days_off", "matches"),
    [(0, 0, True), (0, 1, True), (0, 2, False), (3, 3, True), (3, 4, False), (None, 1, True)],
)
def test_date_tolerance_is_at_least_one_day(tolerance, days_off, matches):
    gold = gold_event(date_tolerance_days=tolerance)
    day = (dt.date(2016, 2, 10) + dt.timedelta(days=days_off)).isoformat()
    assert report((article(gold), [pred(date=day)])).recall == (1.0 if matches else 0.0)


def test_an_undated_prediction_matches_no_dated_event():
    assert report((article(gold_event()), [pred(date=None)])).recall == 0.0
    undated_gold = gold_event(event_date=None)
    assert report((article(undated_gold), [pred(date=None)])).recall == 1.0


def test_event_type_must_be_the_gold_type_or_an_alternative():
    gold = gold_event(event_type_any=["Battles", "Strategic developments"])
    other = pred(event_type="Strategic developments", sub="Non-violent transfer of territory")
    assert report((article(gold), [other])).recall == 1.0
    assert report((article(gold), [pred(event_type="Riots", sub="Mob violence")])).recall == 0.0


def test_place_agrees_by_location_alternatives_or_admin1_alternatives():
    gold = gold_event(admin1="Halab", admin1_any=["Aleppo Governorate", "Aleppo"])
    # case and transliteration aside: "MİNAKH" folds to "minakh"
    assert report((article(gold), [pred(place="MİNAKH", admin1=None)])).recall == 1.0
    assert report((article(gold), [pred(place="Azaz", admin1="Aleppo")])).recall == 1.0
    assert report((article(gold), [pred(place="Azaz", admin1="Idlib")])).recall == 0.0
    assert report((article(gold), [pred(place=None, admin1=None)])).recall == 0.0


def test_country_only_gold_needs_the_country_alone():
    gold = gold_event(
        location=None, location_any=[], admin1=None, admin1_any=[], country_any=["Iraq"]
    )
    assert report((article(gold), [pred(place="Raqqa", admin1="Raqqa")])).recall == 1.0
    assert report((article(gold), [pred(place="Mosul", country="Iraq")])).recall == 1.0
    assert report((article(gold), [pred(place="Gaziantep", country="Turkey")])).recall == 0.0
    assert report((article(gold), [pred(place=None, admin1=None, country=None)])).recall == 0.0
    # a country-only gold event does not score location accuracy
    assert "location" not in report((article(gold), [pred()])).fields


def test_empty_gold_list_makes_every_prediction_a_false_positive():
    quiet = article(doc_id="q1")
    quiet_too = article(doc_id="q2")
    r = report((quiet, [pred(), pred()]), (quiet_too, []), (article(gold_event()), [pred()]))
    assert (r.predicted_events, r.precision, r.recall) == (3, 1 / 3, 1.0)
    assert (r.articles_without_required, r.quiet_articles_given_events) == (2, 1)
    assert r.quiet_articles_share == 0.5
    # an article whose only events are optional is "without a required event" too
    optional_only = article(gold_event(required=False), doc_id="q3")
    assert report((optional_only, [pred()])).quiet_articles_given_events == 1


def test_false_positives_are_counted_by_type_and_by_what_they_lack():
    r = report(
        (
            article(gold_event()),
            [
                pred(),
                pred(place="Raqqa", admin1="Raqqa"),
                pred(event_type="Riots", sub="Mob violence", date=None),
                pred(event_type="Riots", sub="Mob violence", place=None, admin1=None, country=None),
            ],
        )
    )
    assert r.false_positives_by_type == {"Riots": 2, "Battles": 1}
    assert (r.false_positives_undated, r.false_positives_unplaced) == (1, 1)
    assert "false positives by predicted type: Riots 2, Battles 1" in r.to_table()


def test_events_per_article_against_required_gold():
    r = report(
        (article(gold_event(), gold_event(required=False)), [pred(), pred(), pred()]),
        (article(doc_id="q"), [pred()]),
    )
    assert (r.predicted_per_article, r.required_per_article) == (2.0, 0.5)


def test_field_accuracies_on_matched_required_events():
    gold = gold_event(
        sub_event_type="Non-state actor overtakes territory",
        sub_event_type_any=["Armed clash"],
        date_tolerance_days=2,
        fatalities=None,
        claimant="Zakaria Malahefji; Syrian Observatory for Human Rights",
    )
    p = pred(
        sub="Armed clash",
        date="2016-02-11",
        place="Azaz",
        actor1="Opposition Rebels (Syria)",
        claimant="Syrian Observatory for Human Rights",
    )
    r = report((article(gold), [p]))
    assert {name: fs.correct for name, fs in r.fields.items()} == {
        "sub_event_type": 1,  # an accepted alternative
        "event_date": 0,  # inside the tolerance, so matched, but not exact
        "location": 0,  # matched through admin1 only
        "actor": 1,  # actor1 is the gold actor2: roles are not scored here
        "claimant": 1,  # one of the gold claimants
    }
    assert "fatalities" not in r.fields  # the gold gives no toll


def test_fatalities_missing_prediction_counts_as_zero():
    assert report((article(gold_event(fatalities=0)), [pred(fatalities=None)])).fields[
        "fatalities"
    ].accuracy == (1.0)
    assert report((article(gold_event(fatalities=3)), [pred(fatalities=None)])).fields[
        "fatalities"
    ].accuracy == (0.0)


def test_claimant_naming_a_gold_claimant_in_fewer_words_agrees():
    gold = gold_event(claimant="Syrian opposition activists; a Teldau resident")
    assert report((article(gold), [pred(claimant="activists")])).fields["claimant"].correct == 1
    assert report((article(gold), [pred(claimant="state TV")])).fields["claimant"].correct == 0
    assert report((article(gold), [pred()])).fields["claimant"].correct == 0


def test_several_gold_claimants_are_split_and_remarks_dropped():
    gold = gold_event(claimant="India (blames Pakistan-based militants; Pakistan denies role)")
    assert ArticleEvent.of(0, gold).claimants == ("India",)
    gold = gold_event(claimant="police / witnesses; U.S. officials (Damascus denies it)")
    assert ArticleEvent.of(0, gold).claimants == ("police", "witnesses", "U.S. officials")
    assert report((article(gold), [pred(claimant="Witnesses")])).fields["claimant"].correct == 1


def test_the_outlet_as_claimant_agrees_with_the_report_s_own_voice():
    gold = gold_event(claimant="Voice of America")
    voa = article(gold, source="Voice of America")
    assert report((voa, [pred(claimant=None)])).fields["claimant"].correct == 1
    assert report((voa, [pred(claimant="Voice of America")])).fields["claimant"].correct == 1
    other = article(gold, source="Wikinews")
    assert report((other, [pred(claimant=None)])).fields["claimant"].correct == 0


def test_optional_matches_do_not_enter_field_accuracies():
    r = report((article(gold_event(required=False, fatalities=9)), [pred(fatalities=2)]))
    assert r.fields == {}


def test_record_split_field_decides_and_ids_without_one_keep_the_hash_split(tmp_path):
    from warwatch.evaluation import in_split

    lines = [
        {"id": "x1", "text": "t", "split": "tune", "gold": {"events": []}},
        {"id": "x2", "text": "t", "split": "heldout", "gold": {"events": []}},
        {"id": "acled-1", "text": "t", "gold": {"events": []}},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    tune = [d.id for d in select_split(load_gold(path), "tune")]
    heldout = [d.id for d in select_split(load_gold(path), "heldout")]
    expected = "tune" if in_split("acled-1", "tune") else "heldout"
    assert ("x1" in tune, "x2" in heldout) == (True, True)
    assert ("acled-1" in tune) == (expected == "tune")
    assert sorted(tune + heldout) == ["acled-1", "x1", "x2"]
    assert len(list(select_split(load_gold(path), "all"))) == 3


def test_without_published_withholds_the_publication_date():
    doc = article(gold_event())
    assert as_document(doc, "g.jsonl", without_published=False).published == dt.date(2016, 2, 11)
    withheld = as_document(doc, "g.jsonl", without_published=True)
    assert withheld.published is None
    assert withheld.text.startswith("Kurdish fighters take Menagh air base")


@pytest.fixture
def fake_pipeline(monkeypatch):
    """The runner's pipeline replaced by one that predicts :func:`pred` once per document and
    records the publication date each document reached it with."""
    import warwatch.evaluation.runner as runner
    from warwatch.records import Extraction

    seen: list = []

    class FakePipeline:
        actors = gazetteer = None

        def __init__(self, settings):
            pass

        def process(self, documents):
            for d in documents:
                seen.append(d.published)
                yield Extraction(document=d, events=(pred(),))

    monkeypatch.setattr(runner, "Pipeline", FakePipeline)
    monkeypatch.setattr(runner, "lenient_comparisons", lambda pipeline: PLAIN)
    monkeypatch.setattr(runner, "same_place_by_gazetteer", lambda pipeline: names_match)
    return seen


def one_article_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    raw = {
        "id": "a1",
        "text": "BEIRUT, Feb 10 - Kurdish fighters took Menagh.",
        "published": "2016-02-11",
        "split": "tune",
        "gold": {"events_exhaustive": True, "events": [gold_event()]},
    }
    quiet = {**raw, "id": "q1", "gold": {"events_exhaustive": True, "events": []}}
    path.write_text(json.dumps(raw) + "\n" + json.dumps(quiet) + "\n", encoding="utf-8")
    return path


def test_run_evaluation_without_published_feeds_undated_documents(tmp_path, fake_pipeline):
    import warwatch.evaluation.runner as runner

    seen = fake_pipeline
    path = one_article_file(tmp_path)
    evaluation = runner.run_evaluation(path, None, limit=1, without_published=True)
    assert seen == [None]
    assert evaluation.articles is not None and evaluation.articles.recall == 1.0
    runner.run_evaluation(path, None, limit=1)
    assert seen == [None, dt.date(2016, 2, 11)]


def test_eval_command_lists_errors_and_writes_details(tmp_path, fake_pipeline, monkeypatch):
    from typer.testing import CliRunner

    from warwatch.cli import app

    monkeypatch.setattr("warwatch.cli.eval_cmd.settings", lambda db, **kw: None)
    path = one_article_file(tmp_path)
    details = tmp_path / "details.jsonl"
    runner = CliRunner()
    result = runner.invoke(app, ["eval", str(path), "--errors", "--details", str(details)])
    assert result.exit_code == 0, result.output
    assert "== q1 [tune]" in result.stdout and "== a1" not in result.stdout  # a1 is all right
    assert "precision 0.500  recall 1.000" in result.stdout
    assert "articles without a required event given any event: 1/1" in result.stdout
    rows = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], [p["matched_gold"] for p in r["predicted"]]) for r in rows] == [
        ("a1", [0]),
        ("q1", [None]),
    ]
    as_json = runner.invoke(app, ["eval", str(path), "--json", "--errors", "--split", "heldout"])
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.stdout)
    assert report["documents"] == 0  # nothing in that split: the plain report, empty
    as_json = runner.invoke(app, ["eval", str(path), "--json", "--errors", "--without-published"])
    report = json.loads(as_json.stdout)
    assert report["articles"]["precision"] == 0.5
    assert [d["id"] for d in report["article_details"]] == ["a1", "q1"]
    assert fake_pipeline[-2:] == [None, None]


def test_place_names_agree_through_the_gazetteer():
    from types import SimpleNamespace

    from warwatch.evaluation.runner import same_place_by_gazetteer

    places = {
        "azaz": [SimpleNamespace(id=170017, feature="city")],
        "izaz": [SimpleNamespace(id=170017, feature="city")],
        "syria": [SimpleNamespace(id=163843, feature="country")],
        "suriya": [SimpleNamespace(id=163843, feature="country")],
    }
    gazetteer = SimpleNamespace(lookup=lambda name: places.get(name.lower(), []))
    same_place = same_place_by_gazetteer(SimpleNamespace(gazetteer=gazetteer))
    assert same_place("Azaz", "Izaz") and same_place("Qaddam", "QADDAM")
    assert not same_place("Azaz", "Afrin")
    assert not same_place("Syria", "Suriya")  # a country is no place agreement for a town
    cmp = Comparators(names_match, default_same_admin1, same_place)
    gold = gold_event(location="Azaz", location_any=[], admin1="Idlib")
    result = score_article(article(gold), [pred(place="Izaz", admin1="Aleppo")], cmp)
    assert result.pairs == ((0, 0),)
    assert {name: ok for _, name, ok in result.fields}["location"] is True


def test_notes_and_articles_in_one_file_are_scored_each_by_its_own_rules():
    note = parse_gold(
        {
            "id": "acled-1",
            "text": "t",
            "gold": {"events": [{"event_type": "Battles", "event_date": "2016-02-10"}]},
        }
    )
    quiet = article(doc_id="q")
    pairs = [
        (note, [pred()], [], []),
        (article(gold_event()), [pred()], [], []),
        (quiet, [], [], []),
    ]
    evaluation = evaluate_pairs(pairs, PLAIN)
    assert evaluation.notes is not None and evaluation.notes.documents == 1
    assert evaluation.articles is not None and evaluation.articles.articles == 2
    assert set(evaluation.as_dict()) >= {"articles", "notes"}
    # a file of notes alone keeps the notes report exactly, empty event lists included
    notes_only = [
        (note, [pred()], [], []),
        (parse_gold({"id": "n", "text": "t", "gold": {"events": []}}), [pred()], [], []),
    ]
    alone = evaluate_pairs(notes_only, PLAIN)
    assert alone.articles is None
    assert alone.as_dict() == score(notes_only, **PLAIN).as_dict()


def test_gold_alternatives_must_be_lists_of_strings():
    for bad in ({"location_any": "Menagh"}, {"required": "yes"}, {"date_tolerance_days": "3"}):
        with pytest.raises(ValueError, match="event 0"):
            parse_gold({"id": "a", "text": "t", "gold": {"events": [gold_event(**bad)]}})


def test_near_misses_name_the_one_rule_that_failed_and_repeats():
    doc = article(
        gold_event(),
        gold_event(location="Tal Rifaat", location_any=[], admin1="Idlib", event_date="2016-02-20"),
    )
    preds = [
        pred(),  # matches gold 0
        pred(place="Azaz"),  # matches gold 0 too (same admin1), which is taken: a repeat
        pred(place="Raqqa", admin1="Raqqa", date="2016-02-20"),  # gold 1 but for the place
        pred(event_type="Riots", sub="Mob violence", place="Raqqa", admin1="Raqqa"),  # nothing
    ]
    result = score_article(doc, preds, CMP)
    assert result.pairs == ((0, 0),)
    assert result.near_gold == ((0, 1, "repeat"), (1, 2, "place"))
    assert result.near_predictions == ((1, 2, "place"),)
    r = summarise([result])
    assert r.false_positives_repeating == 1
    text = error_listing([result])
    assert "repeats the matched required gold #0" in text
    assert "near required gold #1, place off" in text
    assert "nearest prediction, place off: Battles / Armed clash | Raqqa (Syria)" in text


def test_error_listing_names_false_positives_misses_and_wrong_fields():
    doc = article(
        gold_event(),
        gold_event(location="Tal Rifaat", location_any=[], note="rebels lost Tal Rifaat"),
        gold_event(location="Azaz", location_any=[], fatalities=5),
    )
    stray = pred(place="Raqqa", admin1="Raqqa", evidence="Raqqa was quiet on Tuesday.")
    result = score_article(doc, [pred(), stray, pred(place="Azaz", fatalities=1)], CMP)
    text = error_listing([result])
    assert "== a1 [tune] Kurdish fighters take Menagh air base" in text
    assert "false positive   Battles / Armed clash | Raqqa (Syria) | 2016-02-10 tp1" in text
    assert '"Raqqa was quiet on Tuesday."' in text
    assert "missed required  Battles / Armed clash | Tal Rifaat, Aleppo, Syria | 2016-02-10" in text
    assert '"rebels lost Tal Rifaat"' in text
    assert "matched, wrong fatalities" in text
    assert error_listing([score_article(doc, [], CMP)]).count("missed required") == 3
    assert error_listing([score_article(article(gold_event()), [pred()], CMP)]) == "no errors"

    details = json.loads(json.dumps(article_details(result)))
    assert [p["matched_gold"] for p in details["predicted"]] == [0, None, 2]
    assert details["predicted"][1]["evidence"]["text"] == "Raqqa was quiet on Tuesday."
    assert [g["matched_prediction"] for g in details["gold"]] == [0, None, 2]
    assert details["gold"][2]["wrong_fields"] == ["fatalities"]
