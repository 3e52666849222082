"""Generators of bad inputs, one per class the fault-and-fuzz campaign of issue 14 tried.

Each generator writes ``count`` files into a folder and returns what warwatch must do with each:
store it (``STORED``) or refuse it with a one-line message holding ``expect`` while the batch goes
on (``REFUSED``). The reliability tests write a few of each class; ``benchmarks/fuzz_inputs.py``
writes thousands. Texts are built from words written here, never from shared data.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STORED = "stored"
REFUSED = "refused"

SENTENCE = (
    "Government forces shelled the town of Izium on Monday, killing four civilians, "
    "local officials said."
)
# Random English text as a careless generator (or a spammer) writes it: function words, everyday
# words and the words of war reporting, in no order. Its words are English and full of cues, so
# only its lack of word order tells it from a report.
SALAD_WORDS = """
the of and to in is was for on that with as by at from his her an which or had were said after
garden kettle window morning quietly yellow bicycle library orange river paper teacher music
holiday recipe umbrella pencil mountain breakfast painting letter village harbour market festival
weather bridge school museum football chocolate
killed attack attacked shelled shelling forces army rebels police protesters bomb airstrike
clashes militants civilians wounded soldiers officials fighters troops missile drone town city
people government opposition killing fire seized captured strike protest demonstrators dead
Syria Ukraine Kharkiv Aleppo Izium Homs Sudan Khartoum Monday Tuesday five three dozens
""".split()  # noqa: SIM905 (a word list reads better as text)


@dataclass(frozen=True)
class Case:
    path: Path
    outcome: str  # STORED or REFUSED
    expect: str = ""  # a word the refusal message must hold
    kind: str = ""  # the generator's name in CLASSES (set by generate)


Generator = Callable[[random.Random, Path, int], list[Case]]


def _salad(rng: random.Random, words: int) -> str:
    sentences = []
    while words > 0:
        size = min(words, rng.randint(8, 20))
        words -= size
        sentence = " ".join(rng.choice(SALAD_WORDS) for _ in range(size))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
    return " ".join(sentences)


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def too_long(rng: random.Random, folder: Path, count: int) -> list[Case]:
    """Texts over the 1,000,000-character limit (spaCy's max_length crashed the batch)."""
    return [
        Case(_write(folder / f"too-long-{i}.txt", _salad(rng, 190_000)), REFUSED, "1,000,000")
        for i in range(count)
    ]


def long_line(rng: random.Random, folder: Path, count: int, chars: int = 60_000) -> list[Case]:
    """One line with no sentence break, then a real sentence (parsed in bounded pieces)."""
    line = " ".join(rng.choice(SALAD_WORDS) for _ in range(chars // 4))[:chars].rstrip()
    return [
        Case(_write(folder / f"long-line-{i}.txt", f"{line} {i}\n\n{SENTENCE}\n"), STORED)
        for i in range(count)
    ]


def late_nul(rng: random.Random, folder: Path, count: int) -> list[Case]:
    """NUL and other control bytes after the 8 KB binary sniff (they were stored)."""
    cases = []
    for i in range(count):
        head = _salad(rng, 1_800)
        junk = "".join(rng.choice("\x00\x01\x02\x07\x1b\x7f") for _ in range(5))
        text = f"{SENTENCE}\n\n{head}{junk} tail {i}.\n"
        cases.append(Case(_write(folder / f"late-nul-{i}.txt", text), STORED))
    return cases


def deep_html(rng: random.Random, folder: Path, count: int) -> list[Case]:
    """A real sentence inside 1,000+ levels of nesting (refused as 'no readable text')."""
    cases = []
    for i in range(count):
        depth = rng.randint(1_000, 3_000)
        page = (
            f"<html><body>{'<div>' * depth}<p>{SENTENCE} ({i})</p>{'</div>' * depth}</body></html>"
        )
        cases.append(Case(_write(folder / f"deep-{i}.html", page), STORED))
    return cases


def jsonl_odd_ids(rng: random.Random, folder: Path, count: int) -> list[Case]:
    """'"id": true' became the id "True": ids must be strings or integers."""
    values = [True, False, 1.5, [1], {"a": 1}]
    cases = []
    for i in range(count):
        line = json.dumps({"id": values[i % len(values)], "text": f"{SENTENCE} {i}"})
        cases.append(Case(_write(folder / f"odd-id-{i}.jsonl", line + "\n"), REFUSED, '"id"'))
    return cases


def jsonl_broken(rng: random.Random, folder: Path, count: int) -> list[Case]:
    lines = ['{"text": "unterminated', "[1, 2, 3]", '{"title": "no text"}', '{"text": 42}', "{"]
    return [
        Case(_write(folder / f"broken-{i}.jsonl", lines[i % len(lines)] + "\n"), REFUSED, "")
        for i in range(count)
    ]


def binary(rng: random.Random, folder: Path, count: int) -> list[Case]:
    magics = [b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"PK\x03\x04", b"\x1f\x8b\x08", b"\x00\x01\x02"]
    return [
        Case(
            _write(folder / f"binary-{i}.dat", magics[i % len(magics)] + rng.randbytes(2_000)),
            REFUSED,
            "",
        )
        for i in range(count)
    ]


def bad_encoding(rng: random.Random, folder: Path, count: int) -> list[Case]:
    return [
        Case(
            _write(folder / f"latin1-{i}.txt", SENTENCE.encode() + b" caf\xe9 \xff\xfe."),
            REFUSED,
            "UTF-8",
        )
        for i in range(count)
    ]


def empty(rng: random.Random, folder: Path, count: int) -> list[Case]:
    bodies = [b"", b"   \n\t\n", b"Title: only a header\nSource: Wire\n"]
    return [
        Case(_write(folder / f"empty-{i}.txt", bodies[i % len(bodies)]), REFUSED, "")
        for i in range(count)
    ]


def not_english(rng: random.Random, folder: Path, count: int) -> list[Case]:
    words = [
        "le",
        "la",
        "les",
        "des",
        "une",
        "dans",
        "avec",
        "pour",
        "sur",
        "village",
        "armée",
        "bombardement",
        "civils",
        "tués",
    ]
    return [
        Case(
            _write(
                folder / f"french-{i}.txt", " ".join(rng.choice(words) for _ in range(80)) + "."
            ),
            REFUSED,
            "English",
        )
        for i in range(count)
    ]


def xml_bombs(rng: random.Random, folder: Path, count: int) -> list[Case]:
    """Billion laughs and an external entity in a feed: never expanded."""
    lol = "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10}">' for k in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]>'
        "<rss><channel><item><title>&l9;</title><description>&l9;</description></item></channel></rss>"
    )
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><item><title>t</title><description>&x;</description></item></channel></rss>"
    )
    # the bomb is refused unread; the external entity is never fetched, leaving no entry
    return [
        Case(_write(folder / f"bomb-{i}.xml", (bomb, xxe)[i % 2]), REFUSED, ("entity", "")[i % 2])
        for i in range(count)
    ]


def word_salad(rng: random.Random, folder: Path, count: int) -> list[Case]:
    """Random English words: stored (it is English text), and should yield no event."""
    return [
        Case(
            _write(folder / f"salad-{i}.txt", _salad(rng, rng.randint(60, 400))),
            STORED,
        )
        for i in range(count)
    ]


def number_salad(rng: random.Random, folder: Path, count: int) -> list[Case]:
    """Years, dates, times and ages around a toll: only the toll is a figure."""
    cases = []
    for i in range(count):
        year = rng.randint(1990, 2030)
        text = (
            f"On {rng.randint(1, 28)} December {year}, five civilians were killed in Izium "
            f"at {rng.randint(10, 23)}:{rng.randint(10, 59)}, and a {rng.randint(18, 80)}-year-old "
            f"man of the {rng.randint(2, 99)}th Brigade was wounded, officials said."
        )
        cases.append(Case(_write(folder / f"numbers-{i}.txt", text), STORED))
    return cases


def script_only_html(rng: random.Random, folder: Path, count: int) -> list[Case]:
    page = "<html><head><script>var x = 1;</script><style>p{}</style></head><body></body></html>"
    return [
        Case(_write(folder / f"script-{i}.html", page), REFUSED, "no readable text")
        for i in range(count)
    ]


def utf16(rng: random.Random, folder: Path, count: int) -> list[Case]:
    return [
        Case(_write(folder / f"utf16-{i}.txt", f"{SENTENCE} {i}".encode("utf-16")), STORED)
        for i in range(count)
    ]


def special_files(rng: random.Random, folder: Path, count: int) -> list[Case]:
    """Named pipes (ingest hung forever) and dangling links: skipped with a message."""
    cases = []
    for i in range(count):
        fifo = folder / f"pipe-{i}.txt"
        os.mkfifo(fifo)
        cases.append(Case(fifo, REFUSED, "named pipe"))
        link = folder / f"dangling-{i}.txt"
        link.symlink_to(folder / f"missing-{i}.txt")
        cases.append(Case(link, REFUSED, "cannot read"))
    return cases


def unsupported(rng: random.Random, folder: Path, count: int) -> list[Case]:
    return [
        Case(
            _write(folder / f"report-{i}.docx", b"PK\x03\x04" + rng.randbytes(100)),
            REFUSED,
            ".docx",
        )
        for i in range(count)
    ]


CLASSES: dict[str, Generator] = {
    "too_long": too_long,
    "long_line": long_line,
    "late_nul": late_nul,
    "deep_html": deep_html,
    "jsonl_odd_ids": jsonl_odd_ids,
    "jsonl_broken": jsonl_broken,
    "binary": binary,
    "bad_encoding": bad_encoding,
    "empty": empty,
    "not_english": not_english,
    "xml_bombs": xml_bombs,
    "word_salad": word_salad,
    "number_salad": number_salad,
    "script_only_html": script_only_html,
    "utf16": utf16,
    "special_files": special_files,
    "unsupported": unsupported,
}


def generate(folder: Path, counts: dict[str, int], seed: int = 14) -> list[Case]:
    """Write ``counts[name]`` inputs of each class into ``folder``; the cases, in class order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for name, generator in CLASSES.items():
        if counts.get(name):
            cases += [
                Case(c.path, c.outcome, c.expect, name)
                for c in generator(rng, folder, counts[name])
            ]
    return cases
