"""spaCy EntityRuler patterns generated from the gazetteer.

Patterns are phrase patterns (strings matched on ORTH, i.e. case-sensitive), so a place name that
is also an English word only matches when capitalised ("Mobile", never "mobile"). Names in
``data/geo/stoplist.txt`` and spaCy's English stop words are never emitted.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

from warwatch.geo.build import SRC_ALT, SRC_CURATED
from warwatch.geo.countries import data_path
from warwatch.geo.gazetteer import FEATURE_ORDER, Gazetteer
from warwatch.geo.normalize import is_latin, name_key

FOCUS_COUNTRIES = (
    "SY",
    "UA",
    "SD",
    "IL",
    "PS",
    "LB",
    "MM",
    "ML",
    "BF",
    "NE",
    "CD",
    "YE",
    "IQ",
    "SO",
)
_ADMIN_FORMS = (
    "Province",
    "province",
    "Governorate",
    "governorate",
    "Oblast",
    "oblast",
    "Region",
    "region",
    "State",
    "state",
)
_LOC_FEATURES = ("crossing", "camp", "region", "base", "mountain", "river")
_ARTICLE_SPACE = re.compile(r"\b([Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh|[Ee][dnrsz]) (?=[A-Z])")


@lru_cache(maxsize=1)
def stoplist() -> frozenset[str]:
    """Normalised names that must never be tagged as places by the ruler."""
    from spacy.lang.en.stop_words import STOP_WORDS

    lines = data_path("stoplist.txt").read_text(encoding="utf-8").splitlines()
    words = {name_key(ln.split("#", 1)[0]) for ln in lines}
    return frozenset(w for w in words | {name_key(w) for w in STOP_WORDS} if w)


def ruler_patterns(
    gazetteer: Gazetteer,
    min_population: int = 15000,
    *,
    focus_countries: tuple[str, ...] = FOCUS_COUNTRIES,
    focus_min_population: int = 0,
    worldwide_alternate_names: bool = False,
) -> list[dict]:
    """EntityRuler patterns: ``{"label": "GPE"|"LOC", "pattern": "Deir ez-Zor", "id": "170794"}``.

    Covers countries, admin-1 names (plus "X Province/Governorate/Oblast/Region/State" forms of
    the English name in focus countries, "X Province/State" elsewhere),
    places with population >= ``min_population`` worldwide, all places (>= ``focus_min_population``)
    of ``focus_countries`` (ISO alpha-2), and every alias and override. ``id`` is the GeoNames id
    as a string (negative for overrides). Outside the focus countries only the main names of
    places are used unless ``worldwide_alternate_names`` (foreign-language alternate names would
    triple the pattern count). Article spellings get hyphenated variants ("Ar Rastan" ->
    "Ar-Rastan"). Where one spelling names several places, the pattern
    carries the largest feature / population; the resolver decides among them later.
    """
    rows = _ruler_rows(
        gazetteer, min_population, focus_countries, focus_min_population, worldwide_alternate_names
    )
    stop = stoplist()
    best: dict[str, tuple[tuple, str, int]] = {}

    def offer(text: str, rank: tuple, feature: str, pid: int) -> None:
        if text not in best or rank < best[text][0]:
            best[text] = (rank, "LOC" if feature in _LOC_FEATURES else "GPE", pid)

    focus_set = set(focus_countries)
    for row in rows:
        text, key = row[0], row[1]
        if key not in stop and len(key.replace(" ", "")) >= 3 and text[:1].isalpha():
            _offer_spellings(offer, row, admin_forms=_admin_forms(row[4] in focus_set))
    return [
        {"label": label, "pattern": text, "id": str(pid)}
        for text, (_, label, pid) in sorted(best.items())
    ]


def _ruler_rows(
    gazetteer: Gazetteer,
    min_population: int,
    focus_countries: tuple[str, ...],
    focus_min_population: int,
    worldwide_alternate_names: bool,
) -> list[tuple]:
    """The gazetteer's name rows the ruler holds (see :func:`ruler_patterns`)."""
    focus = ",".join(f"'{cc}'" for cc in focus_countries if cc.isalpha() and len(cc) == 2)
    places = (
        "(p.feature IN ('country','admin1','crossing','camp','region')"
        f" OR (p.feature = 'city' AND (p.pop >= ? OR (p.cc IN ({focus}) AND p.pop >= ?)))"
        f" OR (p.feature = 'admin2' AND p.cc IN ({focus})))"
    )
    alternates = (
        "1"
        if worldwide_alternate_names
        else f"(n.src <> {SRC_ALT} OR p.cc IN ({focus}) OR p.feature <> 'city')"
    )
    limits = (min_population, focus_min_population)
    # two queries rather than one with OR: SQLite then filters places before joining names (~3x faster)
    rows = gazetteer.name_rows(f"{places} AND {alternates}", limits)
    rows += gazetteer.name_rows(f"n.src >= {SRC_CURATED} AND NOT {places}", limits)
    return rows


def _admin_forms(in_focus: bool) -> tuple[str, ...]:
    """Level words written after an admin-1 name: all in focus countries, a few elsewhere."""
    return _ADMIN_FORMS if in_focus else _ADMIN_FORMS[:2] + _ADMIN_FORMS[-2:]


def _offer_spellings(offer, row: tuple, *, admin_forms: tuple[str, ...]) -> None:
    """Offer a name row's spellings: as written, capitalised, unaccented, with hyphenated
    articles ("Ar Rastan" -> "Ar-Rastan"), and an admin-1's "X Province" forms."""
    text, _, pid, feature, _, pop, src, place_name = row
    rank = (src < SRC_CURATED, FEATURE_ORDER.get(feature, 5), -(pop or 0))
    variants = {text, text[:1].upper() + text[1:]}
    if not text.isascii() and is_latin(text):  # reports often drop accents: "Eunapolis"
        variants.add(unidecode(text).replace("`", "'"))
    variants |= {_ARTICLE_SPACE.sub(r"\1-", v) for v in variants}
    for variant in variants:
        if variant[:1].isupper():
            offer(variant, rank, feature, pid)
    if feature == "admin1" and text == place_name:
        for form in admin_forms:
            offer(f"{text[:1].upper() + text[1:]} {form}", rank, feature, pid)


def add_place_ruler(
    nlp, patterns: list[dict], *, before: str | None = "ner", name: str = "place_ruler"
):
    """Add an ``entity_ruler`` holding ``patterns`` to ``nlp`` and return it.

    Patterns are added with every pipe disabled, so only the tokenizer runs over them (spaCy would
    otherwise run tok2vec/tagger/parser over each pattern string: ~75 s instead of a few seconds
    for 300k patterns). ``overwrite_ents`` is off: the statistical NER keeps what it finds.
    """
    kwargs = {"before": before} if before and before in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler", name=name, config={"phrase_matcher_attr": "ORTH"}, **kwargs
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)
    return ruler
