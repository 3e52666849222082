"""Tests for warwatch.ingest: every input format, metadata rules and every bad-input case."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import socket
from pathlib import Path

import pytest

from warwatch import ingest
from warwatch.errors import InputError
from warwatch.ingest import iter_documents, looks_english, parse_published, read_text_document
from warwatch.records import Document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"

REPORT = (
    "Russian forces shelled Kharkiv on Sunday, killing three civilians, the governor said.\n"
    "A drone strike later hit a power plant on the outskirts of the city."
)
# Written for these tests: ordinary news sentences in French, German and Arabic (40+ words each).
FRENCH = (
    "Les forces russes ont bombardé la ville de Kharkiv dimanche matin, tuant trois civils et "
    "blessant douze autres personnes, a déclaré le gouverneur régional. Selon les services "
    "d'urgence, plusieurs immeubles d'habitation ont été touchés près du marché central. Une "
    "attaque de drone a ensuite endommagé une centrale électrique, privant des milliers de "
    "foyers de courant pendant toute la soirée."
)
GERMAN = (
    "Russische Truppen haben die Stadt Charkiw am Sonntagmorgen beschossen und dabei drei "
    "Zivilisten getötet, wie der Gouverneur der Region mitteilte. Nach Angaben der Rettungskräfte "
    "wurden mehrere Wohnhäuser in der Nähe des Marktes getroffen. Ein Drohnenangriff beschädigte "
    "später ein Kraftwerk am Stadtrand, sodass tausende Haushalte bis zum Abend ohne Strom blieben."
)
ARABIC = (
    "قصفت القوات الروسية مدينة خاركيف صباح يوم الأحد مما أسفر عن مقتل ثلاثة مدنيين وإصابة اثني "
    "عشر شخصا آخرين بحسب ما قاله حاكم المنطقة. وقالت فرق الإنقاذ إن عدة مبان سكنية قرب السوق "
    "المركزي تعرضت للقصف. وفي وقت لاحق ألحقت غارة بطائرة مسيرة أضرارا بمحطة كهرباء في أطراف "
    "المدينة مما أدى إلى انقطاع التيار عن آلاف المنازل حتى المساء."
)
ENGLISH_LONG = (
    "Local armed factions took control of Daraa city in southern Syria on Friday after government "
    "forces pulled back from several checkpoints, according to the Syrian Observatory for Human "
    "Rights. The monitor said that at least 17 people were killed in the fighting, and that the "
    "army had not commented on the reports by the time of publication."
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingest must work offline: any connection attempt fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("ingest tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_all(*paths: Path | str, **kwargs: object) -> list[Document | InputError]:
    return list(iter_documents(list(paths), **kwargs))


def only_document(*paths: Path | str, **kwargs: object) -> Document:
    items = read_all(*paths, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], Document), str(items[0])
    return items[0]


def only_error(*paths: Path | str, **kwargs: object) -> InputError:
    items = read_all(*paths, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], InputError), items[0]
    assert "\n" not in str(items[0])
    return items[0]


# --- public API ------------------------------------------------------------------------------


def test_public_api_is_small_and_exported() -> None:
    assert set(ingest.__all__) == {
        "iter_documents",
        "looks_english",
        "normalise_text",
        "parse_published",
        "read_text_document",
    }
    for name in ingest.__all__:
        assert callable(getattr(ingest, name))


# --- read_text_document: ids and normalisation -----------------------------------------------


def test_id_is_prefix_of_sha256_of_normalised_text() -> None:
    doc = read_text_document(REPORT)
    expected = hashlib.sha256(REPORT.encode("utf-8")).hexdigest()
    assert doc.content_hash == expected
    assert doc.id == expected[:16]
    assert doc.text == REPORT
    assert doc.format == "text"


def test_same_text_gets_same_id_and_surrounding_whitespace_is_ignored() -> None:
    plain = read_text_document(REPORT)
    padded = read_text_document("\n\n   " + REPORT.replace("\n", "\r\n") + "  \r\n\t")
    assert padded.id == plain.id
    assert padded.text == plain.text
    assert read_text_document(REPORT + " Two more died.").id != plain.id


def test_text_is_nfc_normalised_before_hashing() -> None:
    composed = read_text_document("Fighting near Tal Abyad, caf\u00e9 owners said.")
    decomposed = read_text_document("Fighting near Tal Abyad, cafe\u0301 owners said.")
    assert decomposed.id == composed.id
    assert "\u0301" not in decomposed.text


def test_read_text_document_metadata() -> None:
    doc = read_text_document(
        REPORT,
        published="7 December 2024",
        source="  Example   Wire ",
        title="Kharkiv shelled",
        url="https://wire.example.net/k",
        external_id="k-1",
        origin="api",
        format="html",
    )
    assert doc.published == dt.date(2024, 12, 7)
    assert doc.source == "Example Wire"
    assert (doc.title, doc.url, doc.external_id, doc.origin, doc.format) == (
        "Kharkiv shelled",
        "https://wire.example.net/k",
        "k-1",
        "api",
        "html",
    )
    assert read_text_document(
        REPORT, published=dt.datetime(2024, 1, 2, 23, 0)
    ).published == dt.date(2024, 1, 2)


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_read_text_document_refuses_empty_text(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        read_text_document(text)


def test_read_text_document_bad_date_names_origin() -> None:
    with pytest.raises(InputError) as info:
        read_text_document(REPORT, published="2024-13-45", origin="api:7")
    assert str(info.value).startswith("api:7: impossible publication date '2024-13-45'")


# --- parse_published ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-12-07", dt.date(2024, 12, 7)),
        ("2024-12-07T10:00:00Z", dt.date(2024, 12, 7)),
        ("2024-12-07 10:00:00+02:00", dt.date(2024, 12, 7)),
        ("Sat, 07 Dec 2024 10:00:00 GMT", dt.date(2024, 12, 7)),
        ("Sat, 07 Dec 2024 23:30:00 -0500", dt.date(2024, 12, 7)),  # date as written, not UTC
        ("7 December 2024", dt.date(2024, 12, 7)),
        ("December 7, 2024", dt.date(2024, 12, 7)),
        ("  Saturday 7 December 2024 ", dt.date(2024, 12, 7)),
        ("2024-3-5", dt.date(2024, 3, 5)),
    ],
)
def test_parse_published_accepts_common_forms(value: str, expected: dt.date) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2024-13-45",
        "2024-02-30",
        "yesterday-ish",
        "yesterday",
        "now",
        "Dec 2024",
        "31 February 2024",
        "",
        "1 May 1066",
    ],
)
def test_parse_published_refuses_bad_dates(value: str) -> None:
    with pytest.raises(InputError) as info:
        parse_published(value)
    assert value.strip() in str(info.value) or "empty" in str(info.value)
    assert "\n" not in str(info.value)


# --- plain text ----------------------------------------------------------------------------------


def test_text_headers_are_parsed_and_removed(tmp_path: Path) -> None:
    path = write(
        tmp_path / "report.txt",
        "TITLE: Kharkiv shelled\nDate: 2024-11-03\nsource:  Example Wire\nUrl: https://wire.example.net/k\n\n"
        + REPORT
        + "\n",
    )
    doc = only_document(path)
    assert doc.text == REPORT
    assert doc.title == "Kharkiv shelled"
    assert doc.published == dt.date(2024, 11, 3)
    assert doc.source == "Example Wire"
    assert doc.url == "https://wire.example.net/k"
    assert doc.origin == str(path)
    assert doc.format == "text"
    assert doc.id == read_text_document(REPORT).id


def test_headers_end_at_first_other_line(tmp_path: Path) -> None:
    text = "Title: Daraa\nFighters said: the city is ours.\nSource: not a header here"
    doc = only_document(write(tmp_path / "a.txt", text))
    assert doc.title == "Daraa"
    assert doc.source is None
    assert doc.text == "Fighters said: the city is ours.\nSource: not a header here"


@pytest.mark.parametrize(
    "last_line",
    [
        "Content retrieved from: https://news.example.org/a.",
        "content retrieved from: https://news.example.org/a",
    ],
)
def test_trailing_retrieved_from_line_sets_url(tmp_path: Path, last_line: str) -> None:
    doc = only_document(write(tmp_path / "a.txt", f"{REPORT}\n\n{last_line}\n\n"))
    assert doc.url == "https://news.example.org/a"
    assert doc.text == REPORT


def test_url_header_wins_over_trailing_line_which_is_still_removed(tmp_path: Path) -> None:
    text = f"URL: https://a.example/1\n\n{REPORT}\nContent retrieved from: https://b.example/2."
    doc = only_document(write(tmp_path / "a.txt", text))
    assert doc.url == "https://a.example/1"
    assert doc.text == REPORT


def test_short_first_line_is_title_and_stays_in_text(tmp_path: Path) -> None:
    doc = only_document(write(tmp_path / "a.txt", "Three killed in Kharkiv shelling\n" + REPORT))
    assert doc.title == "Three killed in Kharkiv shelling"
    assert doc.text.startswith("Three killed in Kharkiv shelling\nRussian forces")


@pytest.mark.parametrize("first_line", ["Russian forces shelled Kharkiv on Sunday.", "x" * 200])
def test_sentence_or_long_first_line_is_not_a_title(tmp_path: Path, first_line: str) -> None:
    doc = only_document(write(tmp_path / "a.txt", first_line + "\nMore text follows here."))
    assert doc.title is None
    assert doc.text.startswith(first_line)


def test_markdown_heading_as_title(tmp_path: Path) -> None:
    doc = only_document(write(tmp_path / "a.md", "# Kharkiv shelled\n\n" + REPORT))
    assert doc.title == "Kharkiv shelled"
    assert doc.text.startswith("# Kharkiv shelled")


def test_headers_without_body_is_an_error(tmp_path: Path) -> None:
    error = only_error(write(tmp_path / "a.txt", "Title: Nothing\nSource: Example Wire\n"))
    assert "no report text" in str(error)


def test_bad_published_header_names_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Published: 2024-13-45\n\n" + REPORT)
    error = only_error(path)
    assert error.source == str(path)
    assert "2024-13-45" in error.message


def test_unknown_extension_with_text_is_read_as_text(tmp_path: Path) -> None:
    doc = only_document(write(tmp_path / "report.story", REPORT))
    assert doc.format == "text"
    assert doc.text == REPORT


# --- override precedence -------------------------------------------------------------------------


def test_caller_published_and_source_override_file_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Published: 2024-11-03\nSource: Example Wire\n\n" + REPORT)
    assert only_document(path).published == dt.date(2024, 11, 3)
    doc = only_document(path, published=dt.date(2025, 1, 1), source="Demo Herald")
    assert doc.published == dt.date(2025, 1, 1)
    assert doc.source == "Demo Herald"


def test_caller_values_fill_missing_metadata_and_accept_strings(tmp_path: Path) -> None:
    doc = only_document(
        write(tmp_path / "a.txt", REPORT), published="7 December 2024", source="Demo Herald"
    )
    assert (doc.published, doc.source) == (dt.date(2024, 12, 7), "Demo Herald")


def test_caller_date_means_file_date_is_not_read(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Published: sometime\n\n" + REPORT)
    assert only_document(path, published=dt.date(2024, 12, 7)).published == dt.date(2024, 12, 7)


def test_bad_caller_date_is_raised_not_yielded(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="yesterday-ish"):
        read_all(write(tmp_path / "a.txt", REPORT), published="yesterday-ish")


# --- HTML ----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<title>Kharkiv shelled | Demo Herald</title>
<meta property="og:title" content="Three civilians killed in Kharkiv shelling">
<meta property="og:site_name" content="Demo Herald">
<meta property="article:published_time" content="2024-11-03T14:00:00+02:00">
<link rel="canonical" href="https://herald.example.com/kharkiv">
<script>var tracking = "do not keep";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Three civilians killed in Kharkiv shelling</h1>
<p>Russian forces shelled residential areas of Kharkiv on Sunday,
killing three civilians and wounding 12, the regional governor said.</p>
<p>A drone strike later damaged a power facility on the outskirts of the city,
causing blackouts, according to the mayor.</p>
</article>
<footer>Copyright Demo Herald</footer>
</body></html>"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    doc = only_document(write(tmp_path / "page.html", PAGE))
    assert doc.format == "html"
    assert "killing three civilians and wounding 12" in doc.text
    assert "causing blackouts" in doc.text
    assert "tracking" not in doc.text
    assert doc.title == "Three civilians killed in Kharkiv shelling"
    assert doc.published == dt.date(2024, 11, 3)
    assert doc.source == "Demo Herald"
    assert doc.url == "https://herald.example.com/kharkiv"


@pytest.mark.parametrize("name", ["page.txt", "page.saved", "page"])
def test_html_is_sniffed_from_content(tmp_path: Path, name: str) -> None:
    doc = only_document(write(tmp_path / name, PAGE))
    assert doc.format == "html"
    assert "<p>" not in doc.text


def test_tiny_html_page_falls_back_to_tag_stripping(tmp_path: Path) -> None:
    doc = only_document(
        write(tmp_path / "a.htm", "<p>Police fired <b>tear gas</b> in Nairobi.</p>")
    )
    assert doc.text == "Police fired tear gas in Nairobi."


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body>'
        "<p>Shelling hit a caf\xe9 in Kharkiv on Sunday, the governor said.</p></body></html>"
    )
    doc = only_document(write(tmp_path / "a.html", html.encode("latin-1")))
    assert "caf\u00e9" in doc.text


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    error = only_error(write(tmp_path / "a.html", "<html><body><script>x()</script></body></html>"))
    assert "no readable text" in error.message


# --- JSON Lines ----------------------------------------------------------------------------------


def test_jsonl_reports_with_metadata_and_extra_keys(tmp_path: Path) -> None:
    lines = [
        {
            "id": "r1",
            "text": REPORT,
            "published": "2024-11-03",
            "source": "Example Wire",
            "url": "https://a.example/1",
            "title": "Kharkiv",
            "gold": {"events": []},
        },
        {
            "id": 2,
            "text": "Police fired tear gas at protesters in Nairobi on Tuesday, witnesses said.",
        },
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    first, second = read_all(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.external_id, first.published, first.source, first.url, first.title) == (
        "r1",
        dt.date(2024, 11, 3),
        "Example Wire",
        "https://a.example/1",
        "Kharkiv",
    )
    assert first.origin == f"{path}:1" and first.format == "jsonl"
    assert first.id == read_text_document(REPORT).id
    assert second.external_id == "2" and second.published is None and second.origin == f"{path}:2"


def test_jsonl_bad_lines_are_reported_and_the_others_go_on(tmp_path: Path) -> None:
    good = json.dumps({"text": REPORT})
    content = "\n".join(
        [
            good,  # 1
            "{not json",  # 2
            json.dumps({"title": "no text"}),  # 3
            json.dumps({"text": "   "}),  # 4
            "",  # 5: blank lines are skipped
            json.dumps({"text": "Clashes in Homs on Friday.", "published": "2024-13-45"}),  # 6
            json.dumps(["a", "list"]),  # 7
            json.dumps(
                {
                    "text": "Clashes in Hama on Thursday, a commander said.",
                    "published": "2024-12-05",
                }
            ),  # 8
        ]
    )
    path = write(tmp_path / "batch.ndjson", content)
    items = read_all(path)
    assert [type(item).__name__ for item in items] == [
        "Document",
        "InputError",
        "InputError",
        "InputError",
        "InputError",
        "InputError",
        "Document",
    ]
    errors = [item for item in items if isinstance(item, InputError)]
    assert [error.source for error in errors] == [f"{path}:{n}" for n in (2, 3, 4, 6, 7)]
    assert "invalid JSON" in errors[0].message
    assert '"text"' in errors[1].message and '"text"' in errors[2].message
    assert "2024-13-45" in errors[3].message
    assert "JSON object" in errors[4].message
    assert items[-1].published == dt.date(2024, 12, 5) and items[-1].origin == f"{path}:8"
    assert all("\n" not in str(error) for error in errors)


# --- feeds ---------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example Wire World</title><link>https://wire.example.net/</link><description>demo</description>
<item>
<title>Drone strike in Pokrovsk</title>
<link>https://wire.example.net/pokrovsk</link>
<guid isPermaLink="false">ew-101</guid>
<pubDate>Tue, 20 Aug 2024 01:45:00 +0300</pubDate>
<description>&lt;p&gt;A Russian drone struck a market in Pokrovsk on Tuesday,
the regional head said.&lt;/p&gt;&lt;p&gt;Two civilians were killed.&lt;/p&gt;</description>
</item>
<item>
<title>Clashes near Khartoum</title>
<link>https://wire.example.net/khartoum</link>
<guid>ew-102</guid>
<description>The army and the RSF clashed north of Khartoum on Sunday, residents said.</description>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Demo Herald</title><id>urn:demo:herald</id><updated>2024-10-14T08:00:00Z</updated>
<entry>
<title>RSF attack on El Fasher</title>
<id>urn:demo:herald:1</id>
<link href="https://herald.example.com/el-fasher"/>
<published>2024-10-14T07:30:00Z</published>
<updated>2024-10-15T07:30:00Z</updated>
<summary>Short summary only.</summary>
<content type="html">&lt;p&gt;At least 32 people were killed in El Fasher,
the UN said.&lt;/p&gt;&lt;p&gt;More than 4,000 were displaced.&lt;/p&gt;</content>
</entry>
</feed>"""


