"""Reading gold files (``shared/eval/FORMAT.md``) and the stable tune / held-out split."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warwatch.errors import EvalError

#: Named splits of :func:`split_of` with ``parts=2``.
SPLITS: dict[str, int] = {"tune": 0, "heldout": 1}


@dataclass(frozen=True)
class GoldDocument:
    """One gold line. A ``None`` annotation list means "not annotated" (not scored); ``[]`` is
    scored."""

    id: str
    text: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    events: list[dict] | None = None
    entities: list[dict] | None = None
    figures: list[dict] | None = None
    events_exhaustive: bool = True
    # re3d: low-confidence spans; predictions hitting them are ignored, never false positives
    entities_uncertain: list[dict] | None = None
    title: str | None = None
    # the record's own split ("tune" / "heldout", news_dev); None = the stable hash split of the id
    split: str | None = None


def split_of(doc_id: str, parts: int = 2) -> int:
    """Stable split index of a document: ``int(sha1(id as UTF-8).hexdigest(), 16) % parts``."""
    if parts < 1:
        raise ValueError("parts must be >= 1")
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % parts


def in_split(doc_id: str, split: str | None) -> bool:
    """Whether ``doc_id`` is in ``split``: ``tune``, ``heldout``, or ``None``/``all`` (any id)."""
    if split is None or split == "all":
        return True
    if split not in SPLITS:
        raise EvalError(f"unknown split {split!r}: use one of tune, heldout, all")
    return split_of(doc_id, 2) == SPLITS[split]


def document_in_split(doc: GoldDocument, split: str | None) -> bool:
    """A record that names its split (``"split": "tune"``) is in that split; any other document
    follows the stable hash split of its id (:func:`in_split`), as the ACLED notes do."""
    if doc.split is None or split is None or split == "all":
        return in_split(doc.id, split)
    return doc.split == split


def select_split(docs: Iterable[GoldDocument], split: str | None) -> Iterator[GoldDocument]:
    """The documents of ``docs`` in ``split`` (see :func:`document_in_split`)."""
    if split not in (None, "all") and split not in SPLITS:
        raise EvalError(f"unknown split {split!r}: use one of tune, heldout, all")
    return (d for d in docs if document_in_split(d, split))


def _opt_str(obj: dict, key: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{key!r} must be a string or null")


def _date(value: object, what: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} must be an ISO date string or null")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"{what} {value!r} is not an ISO date") from None


def _number(ev: dict, key: str, kind: type | tuple[type, ...], i: int) -> None:
    value = ev.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, kind)):
        raise ValueError(f"event {i}: {key!r} must be a number or null")


def _check_event(ev: dict, i: int) -> None:
    _date(ev.get("event_date"), f"event {i}: event_date")
    for key in ("latitude", "longitude"):
        _number(ev, key, (int, float), i)
    for key in ("fatalities", "time_precision", "date_tolerance_days"):
        _number(ev, key, int, i)
    if not isinstance(ev.get("required", True), bool):
        raise ValueError(f"event {i}: 'required' must be true or false")
    for key, value in ev.items():
        if key.endswith("_any") and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise ValueError(f"event {i}: {key!r} must be a list of strings")


def _dict_list(gold: dict, key: str) -> list[dict] | None:
    if key not in gold or gold[key] is None:
        return None
    value = gold[key]
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise ValueError(f"gold.{key} must be a list of objects")
    return value


def _spans(items: list[dict] | None, key: str) -> None:
    for i, e in enumerate(items or ()):
        s, t, lab = e.get("start"), e.get("end"), e.get("label")
        if not (isinstance(s, int) and isinstance(t, int) and isinstance(lab, str) and s <= t):
            raise ValueError(f"gold.{key}[{i}] needs integer start <= end and a string label")


def parse_gold(obj: object) -> GoldDocument:
    """Validate one decoded JSON line; ``ValueError`` says what is wrong."""
    if not isinstance(obj, dict):
        raise ValueError("line is not a JSON object")
    doc_id, text = obj.get("id"), obj.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        raise ValueError("missing or non-string 'id'")
    if not isinstance(text, str):
        raise ValueError("missing or non-string 'text'")
    gold = obj.get("gold") or {}
    if not isinstance(gold, dict):
        raise ValueError("'gold' must be an object")
    events = _dict_list(gold, "events")
    for i, ev in enumerate(events or ()):
        _check_event(ev, i)
    entities = _dict_list(gold, "entities")
    uncertain = _dict_list(gold, "entities_uncertain")
    _spans(entities, "entities")
    _spans(uncertain, "entities_uncertain")
    figures = _dict_list(gold, "figures")
    for i, f in enumerate(figures or ()):
        if (
            not isinstance(f.get("kind"), str)
            or isinstance(f.get("value"), bool)
            or not isinstance(f.get("value"), int)
        ):
            raise ValueError(f"gold.figures[{i}] needs a string kind and an integer value")
    return GoldDocument(
        id=doc_id,
        text=text,
        published=_date(obj.get("published"), "published"),
        source=_opt_str(obj, "source"),
        url=_opt_str(obj, "url"),
        events=events,
        entities=entities,
        figures=figures,
        events_exhaustive=bool(gold.get("events_exhaustive", True)),
        entities_uncertain=uncertain,
        title=_opt_str(obj, "title"),
        split=_opt_str(obj, "split"),
    )


@dataclass
class GoldFile:
    """Iterator over a gold file's documents; unreadable lines are skipped, listed in ``skipped``.

    ``skipped`` holds ``"path:line: reason"`` strings, complete once iteration has finished.
    With ``strict=True`` the first unreadable line raises :class:`EvalError` instead.
    """

    path: Path
    strict: bool = False
    skipped: list[str] = field(default_factory=list)
    _it: Iterator[GoldDocument] | None = field(default=None, repr=False)

    def __iter__(self) -> GoldFile:
        return self

    def __next__(self) -> GoldDocument:
        if self._it is None:
            self._it = self._read()
        return next(self._it)

    def _read(self) -> Iterator[GoldDocument]:
        try:
            fh = self.path.open("rb")
        except OSError as exc:
            raise EvalError(
                f"cannot open gold file: {exc.strerror or exc}", source=str(self.path)
            ) from exc
        with fh:
            for lineno, raw in enumerate(fh, start=1):
                try:
                    line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
                except UnicodeDecodeError:
                    self._bad(lineno, "not valid UTF-8")
                    continue
                if not line.strip():
                    continue
                try:
                    doc = parse_gold(json.loads(line))
                except (ValueError, TypeError) as exc:  # JSONDecodeError is a ValueError
                    self._bad(lineno, str(exc))
                    continue
                yield doc

    def _bad(self, lineno: int, reason: str) -> None:
        where = f"{self.path}:{lineno}"
        if self.strict:
            raise EvalError(reason, source=where)
        self.skipped.append(f"{where}: {reason}")


def load_gold(path: str | Path, *, strict: bool = False) -> GoldFile:
    """Read a gold JSON Lines file lazily (an ``Iterator[GoldDocument]``).

    A missing/unreadable file raises :class:`EvalError`. A bad line (invalid JSON, missing id/text,
    malformed dates, spans or numbers) is skipped and recorded in the returned object's ``skipped``
    list as ``path:line: reason``; pass ``strict=True`` to raise ``EvalError`` naming ``path:line``.
    """
    return GoldFile(Path(path), strict=strict)
