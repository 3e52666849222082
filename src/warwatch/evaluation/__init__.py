"""Scoring warwatch output against gold files (``shared/eval/FORMAT.md``).

The scorer is pure: it takes gold documents and whatever predictions the caller made, and never
runs the pipeline itself.

- :func:`load_gold` reads a gold JSON Lines file (bad lines are skipped and listed, see
  :class:`GoldFile`); :func:`score` turns ``(gold, events, figures, entities)`` tuples into a
  :class:`Report` (``as_dict()`` for JSON, ``to_table()`` for the CLI).
- Events are matched one-to-one per document, greedily. A gold and a predicted event are
  *compatible* when their dates are compatible (``compare.dates_compatible``: within ±1 day,
  within 6 days if either side has week precision, same month if either has month precision,
  inside the prediction's start..end range, or a date missing on either side) and their places
  are compatible (same location name, same admin1, coordinates within 50 km, or no place on
  either side). Among compatible pairs the greedy order prefers the same event_type, then the
  same sub_event_type, then fewer days apart, then the smaller place distance. ``detection``
  counts these untyped matches; ``detection_typed`` re-runs the matching requiring equal
  event_type (FORMAT.md's rule). Field accuracies and per-field P/R/F1 use the untyped matches.
- Absent annotation keys are not scored; an empty ``events`` list is (every prediction is a false
  positive). ``acled_source`` is never scored: the claimant is compared only with a gold
  ``source``.

Whole news articles coded exhaustively with ``required`` / optional events (``news_dev``) are
scored by their own rules (:mod:`warwatch.evaluation.articles`): :func:`score_article` pairs one
article's predictions with its gold, :func:`summarise` adds the results up into an
:class:`ArticleReport` (precision over all predictions, recall over required events, field
accuracies on matched required events) and :func:`error_listing` prints what went wrong per
article. :func:`~warwatch.evaluation.runner.evaluate_pairs` sends each document of a file to the
scoring of its coding.

Splits: a record's own ``split`` field (``tune`` / ``heldout``) decides where it has one;
otherwise ``split_of(id, parts)`` is ``int(sha1(id.encode("utf-8")).hexdigest(), 16) % parts``.
With two parts, split 0 is ``tune`` (look at it, tune rules on it) and split 1 is ``heldout``
(report only). :func:`select_split` / :func:`in_split` apply the rule; ``all`` / ``None`` keeps
every document.
"""

from warwatch.evaluation.article_report import (
    ArticleReport,
    ArticleResult,
    score_article,
    summarise,
)
from warwatch.evaluation.articles import ArticleEvent, pair_events
from warwatch.evaluation.compare import (
    dates_compatible,
    haversine_km,
    loose,
    names_match,
    normalise,
)
from warwatch.evaluation.events import FIELDS
from warwatch.evaluation.gold import (
    SPLITS,
    GoldDocument,
    GoldFile,
    document_in_split,
    in_split,
    load_gold,
    parse_gold,
    select_split,
    split_of,
)
from warwatch.evaluation.listing import article_details, error_listing
from warwatch.evaluation.report import PRF, FieldScore, KmScore, Report
from warwatch.evaluation.score import score
from warwatch.evaluation.spans import ENTITY_TOTAL_LABELS, PRED_LABEL_MAP, map_label

__all__ = [
    "ENTITY_TOTAL_LABELS",
    "FIELDS",
    "PRED_LABEL_MAP",
    "PRF",
    "SPLITS",
    "ArticleEvent",
    "ArticleReport",
    "ArticleResult",
    "FieldScore",
    "GoldDocument",
    "GoldFile",
    "KmScore",
    "Report",
    "article_details",
    "dates_compatible",
    "document_in_split",
    "error_listing",
    "haversine_km",
    "in_split",
    "load_gold",
    "loose",
    "map_label",
    "names_match",
    "normalise",
    "pair_events",
    "parse_gold",
    "score",
    "score_article",
    "select_split",
    "split_of",
    "summarise",
]