def test_rss_items_become_documents(tmp_path: Path) -> None:
    path = write(tmp_path / "world.rss", RSS)
    first, second = read_all(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.text == (
        "A Russian drone struck a market in Pokrovsk on Tuesday, the regional head said.\n\n"
        "Two civilians were killed."
    )
    assert (first.title, first.source, first.url, first.external_id, first.format) == (
        "Drone strike in Pokrovsk",
        "Example Wire World",
        "https://wire.example.net/pokrovsk",
        "ew-101",
        "rss",
    )
    assert first.published == dt.date(2024, 8, 20)  # as written, although 19 Aug in UTC
    assert first.origin == f"{path}#1" and second.origin == f"{path}#2"
    assert second.published is None
    assert (
        second.text == "The army and the RSF clashed north of Khartoum on Sunday, residents said."
    )


def test_atom_entry_uses_content_over_summary(tmp_path: Path) -> None:
    doc = only_document(write(tmp_path / "herald.atom", ATOM))
    assert doc.format == "atom"
    assert (
        doc.text == "At least 32 people were killed in El Fasher, the UN said.\n\n"
        "More than 4,000 were displaced."
    )
    assert doc.published == dt.date(2024, 10, 14)
    assert (doc.source, doc.url, doc.external_id) == (
        "Demo Herald",
        "https://herald.example.com/el-fasher",
        "urn:demo:herald:1",
    )


@pytest.mark.parametrize("name", ["feed.xml", "feed.txt", "feed"])
def test_feed_is_sniffed_from_content(tmp_path: Path, name: str) -> None:
    assert [item.format for item in read_all(write(tmp_path / name, RSS))] == ["rss", "rss"]


def test_xml_that_is_not_a_feed_is_an_error(tmp_path: Path) -> None:
    error = only_error(
        write(tmp_path / "data.xml", "<?xml version='1.0'?><catalog><book>x</book></catalog>")
    )
    assert "not a valid RSS or Atom feed" in error.message


def test_feed_entry_without_text_is_reported_alone(tmp_path: Path) -> None:
    rss = RSS.replace("<description>The army", "<summary></summary><x>The army").replace(
        "residents said.</description>", "</x>"
    )
    items = read_all(write(tmp_path / "f.rss", rss))
    assert isinstance(items[0], Document)
    assert isinstance(items[1], InputError) and items[1].source.endswith("f.rss#2")


# --- bad input -----------------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    error = only_error(missing)
    assert str(error) == f"{missing}: no such file or directory"


def test_empty_directory_yields_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    write(tmp_path / "empty" / ".hidden.txt", REPORT)
    assert read_all(tmp_path / "empty") == []


@pytest.mark.parametrize(
    "content, reason", [(b"", "empty file"), (b"  \n\t\r\n ", "whitespace only")]
)
def test_empty_files(tmp_path: Path, content: bytes, reason: str) -> None:
    assert reason in only_error(write(tmp_path / "a.txt", content)).message


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    error = only_error(write(tmp_path / "a.txt", b"Some words\x00\x01\x02\x00 more"))
    assert "binary file" in error.message


def test_binary_file_of_control_bytes(tmp_path: Path) -> None:
    error = only_error(write(tmp_path / "blob", bytes(range(1, 32)) * 40))
    assert "binary file" in error.message


def test_known_binary_format_by_content(tmp_path: Path) -> None:
    error = only_error(write(tmp_path / "scan.dat", b"\x89PNG\r\n\x1a\n" + b"rest"))
    assert "PNG image" in error.message and "unsupported" in error.message


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".zip", ".jpg"])
def test_unsupported_extension(tmp_path: Path, suffix: str) -> None:
    error = only_error(write(tmp_path / f"report{suffix}", b"%PDF-1.7 whatever"))
    assert error.message.startswith(f"unsupported format {suffix}; supported: .txt")


