"""Walking input paths and dispatching each file to its format reader."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from warwatch import config
from warwatch.errors import InputError
from warwatch.ingest import detect
from warwatch.ingest.dates import coerce_published
from warwatch.ingest.document import Draft, finish
from warwatch.ingest.feeds import read_feed
from warwatch.ingest.html import extract_html
from warwatch.ingest.jsonl import read_jsonl
from warwatch.ingest.text import parse_text_report
from warwatch.records import Document

# Skipped inside directories (a corpus folder's own README is not a report); read when named.
_SKIPPED_NAMES = ("readme", "license", "licence")


def iter_documents(
    paths: Sequence[str | Path],
    *,
    published: dt.date | None = None,
    source: str | None = None,
    max_bytes: int = config.MAX_DOCUMENT_BYTES,
) -> Iterator[Document | InputError]:
    """Read reports from files and directories: one :class:`Document` per report, in a stable order.

    Directories are walked recursively in sorted name order, skipping hidden files and folders
    and README/LICENSE files; named paths are read in the order given. The format is chosen by
    extension (.txt .text .md, .html .htm, .jsonl .ndjson, .xml .rss .atom), and a file with
    another extension is read as text when it holds text (or as HTML/a feed when it starts
    like one). A report that cannot be read is *yielded* as an :class:`InputError` naming it
    (``path``, ``path:LINE`` for JSON Lines, ``path#N`` for feed entries) so a batch goes on.

    ``published`` and ``source``, when given, override the values written in the files: the
    caller stated them explicitly. Files larger than ``max_bytes`` are refused before reading.

    >>> for item in iter_documents(["examples/corpus"]):  # doctest: +SKIP
    ...     print(item.id if isinstance(item, Document) else f"skipped {item}")
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    published = coerce_published(
        published
    )  # a bad value is the caller's error: raised, not yielded
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = _walk(path)
        elif path.exists():
            files = iter([_regular(path)])
        else:
            yield InputError("no such file or directory", source=str(raw))
            continue
        for file in files:
            if isinstance(file, InputError):
                yield file
            else:
                yield from _read_one(file, published=published, source=source, max_bytes=max_bytes)


def _walk(directory: Path) -> Iterator[Path | InputError]:
    """The files under ``directory``; what cannot be read is yielded as an error naming it."""
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as error:  # reported: a silently skipped folder is a silently lost corpus
        yield InputError(
            f"cannot read directory: {error.strerror or error}; its files were skipped",
            source=str(directory),
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if not entry.is_symlink():  # no loops through linked folders
                yield from _walk(entry)
        elif entry.name.split(".")[0].lower() not in _SKIPPED_NAMES:
            yield _regular(entry)


def _regular(path: Path) -> Path | InputError:
    """``path`` when it is a regular file; a named pipe, socket or device is refused, not opened
    (reading a FIFO waits forever for a writer: issue 14)."""
    try:
        mode = path.stat().st_mode
    except OSError as error:  # a dangling symbolic link, a file removed while walking
        return InputError(f"cannot read file: {error.strerror or error}", source=str(path))
    if stat.S_ISREG(mode):
        return path
    return InputError(f"not a regular file ({_special_kind(mode)}); skipped", source=str(path))


def _special_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _read_one(
    path: Path, *, published: dt.date | None, source: str | None, max_bytes: int
) -> Iterator[Document | InputError]:
    origin = str(path)
    try:
        data = detect.read_file(path, max_bytes)
        text = detect.decode(data, origin)
        if not text.strip():
            raise InputError("empty file (whitespace only)", source=origin)
        kind = detect.detect_format(path, text)
        drafts = _drafts(kind, path, data, text)
    except InputError as error:
        yield error
        return
    for draft in drafts:
        if isinstance(draft, InputError):
            yield draft
            continue
        try:
            yield finish(draft, published=published, source=source)
        except InputError as error:
            yield error


def _drafts(kind: str, path: Path, data: bytes, text: str) -> Iterator[Draft | InputError]:
    origin = str(path)
    if kind == detect.JSONL:
        return read_jsonl(text, origin)
    if kind == detect.FEED:
        return read_feed(data, origin)
    if kind == detect.HTML:
        page = extract_html(text)
        if not page.text.strip():
            raise InputError("HTML page has no readable text", source=origin)
        return iter(
            [Draft(page.text, origin, "html", page.title, page.published, page.source, page.url)]
        )
    report = parse_text_report(text)
    if not report.body:
        raise InputError("no report text after the header lines", source=origin)
    return iter(
        [
            Draft(
                report.body,
                origin,
                "text",
                report.title,
                report.published,
                report.source,
                report.url,
            )
        ]
    )
