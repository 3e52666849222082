"""Live sources (issue 15) against a local HTTP server the tests start: pages and feeds, feeds
that change between polls, a slow server, a 500, a redirect loop, a 50 MB body, a malformed feed;
only new entries are ingested, broken sources back off while the others go on, and a restarted
watch resumes where it stopped."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from warwatch.cli import app
from warwatch.errors import InputError
from warwatch.sources import watch as watching
from warwatch.sources.http import USER_AGENT, FetchLimits, fetch
from warwatch.store import open_store
from warwatch.store.sources import SourceLog

REPORTS = [
    ("Rebels take Saraqib", "Rebel fighters took control of the town of Saraqib on Monday, the "
     "Syrian Observatory for Human Rights said."),
    ("Strike on Kharkiv", "A Russian missile strike hit the city of Kharkiv on Tuesday and killed "
     "three civilians, the regional governor said."),
    ("Clashes in Ar Rastan", "Rebel fighters clashed with government forces in Ar Rastan on "
     "Wednesday, residents said."),
]  # fmt: skip
PAGE = """<!doctype html><html><head><title>Army shells Daraa</title>
<meta property="og:site_name" content="Local Test Herald"></head><body><article>
<h1>Army shells Daraa</h1><p>Government forces shelled the city of Daraa on Thursday and killed
two civilians, the Syrian Observatory for Human Rights said.</p>
<p>Residents said the shelling lasted for several hours and damaged a school.</p>
</article></body></html>"""
BIG = 50 * 1024 * 1024
LIMITS = FetchLimits(timeout_s=0.5, max_bytes=2 * 1024 * 1024, max_redirects=4)


def rss(entries: list[int]) -> bytes:
    items = "".join(
        f"<item><title>{REPORTS[n][0]}</title><link>http://example.test/{n}</link>"
        f"<guid>report-{n}</guid><pubDate>Mon, 02 Dec 2024 10:00:00 GMT</pubDate>"
        f"<description>{REPORTS[n][1]}</description></item>"
        for n in entries
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
            f"{items}</channel></rss>").encode()  # fmt: skip


class Site:
    """What the server answers; tests change ``feed_entries`` between polls."""

    def __init__(self) -> None:
        self.feed_entries = [0, 1]
        self.hits: dict[str, int] = {}
        self.agents: set[str] = set()
        self.down = False


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

        def _send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            site.agents.add(self.headers.get("User-Agent", ""))
            route = getattr(
                self, "route_" + self.path.strip("/").replace(".", "_").replace("-", "_"), None
            )
            if route is None:
                self._send(404, b"not found", "text/plain")
            else:
                route()

        def route_feed_xml(self) -> None:
            if site.down:
                self._send(503, b"down", "text/plain")
                return
            body = rss(site.feed_entries)
            tag = '"' + hashlib.sha1(body).hexdigest() + '"'
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
                return
            self._send(200, body, "application/rss+xml; charset=utf-8", ETag=tag)

        def route_page_html(self) -> None:
            self._send(200, PAGE.encode(), "text/html; charset=utf-8")

        def route_slow(self) -> None:
            time.sleep(2)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                self._send(200, PAGE.encode(), "text/html")

        def route_error(self) -> None:
            self._send(500, b"boom", "text/plain")

        def route_loop_a(self) -> None:
            self.send_response(302)
            self.send_header("Location", "/loop-b")
            self.end_headers()

        def route_loop_b(self) -> None:
            self.send_response(302)
            self.send_header("Location", "/loop-a")
            self.end_headers()

        def route_big(self) -> None:  # 50 MB, streamed, no Content-Length
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65536 + b"</p>"
            try:
                for _ in range(BIG // len(chunk) + 1):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its limit

        def route_malformed_xml(self) -> None:
            self._send(200, b"this is not a feed at all {", "application/rss+xml")

        def route_report_pdf(self) -> None:
            self._send(200, b"%PDF-1.4", "application/pdf")

    return Handler


@pytest.fixture()
def site() -> Iterator[tuple[Site, str]]:
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# -- fetching ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/slow", "timeout"),
        ("/error", "HTTP 500"),
        ("/loop-a", "more than 4 redirects"),
        ("/big", "too large"),
        ("/report.pdf", "content type application/pdf"),
        ("/missing", "HTTP 404"),
    ],
)
def test_fetch_refuses_what_it_must_with_one_line_naming_the_url(site, path, reason):
    _, base = site
    with pytest.raises(InputError, match=reason) as caught:
        fetch(base + path, limits=LIMITS)
    assert str(caught.value).startswith("http://127.0.0.1") and "\n" not in str(caught.value)


def test_fetch_sends_our_user_agent_and_uses_the_etag(site):
    state, base = site
    first = fetch(base + "/feed.xml", limits=LIMITS)
    assert first.is_feed and first.etag and b"Saraqib" in first.body
    again = fetch(base + "/feed.xml", etag=first.etag, limits=LIMITS)
    assert again.not_modified and again.body == b""
    assert state.agents == {USER_AGENT}
    with pytest.raises(InputError, match="not an http"):
        fetch("file:///etc/passwd")


# -- watching ------------------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2024, 12, 2, 12, 0)

    def __call__(self) -> dt.datetime:
        return self.now


def _sources(base: str) -> list[watching.Source]:
    good = [
        watching.Source(base + "/feed.xml", "Test Wire feed"),
        watching.Source(base + "/page.html"),
    ]
    broken = ["/slow", "/error", "/loop-a", "/big", "/malformed.xml"]
    return good + [watching.Source(base + path) for path in broken]


def test_watch_ingests_new_entries_only_and_survives_broken_sources(site, pipeline, tmp_path):
    state, base = site
    url = f"sqlite:///{tmp_path / 'live.db'}"
    clock, every = Clock(), dt.timedelta(minutes=15)
    sources = _sources(base)
    with open_store(url) as store:
        poller = watching.Poller(store, pipeline, every, LIMITS, clock=clock)
        first = {r.url.removeprefix(base): r for r in poller.poll_all(sources)}
        assert (first["/feed.xml"].status, first["/feed.xml"].documents_added) == ("ok", 2)
        assert (first["/page.html"].status, first["/page.html"].documents_added) == ("ok", 1)
        for path in ("/slow", "/error", "/loop-a", "/big", "/malformed.xml"):
            assert first[path].status == "error", path
            assert first[path].next_attempt_at == clock.now + every
        assert "not a valid RSS or Atom feed" in first["/malformed.xml"].error
        documents = store.document_count()
        assert documents == 3
        # a broken source waits for its back-off before it is fetched again
        error = sources[3]
        hits = state.hits["/error"]
        assert poller.poll(error).status == "waiting" and state.hits["/error"] == hits

        # the same feed again: 304 through the ETag; the page again: nothing new
        clock.now += every
        second = {r.url.removeprefix(base): r for r in poller.poll_all(sources[:2])}
        assert second["/feed.xml"].status == "not modified"
        assert (second["/page.html"].new_entries, second["/page.html"].documents_added) == (0, 0)
        # the feed changes: only its new entry is read
        state.feed_entries = [2, 0, 1]
        third = poller.poll(sources[0])
        assert (third.status, third.new_entries, third.documents_added) == ("ok", 1, 1)
        assert store.document_count() == documents + 1

        # once the back-off is over it is retried, and the next delay doubles
        retried = poller.poll(error)
        assert retried.status == "error" and retried.next_attempt_at == clock.now + 2 * every
        log = {s.url.removeprefix(base): s for s in SourceLog(store).states()}
        assert log["/error"].consecutive_failures == 2 and "HTTP 500" in log["/error"].last_error
        assert log["/feed.xml"].consecutive_failures == 0 and log["/feed.xml"].etag
        assert (log["/feed.xml"].entries_seen, log["/feed.xml"].documents_stored) == (3, 3)
        assert log["/feed.xml"].name == "Test Wire feed"
        failures = store.failures()
        assert any("HTTP 500" in f.message for f in failures)

    # a restart: a new store and poller resume from the database
    state.feed_entries = [2, 0, 1]
    with open_store(url) as store:
        poller = watching.Poller(store, pipeline, every, LIMITS, clock=clock)
        clock.now += every
        resumed = poller.poll(sources[0])
        assert resumed.status == "not modified"
        state.feed_entries = [1, 2]  # the feed dropped old entries, reordered: nothing is new
        assert poller.poll(sources[0]).documents_added == 0
        assert store.document_count() == documents + 1
        assert state.hits["/page.html"] == 2


def test_a_feed_that_goes_down_recovers_and_ctrl_c_stops_cleanly(site, pipeline):
    state, base = site
    clock, every = Clock(), dt.timedelta(minutes=5)
    with open_store("sqlite:///:memory:") as store:
        poller = watching.Poller(store, pipeline, every, LIMITS, clock=clock)
        feed = watching.Source(base + "/feed.xml")
        state.down = True
        assert poller.poll(feed).status == "error"
        state.down = False
        clock.now += every
        assert poller.poll(feed).documents_added == 2
        assert SourceLog(store).get(feed.url).consecutive_failures == 0

        def interrupt(_seconds: float) -> None:
            raise KeyboardInterrupt

        assert watching.watch(poller, [feed], sleep=interrupt) == 1
        assert watching.watch(poller, [feed], rounds=2, sleep=lambda s: None) == 2


def test_sources_file_and_interval():
    assert watching.parse_every("15m") == dt.timedelta(minutes=15)
    assert watching.parse_every("90s") == dt.timedelta(seconds=90)
    assert watching.parse_every("2h") == dt.timedelta(hours=2)
    with pytest.raises(InputError, match="not an interval"):
        watching.parse_every("soon")
    assert watching.backoff(1, dt.timedelta(minutes=15)) == dt.timedelta(minutes=15)
    assert watching.backoff(3, dt.timedelta(minutes=15)) == dt.timedelta(hours=1)
    assert watching.backoff(30, dt.timedelta(minutes=15)) == watching.MAX_BACKOFF


def test_bad_sources_files_say_why(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - url: ftp://example.org/feed\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an http"):
        watching.load_sources(path)
    path.write_text("nothing: here\n", encoding="utf-8")
    with pytest.raises(InputError, match="no sources"):
        watching.load_sources(path)
    path.write_text(
        "every: 5m\nsources:\n  - http://a.test/x\n  - {url: http://a.test/x}\n", encoding="utf-8"
    )
    sources, every = watching.load_sources(path)
    assert [s.url for s in sources] == ["http://a.test/x"] and every == dt.timedelta(minutes=5)


def test_cli_ingest_url_watch_and_sources(site, tmp_path, shared_pipeline):
    _, base = site
    db = ["--db", f"sqlite:///{tmp_path / 'cli.db'}"]
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", base + "/page.html", base + "/error", "--json", *db])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents_added"] == 1 and summary["failed"] == 1
    listed = tmp_path / "sources.yaml"
    listed.write_text(f"sources:\n  - url: {base}/feed.xml\n    name: Test Wire\n  - {base}/error\n",
                      encoding="utf-8")  # fmt: skip
    result = runner.invoke(app, ["watch", str(listed), "--rounds", "1", "--timeout", "2", *db])
    assert result.exit_code == 0, result.output
    shown = json.loads(runner.invoke(app, ["sources", "--json", *db]).stdout)
    by_url = {s["url"]: s for s in shown}
    assert by_url[base + "/feed.xml"]["documents_stored"] == 2
    assert by_url[base + "/error"]["status"] == "error"
    table = runner.invoke(app, ["sources", *db]).stdout
    assert "Test Wire" in table and "2 sources" in table
