"""The one code path from the store to the living picture (CLI, API and batch call these).

Merging is incremental by block (country | merge family): after a batch, the blocks its new records
fall in are merged again from all of their stored records and replaced in one transaction, so the
result equals a full :func:`rebuild` whatever the order of ingestion.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from warwatch.records import Incident

from . import contradictions as claims
from . import control, history, tallies
from .merge import merge
from .statements import Statement, from_stored

if TYPE_CHECKING:  # resolve works on records; the store is only handed in
    from warwatch.store import Store


def _statements(store: Store, country: str | None = None) -> list[Statement]:
    return [from_stored(e) for e in store.events(country=country)]


def _block_statements(store: Store, blocks: set[str]) -> list[Statement]:
    countries = {block.split("|", 1)[0] for block in blocks}
    if "" in countries:  # records without a country: read everything once
        candidates = _statements(store)
    else:
        candidates = [s for c in sorted(countries) for s in _statements(store, c)]
    return [s for s in candidates if s.block in blocks]


def update(store: Store, document_ids: Iterable[str]) -> int:
    """Merge the records of newly stored documents into the stored incidents; returns how many
    incidents the affected blocks now hold."""
    blocks = {
        from_stored(e).block for d in sorted(set(document_ids)) for e in store.events(document_id=d)
    }
    if not blocks:
        return 0
    incidents = merge(_block_statements(store, blocks))
    return store.replace_incidents(blocks, incidents)


def rebuild(store: Store) -> int:
    """Recompute every incident from the stored records (the reference for :func:`update`)."""
    return store.replace_incidents(None, merge(_statements(store)))


def incidents(store: Store, **filters: Any) -> list[Incident]:
    """Stored incidents matching ``filters`` (fields of ``store.Query``)."""
    return list(store.incidents(**filters))


def statements_by_id(store: Store, country: str | None = None) -> dict[int, Statement]:
    return {s.id: s for s in _statements(store, country)}


def statements(store: Store, country: str | None = None) -> list[Statement]:
    return _statements(store, country)


def contradictions(store: Store, country: str | None = None) -> list[claims.Contradiction]:
    return claims.contradictions(
        incidents(store, country=country), statements_by_id(store, country)
    )


def control_changes(store: Store, country: str | None = None) -> list[control.ControlChange]:
    """Every change of control, each with its evidence level given everything known (fighting at
    the place is read from all incidents)."""
    found, by_id = incidents(store, country=country), statements_by_id(store, country)
    return control.changes(found, by_id, control.latest_date(found, by_id))


def control_at(
    store: Store,
    at: dt.date | None = None,
    *,
    place: str | None = None,
    country: str | None = None,
) -> list[control.ControlChange]:
    """Who controls each place at ``at`` (default: the latest known state), with evidence levels,
    and the advances short of control."""
    return control.picture(
        incidents(store, country=country), statements_by_id(store, country), at,
        place=place, country=country,
    )  # fmt: skip


def control_history(
    store: Store, place: str, *, country: str | None = None, until: dt.date | None = None
) -> list[history.HistoryEntry]:
    """Every change of controller and evidence level at a place, oldest first."""
    return history.history(
        incidents(store, country=country), statements_by_id(store, country), place, until=until
    )


def fatality_sums(
    store: Store, *, country: str | None = None, by: str = "admin1", period: str = "month"
) -> list[tallies.Sum]:
    return tallies.sums(incidents(store, country=country), by=by, period=period)


def claimed_vs_summed(store: Store, country: str | None = None) -> list[dict[str, object]]:
    """Claimed killed totals beside the sums of incident fatalities over the same period."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for s in _statements(store):
        if s.country:
            seen[s.document_id][s.country] += 1
    countries: dict[str, str | None] = {
        doc: max(sorted(c), key=lambda name: c[name]) for doc, c in seen.items()
    }
    figures = [f for f in store.figures() if country is None or
               (f.country or countries.get(f.document_id) or "").lower() == country.lower()]  # fmt: skip
    return tallies.beside_claims(figures, incidents(store, country=country), countries)
