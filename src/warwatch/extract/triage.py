"""Which sentences can hold what extraction reads from the NER's entities (issue 13).

Extraction reads entities in sentences with an event cue (places, actors, claimants), with a
figure (its claimant) or with a date (the report's running date carries to the sentences after
it). The test is text only, cheap and generous: a date word, an explicit date, a cue or a figure.
"""

from __future__ import annotations

import re

from warwatch.extract import dates, figures
from warwatch.extract.knowledge import Knowledge


class SentenceTriage:
    """``triage(text)``: whether the NER must read the sentence."""

    def __init__(self, kb: Knowledge) -> None:
        self.date_words = kb.cues.coding.date_words
        self.cues = kb.cues
        self.figures = kb.figures
        # a figure starts at a number: a digit, or one of the number words (all their words)
        words = {w for phrase in kb.figures.numbers for w in phrase.split()}
        self.number = re.compile(
            r"\d|\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b",
            re.IGNORECASE,
        )

    def __call__(self, text: str) -> bool:
        # cheapest first; the cues last (some forty patterns: the cue book remembers the answer,
        # which extraction asks for again)
        return bool(
            self.date_words.search(text)
            or (self.number.search(text) and figures.find_figures(text, self.figures))
            or dates.find_date_expressions(text)
            or self.cues.cues_in(text)
        )