def test_json_file_gets_a_hint(tmp_path: Path) -> None:
    error = only_error(write(tmp_path / "reports.json", json.dumps([{"text": REPORT}])))
    assert "JSON Lines" in error.message


def test_file_over_max_bytes_is_refused(tmp_path: Path) -> None:
    error = only_error(write(tmp_path / "big.txt", REPORT * 10), max_bytes=100)
    assert "over the 100-byte limit" in error.message


def test_sparse_50mb_file_refused_by_default_limit_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no data written, nothing to read
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    error = only_error(path)
    assert "52,428,800 bytes" in error.message and "20,971,520-byte limit" in error.message
    assert opened == []


def test_file_at_limit_is_read(tmp_path: Path) -> None:
    data = REPORT.encode()
    assert only_document(write(tmp_path / "a.txt", data), max_bytes=len(data)).text == REPORT


def test_non_utf8_text_is_refused_with_offset(tmp_path: Path) -> None:
    data = "Clashes in Homs, a caf\u00e9 owner said.".encode("cp1252")
    error = only_error(write(tmp_path / "a.txt", data))
    offset = data.index(b"\xe9")
    assert f"not valid UTF-8 (byte 0xE9 at offset {offset}); convert it to UTF-8" in error.message


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    bom8 = only_document(write(tmp_path / "a.txt", codecs.BOM_UTF8 + REPORT.encode()))
    utf16 = only_document(write(tmp_path / "b.txt", REPORT.encode("utf-16")))
    assert bom8.text == utf16.text == REPORT
    assert bom8.id == utf16.id


