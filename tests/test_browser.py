"""End-to-end tests of the dashboard in a real browser (Debian's headless Chromium).

A real ``warwatch serve`` (uvicorn in a subprocess, on a free loopback port) serves a temporary
SQLite database holding the demo corpus plus one document whose title and text carry HTML and a
``<script>``. Playwright drives ``/usr/bin/chromium``; it never downloads a browser of its own.
Expected numbers come from the store, not from the page. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from warwatch.store import StoredEvent, open_store
from warwatch.web import missing_vendor_files

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCRIPT_DOCUMENT = """\
Title: <img src=x onerror="window.__pwned = 2"> Shelling in Daraa
Published: 2024-12-08
Source: Test Wire <b>bold</b>

Government forces shelled Daraa city on Saturday <script>window.__pwned = 1</script> and killed \
three civilians, the Syrian Observatory for Human Rights said.
"""
SCRIPT_TAG = "<script>window.__pwned = 1</script>"
# Two more reports, so that the control layer has each level: the Observatory's claim on Homs
# against the army's denial (contested), a second independent source on Daraa (assessed).
CONTROL_DOCUMENTS = {
    "homs-claim.txt": """\
Title: Monitor says rebels took Homs
Published: 2024-12-07
Source: Levant Ledger

Rebel fighters took control of the city of Homs on Saturday, the Syrian Observatory for Human \
Rights said.
""",
    "daraa-second-source.txt": """\
Title: Armed groups hold Daraa
Published: 2024-12-07
Source: Orontes Daily

Local armed factions seized Daraa city on Friday, a local council official said.
""",
}

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is missing: pip install -e '.[test]'"
)
if missing_vendor_files():
    pytest.skip(
        "the dashboard's map libraries are not installed: run `npm ci --prefix web`",
        allow_module_level=True,
    )

# Markers currently drawn: single markers plus the children counted by each cluster icon.
MARKERS_ON_MAP = """() => {
  const pane = document.querySelector('.leaflet-marker-pane');
  let n = pane.querySelectorAll('.ww-marker').length;
  for (const c of pane.querySelectorAll('.ww-cluster')) n += Number(c.dataset.count);
  return n;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _warwatch() -> str:
    beside = Path(sys.executable).with_name("warwatch")
    found = str(beside) if beside.exists() else shutil.which("warwatch")
    if not found:
        pytest.fail("the warwatch command is not installed (pip install -e .)")
    return found


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"warwatch serve exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/api/events?limit=1", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"warwatch serve did not answer within 90 s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("browser")
    extra = tmp / "extra"
    extra.mkdir()
    (extra / "script-injection.txt").write_text(SCRIPT_DOCUMENT, encoding="utf-8")
    for name, text in CONTROL_DOCUMENTS.items():
        (extra / name).write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp / 'dashboard.db'}"
    env = {**os.environ, "WARWATCH_DB": url}
    subprocess.run(
        [_warwatch(), "ingest", str(CORPUS), str(extra), "--db", url, "--quiet"],
        check=True,
        env=env,
        capture_output=True,
    )
    return url


@pytest.fixture(scope="module")
def events(db_url: str) -> list[StoredEvent]:
    with open_store(db_url) as store:
        stored = store.events()
    assert stored, "the demo corpus gave no events"
    return stored


@pytest.fixture(scope="module")
def server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [_warwatch(), "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items() if k != "WARWATCH_TOKEN"},
        )
    try:
        _wait_until_serving(url, proc, log)
        try:
            urllib.request.urlopen(f"{url}/", timeout=10).close()
        except urllib.error.HTTPError as exc:
            pytest.fail(
                f"GET / answered {exc.code}: warwatch serve does not serve the dashboard "
                "(create_app must call warwatch.web.mount_dashboard(app))"
            )
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, server: str, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "requestfailed",
        lambda req: errors.append(f"failed: {req.url}") if req.url.startswith(server) else None,
    )
    page.goto(f"{server}/")
    page.wait_for_selector("body[data-ready]")
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert errors == [], f"the page reported errors: {errors}"


def _located(events: list[StoredEvent]) -> list[StoredEvent]:
    return [e for e in events if e.latitude is not None and e.longitude is not None]


def _wait_for_markers(page, expected: int) -> None:
    page.wait_for_function(f"(n) => ({MARKERS_ON_MAP})() === n", arg=expected)
    assert page.evaluate(MARKERS_ON_MAP) == expected


def _wait_for_refresh(page, before: str) -> None:
    page.wait_for_function("(b) => document.body.dataset.ready !== b", arg=before)


def _table_ids(page) -> list[int]:
    return [
        int(i)
        for i in page.eval_on_selector_all(
            "#events-table tbody tr", "rows => rows.map(r => r.dataset.eventId)"
        )
    ]


