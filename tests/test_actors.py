"""Actor dictionary and resolver (warwatch.extract.actors)."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
import yaml

from warwatch.extract.actor_data import is_acronym
from warwatch.extract.actors import ActorDictionary, interaction, normalise
from warwatch.records import Actor


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


def name(actors, mention, country=None, date=None, event_type=None):
    actor = actors.resolve(mention, country, date, event_type)
    return actor.name if actor else None


@pytest.mark.parametrize(
    "mention",
    [
        "HTS",
        "Hayat Tahrir al-Sham",
        "Hayat Tahrir al Sham",
        "The Islamist group leading the onslaught",
        "HTS fighters",
    ],
)
def test_hts_aliases_are_one_actor(actors, mention):
    actor = actors.resolve(mention, "Syria")
    assert actor == Actor("Hayat Tahrir al-Sham", 2, mention, "Syria")


@pytest.mark.parametrize(
    "mention",
    [
        "regime forces",
        "Syrian troops",
        "the army",
        "government forces",
        "Assad's forces",
        "Syria's army",
    ],
)
def test_syrian_army_in_syria(actors, mention):
    actor = actors.resolve(mention, "Syria")
    assert actor.name == "Military Forces of Syria (2000-2024)"
    assert actor.inter == 1


def test_context_alias_needs_its_country(actors):
    assert name(actors, "regime forces", "Ukraine") != "Military Forces of Syria (2000-2024)"
    assert name(actors, "the army", "Ukraine") == "Military Forces of Ukraine (2019-)"


def test_syria_after_assad(actors):
    assert (
        name(actors, "the army", "Syria", dt.date(2025, 2, 1)) == "Military Forces of Syria (2024-)"
    )


def test_foreign_forces_by_demonym(actors):
    actor = actors.resolve("Russian forces", "Ukraine")
    assert actor.name == "Military Forces of Russia (2000-)"
    assert actor.inter == 8  # foreign state forces are External/Other Forces
    assert actors.resolve("Turkish troops", "Syria").inter == 8
    assert name(actors, "Ukrainian troops", "Ukraine") == "Military Forces of Ukraine (2019-)"


def test_named_groups(actors):
    assert name(actors, "The SDF", "Syria") == "Syrian Democratic Forces"
    assert (
        name(actors, "the Kurdish-led Syrian Democratic Forces coalition", "Syria")
        == "Syrian Democratic Forces"
    )
    assert name(actors, "paramilitary RSF", "Sudan") == "Rapid Support Forces"
    assert name(actors, "IDF", "Palestine") == "Military Forces of Israel (2022-)"
    assert (
        name(actors, "Israeli army", "Israel", dt.date(2022, 6, 1))
        == "Military Forces of Israel (2021-2022)"
    )
    assert name(actors, "Iran-backed Hezbollah forces", "Syria") == "Hezbollah"
    assert name(actors, "local opposition forces", "Syria") == "Local Armed Factions (Syria)"
    assert name(actors, "rebel fighters", "Syria") == "Opposition Rebels (Syria)"


def test_scoped_and_dated_aliases(actors):
    assert name(actors, "Islamic State", "Iraq") == "Islamic State (Iraq)"
    assert name(actors, "Islamic State", "Mali") == "Islamic State (Sahel)"
    assert (
        name(actors, "Taliban", "Afghanistan", dt.date(2022, 1, 3))
        == "Military Forces of Afghanistan (2021-)"
    )
    assert name(actors, "Taliban", "Afghanistan", dt.date(2020, 1, 3)) == "Taliban"
    assert name(actors, "Taliban", "Pakistan") == "TTP: Tehreek-i-Taliban Pakistan"


def test_acronyms_are_case_sensitive(actors):
    assert name(actors, "IS", "Syria") == "Islamic State (Syria)"
    assert actors.resolve("is", "Syria") is None
    assert actors.resolve("Hama", "Syria") is None  # not Hamas


def test_generic_actors(actors):
    assert actors.resolve("protesters", "India") == Actor(
        "Protesters (India)", 6, "protesters", "India"
    )
    assert name(actors, "a mob", "India") == "Rioters (India)"
    assert actors.resolve("a mob", "India").inter == 5
    police = actors.resolve("police", "Kenya", dt.date(2022, 3, 1))
    assert police.name == "Police Forces of Kenya (2013-2022)" and police.inter == 1
    assert name(actors, "police", "Kenya") == "Police Forces of Kenya (2022-)"
    assert name(actors, "riot police officers", "India") == "Police Forces of India (2014-)"
    assert name(actors, "soldiers", "Democratic Republic of Congo") == (
        "Military Forces of the Democratic Republic of Congo (2019-)"
    )
    gunmen = actors.resolve("unknown gunmen", "Nigeria")
    assert gunmen.name == "Unidentified Armed Group (Nigeria)" and gunmen.inter == 3
    assert name(actors, "armed men", "Iraq") == "Unidentified Armed Group (Iraq)"
    civ = actors.resolve("two children", "Syria")
    assert civ.name == "Civilians (Syria)" and civ.inter == 7
    assert name(actors, "a journalist", "Mexico") == "Civilians (Mexico)"


def test_unknown_and_empty(actors):
    assert actors.resolve("the weather", "Syria") is None
    assert actors.resolve("xyzzy plugh") is None
    assert actors.resolve("", "Syria") is None
    assert actors.resolve("protesters") is None  # generic actors need a country


def test_interaction_codes():
    assert interaction(1, 2) == 12
    assert interaction(2, 1) == 12
    assert interaction(7, 8) == 78
    assert interaction(1, 1) == 11
    assert interaction(1) == 10
    assert interaction(None, 6) == 60
    assert interaction(None, None) is None
    assert interaction(9, 1) is None


def test_is_actor_word(actors):
    for word in [
        "protester",
        "soldier",
        "rebel",
        "police",
        "gunman",
        "civilian",
        "militant",
        "troop",
    ]:
        assert actors.is_actor_word(word), word
    for word in ["city", "attack", "table"]:
        assert not actors.is_actor_word(word), word


def test_ruler_patterns(actors):
    patterns = actors.ruler_patterns()
    ids = {}
    for p in patterns:
        assert p["label"] in {"ORG", "NORP"}
        assert p["id"] and "{" not in p["id"]
        key = (
            p["pattern"].lower()
            if isinstance(p["pattern"], str)
            else tuple(next(iter(t.items())) for t in p["pattern"])
        )
        ids.setdefault(key, p["id"])
    assert ids[(("ORTH", "HTS"),)] == "Hayat Tahrir al-Sham"  # acronyms: case-sensitive tokens
    assert ids[(("ORTH", "RSF"),)] == "Rapid Support Forces"
    assert ids["hayat tahrir al-sham"] == "Hayat Tahrir al-Sham"  # names: phrases for a LOWER ruler


def test_ruler_patterns_work_in_spacy(pipeline):
    doc = pipeline.nlp(
        "Fighters of hayat tahrir al-Sham and the SDF clashed; the sdf is lower case."
    )
    ents = [(e.text, e.ent_id_) for e in doc.ents]
    assert ("hayat tahrir al-Sham", "Hayat Tahrir al-Sham") in ents
    assert ("SDF", "Syrian Democratic Forces") in ents
    assert all(e[0] != "sdf" for e in ents)


# ---------------------------------------------------------------- the data files themselves


def _data(name):
    return yaml.safe_load((resources.files("warwatch") / "data" / name).read_text(encoding="utf-8"))


def test_actor_yaml_entries_valid(actors):
    data = _data("actors.yaml")
    assert data["version"] >= 1
    generic = _data("actor_generic.yaml")
    known_countries = set(generic["periods"]) | set(generic["demonyms"].values())
    seen_names = set()
    for entry in data["actors"]:
        assert isinstance(entry["name"], str) and entry["name"].strip()
        assert entry["name"] not in seen_names, entry["name"]
        seen_names.add(entry["name"])
        assert entry["inter"] in range(1, 9), entry["name"]
        assert set(entry) <= {
            "name",
            "inter",
            "country",
            "home",
            "label",
            "aliases",
            "context_aliases",
        }
        assert entry.get("aliases") or entry.get("context_aliases"), entry["name"]
        if "{period}" in entry["name"]:
            assert entry.get("home") in generic["periods"], entry["name"]
        for field in ("country", "home"):
            if entry.get(field):
                assert entry[field] in known_countries or entry[field] == "Palestine", (
                    entry["name"],
                    field,
                )
        for alias in (entry.get("aliases") or []) + (entry.get("context_aliases") or []):
            if isinstance(alias, dict):
                assert set(alias) <= {"alias", "country", "from", "until"}
                assert alias["alias"]
            else:
                assert isinstance(alias, str) and alias.strip()


def _windows_overlap(a, b):
    a_from, a_until = a.start or dt.date.min, a.until or dt.date.max
    b_from, b_until = b.start or dt.date.min, b.until or dt.date.max
    return a_from < b_until and b_from < a_until


def test_no_alias_maps_to_two_actors_in_one_scope(actors):
    """Within one country scope (or global) and overlapping dates, an alias names one actor."""
    groups = {}
    for alias in actors.aliases:
        key = is_acronym(alias.text) and not alias.context
        norm = alias.text if key else actors._key(alias.text)
        groups.setdefault((norm, alias.scope, alias.context), []).append(alias)
    clashes = []
    for (norm, scope, _), items in groups.items():
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if a.entry != b.entry and _windows_overlap(a, b):
                    clashes.append(
                        (norm, scope, actors.entries[a.entry].name, actors.entries[b.entry].name)
                    )
    assert not clashes


def test_generic_rules_valid():
    generic = _data("actor_generic.yaml")
    rules = {r["id"]: r for r in generic["rules"]}
    for rule in rules.values():
        assert rule["inter"] in range(1, 9)
        assert "{country" in rule["name"]
        if rule.get("state"):
            assert "{period}" in rule["name"]
    for head, default in generic["weak_heads"].items():
        assert default is None or default in rules, head
    for country, periods in generic["periods"].items():
        assert periods, country
        assert "<" not in str(periods[-1]), country  # the last period is open
        for p in periods[:-1]:
            _label, until = str(p).split("<")
            dt.date.fromisoformat(until.strip())


def test_normalise():
    assert normalise("Hay’at Tahrir al-Sham") == "hayat tahrir al sham"
    assert normalise("Assad's forces") == "assad forces"


def test_load_custom_path(tmp_path, actors):
    (tmp_path / "actors.yaml").write_text(
        "version: 1\nactors:\n  - name: Test Group\n    inter: 3\n    country: null\n    aliases: [TG, test group]\n"
    )
    custom = ActorDictionary.load(tmp_path / "actors.yaml")
    assert custom.resolve("the TG", "Syria").name == "Test Group"
    assert (
        custom.resolve("protesters", "India").name == "Protesters (India)"
    )  # packaged generic rules


def test_event_type_hint(actors):
    assert name(actors, "health workers", "Argentina") == "Civilians (Argentina)"
    assert (
        name(actors, "health workers", "Argentina", event_type="Protests")
        == "Protesters (Argentina)"
    )
    assert name(actors, "residents", "Algeria", event_type="Riots") == "Rioters (Algeria)"
    assert (
        name(actors, "police", "India", event_type="Protests") == "Police Forces of India (2014-)"
    )
    assert name(actors, "state workers", "Argentina") == "Civilians (Argentina)"
