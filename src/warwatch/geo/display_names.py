"""Display names of gazetteer entries: plain ASCII names for places, English names for regions,
in the forms news copy and ACLED use ('Daraa', not 'Dar‘ā'; 'Cordoba', not 'Córdoba Province')."""

from __future__ import annotations

from collections.abc import Iterable

from unidecode import unidecode

from warwatch.geo.normalize import ADMIN_SUFFIXES, is_latin, name_key, skeleton, strip_admin_suffix


def alt_ok(name: str) -> bool:
    """Whether an alternate name is worth indexing: Latin letters, no codes, links or digits."""
    if len(name) < 2 or "http" in name or any(map(str.isdigit, name)):
        return False
    if name.isupper() and len(name) <= 4:  # airport / postal abbreviations ("DAM")
        return False
    return is_latin(name)


def _is_accented(name: str) -> bool:
    """A name with accents or macrons ('Québec', 'Mogi Guaçu', 'Kupwāra'): unidecode gives its
    plain form. Transliterations with ayn signs or dotted letters ('Dar‘ā', 'Ḩimş') need the
    alternates."""
    return all(ord(ch) < 0x180 for ch in name) and not _APOSTROPHES.intersection(name)


# Apostrophes for ayn / hamza mark a transliteration ('Dar‘ā') whose plain form ('Dar'a') is not
# what news copy writes; macrons alone drop cleanly ('Kupwāra', 'Tall Bīsah').
_APOSTROPHES = frozenset("'’‘`ʿʾʼ´")


def display_name(rec: dict) -> str:
    """An ASCII display name: the name, its unaccented form, else a same-skeleton ASCII
    alternate, else unidecode."""
    name = rec["name"]
    if name.isascii():
        return name
    if _is_accented(name):
        return unidecode(name)
    target = skeleton(name_key(name))
    alts = [a for a in rec.get("alternatenames") or () if a.isascii() and a[:1].isupper()]
    alts.sort(key=lambda a: any(ch in a for ch in "'`"))  # plain spellings first ("Daraa")
    same = [a for a in alts if alt_ok(a) and skeleton(name_key(a)) == target]
    if same:  # the fullest plain spelling ("Daraa" over "Dara")
        return max(same, key=lambda a: (not any(ch in a for ch in "'`"), len(a)))
    return unidecode(name).replace("`", "'")


def english_admin_name(name: str, aliases: Iterable[str]) -> str:
    """An English form of an admin name.

    Order: the name itself when ASCII and confirmed by an alias; an alias carrying an English
    level word ("Hama Governorate" -> "Hama"); the name unaccented when written in Latin letters
    (the ISO 3166-2 form, as ACLED: 'Sud-Kivu', 'Sao Paulo'); the first plain Latin alias
    (aliases come in many languages, hence last); the name.
    """
    if "," in name:  # 'Madrid, Comunidad de'
        name = name.split(",")[0]
    latin = [a for a in aliases if is_latin(a) and not any(ch in a for ch in "'’`‘")]
    stripped = {strip_admin_suffix(name_key(a)) for a in latin}
    if name.isascii() and strip_admin_suffix(name_key(name)) in stripped:
        return _strip_words(name)
    for a in latin:
        if name_key(a).split()[-1] in ADMIN_SUFFIXES:
            return _strip_words(
                unidecode(a) if _is_accented(a) else a
            )  # 'Córdoba Province' -> 'Cordoba'
    if name.isascii() or _is_accented(name):  # 'England', not Welsh 'Lloegr'; 'Gujarat'
        return _strip_words(unidecode(name))
    return _strip_words(latin[0] if latin else name)


def _strip_words(text: str) -> str:
    words = text.split()
    if len(words) > 1 and name_key(words[-1]) in (*ADMIN_SUFFIXES, "city"):
        words = words[:-1]
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    if len(words) > 2 and words[0].lower() == "state" and words[1].lower() == "of":
        words = words[2:]
    return " ".join(words)
