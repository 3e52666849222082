"""The architecture the style guide promises, checked: extraction is pure and offline."""

import datetime as dt
import socket
import subprocess
import sys

from warwatch.ingest import read_text_document


def test_extraction_loads_no_storage_or_web_library():
    code = (
        "import sys, warwatch.extract.events, warwatch.extract.participants, warwatch.extract.syntax; "
        "print(' '.join(m for m in ('sqlalchemy', 'alembic', 'fastapi', 'starlette', 'uvicorn') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []


def test_extraction_opens_no_network_connection(pipeline, monkeypatch):
    attempts = []

    def refuse(self, address):  # any connection attempt is recorded and refused
        attempts.append(address)
        raise OSError("network access attempted during extraction")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    document = read_text_document(
        "Rebels seized the town of Saraqib on Friday, the Syrian Observatory for Human Rights said.",
        published=dt.date(2024, 12, 7),
    )
    result = pipeline.extract_one(document)
    assert attempts == [] and result.events
