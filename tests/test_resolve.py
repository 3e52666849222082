"""Resolution rules on hand-made statements: merging, contradictions, control, tallies."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from warwatch.resolve import contradictions as claims
from warwatch.resolve import control, merge, tallies
from warwatch.resolve.statements import Statement

DAY = dt.date(2024, 12, 6)
# Real coordinates (GeoNames) of towns in Syria's Idlib and Homs governorates.
TOWNS = {
    "Saraqib": ("Idlib", 35.8647, 36.8006),
    "Ariha": ("Idlib", 35.8135, 36.6068),
    "Ar Rastan": ("Homs", 34.9265, 36.7324),
    "Tallbisah": ("Homs", 34.8406, 36.7312),
    "Daraa": ("Daraa", 32.6189, 36.1021),
    "Homs": ("Homs", 34.7268, 36.7234),
}
_ids = itertools.count(1)


def stmt(
    town: str = "Daraa", *, doc: str = "d1", sub: str = "Air/drone strike",
    event_type: str = "Explosions/Remote violence", day: dt.date = DAY, tp: int = 1,
    gp: int = 1, a1: str | None = "Military Forces of Syria (2000-2024)", a2: str | None = None,
    stance: str = "reported", claimant: str | None = "Syrian Observatory for Human Rights",
    fatalities: int | None = None, trigger: str | None = None, inter1: int | None = None,
    span: int = 0,
) -> Statement:  # fmt: skip
    admin1, lat, lon = TOWNS[town]
    n = next(_ids)
    return Statement(
        id=n, record_key=f"{doc}-{town}-{sub}-{stance}-{span}-{n:04d}", document_id=doc,
        event_type=event_type, sub_event_type=sub, date=day, time_precision=tp, actor1=a1,
        actor2=a2, inter1=inter1, location=town if gp < 3 else admin1, admin1=admin1,
        country="Syria", latitude=lat, longitude=lon, geo_precision=gp, fatalities=fatalities,
        claimant=claimant, stance=stance, trigger=trigger, evidence_start=span,
        evidence_end=span + 10, evidence_text=f"{town} {sub}", source=f"Outlet {doc}",
        published=dt.date(2024, 12, 7),
    )  # fmt: skip


def capture(town: str = "Daraa", **kw) -> Statement:
    kw.setdefault("a1", "Local Armed Factions (Syria)")
    kw.setdefault("inter1", 2)
    return stmt(town, event_type="Battles", sub="Non-state actor overtakes territory", **kw)


def snapshot(incidents):
    return [
        (i.key, i.location, i.date, i.source_count, i.fatalities_best, i.links) for i in incidents
    ]


# -- merging ------------------------------------------------------------------------------------
def test_same_capture_from_two_outlets_is_one_incident_with_two_sources():
    a, b = capture(doc="herald"), capture(doc="wire", day=DAY + dt.timedelta(days=1))
    (incident,) = merge.merge([a, b])
    assert incident.source_count == 2
    assert [link.rule.split(":")[0] for link in incident.links] == ["anchor", "merged"]
    assert incident.actor1 == "Local Armed Factions (Syria)"
    assert incident.first_reported == dt.date(2024, 12, 7)


def test_two_strikes_same_day_same_province_different_towns_do_not_merge():
    saraqib, ariha = stmt("Saraqib", doc="a"), stmt("Ariha", doc="b")
    province = stmt("Saraqib", doc="c", gp=3)  # "a strike in Idlib province": fits either
    incidents = merge.merge([saraqib, ariha, province])
    assert sorted(i.location for i in incidents) == ["Ariha", "Saraqib"]
    assert sorted(i.source_count for i in incidents) == [1, 2]  # the vague report joins one only


def test_two_towns_in_one_sentence_stay_two_events_though_10_km_apart():
    rastan = capture("Ar Rastan", a1="Opposition Rebels (Syria)")
    talbiseh = capture("Tallbisah", a1="Opposition Rebels (Syria)")
    assert {i.location for i in merge.merge([rastan, talbiseh])} == {"Ar Rastan", "Tallbisah"}


def test_an_approximate_place_merges_within_10_km():
    near = stmt("Tallbisah", doc="b", gp=2)
    assert merge.compatible(stmt("Ar Rastan", doc="a"), near).startswith("Air/drone strike; 9.")


def test_dates_must_fall_within_their_precision():
    base = stmt(doc="a")
    assert merge.compatible(base, stmt(doc="b", day=DAY + dt.timedelta(days=1)))
    assert merge.compatible(base, stmt(doc="b", day=DAY + dt.timedelta(days=2))) is None
    assert merge.compatible(base, stmt(doc="b", day=DAY + dt.timedelta(days=5), tp=2))
    assert merge.compatible(base, stmt(doc="b", day=DAY + dt.timedelta(days=9), tp=2)) is None


def test_actors_must_agree_or_be_missing():
    base = stmt(doc="a", a1="Military Forces of Russia (2000-)")
    assert merge.compatible(base, stmt(doc="b", a1=None))
    assert merge.compatible(base, stmt(doc="b", a1="Military Forces of Syria (2000-2024)")) is None
    battle = {"event_type": "Battles", "sub": "Armed clash"}
    swapped = merge.compatible(
        stmt(doc="a", a1="X", a2="Y", **battle), stmt(doc="b", a1="Y", a2="X", **battle)
    )
    assert swapped and "swapped" in swapped
    assert merge.compatible(stmt(doc="a", a1="Unidentified Armed Group (Syria)"), base)


def test_types_must_be_compatible():
    assert merge.compatible(stmt(doc="a"), stmt(doc="b", sub="Shelling/artillery/missile attack"))
    assert (
        merge.compatible(stmt(doc="a"), stmt(doc="b", event_type="Battles", sub="Armed clash"))
        is None
    )


def test_merging_does_not_depend_on_order():
    pool = [stmt(t, doc=f"d{n}", day=DAY + dt.timedelta(days=n % 2)) for n, t in enumerate(TOWNS)]
    pool += [stmt("Saraqib", doc="x", gp=3), capture(doc="p"), capture(doc="q", a1=None)]
    pool += [capture(doc="r", stance="denied", claimant="army"), stmt("Homs", doc="z", tp=2)]
    reference = snapshot(merge.merge(pool))
    rng = random.Random(4)
    for _ in range(20):
        rng.shuffle(pool)
        assert snapshot(merge.merge(pool)) == reference


def test_fatalities_keep_a_ucdp_range_never_a_sum():
    pool = [stmt(doc=d, fatalities=f) for d, f in (("a", 12), ("b", 19), ("c", 12), ("d", 30))]
    (incident,) = merge.merge(pool)
    assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (
        12,
        12,
        30,
    )
    (two,) = merge.merge([stmt(doc="a", fatalities=12), stmt(doc="b", fatalities=19)])
    assert (two.fatalities_low, two.fatalities_best, two.fatalities_high) == (12, 12, 19)


def test_a_denial_is_not_support_but_the_other_side():
    said = capture(
        "Homs", doc="obs", a1="Military Forces of Syria (2000-2024)", trigger="troops had left"
    )
    denied = capture("Homs", doc="sana", a1="Military Forces of Syria (2000-2024)", trigger="troops had left",
                     stance="denied", claimant="Military Forces of Syria (2000-2024)")  # fmt: skip
    (incident,) = merge.merge([said, denied])
    assert incident.source_count == 1 and incident.supporting_ids == (said.id,)
    assert incident.denying_ids == (denied.id,)
    (found,) = claims.contradictions([incident], {s.id: s for s in (said, denied)})
    assert found.kind == "denial" and "lost or left Homs" in found.proposition
    assert [s.claimant for s in found.supporting] == ["Syrian Observatory for Human Rights"]
    assert [s.claimant for s in found.opposing] == ["Military Forces of Syria (2000-2024)"]


def test_predictions_and_lone_denials_make_no_incident():
    assert merge.merge([capture(stance="predicted"), capture(doc="b", stance="denied")]) == []


# -- control ------------------------------------------------------------------------------------
def _control(pool):
    incidents = merge.merge(pool)
    return control.changes(incidents, {s.id: s for s in pool})


def test_control_timeline_follows_captures_and_regains():
    pool = [
        capture("Saraqib", doc="a", day=dt.date(2024, 11, 29), a1="Hayat Tahrir al-Sham"),
        stmt("Saraqib", doc="b", event_type="Battles", sub="Government regains territory",
             day=dt.date(2024, 12, 3), a1="Military Forces of Syria (2000-2024)", a2="Hayat Tahrir al-Sham"),
    ]  # fmt: skip
    changes = _control(pool)
    (before,) = control.control_at(changes, dt.date(2024, 12, 1))
    (after,) = control.control_at(changes, dt.date(2024, 12, 5))
    assert (before.controller, before.since, before.status) == (
        "Hayat Tahrir al-Sham",
        dt.date(2024, 11, 29),
        "held",
    )
    assert (after.controller, after.lost_by) == (
        "Military Forces of Syria (2000-2024)",
        "Hayat Tahrir al-Sham",
    )
    assert control.control_at(changes, dt.date(2024, 11, 1)) == []
    assert after.evidence[0]["document_id"] == "b" and after.sources == (
        "Outlet b: Syrian Observatory for Human Rights",
    )


def test_withdrawal_alone_is_unknown_and_a_denial_makes_it_contested():
    left = capture(
        "Homs", a1="Military Forces of Syria (2000-2024)", trigger="troops had left", tp=2
    )
    (state,) = control.control_at(_control([left]))
    assert (state.controller, state.lost_by, state.status) == (
        None,
        "Military Forces of Syria (2000-2024)",
        "unknown",
    )
    assert state.time_precision == 2  # a coarse date keeps its precision
    denial = capture(
        "Homs", doc="b", a1="Military Forces of Syria (2000-2024)", trigger="left", stance="denied"
    )
    (state,) = control.control_at(_control([left, denial]))
    assert state.status == "contested"
    assert {e["side"] for e in state.evidence} == {"supports", "denies"}


def test_rival_controllers_on_one_day_are_contested_and_listed():
    rebels = capture("Homs", doc="a", a1="Opposition Rebels (Syria)", inter1=2)
    army = capture("Homs", doc="b", a1="Military Forces of Syria (2000-2024)", inter1=1)
    incidents = merge.merge([rebels, army])
    assert len(incidents) == 2
    statuses = {c.status for c in control.changes(incidents, {})}
    assert statuses == {"contested"}
    (found,) = claims.contradictions(incidents, {s.id: s for s in (rebels, army)})
    assert found.kind == "controller"


def test_control_geojson_is_lon_lat():
    (state,) = control.control_at(_control([capture("Daraa")]))
    feature = control.geojson([state])["features"][0]
    assert feature["geometry"]["coordinates"] == [36.1021, 32.6189]
    assert feature["properties"]["controller"] == "Local Armed Factions (Syria)"


# -- tallies ------------------------------------------------------------------------------------
def test_sums_per_region_and_month_are_ranges():
    pool = [stmt("Saraqib", doc="a", fatalities=3), stmt("Saraqib", doc="b", fatalities=5),
            stmt("Ariha", doc="c", fatalities=2), stmt("Homs", doc="d")]  # fmt: skip
    sums = {s.region: s for s in tallies.sums(merge.merge(pool))}
    idlib = sums["Idlib, Syria"]
    assert (idlib.incidents, idlib.low, idlib.best, idlib.high) == (2, 5, 5, 7)
    assert sums["Homs, Syria"].incidents_without == 1
    assert idlib.period_start == dt.date(2024, 12, 1) and idlib.period_end == dt.date(2024, 12, 31)
