"""The dashboard's static serving (no browser): mount points, the missing-vendor page, safety."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from warwatch.web import REQUIRED_VENDOR_FILES, WEB_DIR, missing_vendor_files, mount_dashboard


def _client(vendor: Path) -> TestClient:
    app = FastAPI()
    mount_dashboard(app, vendor=vendor)
    return TestClient(app)


@pytest.fixture()
def vendor(tmp_path: Path) -> Path:
    for name in REQUIRED_VENDOR_FILES:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"/* {name} */", encoding="utf-8")
    return tmp_path


def test_serves_the_page_assets_and_vendor_files(vendor: Path) -> None:
    client = _client(vendor)
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for src in re.findall(r'(?:src|href)="(/[^"]+)"', page.text):
        assert client.get(src).status_code == 200, src
    assert client.get("/vendor/leaflet/leaflet.js").text == "/* leaflet/leaflet.js */"
    assert client.get("/static/app.js").status_code == 200
    # The package's own Python files are not exposed.
    assert client.get("/static/__init__.py").status_code == 404


def test_missing_vendor_files_give_a_page_saying_how_to_install_them(tmp_path: Path) -> None:
    assert missing_vendor_files(tmp_path) == list(REQUIRED_VENDOR_FILES)
    page = _client(tmp_path / "absent").get("/")
    assert page.status_code == 503
    assert "npm ci --prefix web" in page.text
    assert "leaflet/leaflet.js" in page.text


def test_vendor_dir_can_be_configured(vendor: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARWATCH_WEB_VENDOR", str(vendor))
    app = FastAPI()
    mount_dashboard(app)
    assert TestClient(app).get("/").status_code == 200


def _scripts() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((WEB_DIR / "static").glob("*.js"))
    )


def test_page_script_never_parses_api_text_as_html() -> None:
    source = _scripts()
    assert "warwatchControl" in source  # control.js is among them
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source, sink


def test_the_page_uses_only_the_public_api_and_local_files() -> None:
    source = _scripts()
    html = (WEB_DIR / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"https?://", source + html)
    paths = set(re.findall(r'[`"](/[a-z]+)/', source))
    assert paths <= {"/api", "/vendor"}, paths
