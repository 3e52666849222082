"""Ingest: files, feeds and strings to :class:`~warwatch.records.Document` records.

>>> from warwatch.ingest import read_text_document
>>> read_text_document("Fighters took control of Daraa on Friday.", source="Example Wire").source
'Example Wire'
"""

from warwatch.ingest.dates import parse_published
from warwatch.ingest.document import looks_english, normalise_text, read_text_document
from warwatch.ingest.reader import iter_documents

__all__ = [
    "iter_documents",
    "looks_english",
    "normalise_text",
    "parse_published",
    "read_text_document",
]
