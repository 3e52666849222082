"""Nothing lost, nothing invented (issue 14): each defect the fault-and-fuzz campaign found, as a
test that failed before its fix. The batch, kill -9 and concurrency tests run real processes.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import MetaData, Table, insert

from warwatch.batch import ingest_documents, ingest_paths
from warwatch.errors import InputError
from warwatch.ingest import iter_documents, read_text_document
from warwatch.ingest.document import MAX_TEXT_CHARS
from warwatch.ingest.html import extract_html
from warwatch.nlp import pieces, pipe_bounded
from warwatch.resolve import service
from warwatch.store import migrate, open_store, rows

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
SENTENCE = "Government forces shelled the town of Izium on Monday, killing four civilians."


def _errors(items) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


# --- ingest: text cleaning, special files, odd inputs ----------------------------------------------


def test_control_characters_are_cleaned_wherever_they_are(tmp_path: Path) -> None:
    body = f"{SENTENCE}\n\n" + "Filler words for the sniff. " * 400 + "end\x00of\x01the\x7freport."
    assert len(body) > 8192  # past the binary sniff, where NULs used to be stored
    (tmp_path / "late-nul.txt").write_text(f"Title: A title\n\n{body}", encoding="utf-8")
    (document,) = iter_documents([tmp_path])
    assert not any(ch in document.text for ch in "\x00\x01\x7f")
    assert document.text.endswith("endofthereport.")
    assert read_text_document(SENTENCE, title="A\x00 title\x1b").title == "A title"
    assert read_text_document("a\x0cb\x0bc").text == "a\nb\nc"  # form feeds break lines


def test_a_named_pipe_is_skipped_with_a_message_not_read(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(SENTENCE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    found: list = []
    # Opening a FIFO with no writer blocks forever: read in a thread so a regression fails, not hangs.
    reader = threading.Thread(
        target=lambda: found.extend(iter_documents([tmp_path, tmp_path / "pipe.txt"])),
        daemon=True,
    )
    reader.start()
    reader.join(60)
    assert not reader.is_alive(), "iter_documents blocked on a named pipe"
    messages = [str(e) for e in _errors(found)]
    assert messages == [f"{tmp_path / 'pipe.txt'}: not a regular file (a named pipe); skipped"] * 2
    assert [d.origin for d in found if not isinstance(d, InputError)] == [
        str(tmp_path / "good.txt")
    ]


def test_an_unreadable_folder_is_reported(tmp_path: Path, monkeypatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SENTENCE + " Again.", encoding="utf-8")
    real = Path.iterdir

    def iterdir(self: Path):  # chmod 000 does not stop root, who runs CI: refuse as the OS would
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    found = list(iter_documents([tmp_path]))
    (error,) = _errors(found)
    assert error.source == str(locked) and "cannot read directory: Permission denied" in str(error)
    assert len(found) == 2


@pytest.mark.parametrize("value", ["true", "false", "1.5", "[1]", '{"a": 1}'])
def test_a_json_id_must_be_a_string_or_an_integer(tmp_path: Path, value: str) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(f'{{"id": {value}, "text": "{SENTENCE}"}}\n{{"id": 7, "text": "x y"}}\n')
    first, second = iter_documents([path])
    assert isinstance(first, InputError) and first.source == f"{path}:1"
    assert 'field "id" must be a string or an integer' in first.message and value in first.message
    assert second.external_id == "7"


@pytest.mark.parametrize("depth", [1500, 3000])  # libxml2 builds no tree past 2,048 levels
def test_deeply_nested_html_keeps_its_sentence(depth: int) -> None:
    page = f"<html><body>{'<div>' * depth}<p>{SENTENCE}</p><script>x = 1</script>{'</div>' * depth}</body></html>"
    assert extract_html(page).text == SENTENCE


def test_a_feed_without_entries_is_reported() -> None:
    from warwatch.ingest.feeds import read_feed

    (error,) = read_feed(b"<rss version='2.0'><channel><title>t</title></channel></rss>", "f.xml")
    assert isinstance(error, InputError) and error.message.startswith("feed has no entries")


def test_a_text_over_the_limit_is_refused_by_name() -> None:
    with pytest.raises(InputError) as raised:
        read_text_document("word " * (MAX_TEXT_CHARS // 5 + 1), origin="big.txt")
    assert raised.value.source == "big.txt" and "1,000,000-character limit" in str(raised.value)
    assert len(read_text_document("word " * (MAX_TEXT_CHARS // 5)).text) < MAX_TEXT_CHARS


# --- long texts: parsed in bounded pieces with the same text and offsets ----------------------------


def test_pieces_are_bounded_cut_at_breaks_and_give_the_text_back() -> None:
    text = ("One short sentence here. " * 30 + "\n\n") * 20 + "x" * 2_500
    parts = pieces(text, 1_000)
    assert "".join(parts) == text
    assert all(len(p) <= 1_000 for p in parts)
    assert all(p.endswith(("\n\n", ". ", " ")) for p in parts[:-3])
    assert pieces("short", 1_000) == ["short"]


def test_a_long_text_is_parsed_in_pieces_with_every_offset_kept(pipeline) -> None:
    filler = " ".join(["the market opened and the teacher walked home"] * 300)  # one long line
    text = f"{filler}\n\n{SENTENCE}\n\n{filler}"
    document = read_text_document(text)
    ((doc, _),) = pipe_bounded(pipeline.nlp, [(document.text, None)], piece_chars=5_000)
    assert doc.text == document.text
    start = text.index("Izium")
    assert [t.idx for t in doc if t.text == "Izium"] == [start]
    extraction = pipeline.extract_one(document)
    (event,) = [e for e in extraction.events if "Izium" in e.evidence.text]
    evidence = event.evidence
    assert document.text[evidence.start : evidence.end] == evidence.text


# --- schema: concurrent first opens, upgrades that rebuild derived tables -------------------------


def _open_and_close(url: str, barrier, results) -> None:
    barrier.wait()
    try:
        open_store(url).close()
        results.put("ok")
    except Exception as exc:  # reported to the parent, which asserts on it
        results.put(f"{type(exc).__name__}: {exc}")


def _open_concurrently(url: str, openers: int = 4) -> list[str]:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(openers), context.Queue()
    processes = [
        context.Process(target=_open_and_close, args=(url, barrier, results))
        for _ in range(openers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join()
    return outcomes


def test_concurrent_first_opens_of_a_new_sqlite_file(tmp_path: Path) -> None:
    # Before the schema lock, about half of such trials failed: "table documents already exists".
    for trial in range(3):
        url = f"sqlite:///{tmp_path / f'new-{trial}.db'}"
        assert _open_concurrently(url) == ["ok"] * 4
        with open_store(url) as store:
            assert store.revision == migrate.head_revision()


@pytest.mark.postgres
def test_concurrent_first_opens_of_a_new_postgres_database() -> None:
    from conftest import postgres_url, reset_postgres

    url = postgres_url()
    for _ in range(2):
        reset_postgres(url)
        assert _open_concurrently(url) == ["ok"] * 4
        with open_store(url) as store:
            assert store.revision == migrate.head_revision()


def _database_at_0001(url: str, extractions) -> None:
    """A database as warwatch 0001 left it: documents and events, no incident tables."""
    engine = migrate.make_engine(url)
    try:
        config = migrate.alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            from alembic import command

            command.upgrade(config, "0001")
            # the tables as 0001 made them (later migrations add columns the models now have)
            old = MetaData()
            documents_0001 = Table("documents", old, autoload_with=conn)
            events_0001 = Table("events", old, autoload_with=conn)
            for extraction in extractions:
                document = rows.document_row(extraction.document, ingested_at=dt.datetime(2025, 1, 1), pipeline_version="old")  # fmt: skip
                conn.execute(insert(documents_0001), [{k: v for k, v in document.items() if k in documents_0001.c}])  # fmt: skip
                events = [{k: v for k, v in rows.event_row(e).items() if k in events_0001.c} for e in extraction.events]  # fmt: skip
                if events:
                    conn.execute(insert(events_0001), events)
    finally:
        engine.dispose()


def _incidents(store) -> list[tuple]:
    return sorted(
        (i.key, i.source_count, tuple(sorted((k.record_key, k.rule) for k in i.links)))
        for i in store.incidents().items
    )


def test_an_upgraded_0001_database_gets_its_incidents(tmp_path: Path, pipeline) -> None:
    documents = [d for d in iter_documents([CORPUS]) if not isinstance(d, InputError)]
    extractions = [pipeline.extract_one(d) for d in documents]
    with open_store(f"sqlite:///{tmp_path / 'clean.db'}") as clean:
        for extraction in extractions:
            clean.add_extraction(extraction)
        service.rebuild(clean)
        expected = _incidents(clean)
    assert expected
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _database_at_0001(url, extractions)
    from typer.testing import CliRunner

    from warwatch.cli import app

    listed = CliRunner().invoke(app, ["incidents", "--db", url])
    assert listed.exit_code == 0
    assert "not merged into incidents yet; run `warwatch resolve`" in listed.output
    with open_store(url) as store:
        assert store.incident_count() == 0  # before the fix: and no run ever filled them
        assert len(store.unmerged_documents()) == len(
            {e.document.id for e in extractions if e.events}
        )
        ingest_documents(iter([]), store, pipeline)  # any run merges what the upgrade marked
        assert _incidents(store) == expected
        assert store.unmerged_documents() == []


def test_a_document_stored_but_not_merged_is_merged_by_the_next_run(
    tmp_path: Path, pipeline
) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    with open_store(url) as store:
        # What a crash between a document's commit and its chunk's merge leaves behind:
        for document in list(iter_documents([CORPUS]))[:4]:
            store.add_extraction(pipeline.extract_one(document))
        marked = store.unmerged_documents()
        assert marked and store.incident_count() == 0
        summary = ingest_paths([CORPUS], store, pipeline)  # those four are skipped as stored...
        assert summary.documents_skipped >= 4
        assert store.unmerged_documents() == []  # ...and merged all the same
        merged = _incidents(store)
        service.rebuild(store)
        assert _incidents(store) == merged


def test_a_failed_merge_keeps_its_marks(tmp_path: Path, pipeline, monkeypatch) -> None:
    from warwatch.errors import StoreError
    from warwatch.store import Store

    def broken(*args, **kwargs):
        raise StoreError("disk full", source="test")

    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        monkeypatch.setattr(Store, "replace_incidents", broken)
        summary = ingest_paths([CORPUS / "03-ukraine-kharkiv.txt"], store, pipeline)
        assert [f["stage"] for f in summary.failures] == ["resolve"]
        assert len(store.unmerged_documents()) == 1
        monkeypatch.undo()
        service.rebuild(store)
        assert store.unmerged_documents() == [] and store.incident_count() >= 1


def test_special_file_modes_are_named() -> None:
    from warwatch.ingest.reader import _special_kind

    assert _special_kind(stat.S_IFIFO) == "a named pipe"
    assert _special_kind(stat.S_IFSOCK) == "a socket"
    assert _special_kind(stat.S_IFCHR) == "a character device"


# --- entity-expansion bombs in feeds --------------------------------------------------------------


def test_a_billion_laughs_feed_is_refused_unread_and_plain_entities_still_read(tmp_path) -> None:
    lol = "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10}">' for k in range(1, 10))
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]><rss><channel>'
        "<item><title>&l9;</title><description>&l9;</description></item></channel></rss>"
    )
    (refused,) = list(iter_documents([bomb]))
    assert isinstance(refused, InputError) and "entity-expansion bomb" in str(refused)
    plain = tmp_path / "plain.xml"
    plain.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY org "the Syrian Observatory">]>'
        '<rss version="2.0"><channel><title>Wire</title><item><title>Homs</title><description>'
        "Shelling in Homs killed four people, &org; said.</description></item></channel></rss>"
    )
    (document,) = list(iter_documents([plain]))
    assert "killed four people, the Syrian Observatory said" in document.text