def test_unreadable_inputs_do_not_stop_the_batch(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", REPORT)
    items = read_all(tmp_path / "missing.txt", write(tmp_path / "bad.pdf", b"%PDF"), good)
    assert [type(item).__name__ for item in items] == ["InputError", "InputError", "Document"]


# --- directory walking ---------------------------------------------------------------------------


def test_directories_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for name in [
        "b.txt",
        "a/z.txt",
        "a/b/y.txt",
        "c/x.txt",
        ".git/hidden.txt",
        ".hidden.txt",
        "README.md",
        "a/.notes/n.txt",
    ]:
        write(root / name, f"Report from {name} about shelling on Sunday, officials said.")
    items = read_all(root)
    assert all(isinstance(item, Document) for item in items)
    assert [Path(item.origin).relative_to(root).as_posix() for item in items] == [
        "a/b/y.txt",
        "a/z.txt",
        "b.txt",
        "c/x.txt",
    ]
    # Named paths keep the caller's order; a README named explicitly is read.
    named = read_all(root / "c" / "x.txt", root / "README.md", root / "a")
    assert [Path(item.origin).relative_to(root).as_posix() for item in named] == [
        "c/x.txt",
        "README.md",
        "a/b/y.txt",
        "a/z.txt",
    ]


def test_iteration_is_deterministic(tmp_path: Path) -> None:
    for index in range(5):
        write(tmp_path / f"r{4 - index}.txt", f"Report {index}: clashes on Friday, the army said.")
    assert [d.id for d in read_all(tmp_path)] == [d.id for d in read_all(tmp_path)]


def test_single_path_string_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", REPORT)
    assert [d.text for d in iter_documents(str(path))] == [REPORT]  # type: ignore[arg-type]


# --- language ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [FRENCH, GERMAN, ARABIC])
def test_foreign_paragraphs_do_not_look_english(text: str) -> None:
    assert len(text.split()) >= 40
    assert not looks_english(text)


def test_english_and_short_texts_look_english() -> None:
    assert looks_english(ENGLISH_LONG)
    assert looks_english(REPORT)
    assert looks_english("Bombardements à Kharkiv dimanche.")  # too short to judge


@pytest.mark.parametrize("text", [FRENCH, GERMAN, ARABIC])
def test_non_english_file_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "foreign.txt", text)
    error = only_error(path)
    assert error.source == str(path)
    assert error.message.startswith("does not look like English")


def test_non_english_jsonl_line_is_refused_alone(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.jsonl",
        json.dumps({"text": FRENCH}) + "\n" + json.dumps({"text": ENGLISH_LONG}),
    )
    error, doc = read_all(path)
    assert isinstance(error, InputError) and error.source == f"{path}:1"
    assert isinstance(doc, Document)


# --- the demo corpus -----------------------------------------------------------------------------


def test_examples_corpus_reads_cleanly() -> None:
    items = read_all(EXAMPLES)
    errors = [str(item) for item in items if isinstance(item, InputError)]
    assert errors == []
    assert {item.format for item in items} == {"text", "jsonl", "rss"}
    assert (
        len(items) == 12
    )  # 7 text reports (2 on the Syria days for merging), 3 briefs, 2 feed items
    assert all(item.published is not None and item.source for item in items)
    assert len({item.id for item in items}) == len(items)
