"""Run the pipeline over a gold file and score it (the core of ``warwatch eval``).

A gold file may mix two codings. Documents whose events carry ``required`` (news articles coded
exhaustively, ``news_dev``) are scored by the article rules (:mod:`warwatch.evaluation.articles`)
into an :class:`ArticleReport`; every other document (ACLED's one-event notes, re3d) by the
original scorer (:func:`score`) into a :class:`Report`. An article whose gold list is empty
(an article reporting no event) belongs to the article scoring when the file holds articles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from warwatch.config import Settings
from warwatch.errors import WarwatchError
from warwatch.evaluation.article_report import (
    ArticleReport,
    ArticleResult,
    score_article,
    summarise,
)
from warwatch.evaluation.articles import is_article_coding
from warwatch.evaluation.compare import default_same_admin1, names_match
from warwatch.evaluation.events import Comparators
from warwatch.evaluation.gold import GoldDocument, load_gold, select_split
from warwatch.evaluation.report import Report
from warwatch.evaluation.score import Pair, score
from warwatch.ingest import read_text_document
from warwatch.pipeline import Pipeline
from warwatch.records import Document


@dataclass(frozen=True)
class Evaluation:
    """What ``warwatch eval`` measured: either part is ``None`` when the file holds none of it."""

    notes: Report | None  # documents scored by the original rules (ACLED notes, re3d)
    articles: ArticleReport | None  # exhaustively coded articles (required / optional events)
    article_results: tuple[ArticleResult, ...] = ()
    failures: tuple[str, ...] = ()  # "origin: message" for documents the pipeline could not read
    skipped_lines: tuple[str, ...] = ()  # unreadable gold lines, "path:line: reason"

    def as_dict(self) -> dict:
        """The notes report's own dict when the file holds only notes (its output is unchanged);
        otherwise ``{"articles": ..., "notes": ...}``."""
        if self.articles is None and self.notes is not None:
            return self.notes.as_dict()
        return {
            "articles": self.articles.as_dict() if self.articles else None,
            "notes": self.notes.as_dict() if self.notes else None,
            "failures": list(self.failures),
            "skipped_lines": list(self.skipped_lines),
        }

    def to_table(self) -> str:
        parts = []
        if self.articles is not None:
            table = self.articles.to_table()
            if self.notes is None and self.skipped_lines:
                table = f"unreadable gold lines skipped: {len(self.skipped_lines)}\n{table}"
            parts.append(table)
        if self.notes is not None:
            parts.append(self.notes.to_table())
        return "\n\n".join(parts)


def gold_documents(
    path: str | Path, split: str = "all", limit: int | None = None
) -> tuple[list[GoldDocument], list[str]]:
    """The gold documents of ``split`` (first ``limit`` of them) and the unreadable gold lines."""
    gold_file = load_gold(path)
    golds = list(select_split(gold_file, None if split == "all" else split))
    return (golds[:limit] if limit else golds), gold_file.skipped


def as_document(gold: GoldDocument, path: str | Path, *, without_published: bool) -> Document:
    """The document the pipeline reads; ``without_published`` withholds the publication date
    (the only metadata date a gold record carries), so dates must come from the text itself."""
    return read_text_document(
        gold.text,
        published=None if without_published else gold.published,
        source=gold.source,
        url=gold.url,
        external_id=gold.id,
        origin=f"{path}:{gold.id}",
    )


def run_evaluation(
    path: str | Path,
    settings: Settings,
    *,
    split: str = "all",
    limit: int | None = None,
    without_published: bool = False,
) -> Evaluation:
    golds, skipped = gold_documents(path, split, limit)
    pipeline = Pipeline(settings)
    documents = [as_document(g, path, without_published=without_published) for g in golds]
    pairs: list[Pair] = []
    failures: dict[str, str] = {}
    for gold, document, result in zip(golds, documents, pipeline.process(documents)):
        if isinstance(result, WarwatchError):
            failures[gold.id] = f"{document.origin}: {result}"
            pairs.append((gold, (), (), ()))
            continue
        pairs.append((gold, result.events, result.figures, result.entities))
    return evaluate_pairs(
        pairs,
        lenient_comparisons(pipeline),
        skipped,
        failures,
        same_place=same_place_by_gazetteer(pipeline),
    )


def evaluate_pairs(
    pairs: Sequence[Pair],
    comparisons: Mapping[str, Callable[..., bool]],
    skipped: Sequence[str] = (),
    failures: Mapping[str, str] | None = None,
    *,
    same_place: Callable[[str, str], bool] | None = None,
) -> Evaluation:
    """Score ``(gold, events, figures, entities)`` tuples, each document by its own coding.

    ``comparisons`` are :func:`score`'s keyword callables; ``failures`` maps the id of a gold
    document the pipeline could not read to its one-line error. ``same_place`` compares place
    names in the article scoring only (the notes keep :func:`score`'s own rule, so that their
    figures stay comparable across releases).
    """
    failures = failures or {}
    articles, notes = _by_coding(pairs)
    cmp = _article_comparators(comparisons, same_place)
    results = tuple(
        score_article(gold, events, cmp, failures.get(gold.id)) for gold, events, *_ in articles
    )
    return Evaluation(
        notes=score(notes, **comparisons, skipped_lines=skipped) if notes or not articles else None,
        articles=summarise(results) if articles else None,
        article_results=results,
        failures=tuple(failures.values()),
        skipped_lines=tuple(skipped),
    )


def _by_coding(pairs: Sequence[Pair]) -> tuple[list[Pair], list[Pair]]:
    """(articles, notes): the pairs to score by the article rules, and the others."""
    has_articles = any(is_article_coding(gold.events) for gold, *_ in pairs)
    articles = [p for p in pairs if _is_article(p[0], has_articles)]
    return articles, [p for p in pairs if not _is_article(p[0], has_articles)]


def _article_comparators(
    comparisons: Mapping[str, Callable[..., bool]], same_place: Callable[[str, str], bool] | None
) -> Comparators:
    return Comparators(
        same_actor=comparisons.get("same_actor") or names_match,
        same_admin1=comparisons.get("same_admin1") or default_same_admin1,
        same_place=same_place or comparisons.get("same_place") or names_match,
    )


def _is_article(gold: GoldDocument, file_has_articles: bool) -> bool:
    if gold.events is None:
        return False
    return is_article_coding(gold.events) or (file_has_articles and gold.events == [])


def same_place_by_gazetteer(pipeline: Pipeline) -> Callable[[str, str], bool]:
    """Place names agree when equal (case and transliteration aside) or when the gazetteer knows
    them as names of one place ("Azaz" and "Izaz", "Deir el-Zour" and "Deir ez-Zor")."""
    gazetteer = pipeline.gazetteer

    def ids(name: str) -> set[int]:
        return {c.id for c in gazetteer.lookup(name) if c.feature != "country"}

    def same_place(gold: str, predicted: str) -> bool:
        return names_match(gold, predicted) or bool(ids(gold) & ids(predicted))

    return same_place


def lenient_comparisons(pipeline: Pipeline) -> dict:
    """Actor and place comparisons through warwatch's own actor dictionary and gazetteer."""
    from warwatch import geo
    from warwatch.evaluation.compare import CLOSE_KM, haversine_km

    actors = pipeline.actors
    gazetteer = pipeline.gazetteer

    def same_actor(gold: str, predicted: str) -> bool:
        if names_match(gold, predicted):
            return True
        resolved = actors.resolve(gold)
        return resolved is not None and names_match(resolved.name, predicted)

    def same_admin1(gold: str, predicted: str, country: str | None) -> bool:
        if names_match(gold, predicted):
            return True
        a = geo.resolve_admin1_name(gold, country, gazetteer=gazetteer) if country else None
        b = geo.resolve_admin1_name(predicted, country, gazetteer=gazetteer) if country else None
        return a is not None and a == b

    def known_place(name: str, lat: float, lon: float) -> bool:
        town = name.split(" - ")[0]  # ACLED's 'City - District' names
        return any(
            haversine_km(lat, lon, c.latitude, c.longitude) <= CLOSE_KM
            for c in gazetteer.lookup(town)
            if c.latitude is not None and c.longitude is not None
        )

    return {"same_actor": same_actor, "same_admin1": same_admin1, "known_place": known_place}
