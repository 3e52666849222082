"""What extraction needs besides the text, passed in so the stages stay pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from warwatch.extract.actors import ActorDictionary
from warwatch.extract.classify import CueBook
from warwatch.records import Place

PlaceResolver = Callable[[str, Sequence[str], Sequence[Place], str | None], Place]
CountryOf = Callable[[str], str | None]


@dataclass(frozen=True)
class Knowledge:
    """What extraction needs besides the text: cue rules, actors and the gazetteer (passed in)."""

    cues: CueBook
    actors: ActorDictionary
    resolve_place: PlaceResolver
    country_of: CountryOf
    # (mention, enclosing units, countries, fallback=True) -> Place | None; see geo.resolve_within
    resolve_within: Callable[..., Place | None] = lambda *_, **__: None
