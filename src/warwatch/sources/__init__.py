"""Live sources (issue 15): read pages and RSS/Atom feeds over HTTP(S), and poll them.

:mod:`.http` fetches one URL within limits; :mod:`.read` turns a response into documents;
:mod:`.watch` polls a list of sources, ingesting only new entries, with back-off on failures.
"""

from __future__ import annotations

from .http import Fetched, FetchLimits, fetch

__all__ = ["FetchLimits", "Fetched", "fetch"]
