"""Name normalisation shared by the gazetteer build, lookups and the admin-1 comparison.

``name_key`` is the exact lookup key (ASCII, lowercase, punctuation as spaces, apostrophes dropped);
``article_key`` also removes Arabic article forms (al-/el-/ad-/ar-/as-/ash-/az-/ed-/ez-...), so
"Ar-Rastan" and "Rastan", or "Deir ez-Zor" and "Dayr az Zor", meet on one key.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

ARTICLES = frozenset(
    [
        "al",
        "el",
        "il",
        "ad",
        "ed",
        "ar",
        "er",
        "as",
        "es",
        "ash",
        "esh",
        "az",
        "ez",
        "at",
        "et",
        "ath",
        "adh",
        "an",
        "en",
        "ud",
        "ul",
        "ut",
        "us",
        "ur",
        "un",
    ]
)
_APOSTROPHES = re.compile(r"['’‘`ʿʾʼ´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLES = re.compile(r"(.)\1+")

# Trailing words naming an administrative level: "Daraa province", "Kharkiv Oblast".
ADMIN_SUFFIXES = (
    "province",
    "governorate",
    "oblast",
    "region",
    "state",
    "district",
    "prefecture",
    "county",
    "division",
    "department",
    "muhafazah",
    "wilayah",
    "raion",
    "rayon",
    "lga",
)


class _KeyTable(dict):
    """``str.translate`` table for :func:`name_key`, filled one character at a time.

    unidecode maps each code point on its own, so mapping characters one by one gives the same
    key as transliterating the whole string, at C speed: the gazetteer build keys a million names.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if _APOSTROPHES.match(ch):
            out = ""
        else:
            out = _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", unidecode(ch).lower()))
        self[code] = out
        return out


_KEY_TABLE = _KeyTable()


def name_key_uncached(text: str) -> str:
    """Exact lookup key: unidecode, lowercase, apostrophes removed, other punctuation as spaces."""
    return " ".join(text.translate(_KEY_TABLE).split())


#: :func:`name_key_uncached` behind a cache: extraction asks for the same few names again and
#: again, while the gazetteer build keys a million distinct ones with the uncached form.
name_key = lru_cache(maxsize=65536)(name_key_uncached)


def article_key(key: str) -> str:
    """A ``name_key`` with Arabic article tokens removed ("ar rastan" -> "rastan").

    The key is returned unchanged when removing articles would leave nothing.
    """
    words = key.split()
    kept = [w for w in words if w not in ARTICLES]
    return " ".join(kept) if kept and len(kept) < len(words) else key


def skeleton(key: str) -> str:
    """Consonant skeleton for lenient comparison ("al hasakeh" and "al hasakah" -> "hsk")."""
    key = article_key(key).replace(" ", "")
    if not key:
        return key
    return key[0] + _DOUBLES.sub(r"\1", _VOWELS.sub("", key[1:].replace("h", "")))


def strip_admin_suffix(key: str) -> str:
    """Remove one trailing admin-level word and a leading "the"/"state of" from a ``name_key``."""
    words = key.split()
    if len(words) > 1 and words[-1] in (*ADMIN_SUFFIXES, "city", "territory"):
        words = words[:-1]
    if len(words) > 2 and words[0] in ("state", "province", "region") and words[1] == "of":
        words = words[2:]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is in a Latin Unicode block (drops Cyrillic, Arabic...)."""
    if text.isascii():
        return True
    for ch in text:
        if ch.isalpha():
            o = ord(ch)
            if not (o < 0x250 or 0x1E00 <= o <= 0x1EFF):
                return False
    return True