def test_map_shows_a_marker_for_every_located_event(page, events: list[StoredEvent]) -> None:
    located = _located(events)
    assert located
    _wait_for_markers(page, len(located))
    assert sorted(_table_ids(page)) == sorted(e.id for e in events)
    assert page.locator("#status").inner_text().startswith(f"{len(events)} events")
    # The basemap is drawn from the installed Natural Earth files: country polygons are there.
    assert page.locator(".leaflet-basemap-pane path").count() > 100


def test_filtering_by_type_changes_the_markers(page, events: list[StoredEvent]) -> None:
    chosen = "Explosions/Remote violence"
    expected = [e for e in events if e.event_type == chosen]
    assert 0 < len(_located(expected)) < len(_located(events))
    before = page.evaluate("document.body.dataset.ready")
    page.select_option("#f-type", chosen)
    _wait_for_refresh(page, before)
    _wait_for_markers(page, len(_located(expected)))
    assert sorted(_table_ids(page)) == sorted(e.id for e in expected)
    types = page.eval_on_selector_all(".ww-marker", "ms => ms.map(m => m.dataset.eventType)")
    assert set(types) <= {chosen}


def test_filtering_by_date_changes_the_markers(page, events: list[StoredEvent]) -> None:
    since, until = dt.date(2024, 11, 1), dt.date(2024, 11, 30)
    expected = [e for e in events if e.event_date and since <= e.event_date <= until]
    assert 0 < len(_located(expected)) < len(_located(events))
    before = page.evaluate("document.body.dataset.ready")
    page.fill("#f-since", since.isoformat())
    page.fill("#f-until", until.isoformat())
    page.click("#f-apply")
    _wait_for_refresh(page, before)
    _wait_for_markers(page, len(_located(expected)))
    assert sorted(_table_ids(page)) == sorted(e.id for e in expected)
    # The timeline's handles follow the chosen range (to the first and last day with events).
    assert page.inner_text("#t-from-label") >= since.isoformat()
    assert page.inner_text("#t-to-label") <= until.isoformat()


