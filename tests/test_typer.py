"""The trained event typer: corpus building, calibration, reproducible training, the shipped model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from warwatch.classifier import NO_EVENT, EventTyper, ModelError, labels
from warwatch.classifier.calibration import (
    expected_calibration_error,
    fit_temperature,
    probabilities,
    reliability_table,
)
from warwatch.classifier.corpus import (
    Example,
    news_sentence_examples,
    sentence_spans,
    written_examples,
)
from warwatch.classifier.model import FILES, packaged_folder
from warwatch.classifier.training import score, train
from warwatch.errors import EvalError


def test_labels_are_the_25_sub_event_types_and_no_event() -> None:
    names = labels()
    assert len(names) == 26 and len(set(names)) == 26
    assert names[-1] == NO_EVENT
    assert "Disrupted weapons use" in names and "Government regains territory" in names


def test_sentences_split_at_paragraphs_and_full_stops() -> None:
    text = "Headline about Homs\n\nTroops shelled the town. Residents fled north.\nA third line"
    parts = [text[s:e] for s, e in sentence_spans(text)]
    assert parts == [
        "Headline about Homs",
        "Troops shelled the town.",
        "Residents fled north.",
        "A third line",
    ]


def _news_line(tmp_path: Path, lines: list[dict]) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    return path


def test_news_sentences_take_the_type_of_the_note_that_quotes_them(tmp_path: Path) -> None:
    text = "Clashes in the north\n\nThe ministry issued a statement. Rebels seized the airport on Monday."
    event = {
        "sub_event_type": "Non-state actor overtakes territory",
        "sub_event_type_any": ["Armed clash"],
        "note": "seized the airport",
    }
    path = _news_line(
        tmp_path,
        [
            {"id": "a", "split": "tune", "text": text, "gold": {"events": [event]}},
            {"id": "b", "split": "heldout", "text": "Other text.", "gold": {"events": []}},
        ],
    )
    got = [(e.text, e.label) for e in news_sentence_examples(path, "tune")]
    assert got == [
        ("Clashes in the north", NO_EVENT),
        ("The ministry issued a statement.", NO_EVENT),
        ("Rebels seized the airport on Monday.", "Non-state actor overtakes territory"),
    ]
    assert news_sentence_examples(path, "tune")[2].accepted == {"Armed clash"}
    assert [e.text for e in news_sentence_examples(path, "heldout")] == ["Other text."]


def test_a_bad_training_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "split": "tune", "text": "ok"}\n{not json\n', "utf-8")
    with pytest.raises(EvalError, match=r"bad\.jsonl:2"):
        news_sentence_examples(path, "tune")


def test_written_examples_cover_no_event_and_rare_types() -> None:
    found = {e.label for e in written_examples()}
    assert {NO_EVENT, "Disrupted weapons use", "Agreement", "Change to group/activity"} <= found
    assert found <= set(labels())


def test_temperature_is_recovered_from_labels_drawn_at_that_temperature() -> None:
    rng = np.random.default_rng(0)
    scores = rng.normal(0, 3, size=(4000, 5))
    true_t = 2.5
    p = probabilities(scores, true_t)
    gold = np.array([rng.choice(5, p=row) for row in p])
    assert fit_temperature(scores, gold) == pytest.approx(true_t, rel=0.1)


def test_reliability_and_ece() -> None:
    conf = [0.95, 0.95, 0.95, 0.95, 0.15, 0.15]
    right = [True, True, True, False, False, False]
    table = reliability_table(conf, right, bins=10)
    assert [b.count for b in table] == [0, 2, 0, 0, 0, 0, 0, 0, 0, 4]
    assert table[9].accuracy == 0.75 and table[1].accuracy == 0.0
    # (4 * |0.95 - 0.75| + 2 * |0.15 - 0|) / 6
    assert expected_calibration_error(table) == pytest.approx((0.8 + 0.3) / 6)


def _small_corpus() -> list[Example]:
    return written_examples()


def test_training_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    corpus = _small_corpus()
    first, second = train(corpus, seed=3), train(corpus, seed=3)
    first.save(tmp_path / "a")
    second.save(tmp_path / "b")
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    texts = ["Jets bombed the market.", "The minister gave a speech."]
    loaded = EventTyper.load(tmp_path / "a")
    # the folder holds the whole model: loading it gives the very same probabilities
    assert np.array_equal(loaded.predict_proba(texts), first.predict_proba(texts))


def test_scores_are_probabilities_over_26_labels(tmp_path: Path) -> None:
    typer = train(_small_corpus(), seed=0)
    scores = typer.predict(["Soldiers defused a bomb on the road.", ""])
    for s in scores:
        assert set(s.probabilities) == set(labels())
        assert sum(s.probabilities.values()) == pytest.approx(1.0)
        assert 0 <= s.confidence <= 1
    assert typer.predict([]) == []
    result = score(typer, _small_corpus()[:40])
    assert 0 <= result.ece <= 1 and result.count == 40


def test_missing_model_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"coef\.npy") as info:
        EventTyper.load(tmp_path)
    assert str(tmp_path) in str(info.value)
    (tmp_path / "model.json").write_text("{}", "utf-8")
    np.save(tmp_path / "coef.npy", np.zeros((2, 2)))
    np.save(tmp_path / "intercept.npy", np.zeros(2))
    with pytest.raises(ModelError, match="unreadable"):
        EventTyper.load(tmp_path)


# --- the shipped model ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> EventTyper:
    return EventTyper.load()


def test_shipped_model_is_small_and_pickle_free(shipped: EventTyper) -> None:
    folder = packaged_folder()
    size = sum((folder / name).stat().st_size for name in FILES)
    assert size <= 30 * 2**20
    assert shipped.labels == labels()
    assert shipped.version.startswith("typer-")
    assert (folder / "MODEL_CARD.md").is_file()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Warplanes bombed a market in the rebel-held town, killing 11 people.", "Air/drone strike"),
        ("Police fired tear gas to disperse hundreds of protesters in the capital.",
         "Protest with intervention"),
        ("Gunmen abducted five aid workers on the road to the camp.",
         "Abduction/forced disappearance"),
        ("Government troops recaptured the town from the militants on Sunday.",
         "Government regains territory"),
    ],
)  # fmt: skip
def test_shipped_model_types_new_sentences(shipped: EventTyper, text: str, expected: str) -> None:
    assert shipped.predict([text])[0].best_type()[0] == expected


def test_cue_names_found_by_the_caller_give_the_same_scores(shipped: EventTyper) -> None:
    # the model's own copy of the patterns (event_cues.yaml may have moved on since training)
    patterns = dict(shipped.featurizer.cues_source())
    assert shipped.uses_cues(patterns)
    assert not shipped.uses_cues({**patterns, "extra": "x"})
    texts = ["Rebels shelled the airport and seized the town.", "The minister gave a speech."]
    book = {name: re.compile(rx, re.IGNORECASE) for name, rx in patterns.items()}
    found = [{n for n, rx in book.items() if rx.search(t)} for t in texts]
    assert np.array_equal(shipped.predict_proba(texts, found), shipped.predict_proba(texts))
    # and the flags matter: without any cue found the scores differ
    assert not np.array_equal(
        shipped.predict_proba(texts, [set(), set()]), shipped.predict_proba(texts)
    )


def test_shipped_model_knows_an_accident_from_an_attack(shipped: EventTyper) -> None:
    accident, attack = shipped.predict(
        [
            "A lorry skidded off a mountain road and fell into a ravine, killing nine passengers.",
            "Militants ambushed an army patrol near the border, killing nine soldiers.",
        ]
    )
    assert accident.best == NO_EVENT
    assert attack.event_probability > accident.event_probability


@pytest.mark.shared
def test_shipped_model_on_heldout_acled_notes(shipped: EventTyper, shared_dir: Path) -> None:
    from warwatch.classifier.corpus import acled_note_examples

    notes = acled_note_examples(shared_dir / "data" / "acled_notes" / "dev.jsonl", "heldout")
    result = score(shipped, notes)
    assert result.count > 3000
    assert result.type_accuracy >= 0.9
    assert result.ece <= 0.05
