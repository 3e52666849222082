"""Run the pipeline over a gold file and score it (the core of ``warwatch eval``)."""

from __future__ import annotations

from pathlib import Path

from warwatch.config import Settings
from warwatch.errors import WarwatchError
from warwatch.evaluation.gold import load_gold, select_split
from warwatch.evaluation.report import Report
from warwatch.evaluation.score import Pair, score
from warwatch.ingest import read_text_document
from warwatch.pipeline import Pipeline


def run_evaluation(
    path: str | Path, settings: Settings, *, split: str = "all", limit: int | None = None
) -> Report:
    gold_file = load_gold(path)
    golds = list(select_split(gold_file, None if split == "all" else split))
    if limit:
        golds = golds[:limit]
    pipeline = Pipeline(settings)
    documents = [
        read_text_document(
            g.text,
            published=g.published,
            source=g.source,
            url=g.url,
            external_id=g.id,
            origin=f"{path}:{g.id}",
        )
        for g in golds
    ]
    pairs: list[Pair] = []
    for gold, result in zip(golds, pipeline.process(documents)):
        if isinstance(result, WarwatchError):
            pairs.append((gold, (), (), ()))
            continue
        pairs.append((gold, result.events, result.figures, result.entities))
    return score(pairs, **lenient_comparisons(pipeline), skipped_lines=gold_file.skipped)


def lenient_comparisons(pipeline: Pipeline) -> dict:
    """Actor and place comparisons through warwatch's own actor dictionary and gazetteer."""
    from warwatch import geo
    from warwatch.evaluation.compare import CLOSE_KM, haversine_km, names_match

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
            c.latitude is not None
            and c.longitude is not None
            and haversine_km(lat, lon, c.latitude, c.longitude) <= CLOSE_KM
            for c in gazetteer.lookup(town)
        )

    return {"same_actor": same_actor, "same_admin1": same_admin1, "known_place": known_place}
