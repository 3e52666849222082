"""Poll a list of live sources: only new entries are ingested; a source that is down or malformed
is reported, retried with back-off (the delay doubles with each failure in a row), and the others
go on; Ctrl-C stops between two steps. All state (ETag, Last-Modified, entries read, failures,
next attempt) is in the database, so a restarted watch resumes where it stopped.

SOURCES.yaml::

    every: 15m            # optional default interval
    sources:
      - url: https://example.org/world/rss.xml
        name: Example World      # optional label
        outlet: Example News     # optional: the outlet name for documents that lack one
      - https://example.org/live-page.html
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from warwatch.errors import InputError, WarwatchError
from warwatch.records import Document
from warwatch.store.sources import ERROR, NOT_MODIFIED, OK, Outcome, SourceLog

from . import read
from .http import FetchLimits, check_url, fetch

MAX_BACKOFF = dt.timedelta(hours=6)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class Source:
    url: str
    name: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class PollReport:
    url: str
    status: str  # ok | not modified | error | waiting
    new_entries: int = 0
    documents_added: int = 0
    failed_entries: int = 0
    error: str | None = None
    next_attempt_at: dt.datetime | None = None

    def line(self) -> str:
        """One line for the terminal."""
        if self.status == ERROR:
            return f"{self.url}: error: {self.error} (retry after {_when(self.next_attempt_at)})"
        if self.status == "waiting":
            return f"{self.url}: backing off until {_when(self.next_attempt_at)}"
        if self.status == NOT_MODIFIED:
            return f"{self.url}: not modified"
        return (f"{self.url}: {self.new_entries} new entries, {self.documents_added} documents "
                f"added, {self.failed_entries} failed")  # fmt: skip


def _when(at: dt.datetime | None) -> str:
    return at.isoformat(timespec="seconds") if at else "?"


def utcnow() -> dt.datetime:
    """Naive UTC, the store's convention for times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def parse_every(value: str) -> dt.timedelta:
    """``90s``, ``15m``, ``2h``, ``1d`` (a bare number is minutes)."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value or "")
    if not found or float(found.group(1)) <= 0:
        raise InputError(
            f"{value!r} is not an interval; use e.g. 90s, 15m, 2h or 1d", source="--every"
        )
    return dt.timedelta(**{_UNITS[found.group(2) or "m"]: float(found.group(1))})


def _source(item: Any, path: str) -> Source:
    if isinstance(item, str):
        item = {"url": item}
    if not isinstance(item, dict) or not isinstance(item.get("url"), str):
        raise InputError(f"each source needs a url (got {item!r})", source=path)
    check_url(item["url"])
    return Source(item["url"], item.get("name"), item.get("outlet"))


def load_sources(path: Path) -> tuple[list[Source], dt.timedelta | None]:
    """The sources of a SOURCES.yaml file, and its default interval (``every``) if any."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(
            f"cannot read the sources file: {exc}".splitlines()[0], source=str(path)
        ) from None
    items = data.get("sources") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise InputError("no sources: expected a list under `sources:`", source=str(path))
    every = (
        parse_every(str(data["every"])) if isinstance(data, dict) and data.get("every") else None
    )
    sources = [_source(item, str(path)) for item in items]
    return list({s.url: s for s in sources}.values()), every


def backoff(failures: int, every: dt.timedelta) -> dt.timedelta:
    """The wait before the next attempt after ``failures`` failures in a row."""
    return min(every * 2 ** max(failures - 1, 0), max(MAX_BACKOFF, every))


