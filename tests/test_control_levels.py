"""Evidence levels of control (issue 15) on hand-made statements and on short reports."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from warwatch.resolve import control, history, levels, merge
from warwatch.resolve.statements import Statement

DAY = dt.date(2024, 12, 2)
TOWNS = {  # real coordinates (GeoNames)
    "Saraqib": ("Idlib", 35.8647, 36.8006),
    "Ar Rastan": ("Homs", 34.9265, 36.7324),
}
REBELS, ARMY = "Opposition Rebels (Syria)", "Military Forces of Syria (2000-2024)"
OBSERVATORY = "Syrian Observatory for Human Rights"
_ids = itertools.count(1)


def report(
    town: str = "Saraqib", *, outlet: str = "Levant Ledger", claimant: str | None = OBSERVATORY,
    day: dt.date = DAY, published: dt.date | None = None, stance: str = "reported",
    sub: str = "Non-state actor overtakes territory", a1: str | None = REBELS,
    a2: str | None = ARMY, text: str | None = None, trigger: str | None = None, gp: int = 1,
) -> Statement:  # fmt: skip
    admin1, lat, lon = TOWNS[town]
    n = next(_ids)
    return Statement(
        id=n, record_key=f"r{n:04d}", document_id=f"{outlet}-{n}", event_type="Battles",
        sub_event_type=sub, date=day, time_precision=1, actor1=a1, actor2=a2,
        inter1=2 if a1 == REBELS else 1, location=town, admin1=admin1, country="Syria",
        latitude=lat, longitude=lon, geo_precision=gp, claimant=claimant, stance=stance,
        trigger=trigger, evidence_text=text or f"{outlet} {claimant} on {town} ({n})",
        evidence_start=0, evidence_end=10, source=outlet, published=published or day,
    )  # fmt: skip


def picture(*statements: Statement, at: dt.date | None = None) -> dict[str, control.ControlChange]:
    by_id = {s.id: s for s in statements}
    states = control.picture(merge.merge(statements), by_id, at)
    return {c.place or "": c for c in states}


def level(*statements: Statement, at: dt.date | None = None) -> str:
    return picture(*statements, at=at)["Saraqib"].level


def test_one_source_is_claimed():
    state = picture(report())["Saraqib"]
    assert (state.level, state.controller, state.independent_sources) == ("claimed", REBELS, 1)
    assert OBSERVATORY in state.level_reason


def test_two_outlets_and_claimants_are_assessed():
    state = picture(report(), report(outlet="Orontes Daily", claimant="rebel commander"))["Saraqib"]
    assert state.level == "assessed"
    assert state.independent_sources == 2
    assert "Orontes Daily: rebel commander" in state.level_reason


def test_one_claimant_through_two_outlets_is_still_claimed():
    assert level(report(), report(outlet="Orontes Daily")) == "claimed"


def test_one_outlet_quoting_two_people_is_one_source():
    assert level(report(), report(claimant="residents")) == "claimed"


def test_the_same_wire_story_twice_is_one_source():
    wire = "Rebel fighters took control of Saraqib on Monday after heavy fighting, officials said."
    a = report(claimant=None, outlet="Levant Ledger", text=wire)
    b = report(claimant=None, outlet="Orontes Daily", text=wire.upper())
    assert level(a, b) == "claimed"
    c = report(claimant=None, outlet="Orontes Daily", text="Saraqib fell to the rebels, we saw.")
    assert level(a, c) == "assessed"


def test_the_losing_side_conceding_is_assessed():
    conceded = report(claimant=ARMY, outlet="State TV", a1=None, trigger="withdrew")
    merged = picture(report(outlet="Levant Ledger"), conceded)["Saraqib"]
    assert merged.level == "assessed"
    alone = picture(report(claimant=ARMY, outlet="Levant Ledger"))["Saraqib"]
    assert alone.level == "assessed"
    assert "conceded by the side that lost it" in alone.level_reason


def test_a_standing_denial_is_contested_until_the_denier_reports_it():
    denial = report(claimant=ARMY, outlet="State TV", stance="denied", published=DAY)
    claim = report(outlet="Orontes Daily", claimant="rebel commander")
    state = picture(report(), claim, denial)["Saraqib"]
    assert state.level == "contested"
    assert state.status == "contested"
    assert "denied by State TV" in state.level_reason
    assert {e["side"] for e in state.evidence} == {"supports", "denies"}
    later = report(claimant=ARMY, outlet="State TV", published=DAY + dt.timedelta(days=2))
    assert level(report(), claim, denial, later) == "assessed"


def test_a_rival_controller_is_contested():
    a = report()
    b = report(outlet="State TV", claimant="SANA", a1=ARMY, a2=REBELS,
               sub="Government regains territory")  # fmt: skip
    states = picture(a, b)
    assert states["Saraqib"].level == "contested"
    assert "another side named as controller" in states["Saraqib"].level_reason


def test_fighting_after_the_capture_is_contested_for_a_few_days():
    capture = [report(), report(outlet="Orontes Daily", claimant="rebel commander")]
    clash = report(sub="Armed clash", day=DAY + dt.timedelta(days=1), claimant="residents",
                   outlet="Demo Herald", gp=2)  # fmt: skip
    assert level(*capture, clash, at=DAY + dt.timedelta(days=2)) == "contested"
    window = levels.level_rules().fighting_window_days
    assert level(*capture, clash, at=DAY + dt.timedelta(days=2 + window)) == "assessed"
    before = report(sub="Armed clash", day=DAY - dt.timedelta(days=1), claimant="residents")
    assert level(*capture, before, at=DAY + dt.timedelta(days=1)) == "assessed"


def test_fighting_without_a_capture_is_an_advance():
    clash = report("Ar Rastan", sub="Armed clash", claimant="residents", trigger="clashed")
    state = picture(clash)["Ar Rastan"]
    assert state.level == "claimed advance"
    assert state.controller is None
    assert state.advancing == (REBELS, ARMY)  # a clash does not say who advances
    push = report("Ar Rastan", sub="Armed clash", outlet="Orontes Daily", claimant="SANA",
                  trigger="advanced")  # fmt: skip
    both = picture(clash, push)["Ar Rastan"]
    assert both.level == "assessed advance"
    assert both.advancing == (REBELS,)
    late = DAY + dt.timedelta(days=levels.level_rules().advance_window_days + 1)
    assert "Ar Rastan" not in picture(clash, push, at=late)


def test_only_reports_known_at_the_date_count():
    first = report(published=DAY)
    second = report(outlet="Orontes Daily", claimant="rebel commander",
                    published=DAY + dt.timedelta(days=2))  # fmt: skip
    assert level(first, second, at=DAY) == "claimed"
    assert level(first, second, at=DAY + dt.timedelta(days=2)) == "assessed"
    assert picture(second, at=DAY) == {}


def test_history_lists_each_change_of_level_and_controller():
    statements = [
        report(published=DAY),
        report(outlet="Orontes Daily", claimant="rebel commander",
               published=DAY + dt.timedelta(days=2)),
        report(outlet="State TV", claimant="SANA", a1=ARMY, a2=REBELS,
               sub="Government regains territory", day=DAY + dt.timedelta(days=20)),
    ]  # fmt: skip
    by_id = {s.id: s for s in statements}
    entries = history.history(merge.merge(statements), by_id, "saraqib")
    assert [(e.date, e.change, e.state.controller, e.state.level) for e in entries] == [
        (DAY, "first report", REBELS, "claimed"),
        (DAY + dt.timedelta(days=2), "level", REBELS, "assessed"),
        (DAY + dt.timedelta(days=20), "controller", ARMY, "claimed"),
    ]
    assert entries[1].as_dict()["evidence"]


def test_precedence_is_read_from_the_data_file():
    r = levels.level_rules()
    assert r.precedence[0] == "contested"
    assert set(levels.LEVELS) >= set(r.precedence)


@pytest.fixture(scope="module")
def short_reports(pipeline, tmp_path_factory):
    from warwatch.batch import ingest_paths
    from warwatch.resolve import service
    from warwatch.store import open_store

    folder = tmp_path_factory.mktemp("levels")
    texts = {
        "a.txt": ("Rebels take Saraqib", "2024-12-02", "Levant Ledger",
                  "Rebel fighters took control of the town of Saraqib on Monday, the Syrian "
                  "Observatory for Human Rights said."),
        "b.txt": ("Opposition forces enter Saraqib", "2024-12-03", "Orontes Daily",
                  "Opposition fighters captured Saraqib on Monday, a rebel commander told "
                  "reporters by telephone."),
        "c.txt": ("Clashes in Ar Rastan", "2024-12-04", "Demo Herald",
                  "Rebel fighters clashed with government forces in Ar Rastan on Tuesday, "
                  "residents said."),
    }  # fmt: skip
    for name, (title, day, outlet, body) in texts.items():
        text = f"Title: {title}\nPublished: {day}\nSource: {outlet}\n\n{body}\n"
        (folder / name).write_text(text, encoding="utf-8")
    with open_store("sqlite:///:memory:") as store:
        ingest_paths([folder / "a.txt"], store, pipeline)
        early = {c.place: c for c in service.control_at(store, dt.date(2024, 12, 2))}
        ingest_paths([folder / "b.txt", folder / "c.txt"], store, pipeline)
        late = {c.place: c for c in service.control_at(store)}
        saraqib = service.control_history(store, "Saraqib")
    return early, late, saraqib


def test_short_reports_through_the_pipeline(short_reports):
    early, late, saraqib = short_reports
    assert early["Saraqib"].level == "claimed"
    assert late["Saraqib"].level == "assessed"
    assert late["Ar Rastan"].level == "claimed advance"
    assert [e.state.level for e in saraqib if e.state] == ["claimed", "assessed"]