def test_timeline_slider_filters_by_date(page, events: list[StoredEvent]) -> None:
    dated = sorted({e.event_date for e in events if e.event_date})
    start = dated[len(dated) // 2]
    before = page.evaluate("document.body.dataset.ready")
    # Move the start handle to the middle date, as a drag would, then release it.
    page.evaluate(
        """(start) => {
          const from = document.querySelector('#t-from');
          from.value = String(window.warwatch.state.days.indexOf(start));
          from.dispatchEvent(new Event('input', {bubbles: true}));
          from.dispatchEvent(new Event('change', {bubbles: true}));
        }""",
        start.isoformat(),
    )
    _wait_for_refresh(page, before)
    expected = [e for e in events if e.event_date and e.event_date >= start]
    assert page.input_value("#f-since") == start.isoformat()
    _wait_for_markers(page, len(_located(expected)))
    assert sorted(_table_ids(page)) == sorted(e.id for e in expected)


def test_clicking_a_marker_shows_its_evidence_sentence(page, events: list[StoredEvent]) -> None:
    by_id = {e.id: e for e in events}
    _wait_for_markers(page, len(_located(events)))
    # Clicking clusters zooms in (or spreads them out) until single markers show, as a user would.
    singles = page.locator(".leaflet-marker-pane .ww-marker")
    for _ in range(12):
        if singles.count():
            break
        settled = page.get_attribute("#map", "data-settled")
        page.locator(".leaflet-marker-pane .ww-cluster").first.click()
        page.wait_for_function(
            "(s) => document.querySelector('#map').dataset.settled !== s", arg=settled
        )
    marker = singles.first
    event = by_id[int(marker.get_attribute("data-event-id"))]
    marker.click()
    page.wait_for_selector(f"#panel[data-event-id='{event.id}'] mark.evidence-mark")
    assert page.locator("#panel mark.evidence-mark").first.inner_text() == event.evidence_text
    assert event.sub_event_type in page.inner_text("#panel h2")


def test_clicking_a_table_row_shows_sources_with_claimant_and_stance(
    page, events: list[StoredEvent]
) -> None:
    event = next(e for e in events if e.claimant and e.fatalities)
    page.click(f"#events-table tr[data-event-id='{event.id}']")
    page.wait_for_selector(f"#panel[data-event-id='{event.id}'] .source")
    source = page.locator("#panel .source").first
    assert source.locator("mark.evidence-mark").inner_text() == event.evidence_text
    assert source.locator(".claimant").inner_text() == event.claimant
    assert source.locator(".stance").inner_text() == event.stance
    # The whole document, with the same sentence highlighted at its offsets.
    source.locator("button.show-document").click()
    text = source.locator(".document-text")
    text.wait_for()
    assert text.locator("mark.evidence-mark").inner_text() == event.evidence_text


def test_event_panel_shows_the_type_confidence(page, events: list[StoredEvent]) -> None:
    event = events[0]
    page.click(f"#events-table tr[data-event-id='{event.id}']")
    page.wait_for_selector(f"#panel[data-event-id='{event.id}'] dl")
    terms = page.locator("#panel dl dt").all_inner_texts()
    shown = page.locator("#panel dl dd").all_inner_texts()[terms.index("Type confidence")]
    expected = (
        "not scored" if event.confidence is None else f"{int(event.confidence * 100 + 0.5)} %"
    )  # Math.round
    assert shown == expected


def test_script_in_a_document_is_shown_as_text(page, events: list[StoredEvent]) -> None:
    event = next(e for e in events if SCRIPT_TAG in e.evidence_text)
    page.click(f"#events-table tr[data-event-id='{event.id}']")
    page.wait_for_selector(f"#panel[data-event-id='{event.id}'] .source")
    source = page.locator("#panel .source").first
    assert SCRIPT_TAG in source.locator("mark.evidence-mark").inner_text()
    assert '<img src=x onerror="window.__pwned = 2"> Shelling in Daraa' in source.inner_text()
    source.locator("button.show-document").click()
    source.locator(".document-text").wait_for()
    assert SCRIPT_TAG in source.locator(".document-text").inner_text()
    assert page.locator("#panel script, #panel img, #panel b").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_control_levels_and_a_place_history(page, db_url: str) -> None:
    """Issue 15: the control layer styles each evidence level, with a legend; a click on a place
    shows its control history as a timeline."""
    from warwatch.resolve import service

    at = dt.date.fromisoformat(page.evaluate("window.warwatch.state.days.at(-1)"))
    with open_store(db_url) as store:
        states = [s for s in service.control_at(store, at) if s.latitude is not None]
        homs = [e for e in service.control_history(store, "Homs") if e.place == "Homs"]
    expected = sorted((s.place, s.level) for s in states)
    assert {"assessed", "claimed", "contested"} <= {level for _, level in expected} and homs
    symbols = ".leaflet-control-pane .ww-control"
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length === n", arg=[symbols, len(expected)]
    )
    drawn = page.eval_on_selector_all(
        symbols, "ns => ns.map(n => [n.dataset.place, n.dataset.level])"
    )
    assert sorted(map(tuple, drawn)) == expected
    # each level is drawn its own way: solid, hatched, outlined
    looks = page.eval_on_selector_all(
        symbols,
        """ns => Object.fromEntries(ns.map(n => { const s = getComputedStyle(n);
             return [n.dataset.level, [s.backgroundImage, s.backgroundColor, s.borderTopWidth]]; }))""",
    )
    assert "repeating-linear-gradient" in looks["claimed"][0]
    assert looks["assessed"][0] == "none" and looks["assessed"][1] != "rgb(255, 255, 255)"
    assert looks["contested"][1] == "rgb(255, 255, 255)" and looks["contested"][2] == "3px"
    legend = page.eval_on_selector_all(
        ".control-legend > div[data-level]", "ns => ns.map(n => n.dataset.level)"
    )
    assert legend == ["assessed", "claimed", "contested", "assessed advance", "claimed advance"]
    # the place panel: Homs, contested, with its history as a timeline
    # the symbol sits under the event markers (events take the clicks): click it as its own element
    page.locator(f"{symbols}[data-place='Homs']").dispatch_event("click")
    page.wait_for_selector("#panel[data-place='Homs'][data-history-count]")
    assert page.inner_text("#panel .current-level") == "contested"
    steps = page.locator("#panel ol.control-history li.control-step")
    assert steps.count() == len(homs)
    assert steps.last.get_attribute("data-level") == homs[-1].state.level
    assert homs[-1].date.isoformat() in steps.last.inner_text()
    assert "denied by" in page.inner_text("#panel")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "control-levels-and-history.png"))


def test_an_api_error_shows_the_servers_message(page) -> None:
    before = page.evaluate("document.body.dataset.ready")
    page.fill("#f-since", "2024-12-10")
    page.fill("#f-until", "2024-12-01")
    page.click("#f-apply")
    _wait_for_refresh(page, before)
    page.wait_for_function(
        "() => !document.querySelector('#status').textContent.includes('Loading')"
    )
    status = page.locator("#status")
    # the API's error shape ({"ok": false, "error": ..., "status": 400}), not a bare status text
    assert "400" in status.inner_text()
    assert (
        "query parameter 'since' (2024-12-10) is after 'until' (2024-12-01)" in status.inner_text()
    )
    assert "error" in (status.get_attribute("class") or "")