@dataclass(frozen=True)
class Poller:
    """Everything one poll needs; ``fetcher`` and ``clock`` are there for tests."""

    store: Any
    pipeline: Any
    every: dt.timedelta
    limits: FetchLimits = dataclasses.field(default_factory=FetchLimits)
    fetcher: Callable[..., Any] = fetch
    clock: Callable[[], dt.datetime] = utcnow

    def poll(self, source: Source) -> PollReport:
        log = SourceLog(self.store)
        log.register(source.url, source.name)
        state = log.get(source.url)
        assert state is not None
        now = self.clock()
        if state.status == ERROR and state.next_attempt_at and now < state.next_attempt_at:
            return PollReport(source.url, "waiting", next_attempt_at=state.next_attempt_at)
        try:
            fetched = self.fetcher(source.url, etag=state.etag, last_modified=state.last_modified,
                                   limits=self.limits)  # fmt: skip
            if fetched.not_modified:
                return self._log(log, source, Outcome(now, NOT_MODIFIED, 304, fetched.etag,
                                 fetched.last_modified, next_attempt_at=now + self.every))  # fmt: skip
            found = read.entries(fetched, source=source.outlet)
        except InputError as error:
            return self._failed(log, source, error, state.consecutive_failures + 1, now)
        return self._ingest(log, source, fetched, found, now)

    def _failed(self, log: SourceLog, source: Source, error: InputError, failures: int,
                now: dt.datetime) -> PollReport:  # fmt: skip
        retry = now + backoff(failures, self.every)
        self.store.add_error(error, "fetch")
        return self._log(log, source, Outcome(now, ERROR, error=str(error), next_attempt_at=retry))

    def _ingest(self, log: SourceLog, source: Source, fetched: Any, found: list[read.Entry],
                now: dt.datetime) -> PollReport:  # fmt: skip
        from warwatch.batch import ingest_documents

        seen = log.seen(source.url, [key for key, _ in found if key])
        new = [(key, item) for key, item in found if key is None or key not in seen]
        summary = ingest_documents([item for _, item in new], self.store, self.pipeline)
        # an entry is read once its document is stored (a store error is retried next time);
        # one that cannot be read at all (not English, no text) is not read again either
        read_ok: list[tuple[str, str | None]] = [(key, item.id) for key, item in new if key and isinstance(item, Document)
                   and self.store.has_document(item.content_hash)]  # fmt: skip
        unreadable: list[tuple[str, str | None]] = [
            (key, None) for key, item in new if key and isinstance(item, WarwatchError)
        ]
        log.mark_seen(source.url, read_ok + unreadable, now)
        outcome = Outcome(now, OK, fetched.status, fetched.etag, fetched.last_modified,
                          next_attempt_at=now + self.every,
                          documents_added=summary.documents_added)  # fmt: skip
        report = self._log(log, source, outcome)
        return PollReport(source.url, OK, len(new), summary.documents_added, summary.failed,
                          next_attempt_at=report.next_attempt_at)  # fmt: skip

    def _log(self, log: SourceLog, source: Source, outcome: Outcome) -> PollReport:
        log.log(source.url, outcome)
        return PollReport(source.url, outcome.status, error=outcome.error,
                          next_attempt_at=outcome.next_attempt_at)  # fmt: skip

    def poll_all(self, sources: Iterable[Source]) -> list[PollReport]:
        """One round over every source; a failing source never stops the others."""
        return [self.poll(source) for source in sources]


def watch(
    poller: Poller,
    sources: list[Source],
    *,
    rounds: int | None = None,
    report: Callable[[PollReport], None] = lambda r: None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll until Ctrl-C (or ``rounds`` rounds); returns how many rounds ran."""
    done = 0
    try:
        while rounds is None or done < rounds:
            for source in sources:
                report(poller.poll(source))
            done += 1
            if rounds is None or done < rounds:
                sleep(_pause(poller, sources))
    except KeyboardInterrupt:
        pass  # each document and each log line is its own transaction: nothing is half-written
    return done


def _pause(poller: Poller, sources: list[Source]) -> float:
    """Seconds until the earliest next attempt (at most one interval)."""
    states = SourceLog(poller.store).states(urls=[s.url for s in sources])
    now = poller.clock()
    upcoming = [s.next_attempt_at for s in states if s.next_attempt_at]
    wait = min([(at - now).total_seconds() for at in upcoming] + [poller.every.total_seconds()])
    return max(wait, 1.0)
